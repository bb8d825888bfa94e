"""Contract tests every registered summarizer passes, plus the default method's behaviour."""

from __future__ import annotations

import pytest

from newsdesk.clean.cleaner import clean_text
from newsdesk.embed import get_embedder
from newsdesk.summarize import SUMMARIZERS, StoryText
from newsdesk.summarize.methods import is_candidate
from newsdesk.text.sentences import split_article

A = """Floods hit the northern province of Lombardy on Sunday after three days of heavy rain, officials said.

At least 12 people died and 300 were evacuated from villages along the river Adda.

The regional governor declared a state of emergency and asked Rome for army help.

Weather forecasters expect more rain on Tuesday across the Alps and the plains.
"""
B = """At least 12 people died and 300 were evacuated after floods hit Lombardy, officials said on Sunday.

The floods followed three days of heavy rain in the Alps.

Farmers in the area said their harvest was lost and asked for compensation from the state.
"""
C = """The regional governor of Lombardy declared a state of emergency after deadly floods.

He asked the national government to send army engineers to repair the river banks.

Schools in 40 towns will stay closed until Wednesday, the education office announced.
"""


# a hand-written reference, so the evaluation oracle can run in the contract tests too
REFERENCE = "Floods in Lombardy killed 12 people and forced 300 from their homes; the governor declared an emergency."


def story(*texts: str, embedder: str = "tfidf") -> StoryText:
    arts = [clean_text(t, f"art{i}") for i, t in enumerate(texts)]
    for art in arts:
        split_article(art, "rules")
    return StoryText(arts, get_embedder(embedder), reference=REFERENCE)


@pytest.mark.parametrize("method", SUMMARIZERS.names())
@pytest.mark.parametrize("budget", [15, 40, 80, 1000])
def test_budget_respected_and_no_sentence_twice(method, budget):
    st = story(A, B, C)
    summary = SUMMARIZERS.get(method).summarize(st, budget)
    assert summary.words <= budget
    texts = [s.text for s in summary.sentences]
    assert len(texts) == len(set(texts))
    if budget >= 40:
        assert summary.sentences


@pytest.mark.parametrize("method", SUMMARIZERS.names())
def test_empty_story_and_zero_budget(method):
    summarizer = SUMMARIZERS.get(method)
    assert summarizer.summarize(StoryText([], get_embedder("tfidf")), 100).sentences == []
    assert summarizer.summarize(story(A), 0).sentences == []


@pytest.mark.parametrize("method", SUMMARIZERS.names())
def test_single_article(method):
    summary = SUMMARIZERS.get(method).summarize(story(A), 60)
    assert summary.sentences and all(len(s.citations) == 1 for s in summary.sentences)


@pytest.mark.parametrize("method", SUMMARIZERS.names())
def test_every_sentence_cites_its_source_with_exact_offsets(method):
    st = story(A, B, C)
    by_id = {a.id: a for a in st.articles}
    for sent in SUMMARIZERS.get(method).summarize(st, 80).sentences:
        src = sent.citations[0]
        assert sent.source == src and src.similarity == 1.0
        assert by_id[src.article_id].text[src.start : src.end] == sent.text
        for cite in sent.citations[1:]:
            assert cite.article_id != src.article_id
            assert by_id[cite.article_id].text[cite.start : cite.end]


@pytest.mark.parametrize("method", ["learned", "centroid"])
def test_method_is_order_invariant(method):
    one = SUMMARIZERS.get(method).summarize(story(A, B, C), 60)
    two = SUMMARIZERS.get(method).summarize(story(C, A, B), 60)
    assert {s.text for s in one.sentences} == {s.text for s in two.sentences}


def test_shared_fact_cites_both_articles():
    st = story(A, B, C)
    # "At least 12 people died and 300 were evacuated" is in A and B
    i = next(
        k
        for k, s in enumerate(st.sentences)
        if s.text.startswith("At least 12 people died and 300 were evacuated from")
    )
    cited = {c.article_id for c in st.citations(i)}
    assert cited == {st.articles[0].id, st.articles[1].id}
    assert st.support[i] == 1


def test_redundant_copy_is_not_chosen_twice():
    near_copy = A.replace("officials said", "authorities said")
    summary = SUMMARIZERS.get("centroid").summarize(story(A, near_copy), 1000)
    firsts = [s for s in summary.sentences if s.text.startswith("Floods hit the northern province")]
    assert len(firsts) == 1
    assert firsts[0].support == 2  # ... and the copy is cited instead


def test_a_sentence_restating_a_chosen_one_in_other_words_is_not_chosen():
    told = (
        "A temporary employee at a distribution center in Harford County fatally shot three co-workers and "
        "injured three others before killing herself Thursday morning, police said.\n\n"
        "The motive for the shooting is not yet known, the sheriff told reporters at the scene."
    )
    retold = (
        "A woman killed three people and wounded three others before fatally shooting herself at a "
        "distribution center Thursday in Harford County, Maryland, officials said.\n\n"
        "Schools nearby were placed on a modified lockdown as a precaution for several hours."
    )
    for method in ("learned", "centroid"):
        chosen = [
            s.text for s in SUMMARIZERS.get(method).summarize(story(told, retold, embedder="minilm"), 80).sentences
        ]
        assert sum(t.startswith(("A temporary employee", "A woman killed")) for t in chosen) == 1, (method, chosen)


