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
from typing import Any

import numpy as np

from newsdesk.clean.boilerplate import match_rule, photo_caption
from newsdesk.embed import Embedder
from newsdesk.errors import OptionError
from newsdesk.model import Article, Citation, Report, Update

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


BRIEF_WORDS = 80  # the update summary's length
BRIEF_QUOTES = 5  # new quotations from named speakers shown in the brief update


def story_updates(
    report: Report, since: str, embedder: Embedder, words: int = BRIEF_WORDS, method: str = "learned"
) -> Updates:
    """What the articles first seen after ``since`` add to the story (see the module
    docstring). The brief update (``Update.brief``) is a short summary of the new sentences
    (``words`` at most, ranked by the summarizer ``method``'s own relevance in the whole story
    and by how new their words are, in reading order), at most five new quotations from
    named speakers that the summary does not quote already, the figures that changed and the
    new independent outlets; the other new sentences, quotations and entities follow, not
    brief."""
    new_ids = {a.id for a in report.articles if is_new(a, since)}
    result = Updates(since, len(new_ids))
    if not new_ids:
        result.note = f"No article first seen since {since}."
        return result
    old = [a for a in report.articles if a.id not in new_ids]
    new = [a for a in report.articles if a.id in new_ids and not a.offtopic]
    sentences = _new_sentences(report, old, new, embedder, words, method)
    quotes = [q for q in report.quotes if q.citations and all(c.article_id in new_ids for c in q.citations)]
    summarized = " ".join(u.text for u in sentences if u.brief)
    named = [q for q in quotes if named_speaker(q.speaker) and q.text not in summarized][:BRIEF_QUOTES]  # once
    known_outlets = {a.outlet for a in old if a.outlet}
    independent = [a for a in new if a.outlet and not a.partial and a.id not in report.copy_of]
    outlets = [
        Update("outlet", f"{outlet} reports the story", [Citation(first.id, 0, 0, 1.0)])
        for outlet in dict.fromkeys(a.outlet for a in independent if a.outlet not in known_outlets)
        for first in [next(a for a in independent if a.outlet == outlet)]
    ]
    # the brief update first, most telling first: its summary, changed figures, new outlets, quotations
    result.items += [u for u in sentences if u.brief]
    result.items += _changed(report, new_ids, embedder)
    result.items += outlets
    result.items += [
        Update("quote", f"{q.speaker or 'speaker unknown'}: “{q.text}”", list(q.citations), brief=q in named)
        for q in sorted(quotes, key=lambda q: q not in named)
    ]
    result.items += [u for u in sentences if not u.brief]
    result.items += [
        Update(
            "entity",
            f"{e.name} ({e.kind})",
            [Citation(m.article_id, m.start, m.end, 1.0) for m in e.mentions[:3]],
            brief=False,
        )
        for e in report.entities
        if e.mentions
        and all(m.article_id in new_ids for m in e.mentions)
        and (len(e.mentions) > 1 or e.kind == "person")
    ]
    if not result.items:
        result.note = f"{len(new_ids)} article(s) first seen since {since}, repeating what was known: nothing new."
    else:
        result.note = f"{len(new_ids)} article(s) first seen since {since}."
    return result


_DESCRIBED = frozenset({"the", "a", "an", "one", "another", "his", "her", "their", "its", "our", "some", "two"})


def named_speaker(speaker: str | None) -> bool:
    """Whether a quotation's speaker is named ("Ongko Gunawan", "AirAsia"), not only described
    as written ("the report", "a spokesman", "officials")."""
    first = (speaker or "").split()[:1]
    return bool(first) and first[0][0].isupper() and first[0].lower() not in _DESCRIBED


