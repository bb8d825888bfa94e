"""Publication dates as they appear in article headers, parsed without a model.

Handles the forms scraped news really carries: "Published: Sat, August 19, 2017",
"Fri Aug 18, 2017 5:2AM", "August 20, 2017", "20 August 2017", "2017-08-20T10:00:00Z",
"08/20/2017". Relative expressions ("on Thursday") are resolved elsewhere (analysis).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?,?\s+)?"

DATE_PATTERNS = [
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),  # Aug 18, 2017
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),  # 18 August 2017
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),  # ISO
    re.compile(r"\b(?P<month>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b"),  # US
]


def find_date(text: str) -> tuple[date, int, int] | None:
    """Return the first full calendar date in ``text`` and its span, or ``None``."""
    best: tuple[date, int, int] | None = None
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            parsed = _to_date(match)
            if parsed and (best is None or match.start() < best[1]):
                best = (parsed, match.start(), match.end())
                break
    return best


def _to_date(match: re.Match[str]) -> date | None:
    month_raw = match.group("month").lower().rstrip(".")
    month = int(month_raw) if month_raw.isdigit() else MONTHS.get(month_raw)
    if month is None:
        return None
    try:
        return date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:  # "February 30": not a date, not an error
        return None


def is_date_line(line: str) -> bool:
    """True when a header line is mostly a date (plus labels such as "Published:" or a time)."""
    found = find_date(line)
    if not found:
        return False
    _, start, end = found
    rest = (line[:start] + " " + line[end:]).lower()
    rest = re.sub(
        r"\b(published|posted|updated|last updated|first published|on|at|date|time|"
        r"[0-2]?\d:[0-5]?\d(?::\d\d)?|[ap]\.?m\.?|[0-2]?\d:?[0-5]?\d?[ap]m|utc|gmt|e[sd]t|"
        r"p[sd]t|bst|cet|z)\b",
        " ",
        rest,
    )
    return len(re.findall(r"[a-z]{3,}", rest)) <= 1


def parse_date(value: str | None) -> date | None:
    """``YYYY-MM-DD`` (or a longer ISO string) to a date; ``None`` when absent or unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
