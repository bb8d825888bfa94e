"""``newsdesk eval entities`` on a NewsWCL50-shaped file written here."""

from __future__ import annotations

import csv
import json

from newsdesk.cli import main
from newsdesk.eval.entities import evaluate_entities, load_newswcl50

SENTENCES = {
    "0_L": [
        (
            "Joe Dunford met Taro Kono in Tokyo on Monday .",
            ["(0_Dunford_ACTOR", "0_Dunford_ACTOR)", "-", "(0_Kono_ACTOR", "0_Kono_ACTOR)"],
        ),
        ("Dunford said the talks went well .", ["(0_Dunford_ACTOR)"]),
    ],
    "0_R": [("Joseph Dunford praised Kono 's plan .", ["(0_Dunford_ACTOR", "0_Dunford_ACTOR)", "-", "(0_Kono_ACTOR)"])],
}


def write_conll(folder):
    folder.mkdir()
    with open(folder / "conll.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["", "topic/subtopic_name", "doc_id", "sent_id", "token_id", "token", "reference"])
        for doc, sentences in SENTENCES.items():
            for s, (text, tags) in enumerate(sentences):
                for t, token in enumerate(text.split()):
                    out.writerow([f"{doc}_{s}_{t}", "0", doc, s, t, token, tags[t] if t < len(tags) else "-"])
    return folder


def test_gold_spans_and_a_perfect_merge(tmp_path):
    articles, gold = load_newswcl50(write_conll(tmp_path / "wcl"))
    assert articles["0_R"].text == "Joseph Dunford praised Kono's plan."  # tokens glued back
    spans = {(g.doc, articles[g.doc].text[g.start : g.end], g.concept) for g in gold}
    assert ("0_L", "Joe Dunford", "0_Dunford_ACTOR") in spans and ("0_R", "Kono", "0_Kono_ACTOR") in spans
    scores = evaluate_entities(articles, gold, use_model=False)
    assert scores.gold_mentions == 5 and scores.found >= 4
    assert scores.precision == 1.0 and scores.recall == 1.0 and scores.single_name == 2


def test_cli_json(tmp_path, capsys):
    assert main(["eval", "entities", "--data", str(write_conll(tmp_path / "wcl")), "--no-model", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["finder"] == "fallback" and row["gold_mentions"] == 5


def test_typed_mentions_scored_by_the_mention_that_covers_them_most():
    from newsdesk.clean.cleaner import clean_text
    from newsdesk.eval.entities import evaluate_types, found_kinds

    art = clean_text(
        "Search teams scoured the Java Sea on Sunday, Fransiskus Soelistyo told reporters in Jakarta.\n\n"
        "Writing by Alex Richardson; Editing by Michael Perry.",
        "a",
    )
    typed = [
        {"doc": "a", "mention": "Java Sea", "left": "scoured the ", "type": "place"},
        {"doc": "a", "mention": "Fransiskus Soelistyo", "left": "Sunday, ", "type": "person"},
        {"doc": "a", "mention": "Sunday", "left": "", "type": "other"},
        {"doc": "a", "mention": "Alex Richardson", "left": "", "type": "credit"},
    ]
    stories = {"s": {"a": art}}
    scores, rows = evaluate_types(stories, typed, found_kinds(stories, use_model=False))
    found = {r["mention"]: r["found"] for r in rows}
    assert found["Java Sea"] == "place"  # a feature name is a place, whatever the finder said
    assert found["Alex Richardson"] is None  # a credit line is no mention
    assert scores.labelled == 4 and scores.named == 2
    assert scores.listed == sum(1 for v in found.values() if v)
    assert scores.not_entities_listed == (found["Sunday"] is not None)


def test_the_typed_samples_come_from_articles_no_earlier_sample_drew_from():
    from newsdesk.eval.entities import load_typed
    from newsdesk.eval.general import ENTITY_SAMPLES, FIFTH, FOURTH, GENERAL_ENTITIES, TYPED_ONLY, story_of

    first = {m["doc"] for m in load_typed(GENERAL_ENTITIES)}
    drawn = [{m["doc"] for m in load_typed(path)} for _, path in ENTITY_SAMPLES]
    assert not drawn[2] & (first | drawn[0] | drawn[1])  # the fourth: articles of its own
    assert not drawn[3] & (first | drawn[0] | drawn[1] | drawn[2])  # the fifth too
    assert {story_of(doc) for doc in drawn[2]} <= {f"mnfull:{n}" for n in (*FOURTH, *FIFTH)}
    assert {story_of(doc) for doc in drawn[3]} <= {f"mnfull:{n}" for n in TYPED_ONLY["fifth"]}
    assert not drawn[4] & (first | drawn[0] | drawn[1] | drawn[2] | drawn[3])  # the sixth too
    assert {story_of(doc) for doc in drawn[4]} <= {f"mnfull:{n}" for n in TYPED_ONLY["sixth"]}
    assert not drawn[5] & set().union(first, *drawn[:5])  # the seventh too
    assert {story_of(doc) for doc in drawn[5]} <= {f"mnfull:{n}" for n in TYPED_ONLY["seventh"]}
    assert len(load_typed(ENTITY_SAMPLES[2][1])) >= 80 and len(load_typed(ENTITY_SAMPLES[3][1])) >= 60