def _new_sentences(
    report: Report, old: Sequence[Article], new: Sequence[Article], embedder: Embedder, words: int, method: str
) -> list[Update]:
    """Sentences of the new articles that no earlier article carries (the same-content bar),
    each citing every new article that carries it: the brief update summary first (``_ranked``,
    up to ``words``, in reading order), then the rest of them, not brief."""
    from newsdesk.summarize.order import read_in_order, unintroduced

    candidates = [(a, s) for a in new for s in a.sentences if _readable(s.text)]
    earlier = [s.text for a in old for s in a.sentences]
    if not candidates:
        return []
    bar = embedder.calibration.same_content
    vectors = embedder.encode([s.text for _, s in candidates] + earlier)
    cand, prior = vectors[: len(candidates)], vectors[len(candidates) :]
    known = (cand @ prior.T).max(axis=1) if len(prior) else np.zeros(len(candidates))
    among = cand @ cand.T
    novel: list[int] = []
    for i in sorted(range(len(candidates)), key=lambda i: (candidates[i][1].index, i)):
        if known[i] < bar and not any(among[i, j] >= bar for j in novel):
            novel.append(i)
    persons = [n for e in report.entities if e.kind == "person" for n in dict.fromkeys([e.name, *e.names])]
    brief: list[int] = []
    used = 0
    for i in _ranked(candidates, novel, old, new, embedder, words, method):
        size = len(candidates[i][1].text.split())
        who = unintroduced(candidates[i][1].text, persons)
        if who and not any(who in candidates[j][1].text for j in brief):
            continue  # "Hagerty takes his post ...": not before a sentence that says who Hagerty is
        if used + size <= words:
            brief.append(i)
            used += size
    position = {a.id: k for k, a in enumerate(report.articles)}
    shown = sorted(
        brief,
        key=lambda i: (candidates[i][1].index / max(len(candidates[i][0].sentences), 1), position[candidates[i][0].id]),
    )
    shown = [shown[k] for k in read_in_order([candidates[i][1].text for i in shown])]
    items: list[Update] = []
    for i in [*shown, *(i for i in novel if i not in brief)][: MAX_SENTENCES + len(shown)]:
        art, s = candidates[i]
        cites = [Citation(art.id, s.start, s.end, 1.0)]
        for j, (other, t) in enumerate(candidates):
            if other.id != art.id and among[i, j] >= bar and all(c.article_id != other.id for c in cites):
                cites.append(Citation(other.id, t.start, t.end, float(among[i, j])))
        items.append(Update("sentence", s.text, cites, brief=i in brief))
    return items


def _readable(text: str) -> bool:
    """A sentence a reader can take alone: six words or more, no page junk (a rule of
    ``clean.boilerplate``, a photo's caption), not a quotation with no speaker, not one whose subject is the
    sentence before it ("That would signal ...")."""
    from newsdesk.summarize.methods import QUOTE_ONLY_RE
    from newsdesk.summarize.order import refers_back

    stripped = text.strip()
    return (
        len(stripped.split()) >= 6
        and match_rule(stripped) is None
        and not QUOTE_ONLY_RE.match(stripped)
        and not photo_caption(stripped)
        and not refers_back(stripped)
    )


MMR_LAMBDA = 0.8  # relevance against redundancy, as the default summarizer weighs them
NOVELTY_WEIGHT = 0.4  # weight of a sentence's share of words the earlier articles lack (README, "Updates")


def _ranked(
    candidates: Sequence[tuple[Article, Any]],
    novel: Sequence[int],
    old: Sequence[Article],
    new: Sequence[Article],
    embedder: Embedder,
    words: int,
    method: str,
) -> list[int]:
    """The novel candidates in the order the update summary takes them: greedy MMR among
    them alone (those the summarizer reads: the learned scorer's leads) over the summarizer
    ``method``'s own relevance of each sentence in the whole story (earlier and new articles:
    a new sentence about what the story is about ranks first) plus ``NOVELTY_WEIGHT`` times
    the share of its content words that no earlier article uses; the rest after them, by
    that value."""
    from newsdesk.summarize import SUMMARIZERS, StoryText  # loaded when an update is asked for
    from newsdesk.summarize.methods import mmr_rank
    from newsdesk.text.tokens import content_terms

    story = StoryText([*old, *new], embedder)
    if not story.sentences:
        return list(novel)
    summarizer = SUMMARIZERS.get(method)
    at = {(s.article_id, s.start): k for k, s in enumerate(story.sentences)}
    index = {i: at[(candidates[i][0].id, candidates[i][1].start)] for i in novel}  # candidate -> story sentence
    known = {t for a in old for s in a.sentences for t in content_terms(s.text)}
    value = summarizer.relevance(story)
    for k in index.values():  # only the novel candidates are ranked
        terms = set(content_terms(story.sentences[k].text))
        value[k] += NOVELTY_WEIGHT * (len(terms - known) / len(terms) if terms else 0.0)
    back = {k: i for i, k in index.items()}
    read = set(summarizer.reads(story).tolist())
    among = [k for k in index.values() if k in read]
    # past the budget, so a sentence too long for what is left can give way to a shorter one
    order = [back[k] for k in mmr_rank(story, value, MMR_LAMBDA, 3 * words, value, among=among)]
    taken = set(order)
    return order + sorted((i for i in novel if i not in taken), key=lambda i: -value[index[i]])


