"""Incremental story grouping (``StoryIndex``): stories as they grow, each arriving article
joined to the most similar story or starting a new one, with the per-batch regrouping that
keeps the result close to what a batch rebuild (``cluster.stories.rebuild``) gives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse

from newsdesk.cluster.stories import (
    Doc,
    Vocabulary,
    date_mask,
    embedded,
    group_docs,
)
from newsdesk.settings import ClusterOptions


@dataclass
class _Story:
    lexical: dict[int, float]  # sum of the members' TF-IDF rows, by term column
    semantic: np.ndarray | None
    size: int
    first: date | None
    last: date | None
    members: list[str] = field(default_factory=list)


class StoryIndex:
    """Stories as they grow: assign arriving articles to one (incremental clustering).

    TF-IDF rows use the document frequencies seen so far; a story keeps the sum of its
    members' rows, so an article's average similarity to the members is one sparse dot
    product, and an inverted index (term -> stories) limits scoring to stories sharing a term.

    The index holds the stories that can still take an article: a story whose last article is
    dated more than twice the window before the newest article seen is *retired* (its postings
    move to a cold index that only an article dated that far back reads), so the cost of an
    article depends on the stories of its own weeks, not on everything stored before.
    """

    def __init__(self, options: ClusterOptions | None = None) -> None:
        self.options = options or ClusterOptions()
        self.vocab = Vocabulary(self.options.idf_power)
        self.stories: dict[int, _Story] = {}
        self.postings: dict[int, set[int]] = {}  # term column -> active stories
        self.cold: dict[int, set[int]] = {}  # term column -> retired stories
        self.retired: set[int] = set()
        self.newest: int | None = None  # the ordinal of the newest article date seen
        self.docs: dict[str, Doc] = {}  # every member, so the sums can be re-weighted (``refresh``)
        self._next = 1

    def _index_of(self, story_id: int) -> dict[int, set[int]]:
        return self.cold if story_id in self.retired else self.postings

    def horizon(self) -> int | None:
        """The ordinal before which a story's last article retires it (None: nothing dated yet)."""
        return None if self.newest is None else self.newest - 2 * self.options.window_days

    def retire(self) -> int:
        """Move the stories that fell behind the horizon to the cold index; returns how many."""
        horizon = self.horizon()
        if horizon is None:
            return 0
        moved = 0
        for sid, story in self.stories.items():
            if sid in self.retired or story.last is None or story.last.toordinal() >= horizon:
                continue
            for col in story.lexical:
                self.postings.get(col, set()).discard(sid)
                self.cold.setdefault(col, set()).add(sid)
            self.retired.add(sid)
            moved += 1
        return moved

    def _wake(self, story_id: int) -> None:
        """Bring a retired story back (an article dated in its weeks joined it)."""
        if story_id not in self.retired:
            return
        for col in self.stories[story_id].lexical:
            self.cold.get(col, set()).discard(story_id)
            self.postings.setdefault(col, set()).add(story_id)
        self.retired.discard(story_id)

    def _reads_cold(self, day: date | None) -> bool:
        """Whether an article of ``day`` could belong to a retired story."""
        horizon = self.horizon()
        return day is not None and horizon is not None and day.toordinal() - self.options.window_days <= horizon

    def _fits(self, story: _Story, day: date | None) -> bool:
        if day is None or story.first is None or story.last is None:
            return True
        window = self.options.window_days
        return story.first.toordinal() - window <= day.toordinal() <= story.last.toordinal() + window

    @property
    def next_id(self) -> int:
        """The id the next new story gets."""
        return self._next

    def reserve(self, story_id: int) -> None:
        """Never hand out ``story_id`` or a smaller id to a new story."""
        self._next = max(self._next, story_id + 1)

    def add_story(self, story_id: int, docs: Sequence[Doc]) -> None:
        """Load an existing story (its members) into the index. Their terms are not counted
        again: the vocabulary reads the counts of stored articles (``Vocabulary.attach``)."""
        self._next = max(self._next, story_id + 1)
        if not docs:
            return
        rows = self.vocab.matrix(docs)  # one sparse product for the story, not one per article
        for k, doc in enumerate(docs):
            cols, vals = (
                rows.indices[rows.indptr[k] : rows.indptr[k + 1]],
                rows.data[rows.indptr[k] : rows.indptr[k + 1]],
            )
            self._join(story_id, doc, dict(zip(cols.tolist(), vals.tolist(), strict=True)))

    def _row(self, doc: Doc) -> dict[int, float]:
        row = self.vocab.matrix([doc])
        return dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))

    def _join(self, story_id: int, doc: Doc, row: dict[int, float] | None = None) -> None:
        story = self.stories.get(story_id)
        if story is None:
            story = _Story({}, None, 0, doc.published, doc.published)
            self.stories[story_id] = story
        self._wake(story_id)
        for col, w in (self._row(doc) if row is None else row).items():
            story.lexical[col] = story.lexical.get(col, 0.0) + w
            self.postings.setdefault(col, set()).add(story_id)
        if doc.published is not None:
            day = doc.published.toordinal()
            self.newest = day if self.newest is None else max(self.newest, day)
        if doc.embedding is not None:
            story.semantic = doc.embedding.copy() if story.semantic is None else story.semantic + doc.embedding
        story.size += 1
        story.members.append(doc.id)
        self.docs[doc.id] = doc
        if doc.published:
            story.first = min(filter(None, (story.first, doc.published)))
            story.last = max(filter(None, (story.last, doc.published)))

    def score(self, doc: Doc) -> tuple[int | None, float]:
        """The story ``doc`` is most like and its average similarity to that story's members."""
        acc: dict[int, float] = {}
        indexes = (self.postings, self.cold) if self._reads_cold(doc.published) else (self.postings,)
        for col, w in self._row(doc).items():
            for index in indexes:
                for sid in index.get(col, ()):
                    acc[sid] = acc.get(sid, 0.0) + w * self.stories[sid].lexical[col]
        best: tuple[int | None, float] = (None, -1.0)
        sem_w = self.options.semantic_weight
        for sid, dot in acc.items():
            story = self.stories[sid]
            if not self._fits(story, doc.published):
                continue
            sim = dot / story.size
            if sem_w > 0 and doc.embedding is not None and story.semantic is not None:
                sim = (1 - sem_w) * sim + sem_w * float(doc.embedding @ story.semantic) / story.size
            if sim > best[1]:
                best = (sid, sim)
        return best

    def _pair(self, a: int, b: int, dot: float) -> float:
        """Average similarity between the members of stories ``a`` and ``b`` given the dot
        product of their lexical sums (0 across the date window)."""
        sa, sb = self.stories[a], self.stories[b]
        if sa.first and sb.first and sa.last and sb.last:
            window = self.options.window_days
            if (
                sa.first.toordinal() - window > sb.last.toordinal()
                or sb.first.toordinal() - window > sa.last.toordinal()
            ):
                return 0.0
        sim = dot / (sa.size * sb.size)
        sem_w = self.options.semantic_weight
        if sem_w > 0 and sa.semantic is not None and sb.semantic is not None:
            sim = (1 - sem_w) * sim + sem_w * float(sa.semantic @ sb.semantic) / (sa.size * sb.size)
        return sim

    def _cut(self, a: int, b: int) -> float:
        sa, sb = self.stories[a], self.stories[b]
        embedded = self.options.semantic_weight > 0 and sa.semantic is not None and sb.semantic is not None
        return self.options.cuts(embedded)[0]

    def refresh(self, story_ids: Iterable[int] | None = None) -> None:
        """Re-weight stories' sums (every story when ``story_ids`` is None) with the document
        frequencies seen so far: a row is weighted when its article joins, with the IDF of that
        moment, so early rows overweight words that later turn out common."""
        ids = list(self.stories) if story_ids is None else [sid for sid in story_ids if sid in self.stories]
        members = [(k, self.docs[m]) for k, sid in enumerate(ids) for m in self.stories[sid].members]
        if not members:
            return
        rows = self.vocab.matrix([d for _, d in members])
        owner = sparse.csr_matrix(
            (np.ones(len(members)), ([k for k, _ in members], np.arange(len(members)))), shape=(len(ids), len(members))
        )
        sums = (owner @ rows).tocsr()
        for k, sid in enumerate(ids):
            index = self._index_of(sid)
            for col in self.stories[sid].lexical:
                index.get(col, set()).discard(sid)
            start, end = sums.indptr[k], sums.indptr[k + 1]
            cols, vals = sums.indices[start:end].tolist(), sums.data[start:end].tolist()
            self.stories[sid].lexical = dict(zip(cols, vals, strict=True))
            for col in cols:
                index.setdefault(col, set()).add(sid)

    def _close(self, story_id: int, share: float) -> set[int]:
        """Stories whose average similarity to ``story_id`` reaches ``share`` of the cut (dot
        products through the postings, as ``score`` does for an article)."""
        a = self.stories[story_id]
        acc: dict[int, float] = {}
        indexes = (self.postings, self.cold) if self._reads_cold(a.first) else (self.postings,)
        for col, w in a.lexical.items():
            for index in indexes:
                for sid in index.get(col, ()):
                    if sid != story_id:
                        acc[sid] = acc.get(sid, 0.0) + w * self.stories[sid].lexical[col]
        return {sid for sid, dot in acc.items() if self._pair(story_id, sid, dot) >= share * self._cut(story_id, sid)}

    def consolidate(self, touched: Iterable[int]) -> dict[str, int]:
        """After a batch, regroup the region it touched as a batch rebuild would: the stories
        the batch touched and every story near one of them (an average similarity of at least
        ``lone_join`` of the cut) are grouped again together (``group``: average linkage, then
        lone articles join), with the document frequencies seen so far. Each new group keeps
        the id of the old story it shares most articles with (the larger, then the older,
        first); a story whose articles all went elsewhere is merged into where most went.
        Returns ``{article id: story id}`` for every article that changed story."""
        self.retire()
        live = {sid for sid in touched if sid in self.stories}
        self.refresh(live)
        region = set(live)
        for a in live:
            region |= self._close(a, self.options.lone_join * 0.5)  # a loose bar: other sums are older
        self.refresh(region)
        old_of = {m: sid for sid in region for m in self.stories[sid].members}
        docs = [self.docs[m] for m in old_of]
        if len(docs) < 2:
            return {}
        labels = group_docs(docs, self._similarity(docs), self.options)
        groups: dict[int, list[str]] = {}
        for doc, label in zip(docs, labels, strict=True):
            groups.setdefault(label, []).append(doc.id)
        taken: set[int] = set()
        new_of: dict[str, int] = {}
        for members in sorted(groups.values(), key=lambda ms: (-len(ms), min(old_of[m] for m in ms))):
            votes = Counter(old_of[m] for m in members)
            choice = next(
                (sid for sid, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])) if sid not in taken), None
            )
            if choice is None:
                choice = self._next
                self._next += 1
            taken.add(choice)
            for m in members:
                new_of[m] = choice
        moved = {m: sid for m, sid in new_of.items() if sid != old_of[m]}
        if moved:
            self._regroup(region, new_of)
        return moved

    def _similarity(self, docs: Sequence[Doc]) -> np.ndarray:
        rows = self.vocab.matrix(docs)
        sims = (rows @ rows.T).toarray()
        if embedded(docs, self.options):
            emb = np.stack([d.embedding for d in docs if d.embedding is not None])
            sims = (1 - self.options.semantic_weight) * sims + self.options.semantic_weight * (emb @ emb.T)
        sims[date_mask(docs, docs, self.options.window_days)] = 0.0
        return sims

    def _regroup(self, region: set[int], new_of: dict[str, int]) -> None:
        """Rebuild the region's stories from ``new_of`` (article id -> story id)."""
        for sid in region:
            index = self._index_of(sid)
            for col in self.stories[sid].lexical:
                index.get(col, set()).discard(sid)
            self.retired.discard(sid)
            del self.stories[sid]
        for m, sid in new_of.items():
            self._join(sid, self.docs[m])
        self.refresh(set(new_of.values()))

    def assign(self, doc: Doc) -> int:
        """Put ``doc`` in the most similar story when similar enough, else in a new one; return its id."""
        self.vocab.add([doc])
        sid, sim = self.score(doc)
        embedded = (
            self.options.semantic_weight > 0
            and doc.embedding is not None
            and sid is not None
            and self.stories[sid].semantic is not None
        )
        threshold = self.options.cuts(embedded)[0]
        if sid is None or sim < threshold:
            sid = self._next
            self._next += 1
        self._join(sid, doc)
        return sid
