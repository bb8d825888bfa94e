"""A story's headline: one rule for the story list (kept at ingest) and the story's report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsdesk.model import Article
from newsdesk.text.tokens import content_terms

MAX_CHARS = 120  # an untitled story's headline: its lead sentence, cut at a word boundary


def choose_headline(articles: Sequence[Article], cited: Mapping[str, int] | None = None, lead: str = "") -> str | None:
    """The title of the article the summary cites most (``cited``: article id -> citations),
    ties broken by the title sharing most words with the story's other titles, then the
    earliest. A story with no title: ``lead`` (the summary's first sentence) or else the first
    line of its first article, cut at a word boundary; ``None`` for a story with no text."""
    titled = [a for a in articles if a.title]
    if not titled:
        first = lead or next((a.text.split("\n")[0] for a in articles if a.text), "")
        return shorten(first) or None
    bags = [set(content_terms(a.title or "")) for a in titled]
    shared = [sum(len(b & other) for j, other in enumerate(bags) if j != i) for i, b in enumerate(bags)]
    counts = cited or {}
    best = max(range(len(titled)), key=lambda i: (counts.get(titled[i].id, 0), shared[i], -i))
    return titled[best].title


def shorten(text: str, limit: int = MAX_CHARS) -> str:
    """``text`` whole when it fits ``limit`` characters, else cut at the last word boundary
    before it, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(",;:–—- ") + "…"
