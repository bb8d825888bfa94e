"""Pages and feeds as articles: a fetched page read through the HTML path, a feed entry's page
fetched (else the entry's own text, marked partial), and what ``ingest URL`` reads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from newsdesk.clean.cleaner import Hints
from newsdesk.errors import InputError
from newsdesk.fetch.http import FEED_TYPES, HTML_TYPES, Fetcher, FetchError, Page
from newsdesk.fetch.urls import canonical_url
from newsdesk.io.base import Item
from newsdesk.io.decode import decode_markup
from newsdesk.io.feeds import FeedEntry, parse_feed
from newsdesk.io.html import extract_html
from newsdesk.model import Article
from newsdesk.settings import FetchOptions

# feeds are often served as text/html or text/plain by misconfigured servers: feedparser decides
FEED_ACCEPT = (*FEED_TYPES, "text/plain", *HTML_TYPES)


def looks_like_feed(page: Page) -> bool:
    """Whether a fetched body is a feed rather than a page (by type, else by its first tag)."""
    if page.content_type in FEED_TYPES:
        return True
    head = page.body[:512].lstrip().lower()
    return head.startswith(b"<?xml") and b"<html" not in head or head.startswith((b"<rss", b"<feed", b"<rdf"))


FEED_LINK_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


def discover_feeds(page: Page) -> list[tuple[str, str | None]]:
    """The feeds a web page links to with ``<link rel="alternate" type="application/rss+xml">``
    (and Atom, RDF, JSON Feed), as every feed reader finds them: ``(absolute URL, title)``."""
    from lxml import etree
    from lxml import html as lxml_html

    html, _ = decode_markup(page.url, page.body, page.charset)
    try:
        tree = lxml_html.fromstring(html)
    except (etree.LxmlError, ValueError):  # an empty page; a text with an encoding declaration
        return []
    found: dict[str, str | None] = {}
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_LINK_TYPES and href:
            found.setdefault(canonical_url(href, page.url), link.get("title"))
    return list(found.items())


def page_article(page: Page, known: Hints) -> Item:
    """The article of a fetched HTML page (decoded by its declared charset, else its own),
    its URL the page's canonical one."""
    try:
        html, _ = decode_markup(page.url, page.body, page.charset)
    except InputError as exc:
        return exc
    item = extract_html(html, page.url, replace(known, url=page.url))  # where redirects ended
    if isinstance(item, Article):
        item = replace(item, url=canonical_url(item.url or page.url, page.url))
    return item


def entry_article(
    fetcher: Fetcher, entry: FeedEntry, outlet: str | None, url: str, where: str, feed: str | None = None
) -> tuple[Item, FetchError | None]:
    """A feed entry's article: its page at ``url`` fetched and read, else the entry's own text
    marked partial with the reason (``where`` names an entry that has no link; ``feed``, the
    feed's URL, is where the link came from: a page in a private network is fetched only for
    a feed in one); with the fetch error, when there was one."""
    if not url:
        return entry.article(where, outlet), None
    try:
        return page_article(fetcher.get(url, HTML_TYPES, origin=feed), entry.hints(outlet, url)), None
    except FetchError as exc:
        item = entry.article(url, outlet, url)
        if isinstance(item, Article):
            item = replace(item, partial=f"page not fetched: {exc.message}")
        return item, exc


def fetch_items(urls: Iterable[str], options: FetchOptions | None = None) -> Iterator[Item | str]:
    """What ``ingest URL`` reads: a page's article, or every entry of a feed (each page
    fetched, the entry's own text when it cannot be); a URL that cannot be had is an
    ``InputError`` naming it, and the rest are still read."""
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
                link = canonical_url(entry.link, page.url) if entry.link else ""
                yield entry_article(fetcher, entry, outlet, link, f"{url}#entry{n}", feed=url)[0]
