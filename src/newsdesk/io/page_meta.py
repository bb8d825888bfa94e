"""What a news page says about itself, read from its markup the way publishers write it.

- **Publication date**, in order of trust: the page's metadata (``article:published_time``
  and its kin, JSON-LD ``datePublished``, ``<time datetime>`` in the article's header), then a
  visible dateline ("Published Dec. 4, 2026 at 08:05 UTC", "Updated ...", "Posted ...").
  Never a copyright line or a footer year, and never a date after ``now``: a page cannot
  have been published after it was fetched.
- **Site name**: ``og:site_name``, JSON-LD ``publisher.name``, ``application-name``, the
  masthead (a logo or brand element in the page header), never the host name.

``extract_html`` uses these instead of the extractor's own guesses (htmldate falls back to a
copyright year; a site name guessed from a title can be the headline).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from newsdesk.clean.dates import find_date

# <meta> names and properties that carry the publication time, most specific first
DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
SITE_META = ("og:site_name", "application-name", "twitter:site")
ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "webpage", "analysisnewsarticle"}
DATELINE_RE = re.compile(r"^\s*(?:first\s+)?(published|updated|posted|last updated)\b[\s:,-]*(?:on\s+)?", re.I)
_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_BRAND_RE = re.compile(r"logo|brand|masthead|site-?name|site-?title", re.I)


@dataclass(frozen=True)
class PageMeta:
    """A page's own metadata: its date and where the date came from (``meta`` or
    ``dateline``), and its site's name."""

    published: str | None = None
    date_source: str | None = None
    site_name: str | None = None


def page_meta(html: str, now: datetime | None = None) -> PageMeta:
    """The date and site name a page states (``now``: when it was fetched; a later date is
    not believed)."""
    try:
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, ImportError, Exception):  # noqa: BLE001 - lxml raises its own types on junk
        return PageMeta()
    latest = (now or datetime.now(UTC)).date() + timedelta(days=1)  # time zones: a page may be a day ahead
    metas = _metas(tree)
    ld = list(_json_ld(tree))
    published, source = _meta_date(metas, ld, tree, latest), "meta"
    if published is None:
        published, source = _dateline(tree, latest), "dateline"
    return PageMeta(
        published=published.isoformat() if published else None,
        date_source=source if published else None,
        site_name=_site_name(metas, ld, tree),
    )


def _metas(tree: Any) -> dict[str, str]:
    """Every ``<meta>`` by its name, property or itemprop (lower case), first value kept."""
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    return found


def _json_ld(tree: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of the page (``@graph`` lists unfolded); broken blocks skipped."""
    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(el.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _day(value: str | None, latest: date) -> date | None:
    """The calendar date a metadata value names (ISO, or a written date), when it is not
    after ``latest``."""
    if not value:
        return None
    iso = _ISO_RE.search(value)
    if iso:
        try:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            day = None
    else:
        found = find_date(value)
        day = found[0] if found else None
    return day if day is not None and day <= latest and day.year >= 1990 else None


def _meta_date(metas: dict[str, str], ld: list[dict[str, Any]], tree: Any, latest: date) -> date | None:
    for key in DATE_META:
        day = _day(metas.get(key), latest)
        if day:
            return day
    for item in ld:
        if _types(item) & ARTICLE_TYPES:
            day = _day(str(item.get("datePublished") or ""), latest)
            if day:
                return day
    for scope in (*tree.iter("article"), *tree.iter("header"), tree):  # the article's header first
        for el in scope.iter("time"):
            if _in_footer(el):
                continue
            day = _day(el.get("datetime") or el.get("content"), latest)
            if day:
                return day
    return None


def _in_footer(el: Any) -> bool:
    while el is not None:
        tag = el.tag if isinstance(el.tag, str) else ""
        marks = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if tag == "footer" or "footer" in marks or "copyright" in marks:
            return True
        el = el.getparent()
    return False


def _dateline(tree: Any, latest: date) -> date | None:
    """The date of a visible "Published ..." / "Updated ..." line outside the footer (a
    "Published" line wins over an "Updated" one)."""
    best: tuple[int, date] | None = None
    for el in tree.iter("p", "div", "span", "time", "small", "em", "li"):
        text = " ".join((el.text_content() or "").split())
        if not text or len(text) > 80:
            continue
        label = DATELINE_RE.match(text)
        if label is None or _in_footer(el):
            continue
        found = find_date(text[label.end() :]) or find_date(text)
        if found is None or found[0] > latest:
            continue
        rank = 0 if label.group(1).lower() in ("published", "posted") else 1
        if best is None or rank < best[0]:
            best = (rank, found[0])
        if rank == 0:
            break
    return best[1] if best else None


def _site_name(metas: dict[str, str], ld: list[dict[str, Any]], tree: Any) -> str | None:
    for key in SITE_META:
        value = metas.get(key, "").lstrip("@").strip()
        if value and not value.startswith("http") and len(value) <= 60:
            return value
    for item in ld:
        for field in ("publisher", "sourceOrganization"):
            org = item.get(field)
            org = org[0] if isinstance(org, list) and org else org
            if isinstance(org, dict) and isinstance(org.get("name"), str) and org["name"].strip():
                return str(org["name"]).strip()
    for header in tree.iter("header"):
        for el in header.iter():
            marks = f"{el.get('class') or ''} {el.get('id') or ''}"
            if not isinstance(el.tag, str) or not _BRAND_RE.search(marks):
                continue
            name = " ".join((el.text_content() or "").split()) or (el.get("alt") or "").strip()
            if not name:
                name = next((img.get("alt", "").strip() for img in el.iter("img") if img.get("alt")), "")
            if 2 <= len(name) <= 40 and len(name.split()) <= 5:
                return name
    return None
