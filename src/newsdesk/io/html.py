"""HTML pages: trafilatura finds the main text and metadata; the text cleaner finishes."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk import errors
from newsdesk.clean.cleaner import Hints
from newsdesk.errors import InputError
from newsdesk.io.base import Item, clean_item, text_or_none


def extract_html(html: str, source: str, known: Hints | None = None) -> Item:
    """The article in an HTML page: trafilatura finds the main text (in its precision mode,
    tables kept) and the page's metadata (title, site name, author, date through htmldate,
    the ``<link rel=canonical>`` URL); the text cleaner then drops the boilerplate lines
    trafilatura left in. ``known`` fills what the page does not say (a feed entry's title,
    the feed's name as outlet, the URL the page was fetched from).
    """
    try:
        import trafilatura
    except ImportError as exc:
        return InputError(source, f"reading HTML needs trafilatura and lxml_html_clean ({exc.name} is missing)")
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True
    )
    meta = doc if isinstance(doc, dict) else (doc.as_dict() if doc is not None else {})
    body = meta.get("text") or ""
    if not body.strip():
        return InputError(source, errors.NO_TEXT)
    known = known or Hints()
    hints = Hints(
        title=text_or_none(meta.get("title")) or known.title,
        outlet=text_or_none(meta.get("sitename")) or known.outlet,
        author=text_or_none(meta.get("author")) or known.author,
        published=text_or_none(meta.get("date")) or known.published,
        url=text_or_none(meta.get("url")) or known.url,
        structured=True,
    )
    return clean_item(body, source, hints)


class HtmlReader:
    """An HTML page: trafilatura finds the main text and metadata; the text cleaner finishes."""

    extensions: tuple[str, ...] = (".html", ".htm", ".xhtml")

    def read(self, source: str, text: str) -> Iterator[Item]:
        """Yield the page's article."""
        yield extract_html(text, source)
