"""Canonical URLs: one article, one row, however many feeds and trackers lead to it."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit


def is_web_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL (what ``ingest`` fetches rather than opens)."""
    return text.lower().startswith(("http://", "https://"))


def canonical_url(url: str, base: str | None = None) -> str:
    """``url`` (relative to ``base``) with the host lower-cased, tracking parameters such as
    ``utm_*`` and ``fbclid`` removed (courlan) and the fragment dropped; the other query
    parameters are kept, since some sites name articles by them."""
    joined = urljoin(base, url.strip()) if base else url.strip()
    try:
        from courlan import normalize_url

        joined = normalize_url(joined)
    except (ValueError, ImportError):
        pass  # an odd URL is kept as written rather than dropped
    parts = urlsplit(joined)
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))
