"""Page shaping without a server: sentence anchors, citation marks, safe links, the chart."""

from __future__ import annotations

import pytest

from newsdesk.web.views import article_view, marks, per_day_chart, safe_url, sentence_anchor


def _article() -> dict:
    text = "First sentence here. Second one.\n\nA heading\n\nThird sentence."
    return {
        "id": "abc",
        "text": text,
        "paragraphs": [
            {"start": 0, "end": 32, "kind": "body", "offtopic": None},
            {"start": 34, "end": 43, "kind": "heading", "offtopic": None},
            {"start": 45, "end": 60, "kind": "body", "offtopic": "about something else"},
        ],
        "sentences": [{"start": 0, "end": 20}, {"start": 21, "end": 32}, {"start": 45, "end": 60}],
        "source": "x.txt",
    }


def test_article_view_wraps_every_sentence_and_keeps_the_text_whole():
    view = article_view(_article(), 2)
    first = view.paragraphs[0].segments
    assert [(s.text, s.anchor) for s in first] == [
        ("First sentence here.", "s2-0"),
        (" ", None),
        ("Second one.", "s2-21"),
    ]
    assert view.paragraphs[1].kind == "heading" and view.paragraphs[1].segments[0].anchor is None
    assert view.paragraphs[2].offtopic == "about something else"
    joined = ["".join(s.text for s in p.segments) for p in view.paragraphs]
    assert joined == ["First sentence here. Second one.", "A heading", "Third sentence."]


def test_a_citation_links_to_the_sentence_holding_it():
    view = article_view(_article(), 1)
    assert view.anchor_at(0) == view.anchor_at(5) == sentence_anchor(1, 0)
    assert view.anchor_at(25) == "s1-21"  # inside the second sentence (a quote's offsets, say)
    cited = marks([{"article": 1, "start": 45}, {"article": 1, "start": 0}, {"article": 9, "start": 0}], {1: view})
    assert [(m.article, m.anchor) for m in cited] == [(1, "s1-45")]  # first citation per article; unknown dropped


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org/", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.org/x", False),
        ("vbscript:x", False),
        (None, False),
    ],
)
def test_only_http_urls_become_links(url, safe):
    assert (safe_url(url) is not None) is safe


def test_chart_counts_articles_per_day_oldest_first():
    bars = per_day_chart(["2017-08-19", "2017-08-18", "2017-08-19T10:00", None])
    assert [(b.label, b.value) for b in bars] == [("2017-08-18", 1), ("2017-08-19", 2)]
    assert bars[1].height == 80 and bars[0].height == 40 and bars[0].x < bars[1].x
    assert per_day_chart([None, None]) == []


def test_a_short_phrase_in_quote_marks_with_no_speaker_is_a_phrase_not_a_quote():

    from newsdesk.clean.cleaner import clean_text
    from newsdesk.io.report_json import to_json
    from newsdesk.pipeline import build_report
    from newsdesk.settings import Options
    from newsdesk.web.views import story_page

    text = (
        'The former football star, nicknamed "The Juice", could be paroled on Thursday.\n\n'
        '"He deserves parole. It is as simple as that," his lawyer Yale Galanter said.\n\n'
        "The parole board meets in Carson City.\n\n"
        '"Nobody here expected the board to decide so quickly after the hearing began."'
    )
    report = to_json(build_report([clean_text(text, "a.txt")], Options(embedder="tfidf")))
    page = story_page(report)
    assert [q["text"] for q in page["phrases"]] == ["The Juice"]
    quoted = {speaker: [q["text"] for q in qs] for speaker, qs in page["quotes"]}
    assert quoted["Yale Galanter"] == ["He deserves parole. It is as simple as that"]
    assert "The Juice" not in sum(quoted.values(), [])  # a long quotation with no speaker stays a quote
    assert any(t.startswith("Nobody here expected") for t in quoted.get("Speaker unknown", []))
