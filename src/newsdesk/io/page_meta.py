"""What a news page says about itself, read from its markup the way publishers write it.

- **Publication date**, in order of trust: the page's metadata (``article:published_time``
  and its kin, JSON-LD ``datePublished``, ``<time datetime>`` in the article's header; a date
  in the page's URL, the publisher's own calendar day, settles a UTC time a day off), the
  date in the URL, then a visible dateline ("Published Dec. 4, 2026 at 08:05 UTC", "Updated ...", "Posted ...").
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

from newsdesk.clean.dates import MONTHS, find_date, is_date_line
from newsdesk.clean.titles import is_section, title_site_name

# <meta> names and properties that carry the publication time, most specific first
DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:pubdate",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "pdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
SITE_META = ("og:site_name", "application-name")
ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "webpage", "analysisnewsarticle"}
DATELINE_RE = re.compile(r"^\s*(?:first\s+)?(published|updated|posted|last updated)\b[\s:,-]*(?:on\s+)?", re.I)
_ISO_RE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
# a date in the article's address, as many publishers write it: /2019/11/18/ or /2019-11-19/
# a page's data for its scripts often names the publication date when its markup does not
_SCRIPT_DATE_RE = re.compile(
    r'"(?:datePublished|publishedDate|publishDate|published_at|pubDate)"\s*:\s*"(\d{4}-\d\d-\d\d)'
)
URL_DATE_RE = re.compile(
    r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[/-](0[1-9]|[12]\d|3[01])(?=[/-]|\.html?|$)",
    re.I,
)
_BRAND_RE = re.compile(r"logo|brand|masthead|site-?name|site-?title", re.I)
_NAME_RE = re.compile(r"[^\W_][\w .&'’-]{1,38}[\w.]")  # a name: no colon, bar or slash


@dataclass(frozen=True)
class PageMeta:
    """A page's own metadata: its date and where the date came from (``meta`` or
    ``dateline``), and its site's name."""

    published: str | None = None
    date_source: str | None = None
    site_name: str | None = None


def page_meta(html: str, now: datetime | None = None, url: str | None = None) -> PageMeta:
    """The date and site name a page states (``now``: when it was fetched; a later date is
    not believed). A date in the page's ``url`` (``/2019/11/18/``) is the publisher's own
    calendar day: it wins over a metadata time a day off (a UTC time of a late evening
    article), and dates a page with no metadata (source ``url``)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (etree.LxmlError, ValueError):  # an empty page; a text with an encoding declaration: it says nothing
        return PageMeta()
    latest = (now or datetime.now(UTC)).date() + timedelta(days=1)  # time zones: a page may be a day ahead
    metas = _metas(tree)
    ld = list(_json_ld(tree))
    published, source = _meta_date(metas, ld, tree, latest), "meta"
    in_url = _url_date(url, latest)
    if in_url is not None and (published is None or abs((published - in_url).days) <= 1):
        published, source = in_url, "meta" if published is not None else "url"
    if published is None:
        published, source = _dateline(tree, latest), "dateline"
    return PageMeta(
        published=published.isoformat() if published else None,
        date_source=source if published else None,
        site_name=_site_name(metas, ld, tree),
    )


def _url_date(url: str | None, latest: date) -> date | None:
    found = URL_DATE_RE.search(url or "")
    if found is None:
        return None
    month = found.group(2).lower()
    try:
        day = date(int(found.group(1)), int(month) if month.isdigit() else MONTHS[month], int(found.group(3)))
    except ValueError:
        return None
    return day if day <= latest else None


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
    for script in tree.iter("script"):
        found = _SCRIPT_DATE_RE.search(script.text or "")
        day = _day(found.group(1), latest) if found else None
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


_ASIDE_TAGS = {"footer", "nav", "aside", "figcaption", "a"}
_ASIDE_MARKS = re.compile(r"footer|copyright|related|sidebar|comment|promo|teaser|recommend", re.I)
_DATE_MARKS = re.compile(r"date|time|publish|posted|byline", re.I)


def _in_footer(el: Any) -> bool:
    """Whether ``el`` sits in a footer, a sidebar, a caption, a link or another story's teaser."""
    while el is not None:
        tag = el.tag if isinstance(el.tag, str) else ""
        marks = f"{el.get('class') or ''} {el.get('id') or ''}"
        if tag in _ASIDE_TAGS or _ASIDE_MARKS.search(marks):
            return True
        el = el.getparent()
    return False


