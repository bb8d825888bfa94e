"""The update summary's ranking (``analyze.updates``): what the new articles add, first."""

from __future__ import annotations

from dataclasses import replace

from newsdesk.analyze.updates import _new_sentences, story_updates
from newsdesk.clean.cleaner import clean_text
from newsdesk.embed import get_embedder
from newsdesk.model import Citation, Entity, Quote, Report, Summary
from newsdesk.pipeline import prepare
from newsdesk.settings import Options
from newsdesk.summarize.order import unintroduced

EARLIER = [
    "Floods hit the northern province of Lombardy on Sunday after three days of heavy rain, officials said.\n\n"
    "At least 12 people died in the floods in Lombardy and 300 were evacuated from their homes, officials said.",
    "Heavy rain caused deadly floods across Lombardy in northern Italy over the weekend, officials said.\n\n"
    "The regional governor of Lombardy declared a state of emergency after the deadly floods on Sunday.",
]
LATER = [
    "Italy's prime minister flew to Brussels on Tuesday to ask European leaders for emergency farm aid.\n\n"
    "Rescuers in Lombardy pulled four more people alive from homes the floods had cut off, officials said.",
    "The prime minister of Italy flew to Brussels on Tuesday asking European leaders for farm aid.\n\n"
    "Army engineers in Lombardy began repairing three bridges that the floods destroyed on Sunday.",
]


def test_the_update_leads_with_what_both_new_reports_add_that_the_earlier_ones_never_said():
    # a summary of the new articles alone opens with the rescue, worded as the earlier reports
    # were ("floods", "Lombardy", "officials said"); the update weighs each sentence's words
    # the earlier reports lack, and leads with the trip both new outlets report
    embedder = get_embedder("tfidf")
    texts = [*EARLIER, *LATER]
    articles = prepare([clean_text(t, f"a{k}") for k, t in enumerate(texts)], Options(embedder="tfidf"), embedder)
    report = Report(articles=articles, summary=Summary("learned", [], 18))
    items = _new_sentences(report, articles[:2], articles[2:], embedder, 18, "learned")
    assert [u.text[:30] for u in items if u.brief] == ["Italy's prime minister flew to"]
    # the rescue is still new, listed after the brief update rather than lost
    assert any(u.text.startswith("Rescuers in Lombardy") and not u.brief for u in items)


def test_the_brief_update_gives_new_quotations_of_named_speakers_only():
    # the issue asks for new quotations "from named speakers": words that "the report" or
    # "a spokesman" said are listed with --all, not in the brief
    embedder = get_embedder("tfidf")
    texts = [*EARLIER, *LATER]
    articles = prepare([clean_text(t, f"a{k}") for k, t in enumerate(texts)], Options(embedder="tfidf"), embedder)
    articles = [replace(a, first_seen=f"2026-03-0{1 if k < 2 else 3}T08:00:00+00:00") for k, a in enumerate(articles)]
    said = [("the report", "The dams held back less water"), ("Anna Rossi", "We have never seen water like this"),
            ("a spokesman", "Help is on its way"), ("AirAsia", "We are deeply saddened")]  # fmt: skip
    quotes = [Quote(text, who, [Citation(articles[2].id, 0, 10, 1.0)]) for who, text in said]
    report = Report(articles=articles, summary=Summary("learned", [], 10), quotes=quotes)
    updates = story_updates(report, "2026-03-02T00:00:00+00:00", embedder, words=10)
    brief = {u.text.split(":")[0] for u in updates.items if u.kind == "quote" and u.brief}
    listed = {u.text.split(":")[0] for u in updates.items if u.kind == "quote"}
    assert brief == {"Anna Rossi", "AirAsia"}
    assert listed == {"the report", "Anna Rossi", "a spokesman", "AirAsia"}


def test_a_sentence_that_opens_on_a_bare_surname_waits_for_the_one_that_says_who_that_is():
    assert unintroduced("Hagerty takes his post amid threats.", ["Bill Hagerty"]) == "Bill Hagerty"
    assert unintroduced("Bill Hagerty takes his post amid threats.", ["Bill Hagerty"]) is None
    assert unintroduced("Hagerty's post is in Tokyo.", ["Bill Hagerty", "Japan"]) == "Bill Hagerty"
    assert unintroduced("Japan agreed to the plan.", ["Bill Hagerty"]) is None
    embedder = get_embedder("tfidf")
    later = LATER[0] + "\n\nRossi toured the flooded valleys of Lombardy with army engineers, officials said."
    texts = [*EARLIER, later]
    articles = prepare([clean_text(t, f"a{k}") for k, t in enumerate(texts)], Options(embedder="tfidf"), embedder)
    report = Report(articles=articles, summary=Summary("learned", [], 60), entities=[Entity("Anna Rossi", "person")])
    items = _new_sentences(report, articles[:2], articles[2:], embedder, 60, "learned")
    assert [u.brief for u in items if u.text.startswith("Rossi")] == [False]  # listed, not in the brief
    assert [u.brief for u in items if not u.text.startswith("Rossi")] == [True, True]  # the rest fits the budget
    report.entities = []  # who Rossi is, unknown to the story: nothing to wait for
    items = _new_sentences(report, articles[:2], articles[2:], embedder, 60, "learned")
    assert [u.brief for u in items if u.text.startswith("Rossi")] == [True]
