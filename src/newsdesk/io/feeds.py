"""RSS and Atom feeds saved to disk: one article per entry (feedparser).

An entry's HTML content (or, failing that, its summary) becomes the text; its title, link,
author and date, and the feed's title as the outlet, become metadata. A feed whose XML is
broken is still read for the entries feedparser recovers, with a warning; one with none is
an error naming the file.
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Iterator
from typing import Any

from newsdesk.clean.cleaner import Hints, clean_text
from newsdesk.errors import InputError
from newsdesk.io.base import Item, text_or_none

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


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


class FeedReader:
    """RSS 2.0 / Atom files."""

    extensions: tuple[str, ...] = (".rss", ".atom", ".xml")

    def read(self, source: str, text: str) -> Iterator[Item]:
        """Yield an article per entry."""
        import feedparser

        feed = feedparser.parse(text)
        entries = [e for e in feed.get("entries") or [] if e.get("title") or e.get("summary") or e.get("content")]
        if feed.get("bozo") and not entries:
            reason = feed.get("bozo_exception")
            yield InputError(source, f"not a readable RSS/Atom feed ({reason})")
            return
        if feed.get("bozo"):
            warnings.warn(
                f"feed XML is damaged ({feed.get('bozo_exception')}); read {len(entries)} entries", stacklevel=2
            )
        outlet = text_or_none(feed.get("feed", {}).get("title"))
        for n, entry in enumerate(entries, start=1):
            content = entry.get("content") or []
            html = (content[0].get("value") if content else None) or entry.get("summary") or ""
            body = html_fragment_text(html)
            where = f"{source}#entry{n}"
            if not body.strip():
                yield InputError(where, "feed entry has no text")
                continue
            hints = Hints(
                title=text_or_none(entry.get("title")),
                outlet=outlet,
                author=text_or_none(entry.get("author")),
                published=_date(entry),
                url=text_or_none(entry.get("link")),
                structured=True,
            )
            try:
                yield clean_text(body, where, hints)
            except InputError as exc:
                yield exc