def _dateline(tree: Any, latest: date) -> date | None:
    """The date of the page's visible dateline, best first: a "Published ..." or "Posted ..."
    line, an "Updated ..." line, an element marked as the date (``class="publish-date"``), a
    line that is nothing but a date ("November 15, 2019"); never in a footer, a sidebar, a
    caption or a link."""
    best: tuple[int, date] | None = None
    for el in tree.iter("p", "div", "span", "time", "small", "em", "strong", "li", "h4", "h5", "h6"):
        own = " ".join((el.text or "").split())
        text = " ".join((el.text_content() or "").split())
        if not text or len(text) > 80:
            continue
        label = DATELINE_RE.match(text)
        marks = f"{el.get('class') or ''} {el.get('id') or ''}"
        if label is not None:
            rank = 0 if label.group(1).lower() in ("published", "posted") else 1
            found = find_date(text[label.end() :]) or find_date(text)
        elif _DATE_MARKS.search(marks) and is_date_line(text):
            rank, found = 2, find_date(text)
        elif own and is_date_line(own):
            rank, found = 3, find_date(own)
        else:
            continue
        if found is None or found[0] > latest or (best is not None and best[0] <= rank) or _in_footer(el):
            continue
        best = (rank, found[0])
        if rank == 0:
            break
    return best[1] if best else None


def _squash(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower())


def _same_name(handle: str, name: str) -> bool:
    """Whether a site's handle ("TheHill", "usatoday", "WSJ") is its name ("The Hill", "USA
    TODAY", "Wall Street Journal") written short: squashed, or as initials."""
    short, full = _squash(handle), _squash(name)
    initials = "".join(w[0] for w in re.findall(r"[^\W_]+", name.lower()) if w not in ("the", "of", "and"))
    return bool(short) and (short in full or short == initials)


def _site_name(metas: dict[str, str], ld: list[dict[str, Any]], tree: Any) -> str | None:
    publisher = None
    for item in ld:
        for field in ("publisher", "sourceOrganization"):
            org = item.get(field)
            org = org[0] if isinstance(org, list) and org else org
            if publisher is None and isinstance(org, dict) and isinstance(org.get("name"), str) and org["name"].strip():
                publisher = " ".join(str(org["name"]).split())
    for key in SITE_META:
        value = metas.get(key, "").lstrip("@").split(" | ")[0].strip()  # "The Jerusalem Post | JPost.com"
        if value and not value.startswith("http") and len(value) <= 60 and not is_section(value):
            # a handle ("TheHill", "usatoday") yields to the publisher's own name when it is that name
            if " " not in value and publisher and " " in publisher and _same_name(value, publisher):
                return publisher
            return value
    if publisher:
        return publisher
    for header in tree.iter("header"):
        for el in header.iter():
            marks = f"{el.get('class') or ''} {el.get('id') or ''}"
            if not isinstance(el.tag, str) or not _BRAND_RE.search(marks):
                continue
            names = [el.text, el.get("title"), el.get("aria-label")]
            names += [img.get("alt") for img in el.iter("img")]
            for name in (" ".join(re.sub(r"\blogo\b", "", n or "", flags=re.I).split()) for n in names):
                if _NAME_RE.fullmatch(name) and len(name.split()) <= 5 and "image" not in name.lower():
                    return name
    title = " ".join((tree.findtext(".//title") or "").split())
    return title_site_name(title) if title else None  # "Headline - The New York Times"
