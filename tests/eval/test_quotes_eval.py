"""Quote-speaker scoring against the hand-annotated NewsWCL50 quotations."""

from __future__ import annotations

import json

import pytest

from newsdesk.errors import InputError
from newsdesk.eval.quotes import ANNOTATIONS, evaluate_quotes, load_annotations, same_speaker, score_rows
from tests.conftest import SHARED

NEWSWCL50 = SHARED / "data" / "newswcl50"


@pytest.mark.parametrize(
    ("system", "gold", "right"),
    [
        ("Trump", ["Donald Trump"], True),
        ("Kim Jong Un", ["Kim Jong-un"], True),
        ("the statement", ["Bob Goodlatte", "the joint statement"], True),
        ("Mike Pompeo", ["Donald Trump"], False),
        ("Kim", ["Kim Jong-un"], False),  # a family name alone is not the canonical name
        ("", ["Donald Trump"], False),
        ("Donald Trump", [], False),
    ],
)
def test_speakers_compare_by_last_word(system, gold, right):
    assert same_speaker(system, gold) is right


def test_scores_count_wrong_speakers_against_precision_and_missing_ones_against_recall():
    rows = [
        {"doc": "0_L", "quote": "a", "gold": ["Donald Trump"], "found": True, "speaker": "Trump"},
        {"doc": "0_L", "quote": "b", "gold": ["Donald Trump"], "found": True, "speaker": "Mike Pompeo"},
        {"doc": "0_L", "quote": "c", "gold": ["Shinzo Abe"], "found": True, "speaker": None},
        {"doc": "0_M", "quote": "d", "gold": ["Shinzo Abe"], "found": False, "speaker": None},
        {"doc": "0_M", "quote": "e", "gold": [], "found": True, "speaker": "Donald Trump"},  # a title credited
    ]
    s = score_rows(rows)
    assert (s.found, s.attributed, s.correct, s.with_speaker, s.articles) == (4, 3, 1, 4, 2)
    assert s.precision == pytest.approx(1 / 3) and s.recall == pytest.approx(1 / 4)


def test_the_annotation_file_is_well_formed():
    gold = load_annotations(ANNOTATIONS)
    assert len({g.doc for g in gold}) >= 30 and len(gold) >= 300
    assert all(g.quote.strip() and len(g.quote.split()) >= 2 for g in gold)


def test_a_bad_annotation_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"doc": "0_L", "quote": "x y", "speakers": []}) + "\n{broken\n")
    with pytest.raises(InputError, match=r"a.jsonl:2"):
        load_annotations(path)


@pytest.mark.slow
@pytest.mark.skipif(not (NEWSWCL50 / "conll.csv").is_file(), reason="NewsWCL50 is not in ../shared/data")
def test_fallback_finder_scores_one_event_end_to_end():
    from newsdesk.eval.entities import load_newswcl50

    articles, _ = load_newswcl50(NEWSWCL50)
    gold = [g for g in load_annotations(ANNOTATIONS) if g.doc.startswith("4_")]
    scores, rows = evaluate_quotes(articles, gold, use_model=False)
    assert scores.articles == 5 and len(rows) == len(gold)
    assert scores.found >= 0.9 * len(gold)  # the quotation marks themselves are found
    assert scores.correct > 0 and 0 < scores.precision <= 1


MULTINEWS_FULL = NEWSWCL50.parent / "multinews-full" / "dev.jsonl"


def test_general_set_names_a_missing_data_file(tmp_path):
    from newsdesk.eval.general import load_general

    with pytest.raises(InputError, match="nothing.jsonl"):
        load_general(tmp_path / "nothing.jsonl")


def test_general_set_has_both_halves_across_kinds_of_story():
    from newsdesk.eval.general import CHOSEN, GENERAL_QUOTES, is_tuning, story_of

    gold = load_annotations(GENERAL_QUOTES)
    assert len({g.doc for g in gold}) >= 40
    for half in (True, False):
        rows = [g for g in gold if is_tuning(g.doc) is half]
        stories = {story_of(g.doc) for g in rows}
        kinds = {CHOSEN[int(s.split(":")[1])] for s in stories if s.startswith("mnfull:")}
        assert len(rows) >= 100 and len(stories) >= 5 and len(kinds) >= 4, (half, len(rows), stories, kinds)


def test_the_second_held_out_sample_is_stories_of_its_own_across_kinds():
    from newsdesk.eval.general import CHOSEN, GENERAL_QUOTES_SECOND, SECOND, in_sample, is_tuning, story_of

    assert not set(SECOND) & set(CHOSEN)
    gold = load_annotations(GENERAL_QUOTES_SECOND)
    assert all(in_sample(g.doc, SECOND) and not is_tuning(g.doc) for g in gold)
    stories = {story_of(g.doc) for g in gold}
    assert len(gold) >= 100 and len(stories) == len(SECOND) and len(set(SECOND.values())) >= 5


def test_the_third_held_out_sample_is_stories_of_its_own():
    from newsdesk.eval.general import (
        CHOSEN,
        GENERAL_QUOTES_THIRD,
        SECOND,
        THIRD,
        in_sample,
        is_tuning,
        story_of,
    )

    assert not set(THIRD) & (set(CHOSEN) | set(SECOND))
    gold = load_annotations(GENERAL_QUOTES_THIRD)
    assert all(in_sample(g.doc, THIRD) and not is_tuning(g.doc) and not in_sample(g.doc, SECOND) for g in gold)
    assert {story_of(g.doc) for g in gold} == {f"mnfull:{n}" for n in THIRD}
    assert len(gold) >= 60 and len(set(THIRD.values())) >= 5


@pytest.mark.parametrize(("name", "least", "kinds"), [("fourth", 45, 4), ("fifth", 60, 3)])
def test_a_later_held_out_sample_is_stories_of_its_own(name, least, kinds):
    from newsdesk.eval.general import CHOSEN, SAMPLES, in_sample, story_of

    at = [n for n, _, _ in SAMPLES].index(name)
    _, sample, path = SAMPLES[at]
    earlier = set(CHOSEN).union(*(stories for _, stories, _ in SAMPLES[:at]))
    assert not set(sample) & earlier
    gold = load_annotations(path)
    assert all(in_sample(g.doc, sample) for g in gold)
    assert {story_of(g.doc) for g in gold} == {f"mnfull:{n}" for n in sample}
    assert len(gold) >= least and len(set(sample.values())) >= kinds


@pytest.mark.slow
@pytest.mark.skipif(not MULTINEWS_FULL.is_file(), reason="multinews-full is not in ../shared/data")
def test_general_set_scores_end_to_end_without_the_model():
    from newsdesk.eval.harness import QuotesEval
    from newsdesk.eval.quotes import run_general

    scored = run_general(QuotesEval(use_model=False))
    assert scored.scores.articles == 87 and scored.scores.quotations == len(scored.rows)
    assert [name for name, _ in scored.parts] == [
        "tuning",
        "held out",
        "held out, second sample",
        "held out, third sample",
        "held out, fourth sample",
        "held out, fifth sample",
    ]
    assert scored.scores.found >= 0.9 * scored.scores.quotations
    parts = dict(scored.parts)
    assert sum(part.quotations for part in parts.values()) == scored.scores.quotations
    assert 0 < scored.scores.precision <= 1
