"""Reading title, outlet, byline and date from the header lines of a scraped article.

The header is the run of short lines before the first line of running text. Each line is
classified in turn; what is read becomes metadata and the line is recorded as removed with a
``metadata: ...`` reason, so nothing disappears silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.clean.boilerplate import match_rule
from newsdesk.clean.dates import find_date, is_date_line

OUTLET_WORDS = frozenset(
    [
        "tv",
        "news",
        "press",
        "times",
        "post",
        "media",
        "journal",
        "herald",
        "daily",
        "tribune",
        "radio",
        "network",
        "agency",
        "reuters",
        "ap",
        "afp",
        "bbc",
        "cnn",
        "gazette",
        "chronicle",
        "observer",
        "guardian",
        "telegraph",
        "express",
        "mail",
        "star",
        "globe",
        "review",
        "weekly",
        "magazine",
        "online",
        "today",
        "wire",
        "broadcasting",
        "channel",
        "dispatch",
        "bulletin",
        "courier",
        "monitor",
        "standard",
        "independent",
        "inquirer",
        "mirror",
        "sentinel",
        "register",
        "examiner",
        "enquirer",
        "insider",
        "bloomberg",
        "politico",
        "axios",
        "nbc",
        "abc",
        "cbs",
        "fox",
        "npr",
        "pbs",
        "xinhua",
        "kyodo",
        "yonhap",
        "tass",
        "ria",
    ]
)
_BYLINE_RE = re.compile(r"^(?:by|written by|words by|reporting by|story by|posted by)\s*[:\-]?\s+(.+)$", re.I)
_SEPARATORS_RE = re.compile(r"\s+[|•·]\s+|\s+[-–—]\s+")
_NAME_TOKEN_RE = re.compile(
    r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|[A-Z]\.|Mc[A-Z][a-z]+|O'[A-Z][a-z]+|de|van|von|da|al|bin)"
)
_DOMAIN_RE = re.compile(r"^(?:www\.)?[a-z0-9-]+\.(?:com|net|org|co\.uk|co|news|info|tv)$", re.I)


@dataclass
class Header:
    """Metadata read from header lines, and what each consumed line was."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    date_source: str | None = None  # "dateline" ("Published ...", "Updated ...") or "text"
    consumed: dict[int, str] = field(default_factory=dict)  # line index -> reason


_DATELINE_LABEL_RE = re.compile(r"^\W*(?:first\s+|last\s+)?(published|updated|posted)\b", re.I)


def is_name(text: str) -> bool:
    """True for a person's name on its own: 2 to 4 capitalised tokens, no outlet words."""
    tokens = text.replace(",", " ").split()
    if not 2 <= len(tokens) <= 4:
        return False
    if any(t.lower().strip(".") in OUTLET_WORDS for t in tokens):
        return False
    return all(_NAME_TOKEN_RE.fullmatch(t) for t in tokens) and tokens[-1][0].isupper()


def is_outlet(text: str) -> bool:
    """True for a line that names a news outlet ("Iran Press TV", "nytimes.com")."""
    tokens = text.split()
    if not 1 <= len(tokens) <= 6 or text.rstrip().endswith((".", "?", "!")):
        return False
    if _DOMAIN_RE.match(text.strip()):
        return True
    return any(t.lower().strip(".,:") in OUTLET_WORDS for t in tokens) and all(
        t[:1].isupper() or not t[:1].isalpha() for t in tokens
    )


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def parse_header(lines: list[str]) -> Header:
    """Classify the header ``lines`` (non-empty, stripped) and return the metadata found."""
    head = Header()
    for i, line in enumerate(lines):
        if head.published is None and is_date_line(line):
            found = find_date(line)
            assert found is not None
            head.published = found[0].isoformat()
            head.date_source = "dateline" if _DATELINE_LABEL_RE.match(line) else "text"
            head.consumed[i] = "metadata: date"
            continue
        if _parse_byline(line, head):
            head.consumed[i] = "metadata: byline"
            continue
        rule = match_rule(line)
        if rule is not None:
            head.consumed[i] = rule.reason
            continue
        norm = _norm(line)
        if head.outlet and norm == _norm(head.outlet):
            head.consumed[i] = "outlet repeated"
        elif head.title and norm == _norm(head.title):
            head.consumed[i] = "headline repeated"
        elif head.outlet is None and is_outlet(line):
            head.outlet = line
            head.consumed[i] = "metadata: outlet"
        elif head.author is None and is_name(line) and (head.title is not None or _next_is_date(lines, i)):
            head.author = line
            head.consumed[i] = "metadata: author"
        elif head.title is None and len(line.split()) >= 3:
            head.title = line
            head.consumed[i] = "metadata: title"
        else:
            head.consumed[i] = "header line"
    return head


def _next_is_date(lines: list[str], i: int) -> bool:
    return i + 1 < len(lines) and is_date_line(lines[i + 1])


def _parse_byline(line: str, head: Header) -> bool:
    """Read "Outlet | By Name" or "By Name, Outlet" forms; True when the line was a byline."""
    parts = [p.strip() for p in _SEPARATORS_RE.split(line) if p.strip()]
    author = None
    rest = []
    for part in parts:
        match = _BYLINE_RE.match(part)
        if match and author is None:
            name, _, tail = match.group(1).partition(",")
            author = name.strip()
            if tail.strip():
                rest.append(tail.strip())
        else:
            rest.append(part)
    if author is None or len(author.split()) > 6:
        return False
    head.author = head.author or author
    for part in rest:
        if head.published is None and is_date_line(part):
            found = find_date(part)
            assert found is not None
            head.published = found[0].isoformat()
            head.date_source = "dateline" if _DATELINE_LABEL_RE.match(part) else "text"
        elif head.outlet is None and len(part.split()) <= 6:
            head.outlet = part
    return True
