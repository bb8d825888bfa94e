"""The update summary's ranking (``analyze.updates``): what the new articles add, first."""

from __future__ import annotations

from newsdesk.analyze.updates import _new_sentences
from newsdesk.clean.cleaner import clean_text
from newsdesk.embed import get_embedder
from newsdesk.model import Report, Summary
from newsdesk.pipeline import prepare
from newsdesk.settings import Options

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