def _changed(report: Report, new_ids: set[str], embedder: Embedder) -> list[Update]:
    """Figures and dates the new articles give differently from the earlier ones, with who
    gave each value and when: event counts read by what they count, however worded
    (``text.quantities``: "the death toll rose to 31" after "12 killed"), each article's first
    figure for each counted thing, from any of its sentences; dates from the story's date
    conflicts."""
    from newsdesk.analyze.agreement import first_figures, rivals, stated_counts

    by_id = {a.id: a for a in report.articles}
    # a later article restating a figure in its background paragraphs still states it
    stated = stated_counts([(a, s) for a in report.articles if not a.offtopic for s in a.sentences], lead=None)
    # an article's own figure for a counted thing is the first it states; a later one for the
    # same thing counts part of it ("two remain seriously injured") or another incident
    first = [(a, s, q) for _, a, s, q in first_figures(stated)]
    olds = [item for item in first if item[0].id not in new_ids]
    news = [item for item in first if item[0].id in new_ids]
    out: list[Update] = []
    seen: set[tuple[str, float, float]] = set()
    if olds and news:
        vectors = embedder.encode([s.text for _, s, _ in olds] + [s.text for _, s, _ in news])
        sims = vectors[: len(olds)] @ vectors[len(olds) :].T
        for i, (a, s, qa) in enumerate(olds):
            for j, (b, t, qb) in enumerate(news):
                if not rivals(qa, qb, float(sims[i, j]), embedder.calibration.same_content):
                    continue
                key = (qa.what, qa.value, qb.value)
                if key in seen:
                    continue
                seen.add(key)
                text = f"{qa.text} ({_who(a)}) → {qb.text} ({_who(b)})"
                out.append(
                    Update("changed", text, [Citation(a.id, s.start, s.end, 1.0), Citation(b.id, t.start, t.end, 1.0)])
                )
    for conflict in report.agreement.conflicts:
        if conflict.kind != "date":
            continue
        first_new = {c.article_id in new_ids for c in conflict.first.citations}
        second_new = {c.article_id in new_ids for c in conflict.second.citations}
        if first_new == {False} and second_new == {True}:
            before, after, values = conflict.first, conflict.second, conflict.values
        elif first_new == {True} and second_new == {False}:
            before, after, values = conflict.second, conflict.first, (conflict.values[1], conflict.values[0])
        else:
            continue
        who_before = ", ".join(dict.fromkeys(_who(by_id[c.article_id]) for c in before.citations))
        who_after = ", ".join(dict.fromkeys(_who(by_id[c.article_id]) for c in after.citations))
        text = f"date {values[0]} ({who_before}) → {values[1]} ({who_after})"
        out.append(Update("changed", text, [*before.citations, *after.citations]))
    return out


def _who(art: Article) -> str:
    """An article's outlet (else its source) and when it reported."""
    when = art.published or (art.first_seen or "")[:10]
    return f"{art.outlet or art.source}, {when}" if when else (art.outlet or art.source)


def first_reported(citations: Sequence[Citation], articles: Sequence[Article]) -> Article | None:
    """The cited article published first (publication date, else first seen; ties: the
    earlier in the story)."""
    by_id = {a.id: a for a in articles}
    cited = [by_id[c.article_id] for c in citations if c.article_id in by_id]
    dated = [a for a in cited if a.published or a.first_seen]
    if not dated:
        return cited[0] if cited else None
    return min(dated, key=lambda a: (a.published or (a.first_seen or "")[:10], a.first_seen or ""))
