"""RSS and Atom feeds saved to disk: one article per entry (feedparser).

An entry's HTML content (or, failing that, its summary) becomes the text; its title, link,
author and date, and the feed's title as the outlet, become metadata. A feed whose XML is
broken is still read for the entries feedparser recovers, with a warning; one with none is
an error naming the file.
"""

from __future__ import annotations

import html
import re
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsdesk.clean.cleaner import Hints
from newsdesk.clean.titles import feed_outlet
from newsdesk.errors import InputError
from newsdesk.io.base import Item, clean_item, text_or_none

_BLOCK_RE = re.compile(r"</?(p|div|br|li|h[1-6]|blockquote|tr)\b[^>]*>", re.I)


def html_fragment_text(fragment: str) -> str:
    """Text of an HTML fragment, one paragraph a line (scripts and styles dropped)."""
    import lxml.html

    if "<" not in fragment:
        return fragment
    marked = _BLOCK_RE.sub("\n", fragment)
    try:
        root = lxml.html.fromstring(f"<div>{marked}</div>")
    except Exception:  # lxml rejects some fragments (e.g. only a comment): keep the raw text
        return re.sub(r"<[^>]+>", " ", fragment)
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    return "\n".join(line.strip() for line in root.text_content().split("\n") if line.strip())


def plain_title(value: object) -> str | None:
    """A feed's or entry's title as plain text: entities unescaped (some feeds escape their
    markup twice) and tags dropped."""
    text = text_or_none(value)
    if text is None:
        return None
    for _ in range(2):  # "&amp;lt;b&amp;gt;" takes two rounds
        if "&" not in text:
            break
        text = html.unescape(text)
    return text_or_none(re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", text)))


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a parsed feed: its link, HTML content (or summary) and metadata."""

    link: str | None
    html: str
    title: str | None
    author: str | None
    published: str | None  # YYYY-MM-DD
    updated: str  # the entry's own updated/published stamp as given ("" when none)

    def hints(self, outlet: str | None, url: str | None = None) -> Hints:
        """What the entry says about its article."""
        return Hints(
            title=self.title,
            outlet=feed_outlet(outlet),  # "The Daily Ledger - Top stories" names The Daily Ledger
            author=self.author,
            published=self.published,
            date_source="feed",
            url=url or self.link,
            structured=True,
        )

    def article(self, where: str, outlet: str | None, url: str | None = None) -> Item:
        """The entry's own text as an article (or why there is none)."""
        body = html_fragment_text(self.html)
        if not body.strip():
            return InputError(where, "feed entry has no text")
        return clean_item(body, where, self.hints(outlet, url))


def parse_feed(
    source: str, data: str | bytes, headers: dict[str, str] | None = None
) -> tuple[str | None, list[FeedEntry], str | None]:
    """The feed's title, its entries, and a warning when its XML is damaged.

    Raises:
        InputError: no entry could be read (not a feed, or one too broken to recover).
    """
    import feedparser

    feed = feedparser.parse(data, response_headers=headers or {})
    raw = [e for e in feed.get("entries") or [] if e.get("title") or e.get("summary") or e.get("content")]
    if not raw and (feed.get("bozo") or not feed.get("version")):
        reason = feed.get("bozo_exception") or "no entries"
        raise InputError(source, f"not a readable RSS/Atom feed ({str(reason).splitlines()[0][:200]})")
    note = f"feed XML is damaged ({feed.get('bozo_exception')}); read {len(raw)} entries" if feed.get("bozo") else None
    entries = []
    for e in raw:
        content = e.get("content") or []
        entries.append(
            FeedEntry(
                link=text_or_none(e.get("link")),
                html=(content[0].get("value") if content else None) or e.get("summary") or "",
                title=plain_title(e.get("title")),
                author=text_or_none(e.get("author")),
                published=_date(e),
                updated=str(e.get("updated") or e.get("published") or ""),
            )
        )
    return plain_title(feed.get("feed", {}).get("title")), entries, note


class FeedReader:
    """RSS 2.0 / Atom files, read from their bytes: feedparser decodes them as their BOM, XML
    prolog and content say (UTF-16/32, big5, euc-kr, koi8-r ...)."""

    extensions: tuple[str, ...] = (".rss", ".atom", ".xml")

    def read_bytes(self, source: str, data: bytes) -> Iterator[Item]:
        """Yield an article per entry."""
        try:
            outlet, entries, note = parse_feed(source, data)
        except InputError as exc:
            yield exc
            return
        if note:
            warnings.warn(note, stacklevel=2)
        if not entries:
            yield InputError(source, "feed holds no entries")
        for n, entry in enumerate(entries, start=1):
            yield entry.article(f"{source}#entry{n}", outlet)
