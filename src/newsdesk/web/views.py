"""What the pages show, shaped from the library's JSON-ready reports: plain functions, no web
framework, so they are tested without a server.

Article text, titles and URLs are untrusted. Nothing here builds HTML: the templates escape
every value (Jinja autoescape), and a URL becomes a link only when it is http(s).
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from newsdesk.io.markdown import MAX_ENTITIES, MAX_FACTS, MAX_QUOTES, entity_shown, outlets_note


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) address, else None (no ``javascript:`` links)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def sentence_anchor(article: int, start: int) -> str:
    """The element id of the sentence of article number ``article`` starting at ``start``."""
    return f"s{article}-{start}"


@dataclass
class Segment:
    """A run of an article's text: a sentence (with its anchor id) or the text between."""

    text: str
    anchor: str | None = None


@dataclass
class ParagraphView:
    """A paragraph as segments, with its kind and why it is off-topic, if it is."""

    segments: list[Segment]
    kind: str = "body"
    offtopic: str | None = None


@dataclass
class ArticleView:
    """One article of a story as the page shows it."""

    number: int
    id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    url: str | None
    source: str
    offtopic: str | None
    paragraphs: list[ParagraphView]
    starts: list[int] = field(default_factory=list)  # sentence starts, sorted
    partial: str | None = None  # why only the feed entry's text is held

    def anchor_at(self, offset: int) -> str:
        """The anchor of the sentence holding character ``offset`` (the first one before it)."""
        k = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return sentence_anchor(self.number, self.starts[k] if self.starts else 0)


def article_view(data: dict[str, Any], number: int) -> ArticleView:
    """Shape an article dict (``io.report_json.article_dict``) into paragraphs of sentence segments."""
    text: str = data["text"]
    sentences = sorted((s["start"], s["end"]) for s in data.get("sentences", []))
    paragraphs = []
    for p in data.get("paragraphs", []):
        start, end, kind, offtopic = p["start"], p["end"], p.get("kind", "body"), p.get("offtopic")
        segments: list[Segment] = []
        at = start
        for s_start, s_end in sentences:
            if s_end <= start or s_start >= end:
                continue
            s_start, s_end = max(s_start, at), min(s_end, end)
            if s_start > at:
                segments.append(Segment(text[at:s_start]))
            segments.append(Segment(text[s_start:s_end], sentence_anchor(number, s_start)))
            at = s_end
        if at < end:
            segments.append(Segment(text[at:end]))
        paragraphs.append(ParagraphView(segments, kind, offtopic))
    return ArticleView(
        number=number,
        partial=data.get("partial"),
        id=data["id"],
        title=data.get("title"),
        outlet=data.get("outlet"),
        author=data.get("author"),
        published=data.get("published"),
        url=safe_url(data.get("url")),
        source=data.get("source", ""),
        offtopic=data.get("article_offtopic"),
        paragraphs=paragraphs,
        starts=[s for s, _ in sentences],
    )


@dataclass
class Mark:
    """A citation mark: the article number and the anchor of the cited sentence."""

    article: int
    anchor: str
    partial: bool = False  # the article states part of the sentence (a citation's strength)


def marks(citations: list[dict[str, Any]], articles: dict[int, ArticleView]) -> list[Mark]:
    """One mark per cited article (its first citation), in article order."""
    first: dict[int, Mark] = {}
    for c in citations:
        n = c["article"]
        if n in articles and n not in first:
            first[n] = Mark(n, articles[n].anchor_at(c["start"]), c.get("strength") == "partial")
    return [first[n] for n in sorted(first)]


@dataclass
class Bar:
    """One bar of a small SVG chart."""

    label: str
    value: int
    x: float
    height: float


def per_day_chart(dates: list[str | None], width: float = 320, height: float = 80) -> list[Bar]:
    """Bars of articles per publication day, oldest first; empty when no article is dated."""
    counts = Counter(d[:10] for d in dates if d)
    if not counts:
        return []
    days = sorted(counts)
    step = width / len(days)
    top = max(counts.values())
    return [Bar(day, counts[day], i * step, height * counts[day] / top) for i, day in enumerate(days)]


