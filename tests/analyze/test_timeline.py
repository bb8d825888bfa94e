"""Date expressions resolved against each article's own date, and the story timeline."""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.analyze.timeline import build_timeline, find_dates
from newsdesk.embed import get_embedder
from newsdesk.io.markdown import to_markdown
from newsdesk.io.report_json import to_json
from newsdesk.pipeline import build_report, read
from newsdesk.settings import Options
from newsdesk.text.sentences import split_article
from tests.conftest import EXAMPLES

FRIDAY = date(2017, 8, 18)


@pytest.mark.parametrize(
    ("text", "resolved", "granularity"),
    [
        ("They met on Thursday in Washington.", date(2017, 8, 17), "day"),
        ("The talks ended yesterday.", date(2017, 8, 17), "day"),
        ("He spoke on Friday.", FRIDAY, "day"),  # the paper's own weekday is that day
        ("It happened last Friday.", date(2017, 8, 11), "day"),
        ("Trump warned North Korea last week.", date(2017, 8, 7), "week"),
        ("Tensions eased this week.", date(2017, 8, 14), "week"),
        ("In April, the carrier sailed.", date(2017, 4, 1), "month"),
        ("In December, talks began.", date(2016, 12, 1), "month"),  # the most recent December
        ("On Aug. 18, Dunford spoke.", FRIDAY, "day"),
        ("On August 17, 2016, they met.", date(2016, 8, 17), "day"),
        ("Last month the deal fell apart.", date(2017, 7, 1), "month"),
    ],
)
def test_relative_dates_resolve_to_the_past(text, resolved, granularity):
    found = find_dates(text, FRIDAY)
    assert [(d.date, d.granularity) for d in found] == [(resolved, granularity)]
    assert text[found[0].start : found[0].end] == found[0].text


def test_future_and_undated_articles():
    assert find_dates("Talks resume next week.", FRIDAY) == []
    assert find_dates("They met on Thursday.", None) == []  # nothing to resolve against
    assert [d.date for d in find_dates("On August 17, 2017, they met.", None)] == [date(2017, 8, 17)]
    assert find_dates("Maybe we will see.", FRIDAY) == []  # "may" is not the month here


def test_examples_timeline_dates_the_meetings():
    articles = read([str(EXAMPLES)]).articles
    for art in articles:
        split_article(art)
    events = build_timeline(articles, get_embedder("tfidf"))
    by_text = {e.text: e for e in events}
    two_plus_two = next(e for t, e in by_text.items() if t.startswith("JAPAN and the United States agreed on Thursday"))
    assert two_plus_two.label == "2017-08-17"  # Thursday before the Sunday 20 August paper
    kawano = next(e for t, e in by_text.items() if t.startswith("Dunford met Friday"))
    assert kawano.label == "2017-08-18"  # Friday before the Saturday 19 August paper
    fury = next(e for e in events if "fire and fury" in e.text)
    assert fury.label == "week of 2017-08-07" and len(fury.citations) == 2  # two outlets, one event
    assert [e.date for e in events] == sorted(e.date for e in events)


def test_report_carries_the_timeline():
    articles = read([str(EXAMPLES)]).articles
    report = build_report(articles, Options(embedder="tfidf", words=80))
    data = to_json(report)
    assert any(t["date"] == "2017-08-17" and t["citations"] for t in data["timeline"])
    first = data["timeline"][0]["citations"][0]
    art = next(a for a in data["articles"] if a["id"] == first["article_id"])
    assert art["text"][first["start"] : first["end"]] == data["timeline"][0]["text"]
    assert "## Timeline" in to_markdown(report)


def test_29_february_in_an_article_of_a_year_without_one_is_the_year_before():
    (found,) = find_dates("The vote was held on Feb. 29, officials said.", date(2017, 3, 5))
    assert (found.date, found.granularity) == (date(2016, 2, 29), "day")


def test_an_explicit_date_beats_the_weekday_beside_it():
    from newsdesk.clean.cleaner import Hints, clean_text
    from newsdesk.text.sentences import split_article

    art = clean_text(
        "The crash happened on Friday, March 23rd on Highway 101 near Mountain View, police said.\n",
        "a.txt",
        Hints(published="2018-03-30"),
    )
    split_article(art, "rules")
    (event,) = build_timeline([art])
    assert event.date.isoformat() == "2018-03-23" and event.expression == "March 23rd"


def test_a_sentence_an_article_repeats_is_one_entry_and_another_article_saying_it_is_cited():
    from dataclasses import replace

    from newsdesk.clean.cleaner import clean_text

    lead = "A temporary employee shot three co-workers on Thursday morning, police said."
    arts = [
        replace(clean_text(f"{lead}\n\nThe motive is not yet known.\n\n{lead}", "a"), published="2018-09-21"),
        replace(clean_text(f"{lead}\n\nSchools were locked down.", "b"), published="2018-09-21"),
    ]
    arts = [replace(a, sentences=split_article(a)) for a in arts]
    events = build_timeline(arts)
    assert [len(e.citations) for e in events if e.text == lead] == [2]  # both articles, once each


def test_a_photo_caption_is_not_an_event_of_the_timeline():
    from dataclasses import replace

    from newsdesk.clean.cleaner import clean_text

    text = (
        "Divers found the plane's tail on Saturday, officials said.\n\n"
        "Navy personnel carry a bag at sea off the coast of Pangkalan Bun, Indonesia, Saturday, Jan. 3, 2015.\n\n"
        "The search went on through Sunday. Rescuers carry coffins to Surabaya from the airport in Pangkalan Bun,"
        " Saturday,... (Associated Press)\n\n"
        "This image provided by the navy shows divers on Friday, Jan. 2, 2015, at the site.\n\n"
        "In this Jan. 1, 2015 photo, families wait at the airport in Surabaya."
    )
    art = replace(clean_text(text, "a"), published="2015-01-04")
    art = replace(art, sentences=split_article(art))
    assert len(art.sentences) == 6
    assert [e.text for e in build_timeline([art])] == [
        "Divers found the plane's tail on Saturday, officials said.",
        "The search went on through Sunday.",
    ]
