"""Copies of one wire story count once among independent sources (summary, agreement, JSON, web)."""

from __future__ import annotations

from dataclasses import replace

from newsdesk.clean.cleaner import Hints, clean_text
from newsdesk.cluster.dedup import copies_among
from newsdesk.io.markdown import to_markdown
from newsdesk.io.report_json import report_from_json, to_json
from newsdesk.model import Report, Summary
from newsdesk.pipeline import build_report
from newsdesk.settings import Options
from newsdesk.web.views import story_page

WIRE = """Floods hit the northern province of Lombardy on Sunday after three days of heavy rain, officials said.

At least 12 people died and 300 were evacuated from villages along the river Adda.

The regional governor declared a state of emergency and asked Rome for army help.

Weather forecasters expect more rain on Tuesday across the Alps and the plains.
"""
OWN = """At least 12 people died and 300 were evacuated after floods hit Lombardy, officials said on Sunday.

Farmers in the area said their harvest was lost and asked the state for compensation.

The regional governor declared a state of emergency and asked Rome for army help.
"""


def articles():
    wire = clean_text(WIRE, "wire.txt", Hints(outlet="Wire Agency"))
    reprint = clean_text(
        WIRE + "\nThis story was first published by Wire Agency.\n", "reprint.txt", Hints(outlet="Daily Paper")
    )
    own = clean_text(OWN, "own.txt", Hints(outlet="City Herald"))
    return [wire, reprint, own]


def test_copies_among_finds_the_reprint_only():
    wire, reprint, own = articles()
    assert copies_among([wire, reprint, own]) == {reprint.id: wire.id}
    report = Report(articles=[wire, reprint, own], summary=Summary("lead", [], 10), copy_of={reprint.id: wire.id})
    assert report.independent([wire.id, reprint.id, own.id]) == 2


def test_a_partial_article_is_never_an_independent_source():
    wire, _, own = articles()
    teaser = replace(own, id="teaser", partial="page not fetched: disallowed by robots.txt")
    report = Report(articles=[wire, own, teaser], summary=Summary("lead", [], 10))
    assert report.independent([wire.id, own.id, teaser.id]) == 2
    assert report.independent([teaser.id]) == 0


def test_a_reprint_counts_once_in_summary_agreement_json_and_web():
    report = build_report(articles(), Options(embedder="tfidf", splitter="rules", words=60))
    wire, reprint, own = report.articles
    assert report.copy_of == {reprint.id: wire.id}
    data = to_json(report)
    three = [s for s in data["summary"] if len({c["article"] for c in s["citations"]}) == 3]
    assert three and all(s["independent"] == 2 for s in three)  # three outlets, two reports
    text = to_markdown(report)
    assert "(3 outlets, 2 independent)" in text
    assert "Reported by 3 (2 independent)" in text
    assert "a near-duplicate of [1]" in text  # the source list says which one it copies
    page = story_page(dict(data, story=report.story_id, near_duplicates=0))
    assert any(s["outlets"] == "3 outlets, 2 independent" for s in page["summary"])
    assert report_from_json(data).copy_of == report.copy_of


def test_a_stored_story_says_how_many_copies_it_left_out():
    from newsdesk.io.markdown import story_markdown

    data = to_json(build_report(articles()[::2], Options(embedder="tfidf", splitter="rules", words=60)))
    assert "near-duplicate copies of these articles left out" not in story_markdown(dict(data, near_duplicates=0))
    assert "_2 near-duplicate copies of these articles left out._" in story_markdown(dict(data, near_duplicates=2))