def _outlets_note(item: dict[str, Any]) -> str:
    """ "3 outlets, 2 independent" when near-duplicate copies are among an item's citations."""
    outlets = len({c["article"] for c in item["citations"]})
    return outlets_note(outlets, item.get("independent", outlets))


def _quote_variants(quote: dict[str, Any], articles: dict[int, Any]) -> list[dict[str, Any]]:
    """Each outlet's wording of a quotation whose outlets print different words."""
    return [
        {"text": text, "marks": marks([c for c in quote["citations"] if c["article"] == int(n)], articles)}
        for n, text in sorted(quote["wording"].items(), key=lambda kv: int(kv[0]))
    ]


PHRASE_WORDS = 5  # a quotation with no speaker shorter than this is listed on one line, as a phrase


def story_page(report: dict[str, Any]) -> dict[str, Any]:
    """Everything the story template needs from a report dict (``service.reports.story_report_json``)."""
    articles = {a["number"]: article_view(a, a["number"]) for a in report["articles"]}
    quotes_by_speaker: dict[str, list[dict[str, Any]]] = {}
    phrases: list[dict[str, Any]] = []  # a few words in quote marks that nobody is said to have spoken
    for q in report["quotes"][:MAX_QUOTES]:
        item = {
            "text": q["text"],
            "marks": marks(q["citations"], articles),
            "variants": _quote_variants(q, articles) if q.get("possible_misquote") else [],
        }
        if not q["speaker"] and len(q["text"].split()) < PHRASE_WORDS:
            phrases.append(item)  # "The Juice", "trial of the century": a title or a phrase, not someone's words
        else:
            quotes_by_speaker.setdefault(q["speaker"] or "Speaker unknown", []).append(item)
    agreement = report["agreement"]
    return {
        "report": report,
        "articles": [articles[n] for n in sorted(articles)],
        "summary": [
            {"text": s["text"], "marks": marks(s["citations"], articles), "outlets": _outlets_note(s)}
            for s in report["summary"]
        ],
        "entities": [
            {
                "name": e["name"],
                "kind": e["kind"],
                "role": e["roles"][0] if e["roles"] else None,
                "aka": [n for n in e["names"] if n != e["name"]][:4],
                "mentions": len(e["mentions"]),
                "marks": marks(e["mentions"], articles),
            }
            for e in [e for e in report["entities"] if entity_shown(len(e["mentions"]), e["kind"])][:MAX_ENTITIES]
        ],
        "quotes": sorted(quotes_by_speaker.items(), key=lambda kv: (kv[0] == "Speaker unknown", -len(kv[1]))),
        "phrases": phrases,
        "timeline": [
            {
                "label": t["label"],
                "expression": t["expression"],
                "text": t["text"],
                "marks": marks(t["citations"], articles),
            }
            for t in report["timeline"]
        ],
        "corroborated": [
            {"text": f["text"], "marks": marks(f["citations"], articles), "outlets": _outlets_note(f)}
            for f in agreement["corroborated"][:MAX_FACTS]
        ],
        "single_source": [
            {"text": f["text"], "marks": marks(f["citations"], articles)}
            for f in agreement["single_source"][:MAX_FACTS]
        ],
        "conflicts": [
            {
                "kind": c["kind"],
                "values": c["values"],
                "first": {"text": c["first"]["text"], "marks": marks(c["first"]["citations"], articles)},
                "second": {"text": c["second"]["text"], "marks": marks(c["second"]["citations"], articles)},
            }
            for c in agreement["conflicts"][:MAX_FACTS]
        ],
        "chart": per_day_chart([a.published for a in articles.values()]),
        "updates": [
            {"kind": u["kind"], "text": u["text"], "marks": marks(u["citations"], articles)}
            for u in report.get("updates", [])
            if u.get("brief", True)
        ],
        "more_updates": [
            {"kind": u["kind"], "text": u["text"], "marks": marks(u["citations"], articles)}
            for u in report.get("updates", [])
            if not u.get("brief", True)
        ],
    }
