"""HTML pages: trafilatura finds the main text and metadata; the text cleaner finishes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from newsdesk import errors
from newsdesk.clean.cleaner import Hints
from newsdesk.clean.titles import site_names, strip_site_name, title_site_name
from newsdesk.errors import InputError
from newsdesk.io.base import Item, clean_item, text_or_none
from newsdesk.io.page_meta import page_meta
from newsdesk.model import Article


def extract_html(html: str, source: str, known: Hints | None = None) -> Item:
    """The article in an HTML page: trafilatura finds the main text (in its precision mode,
    tables kept), the title, author and ``<link rel=canonical>`` URL; ``io.page_meta`` reads
    the date and the site's name as publishers mark them up; the text cleaner then drops the
    boilerplate lines trafilatura left in. ``known`` is what a feed entry says: its outlet
    (the feed's name) and its date win over the page's, its title fills a missing one.
    """
    try:
        import trafilatura
    except ImportError as exc:
        return InputError(source, f"reading HTML needs trafilatura and lxml_html_clean ({exc.name} is missing)")
    with _LXML:
        return _extract_page(trafilatura, html, source, known)


# trafilatura parses with module-level lxml parsers, which threads must not share: pages are
# fetched several at once, but read one at a time (reading is CPU-bound under the GIL anyway)
_LXML = threading.Lock()


def _extract_page(trafilatura: Any, html: str, source: str, known: Hints | None) -> Item:
    meta = _extract(trafilatura, html, precision=True)
    body = meta.get("text") or ""
    known = known or Hints()
    page = page_meta(html, url=known.url or source)
    url = text_or_none(meta.get("url")) or known.url
    title = text_or_none(meta.get("title")) or known.title
    # a feed names all its articles alike; else the page's own name; never the host
    outlet = known.outlet or page.site_name or (title_site_name(title) if title else None)
    # the feed entry's date is trusted first, then the page's metadata, then its dateline
    published, date_source = (
        (known.published, known.date_source) if known.published else (page.published, page.date_source)
    )
    hints = Hints(
        title=strip_site_name(title, site_names(outlet, url)) if title else None,
        outlet=outlet,
        author=text_or_none(meta.get("author")) or known.author,
        published=published,
        date_source=date_source or "meta",
        url=url,
        structured=True,
    )
    item = clean_item(body, source, hints) if body.strip() else InputError(source, errors.NO_TEXT)
    if _words(item) < PRECISION_CHECK_WORDS:
        # precision mode can drop most of an article: when the default mode's text, once
        # newsdesk's own line cleaning has run, keeps far more, that text is the article
        fuller = _extract(trafilatura, html, precision=False).get("text") or ""
        if fuller.strip():
            other = clean_item(fuller, source, hints)
            if _words(other) >= PRECISION_LOSS * max(_words(item), 1):
                return other
    return item


PRECISION_CHECK_WORDS = 400  # a shorter precision-mode text is checked against the default mode
PRECISION_LOSS = 2.0  # the default mode's cleaned text must be this many times longer to win


def _extract(trafilatura: Any, html: str, precision: bool) -> dict[str, Any]:
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, favor_precision=precision
    )
    return doc if isinstance(doc, dict) else (doc.as_dict() if doc is not None else {})


def _words(item: Item) -> int:
    return len(item.text.split()) if isinstance(item, Article) else 0


class HtmlReader:
    """An HTML page: trafilatura finds the main text and metadata; the text cleaner finishes."""

    extensions: tuple[str, ...] = (".html", ".htm", ".xhtml")

    def read(self, source: str, text: str) -> Iterator[Item]:
        """Yield the page's article."""
        yield extract_html(text, source)