def test_centroid_prefers_content_reported_by_several_articles():
    summary = SUMMARIZERS.get("centroid").summarize(story(A, B, C), 25)
    assert summary.sentences[0].support >= 1


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Floods hit the northern province of Lombardy on Sunday.", True),
        ("Drills with South Korea 'to go ahead'", False),  # heading, no final stop
        ('"For the peace and stability of East Asia, we will continue to cooperate".', False),  # no speaker
        ("Share this article on Facebook and Twitter now.", False),
        ("and then it went on for hours after that.", False),  # fragment
        ("Too short here.", False),
    ],
)
def test_candidate_filter(text, ok):
    assert is_candidate(text) is ok


def test_oracle_needs_a_reference_and_beats_others_on_it():
    from newsdesk.errors import OptionError
    from newsdesk.eval.rouge import rouge

    st = story(A, B, C)
    with pytest.raises(OptionError, match="needs a reference"):
        SUMMARIZERS.get("oracle").select(StoryText(st.articles, st.embedder), 50)
    scores = {m: rouge(SUMMARIZERS.get(m).summarize(st, 40).text, REFERENCE)["rouge2"] for m in ("oracle", "lead")}
    assert scores["oracle"] >= scores["lead"]


def test_unknown_method_names_the_choices():
    from newsdesk.errors import UnknownMethodError

    with pytest.raises(UnknownMethodError, match="choose one of: .*centroid.*lead"):
        SUMMARIZERS.get("nope")


def test_the_default_method_is_the_one_the_registry_says_is_default():
    from newsdesk.settings import Options

    assert SUMMARIZERS.help(Options.method).startswith("default")
    assert not any(SUMMARIZERS.help(name).startswith("default") for name in SUMMARIZERS if name != Options.method)


def test_a_sentence_with_other_figures_is_not_cited_as_support():
    killed = "Floods killed {n} people in the northern town of Brescia on Sunday, officials said."
    a = killed.format(n=13) + "\n\nRescue teams searched the river banks through the night.\n"
    b = killed.format(n=31) + "\n\nRescue teams searched the river banks through the night.\n"
    c = killed.format(n=13) + "\n\nThe mayor asked the government for army help.\n"
    st = story(a, b, c)
    first = [i for i, s in enumerate(st.sentences) if s.text.startswith("Floods")]
    assert float(st.similarity[first[0], first[1]]) >= st.embedder.calibration.same_content  # alike to the embedder
    cited = {c.article_id for c in st.citations(first[0])}
    assert cited == {st.articles[0].id, st.articles[2].id}  # 13 and 13, not 31
    assert st.support[first[1]] == 0  # the 31 stands alone


def test_a_citation_carries_its_strength_and_markdown_marks_partial_support():
    from newsdesk.io.markdown import to_markdown
    from newsdesk.io.report_json import to_json
    from newsdesk.pipeline import build_report
    from newsdesk.settings import Options

    lead = "Floods hit the northern province of Lombardy on Sunday after three days of heavy rain, officials said."
    rest = "\n\nThe regional governor asked Rome for army help.\n"
    copy = lead + "\n\nSchools in 40 towns will stay closed until Wednesday.\n"
    part = "Officials said heavy rain hit the north on Sunday, closing roads and schools across the valley.\n"
    report = build_report(
        [clean_text(lead + rest, "a"), clean_text(copy, "b"), clean_text(part, "c")],
        Options(embedder="tfidf", splitter="rules", words=25, analysis=False),
    )
    cal = get_embedder("tfidf").calibration
    (first,) = [s for s in report.summary.sentences if s.text == lead]
    strengths = {c.article_id: (c.strength, c.similarity) for c in first.citations}
    for strength, similarity in strengths.values():
        assert strength == ("full" if similarity >= cal.full_support else "partial")
    assert sorted(s for s, _ in strengths.values()) == ["full", "full", "partial"]
    data = to_json(report)
    assert {c["strength"] for c in data["summary"][0]["citations"]} == {"full", "partial"}
    assert "[3~]" in to_markdown(report) and "part of the sentence" in to_markdown(report)


def test_citations_weigh_the_lexical_share_on_top_of_the_embedders_cosine():
    from dataclasses import dataclass, replace

    from newsdesk.embed import Calibration

    tfidf = get_embedder("tfidf")

    @dataclass
    class Weighted:  # TF-IDF vectors with a lexical share of 1: the measure is twice the cosine
        calibration: Calibration
        name: str = "weighted"

        def encode(self, texts):
            return tfidf.encode(texts)

    texts = (
        "Floods in Lombardy\n\nFloods hit Lombardy on Sunday, officials said.\n\nThe governor asked Rome for army help.\n",
        "Lombardy floods\n\nOfficials said floods hit Lombardy on Sunday after heavy rain.\n\nRoads were closed.\n",
    )
    plain = story(*texts)
    assert plain.citation_match is plain.best_match  # TF-IDF: no lexical share on top of itself
    weighted = StoryText(plain.articles, Weighted(replace(tfidf.calibration, lexical=1.0)))  # type: ignore[arg-type]
    (best, idx), (measure, where) = plain.best_match, weighted.citation_match
    assert (where == idx).all() and measure == pytest.approx(2 * best, abs=1e-5)
    cite = weighted.citations(0)[1]
    assert cite.similarity == pytest.approx(float(best[0, 1]), abs=1e-3)  # shown: the cosine, not the measure
