"""What the outlets of a story agree on, what only one reports, and where they contradict.

Sentences of different articles are aligned when the embedder finds them to say the same
thing (cosine at its ``same_content`` bar, the bar ranking reads); aligned sentences from
several articles are a *corroborated* fact. A sentence no other article aligns with is
*single-source*. Two sentences that are about the same thing (cosine at a lower ``related``
bar) but count the same thing differently are a *conflict* ("12 people were killed" against
"15 people were killed"), and so are event counts given differently at about the same time
however each is worded (``text.quantities``: "162 people on board" against "155 passengers
and crew"), and two that say the same thing (the ``same_content`` bar)
with different dates ("met on Thursday", 17 August, against "met on Friday", 18 August; dates
a year or more apart are of another time, not rival dates), or
with different places ("talks held in Washington" against "talks held in Tokyo": the places
after "in", "at", "near" ... that the story's entities name, none shared). The same quotation
credited to different speakers by different outlets is a *speaker* conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import numpy as np

from newsdesk.analyze.timeline import find_dates
from newsdesk.clean.dates import parse_date
from newsdesk.embed import Embedder
from newsdesk.model import Agreement, Article, Citation, Conflict, Entity, Fact, Quote, Sentence
from newsdesk.text.numbers import numbers, numbers_clash
from newsdesk.text.quantities import Quantity, comparable, disagree, quantities

RELATED_FACTOR = 0.8  # "about the same thing": this share of the same-content bar
_PLACE_CUE = re.compile(r"\b(?:in|at|near|outside|inside|from|to)\s+(?:the\s+)?$", re.I)


def places(art: Article, s: Sentence, entities: Sequence[Entity]) -> set[str]:
    """Canonical names of the places the sentence puts something in ("held in Washington")."""
    found = set()
    for e in entities:
        if e.kind != "place":
            continue
        for m in e.mentions:
            if m.article_id == art.id and s.start <= m.start < s.end and _PLACE_CUE.search(art.text[s.start : m.start]):
                found.add(e.name)
    return found


def speaker_conflicts(quotes: Sequence[Quote]) -> list[Conflict]:
    """Quotations that different articles credit to different speakers."""
    out = []
    for q in quotes:
        named = list(dict.fromkeys(q.credited.values()))
        if len(named) < 2:
            continue
        first, second = named[:2]
        by_article = {c.article_id: c for c in q.citations}
        a = next(i for i, who in q.credited.items() if who == first)
        b = next(i for i, who in q.credited.items() if who == second)
        out.append(Conflict("speaker", (first, second), Fact(q.text, [by_article[a]]), Fact(q.text, [by_article[b]])))
    return out


def _fact(art: Article, s: Sentence) -> Fact:
    return Fact(s.text, [Citation(art.id, s.start, s.end, 1.0)])


def story_agreement(
    articles: Sequence[Article],
    embedder: Embedder,
    max_single: int = 10,
    entities: Sequence[Entity] = (),
    quotes: Sequence[Quote] = (),
) -> Agreement:
    """Align the (already split) articles' sentences across articles; see the module docstring.

    ``single_source`` keeps the ``max_single`` sentences most central to the story; place
    conflicts need the story's ``entities``, speaker conflicts its ``quotes``.
    """
    items = [(a, s) for a in articles if not a.offtopic for s in a.sentences]
    result = Agreement()
    if len({a.id for a, _ in items}) < 2:
        return result
    vectors = embedder.encode([s.text for _, s in items])
    sims = vectors @ vectors.T
    index = {art_id: k for k, art_id in enumerate(dict.fromkeys(a.id for a, _ in items))}
    owner = np.array([index[a.id] for a, _ in items])
    other = owner[:, None] != owner[None, :]
    same_bar = embedder.calibration.same_content
    aligned = (sims >= same_bar) & other
    counted = [numbers(s.text) for _, s in items]
    for i, j in zip(*np.nonzero(np.triu(aligned, 1)), strict=True):
        if counted[i] and numbers_clash(counted[i], counted[j]):  # other figures: a conflict, not agreement
            aligned[i, j] = aligned[j, i] = False

    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(aligned, 1)), strict=True):
        parent[root(int(i))] = root(int(j))
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(root(i), []).append(i)
    centrality = sims.mean(axis=1)
    singles: list[tuple[float, Fact]] = []
    for members in groups.values():
        arts = {items[i][0].id for i in members}
        first = min(members, key=lambda i: -centrality[i])
        fact = _fact(*items[first])
        if len(arts) >= 2:
            seen = {items[first][0].id}
            for i in members:
                art, s = items[i]
                if art.id not in seen:
                    seen.add(art.id)
                    fact.citations.append(Citation(art.id, s.start, s.end, float(sims[first, i])))
            result.corroborated.append(fact)
        elif len(items[first][1].text.split()) >= 8:
            singles.append((float(centrality[first]), fact))
    result.corroborated.sort(key=lambda f: -len(f.citations))
    result.single_source = [f for _, f in sorted(singles, key=lambda x: -x[0])[:max_single]]
    result.conflicts = (
        count_conflicts(items, sims, same_bar)
        + _conflicts(items, counted, sims, other, same_bar, entities)
        + speaker_conflicts(quotes)
    )
    return result


SAME_TIME_DAYS = 1  # figures of reports at most this many days apart are rival accounts; later ones, changes


# a sentence about another time ("last month", "the last war", "in 2012", "since 1995", "a
# 2009 attack") or that says it tells of another incident ("In a separate incident, ...",
# "Separately, ...") counts another event
_OTHER_EVENT = re.compile(
    r"\b(?:in|during) (?:a|an|another) (?:separate|unrelated|different|other) (?:\w+ )?(?:incident|attack|case|accident"
    r"|crash|shooting|event)\b|\bin another (?:incident|attack|case|accident|crash|shooting)\b|^\W*separately\b"
    r"|\b(?:last|previous|earlier this|past) (?:\w+ )?(?:month|year|war|decade|week)\b|\b(?:in|since|an?) (?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d-(?:19|20)?\d\d\b|\b(?:days|weeks|months|years|a week|a month|a year) ago\b"
    r"|\b(?:since|in) (?:january|february|march|april|may|june|july|august|september|october|november|december)\b",
    re.I,
)
# a figure in a clause about an earlier event ("eight months after gunmen killed 130 people in
# Paris", "hours after another in Barcelona killed 13"): the clause runs to the figure unbroken
_EARLIER = re.compile(
    r"\b(?:hours|days|weeks|months|years|a day|the day|a week|a month|a year) (?:after|before)\b[^,;.]*$", re.I
)
# one figure per event: who was aboard the one plane, ship or bus; casualty counts often belong
# to several incidents of one story, and are compared only between sentences about one matter
ONE_PER_EVENT = frozenset({"aboard", "passengers", "crew"})
# an article's figures about its own event: its first sentences (chosen on dev among all, 5
# and 10: all gave full-length dev 15 conflicts between figures of different incidents of one
# story, 10 none, keeping every planted change found)
FIGURE_SENTENCES = 10
# two outlets' figures for one thing at one time this many times apart count different groups
# (a part and the whole: "four passengers" against "about 1,000 passengers"; a town's toll
# against a region's) or another incident, not one thing told two ways; fitted on the labelled
# train conflicts (README, "Figures that disagree"). A toll that grows so much is a change, days apart.
RIVAL_RATIO = 4.0
LOOSE_FACTOR = 0.5  # two figures' sentences must be about the story's same matter: this share of the same-content bar


def count_conflicts(items: Sequence[tuple[Article, Sentence]], sims: np.ndarray, same: float) -> list[Conflict]:
    """Event counts that outlets give differently at about the same time, however each words
    them ("162 people on board" against "155 passengers and crew"): one conflict for each
    counted thing and pair of values, each side citing every article that states it. Figures
    that can both be true ("about 160" and 162) and reports days apart (a toll that rose)
    are not conflicts, nor are counts of different groups ("84 Palestinians" against "three
    soldiers") or in sentences about other matters (``rivals``: ``sims`` against the
    same-content bar ``same``).
    Each article's figure for a counted thing is the first it gives (a later one counts a
    part, "two remain in hospital", or another incident), and figures ``RIVAL_RATIO`` times
    apart count different groups."""
    stated = first_figures(stated_counts(items))
    found: dict[tuple[str, float, float], Conflict] = {}
    for k, (i, a, s, qa) in enumerate(stated):
        for j, b, t, qb in stated[k + 1 :]:
            if a.id == b.id or not _same_time(a, b) or not rivals(qa, qb, float(sims[i, j]), same):
                continue
            if max(qa.value, qb.value) > RIVAL_RATIO * min(qa.value, qb.value):
                continue
            first, second = ((a, s, qa), (b, t, qb)) if qa.value <= qb.value else ((b, t, qb), (a, s, qa))
            key = (qa.what, first[2].value, second[2].value)  # one conflict per pair of values, whichever came first
            if key not in found:
                found[key] = Conflict(
                    "number", (first[2].text, second[2].text), _fact(first[0], first[1]), _fact(second[0], second[1])
                )
                continue
            for art, sentence, fact in (
                (first[0], first[1], found[key].first),
                (second[0], second[1], found[key].second),
            ):
                if all(c.article_id != art.id for c in fact.citations):
                    fact.citations.append(Citation(art.id, sentence.start, sentence.end, 1.0))
    return list(found.values())


def stated_counts(
    items: Sequence[tuple[Article, Sentence]], lead: int | None = FIGURE_SENTENCES
) -> list[tuple[int, Article, Sentence, Quantity]]:
    """Each figure the sentences state (``text.quantities``), with the sentence's place in
    ``items``: from an article's first ``lead`` sentences only (all with None), where it
    reports its event (later ones give background, other incidents, a live blog's other
    hours), and none from a sentence about another time ("last month", "in 2012": another
    event's figures) or from a clause about an earlier event ("months after gunmen killed
    130")."""
    return [
        (n, a, s, q)
        for n, (a, s) in enumerate(items)
        if (lead is None or s.index < lead) and not _OTHER_EVENT.search(s.text)
        for q in quantities(s.text)
        if not _EARLIER.search(s.text, 0, q.start)
    ]


def first_figures(
    stated: Sequence[tuple[int, Article, Sentence, Quantity]],
) -> list[tuple[int, Article, Sentence, Quantity]]:
    """Of ``stated_counts``, each article's first figure for each counted thing (what it
    counts, and of whom)."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for n, a, s, q in stated:
        if (a.id, q.what, q.subject) not in seen:
            seen.add((a.id, q.what, q.subject))
            out.append((n, a, s, q))
    return out


def rivals(a: Quantity, b: Quantity, similarity: float, same: float) -> bool:
    """Whether two figures are rival figures for one thing: both say what they are of
    (``comparable``), they cannot both be true, and they count what an event has one of (who
    was aboard), or their sentences (cosine ``similarity``) are about one matter
    (``LOOSE_FACTOR`` of the same-content bar ``same``: casualties of another incident are not
    rivals); two shares, only in sentences that say the same thing (the bar itself): "45
    percent of the vote" says of what it is a share, not whose (one candidate's or another's,
    one survey answer's or another's)."""
    bar = same if a.what == "percent" else same * LOOSE_FACTOR
    return comparable(a) and comparable(b) and disagree(a, b) and (a.what in ONE_PER_EVENT or similarity >= bar)


DATE_GAP_DAYS = 366  # two dates for one statement further apart: one is of another time, not a rival date


def _near(days_a: set[date], days_b: set[date]) -> bool:
    """Whether two sentences' dates are close enough to be rival dates of one event ("met on
    Thursday" against "met on Tuesday"); "sentenced Tuesday" read against a page's date
    years later than "sentenced on Sept. 25, 2018" is a page dated when it was not written,
    or another event."""
    return min(abs((x - y).days) for x in days_a for y in days_b) <= DATE_GAP_DAYS


def _same_time(a: Article, b: Article) -> bool:
    day_a, day_b = parse_date(a.published), parse_date(b.published)
    return day_a is None or day_b is None or abs((day_a - day_b).days) <= SAME_TIME_DAYS


def _conflicts(
    items: Sequence[tuple[Article, Sentence]],
    counted: Sequence[dict[str, str]],  # ``numbers`` of each item
    sims: np.ndarray,
    other: np.ndarray,
    same: float,
    entities: Sequence[Entity] = (),
) -> list[Conflict]:
    out: list[Conflict] = []
    related = same * RELATED_FACTOR
    for i, j in zip(*np.nonzero(np.triu((sims >= related) & other, 1)), strict=True):
        (a, s), (b, t) = items[int(i)], items[int(j)]
        na, nb = counted[int(i)], counted[int(j)]
        if numbers_clash(na, nb):
            continue  # other figures: counts are compared by what they count (``count_conflicts``), not here
        if sims[i, j] < same:
            continue  # a different date is a conflict only for the same statement
        day_a = {d.date for d in find_dates(s.text, parse_date(a.published)) if d.granularity == "day"}
        day_b = {d.date for d in find_dates(t.text, parse_date(b.published)) if d.granularity == "day"}
        if day_a and day_b and not (day_a & day_b) and _near(day_a, day_b):
            values = (", ".join(sorted(d.isoformat() for d in day_a)), ", ".join(sorted(d.isoformat() for d in day_b)))
            out.append(Conflict("date", values, _fact(a, s), _fact(b, t)))
            continue
        where_a, where_b = places(a, s, entities), places(b, t, entities)
        if where_a and where_b and not (where_a & where_b):
            values = (", ".join(sorted(where_a)), ", ".join(sorted(where_b)))
            out.append(Conflict("place", values, _fact(a, s), _fact(b, t)))
    return out
