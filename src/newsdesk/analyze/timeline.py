"""A dated timeline of a story: date expressions resolved against each article's own date.

News dates events relative to the day it is published: "on Thursday" in a Friday 18 August
2017 paper is 2017-08-17, "yesterday" the day before, "last week" the week before, "in April"
the most recent April. Each sentence with a date expression becomes a timeline entry, dated
with the granularity the text gives (day, week, month); entries from several articles that
state the same thing on the same date merge into one event with several sources.

Date expressions are found by patterns (weekdays, yesterday/today, last/this week or month,
month and day, month alone, full dates), resolved to the past with rules that need no model;
an article with no publication date gets no relative dates (there is nothing to resolve
against), only full calendar dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from newsdesk.clean.boilerplate import photo_caption
from newsdesk.clean.dates import MONTHS, find_date, parse_date
from newsdesk.embed import Embedder
from newsdesk.model import Article, Citation, Sentence, TimelineEvent
from newsdesk.text.tokens import content_terms

WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_EXPRESSIONS = re.compile(
    r"\b(?:(?P<last_wd>last|this past)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?P<rel_day>yesterday|today|tonight|this morning|this afternoon|this evening)\b"
    r"|\b(?P<rel_span>last|this|next)\s+(?P<span>week|month|year)\b"
    r"|\b(?P<month>" + _MONTH_NAMES + r")\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s+(?:19|20)\d\d)(?!:)"
    r"|\bin\s+(?P<month_only>" + _MONTH_NAMES + r")\b(?!\.?\s+[0-3]?\d)(?!\s+(?:19|20)\d\d)",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text and the date it resolves to."""

    start: int
    end: int
    text: str
    date: date
    granularity: str  # "day", "week", "month" or "year"


def _past_weekday(base: date, weekday: int) -> date:
    """The latest ``weekday`` on or before ``base`` (a weekday named in a paper of that same
    weekday is taken to be the day itself)."""
    return base - timedelta(days=(base.weekday() - weekday) % 7)


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Date expressions in ``text`` resolved against ``published``, in text order."""
    found: list[DateMention] = []
    full = find_date(text)
    if full is not None:
        day, start, end = full
        found.append(DateMention(start, end, text[start:end], day, "day"))
    for m in _EXPRESSIONS.finditer(text):
        if full is not None and m.start() < full[2] and m.end() > full[1]:
            continue  # inside the full calendar date already found
        resolved = _resolve(m, published)
        if resolved is not None:
            found.append(DateMention(m.start(), m.end(), m.group(0), *resolved))
    return sorted(found, key=lambda d: d.start)


def _resolve(m: re.Match[str], base: date | None) -> tuple[date, str] | None:
    if base is None:
        return None
    if m.group("weekday"):
        day = _past_weekday(base, WEEKDAYS[m.group("weekday").lower()])
        if m.group("last_wd") and day == base:
            day -= timedelta(days=7)
        return day, "day"
    if m.group("rel_day"):
        return (base - timedelta(days=1) if m.group("rel_day").lower() == "yesterday" else base), "day"
    if m.group("rel_span"):
        which, span = m.group("rel_span").lower(), m.group("span").lower()
        if which == "next":
            return None  # the future: plans, not events
        if span == "week":
            monday = base - timedelta(days=base.weekday())
            return (monday - timedelta(days=7) if which == "last" else monday), "week"
        if span == "month":
            first = base.replace(day=1)
            return ((first - timedelta(days=1)).replace(day=1) if which == "last" else first), "month"
        return date(base.year - 1 if which == "last" else base.year, 1, 1), "year"
    if m.group("month"):
        month, day_of_month = MONTHS[m.group("month").lower()], int(m.group("day"))
        for year in (base.year, base.year - 1):
            try:
                candidate = date(year, month, day_of_month)
            except ValueError:
                continue  # 29 February in a year without one: the year before may have it
            if candidate <= base + timedelta(days=1):
                return candidate, "day"
        return None
    month = MONTHS[m.group("month_only").lower()]
    year = base.year if month <= base.month else base.year - 1
    return date(year, month, 1), "month"


_EXPLICIT_RE = re.compile(r"\b(?:" + _MONTH_NAMES + r")\.?\s+[0-3]?\d|\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{4}", re.I)


def _explicit(mention: DateMention) -> bool:
    """A date the text spells out ("March 23rd", "2018-03-23"), which beats a weekday or
    "yesterday" beside it ("Friday, March 23rd" is March 23rd)."""
    return mention.granularity == "day" and bool(_EXPLICIT_RE.search(mention.text))


SAME_EVENT_OVERLAP = 0.5  # without an embedder: share of the shorter sentence's content words


def build_timeline(articles: Sequence[Article], embedder: Embedder | None = None) -> list[TimelineEvent]:
    """Timeline of the (already split) articles' dated sentences, oldest first.

    Sentences of different articles with the same resolved date are one event when they say
    the same thing: cosine at or above the embedder's ``same_content`` threshold (the bar
    used for citations), or, without an embedder, half the content words shared. A sentence an
    article writes again word for word (a page that repeats its lead) adds no entry.
    """
    dated: list[tuple[Article, Sentence, DateMention]] = []
    for art in articles:
        if art.offtopic:
            continue
        published = parse_date(art.published)
        for sentence in art.sentences:
            if photo_caption(sentence.text):
                continue  # the date a photo was taken, not an event of the story
            mentions = find_dates(sentence.text, published)
            if mentions:  # a sentence dates one event: by its most explicit date
                dated.append((art, sentence, min(mentions, key=lambda m: (not _explicit(m), m.start))))
    same = _sameness(dated, embedder)
    events: list[tuple[TimelineEvent, int]] = []  # event and the index of its first sentence
    for k, (art, sentence, mention) in enumerate(dated):
        citation = Citation(art.id, sentence.start, sentence.end, 1.0)
        if any(
            e.date == mention.date
            and " ".join(e.text.split()) == " ".join(sentence.text.split())
            and any(c.article_id == art.id for c in e.citations)
            for e, _ in events
        ):
            continue  # the article says it again word for word (a page that repeats its lead): one entry
        for event, first in events:
            if (
                event.date == mention.date
                and event.granularity == mention.granularity
                and all(c.article_id != art.id for c in event.citations)
                and same(first, k)
            ):
                event.citations.append(citation)
                break
        else:
            events.append(
                (TimelineEvent(mention.date, mention.granularity, sentence.text, mention.text, [citation]), k)
            )
    return sorted((e for e, _ in events), key=lambda e: (e.date, e.granularity != "day"))


def _sameness(
    dated: Sequence[tuple[Article, Sentence, DateMention]], embedder: Embedder | None
) -> Callable[[int, int], bool]:
    if embedder is not None and dated:
        vectors = embedder.encode([s.text for _, s, _ in dated])
        bar = embedder.calibration.same_content
        return lambda i, j: float(vectors[i] @ vectors[j]) >= bar
    terms = [set(content_terms(s.text)) - set(content_terms(m.text)) for _, s, m in dated]

    def overlap(i: int, j: int) -> bool:
        a, b = terms[i], terms[j]
        return bool(a and b) and len(a & b) / min(len(a), len(b)) >= SAME_EVENT_OVERLAP

    return overlap
