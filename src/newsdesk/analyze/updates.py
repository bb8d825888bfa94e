"""What is new in a story since a moment, and who reported each thing first.

An article is *new* when newsdesk first saw it after the moment (``Article.first_seen``, UTC;
an article read from files has none and is never new). What only the new articles add:

- ``sentence``: a sentence of a new article that no earlier article carries (aligned as
  citations are aligned: no earlier sentence at the embedder's ``same_content`` bar), citing
  every new article that carries it;
- ``quote``: a quotation that only new articles report;
- ``entity``: a person, organisation or place that only new articles name;
- ``changed``: a count or a date that a new article gives differently from an earlier one
  (the story's conflicts between an earlier and a new article), with both values and who
  reported each;
- ``outlet``: an outlet that had not reported the story before.

New articles that only repeat what was known (syndicated copies, rewrites) add nothing, and
the report says so. *First reported by*: for a summary sentence or a corroborated fact, the
cited article published first (publication date, else when newsdesk first saw it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np

from newsdesk.embed import Embedder
from newsdesk.errors import OptionError
from newsdesk.model import Article, Citation, Report, Update
from newsdesk.summarize.methods import is_candidate

MAX_SENTENCES = 8  # new sentences listed (the earliest in the new articles first)


@dataclass
class Updates:
    """A story's updates since ``since``: the items, and a line saying what the new articles were."""

    since: str
    new_articles: int
    items: list[Update] = field(default_factory=list)
    note: str = ""


def parse_since(text: str, now: datetime | None = None) -> str:
    """An ISO time (``2026-11-28``, ``2026-11-28T09:00``) or an age (``24h``, ``3d``, ``90m``)
    as the UTC ISO time it names.

    Raises:
        OptionError: neither.
    """
    from newsdesk.settings import parse_duration

    value = re.sub(r" (\d{2}:?\d{2})$", r"+\1", text.strip())  # a "+" that a URL query turned into a space
    now = now or datetime.now(UTC)
    if value[:1].isdigit() and value[-1:].lower() in "smhd" and not value[:4].isdigit():
        return (now - timedelta(seconds=parse_duration(value))).isoformat(timespec="seconds")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise OptionError(f"--since '{text}' is neither an ISO time (2026-11-28T09:00) nor an age (24h, 3d)") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


def is_new(art: Article, since: str) -> bool:
    """Whether newsdesk first saw ``art`` after ``since`` (a UTC ISO time)."""
    return bool(art.first_seen) and (art.first_seen or "") > since


def story_updates(report: Report, since: str, embedder: Embedder) -> Updates:
    """What the articles first seen after ``since`` add to the story (see the module docstring)."""
    new_ids = {a.id for a in report.articles if is_new(a, since)}
    result = Updates(since, len(new_ids))
    if not new_ids:
        result.note = f"No article first seen since {since}."
        return result
    old = [a for a in report.articles if a.id not in new_ids]
    new = [a for a in report.articles if a.id in new_ids and not a.offtopic]
    result.items += _new_sentences(old, new, embedder)
    result.items += [
        Update("quote", f"{q.speaker or 'speaker unknown'}: “{q.text}”", list(q.citations))
        for q in report.quotes
        if q.citations and all(c.article_id in new_ids for c in q.citations)
    ]
    result.items += [
        Update("entity", f"{e.name} ({e.kind})", [Citation(m.article_id, m.start, m.end, 1.0) for m in e.mentions[:3]])
        for e in report.entities
        if e.mentions
        and all(m.article_id in new_ids for m in e.mentions)
        and (len(e.mentions) > 1 or e.kind == "person")
    ]
    result.items += _changed(report, new_ids)
    known_outlets = {a.outlet for a in old if a.outlet}
    for outlet in dict.fromkeys(a.outlet for a in new if a.outlet and a.outlet not in known_outlets):
        first = next(a for a in new if a.outlet == outlet)
        result.items.append(Update("outlet", f"{outlet} reports the story", [Citation(first.id, 0, 0, 1.0)]))
    if not result.items:
        result.note = f"{len(new_ids)} article(s) first seen since {since}, repeating what was known: nothing new."
    else:
        result.note = f"{len(new_ids)} article(s) first seen since {since}."
    return result


def _new_sentences(old: Sequence[Article], new: Sequence[Article], embedder: Embedder) -> list[Update]:
    """Sentences of the new articles that no earlier article carries, each citing every new
    article that carries it."""
    candidates = [(a, s) for a in new for s in a.sentences if is_candidate(s.text)]
    earlier = [s.text for a in old for s in a.sentences]
    if not candidates:
        return []
    bar = embedder.calibration.same_content
    vectors = embedder.encode([s.text for _, s in candidates] + earlier)
    cand, prior = vectors[: len(candidates)], vectors[len(candidates) :]
    known = (cand @ prior.T).max(axis=1) if len(prior) else np.zeros(len(candidates))
    among = cand @ cand.T
    items: list[Update] = []
    taken: list[int] = []
    order = sorted(range(len(candidates)), key=lambda i: (candidates[i][1].index, i))
    for i in order:
        if known[i] >= bar or any(among[i, j] >= bar for j in taken):
            continue
        taken.append(i)
        art, s = candidates[i]
        cites = [Citation(art.id, s.start, s.end, 1.0)]
        for j, (other, t) in enumerate(candidates):
            if other.id != art.id and among[i, j] >= bar and all(c.article_id != other.id for c in cites):
                cites.append(Citation(other.id, t.start, t.end, float(among[i, j])))
        items.append(Update("sentence", s.text, cites))
        if len(items) >= MAX_SENTENCES:
            break
    return items


def _changed(report: Report, new_ids: set[str]) -> list[Update]:
    """Counts and dates a new article gives differently from an earlier one."""
    by_id = {a.id: a for a in report.articles}
    out = []
    for conflict in report.agreement.conflicts:
        if conflict.kind not in ("number", "date"):
            continue
        first_new = {c.article_id in new_ids for c in conflict.first.citations}
        second_new = {c.article_id in new_ids for c in conflict.second.citations}
        if first_new == {False} and second_new == {True}:
            before, after, values = conflict.first, conflict.second, conflict.values
        elif first_new == {True} and second_new == {False}:
            before, after, values = conflict.second, conflict.first, (conflict.values[1], conflict.values[0])
        else:
            continue
        who_before = _outlets(before.citations, by_id)
        who_after = _outlets(after.citations, by_id)
        text = (
            f"{conflict.kind} changed: {values[0]} ({who_before}) → {values[1]} ({who_after}): "
            f"“{before.text}” / “{after.text}”"
        )
        out.append(Update("changed", text, [*before.citations, *after.citations]))
    return out


def _outlets(citations: Sequence[Citation], by_id: dict[str, Article]) -> str:
    names = dict.fromkeys(by_id[c.article_id].outlet or by_id[c.article_id].source for c in citations)
    return ", ".join(names)


def first_reported(citations: Sequence[Citation], articles: Sequence[Article]) -> Article | None:
    """The cited article published first (publication date, else first seen; ties: the
    earlier in the story)."""
    by_id = {a.id: a for a in articles}
    cited = [by_id[c.article_id] for c in citations if c.article_id in by_id]
    dated = [a for a in cited if a.published or a.first_seen]
    if not dated:
        return cited[0] if cited else None
    return min(dated, key=lambda a: (a.published or (a.first_seen or "")[:10], a.first_seen or ""))
