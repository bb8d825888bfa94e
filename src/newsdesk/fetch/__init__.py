"""Fetching from the web: feeds and pages over HTTP, politely (``http``), canonical URLs
(``urls``), OPML subscription lists (``opml``) and the feed update behind ``newsdesk update``
(``update``). The CLI, the web server and the Spark job all call these."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsdesk.clean.cleaner import Hints
from newsdesk.errors import InputError
from newsdesk.fetch.http import FEED_TYPES, HTML_TYPES, Fetcher, FetchError, Page
from newsdesk.fetch.urls import canonical_url, is_web_url
from newsdesk.io.base import Item
from newsdesk.io.feeds import parse_feed
from newsdesk.settings import FetchOptions

__all__ = ["FetchError", "Fetcher", "Page", "canonical_url", "fetch_items", "is_web_url", "looks_like_feed"]


def looks_like_feed(page: Page) -> bool:
    """Whether a fetched body is a feed rather than a page (by type, else by its first tag)."""
    if page.content_type in FEED_TYPES:
        return True
    head = page.body[:512].lstrip().lower()
    return head.startswith(b"<?xml") and b"<html" not in head or head.startswith((b"<rss", b"<feed", b"<rdf"))


def fetch_items(urls: Iterable[str], options: FetchOptions | None = None) -> Iterator[Item | str]:
    """What ``ingest URL`` reads: a page's article, or every entry of a feed (each page
    fetched, the entry's own text when it cannot be); a URL that cannot be had is an
    ``InputError`` naming it, and the rest are still read."""
    from dataclasses import replace

    from newsdesk.fetch.update import page_article
    from newsdesk.model import Article

    with Fetcher(options) as fetcher:
        for url in urls:
            try:
                page = fetcher.get(url, (*HTML_TYPES, *FEED_TYPES, "text/plain"))
            except FetchError as exc:
                yield InputError(url, exc.message.removeprefix(f"{url}: "))
                continue
            if not looks_like_feed(page):
                yield page_article(page, Hints(url=canonical_url(page.url)))
                continue
            try:
                outlet, entries, note = parse_feed(url, page.body, page.headers)
            except InputError as exc:
                yield exc
                continue
            if note:
                yield f"{url}: {note}"
            for n, entry in enumerate(entries, start=1):
                link = canonical_url(entry.link, page.url) if entry.link else None
                if link is None:
                    yield entry.article(f"{url}#entry{n}", outlet)
                    continue
                try:
                    yield page_article(fetcher.get(link), entry.hints(outlet, link))
                except FetchError as exc:
                    item = entry.article(link, outlet, link)
                    yield (
                        replace(item, partial=f"page not fetched: {exc.message}") if isinstance(item, Article) else item
                    )
