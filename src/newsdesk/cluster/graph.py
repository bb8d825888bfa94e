"""Batch grouping past memory: a sparse neighbour graph, then each connected component grouped
on its own.

``stories.group`` links every pair that ends in one story through pairs at or above
``min(threshold, join)`` (average linkage joins two clusters only when some pair across them
reaches the threshold; a lone article joins a story only when its average similarity to it
reaches ``join``, so some member does). Grouping each connected component of the graph of
such pairs on its own therefore gives exactly the stories of grouping everything at once, and
the look-alike split works inside a story. What this module never holds is the n x n matrix:

- **Candidates by date.** Articles are taken in date order, a chunk at a time; a chunk is
  compared only with the articles dated within the window of it (and the undated ones, which
  may join anything), through the same TF-IDF rows (IDF over all articles) and, when every
  article is embedded, the same embeddings as the dense path.
- **Components.** The pairs at or above the cut form a sparse graph; ``connected_components``
  splits it, and each component gets its own dense similarity and ``stories.group_docs``.

- **Large components.** Weak links chain many stories into one component (on a year of
  Multi-News train, most articles end in one). A component of more than ``DENSE_LIMIT``
  articles is grouped from the stored pairs alone (``sparse_average_linkage``): average
  linkage and the lone-article step over the pairs at or above ``FLOOR`` times the cut, a
  pair below it counting as 0 (the dense path counts its small true similarity, so an
  average can come out a little lower: the one approximation, measured in the README); the
  look-alike split then runs on each story's own dense similarity, as before.

Memory is a chunk's block (chunk x candidates), the stored pairs, and a component's square up
to ``DENSE_LIMIT``.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from newsdesk.cluster.facts import split_events
from newsdesk.cluster.stories import Doc, Vocabulary, date_mask, embedded, group_docs
from newsdesk.settings import ClusterOptions

CHUNK = 512  # rows compared at a time
DENSE_LIMIT = 4000  # a component larger than this is grouped from its stored pairs
FLOOR = 0.5  # pairs at or above this share of the cut are stored for that


def _ordinals(docs: Sequence[Doc]) -> np.ndarray:
    return np.array([d.published.toordinal() if d.published else np.nan for d in docs], dtype=float)


def neighbour_pairs(
    docs: Sequence[Doc], options: ClusterOptions, floor: float, chunk: int = CHUNK
) -> tuple[np.ndarray, np.ndarray, np.ndarray, sparse.csr_matrix, np.ndarray | None]:
    """Every pair ``i < j`` of ``docs`` whose similarity reaches ``floor``: ``(i, j, sim)``
    arrays, with the TF-IDF rows and the embeddings (``None`` when grouping by words alone)
    they were read from."""
    vocab = Vocabulary(options.idf_power)
    vocab.add(docs)
    lex = vocab.matrix(docs)
    emb = np.stack([d.embedding for d in docs if d.embedding is not None]) if embedded(docs, options) else None
    src, dst, sim = pairs_above(lex, emb, _ordinals(docs), options, floor, chunk)
    return src, dst, sim, lex, emb


def pairs_above(
    lex: sparse.csr_matrix, emb: np.ndarray | None, days: np.ndarray, options: ClusterOptions, floor: float,
    chunk: int = CHUNK,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Every pair ``i < j`` of rows of ``lex`` (and ``emb``) whose similarity reaches ``floor``,
    comparing each row only with the rows dated within the window of it (``days``: ordinals,
    NaN for undated rows, which are compared with all)."""
    weight = options.semantic_weight if emb is not None else 0.0
    dated = np.flatnonzero(~np.isnan(days))
    undated = np.flatnonzero(np.isnan(days))
    by_day = dated[np.argsort(days[dated], kind="stable")]
    sorted_days = days[by_day]
    order = np.concatenate([by_day, undated])
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for at in range(0, len(order), chunk):
        rows = order[at : at + chunk]
        row_days = days[rows]
        if np.isnan(row_days).any():
            cols = np.arange(lex.shape[0])  # an undated article may join anything
        else:
            lo = np.searchsorted(sorted_days, row_days.min() - options.window_days, side="left")
            hi = np.searchsorted(sorted_days, row_days.max() + options.window_days, side="right")
            cols = np.concatenate([by_day[lo:hi], undated])
        block = (lex[rows] @ lex[cols].T).toarray()
        if emb is not None:
            block = (1 - weight) * block + weight * (emb[rows] @ emb[cols].T)
        with np.errstate(invalid="ignore"):
            block[np.abs(row_days[:, None] - days[cols][None, :]) > options.window_days] = 0.0
        r, c = np.nonzero(block >= floor)
        keep = rows[r] < cols[c]  # each pair once
        found.append((rows[r][keep], cols[c][keep], block[r[keep], c[keep]].astype(np.float32)))
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    src, dst, sim = (np.concatenate(parts) for parts in zip(*found, strict=True))
    return src, dst, sim


def component_similarity(
    docs: Sequence[Doc], members: np.ndarray, lex: sparse.csr_matrix, emb: np.ndarray | None, options: ClusterOptions
) -> np.ndarray:
    """The dense similarity of one component's articles, as ``stories.similarity`` computes it."""
    sub = lex[members]
    sims = (sub @ sub.T).toarray()
    if emb is not None:
        sims = (1 - options.semantic_weight) * sims + options.semantic_weight * (emb[members] @ emb[members].T)
    part = [docs[i] for i in members]
    sims[date_mask(part, part, options.window_days)] = 0.0
    return sims


def sparse_rebuild(docs: Sequence[Doc], options: ClusterOptions | None = None) -> tuple[list[int], dict[str, int]]:
    """``stories.rebuild`` without the n x n matrix (see the module docstring): a story label
    per document, numbered in order of first appearance, and figures of the run (pairs stored,
    components, the largest component, the components grouped from their pairs)."""
    opts = options or ClusterOptions()
    n = len(docs)
    if n < 2:
        return [0] * n, {"pairs": 0, "components": n, "largest": n, "from_pairs": 0}
    is_embedded = embedded(docs, opts)
    threshold, join = opts.cuts(is_embedded)
    cut = min(threshold, join)
    src, dst, sim, lex, emb = neighbour_pairs(docs, opts, FLOOR * cut)
    linked = sim >= cut
    graph = sparse.csr_matrix((np.ones(int(linked.sum()), dtype=np.int8), (src[linked], dst[linked])), shape=(n, n))
    count, component = connected_components(graph, directed=False)
    local = np.zeros(n, dtype=np.int64)
    members_of = np.argsort(component, kind="stable")
    bounds = np.searchsorted(component[members_of], np.arange(count + 1))
    largest = from_pairs = 0
    for k in range(count):
        members = members_of[bounds[k] : bounds[k + 1]]  # in document order (stable sort)
        largest = max(largest, len(members))
        if len(members) < 2:
            continue
        pairs = None
        if len(members) > DENSE_LIMIT:
            from_pairs += 1
            inside = (component[src] == k) & (component[dst] == k)
            position = {int(d): p for p, d in enumerate(members)}
            pairs = [
                (position[int(a)], position[int(b)], float(w))
                for a, b, w in zip(src[inside], dst[inside], sim[inside], strict=True)
            ]
        local[members] = group_component(docs, members, lex, emb, opts, is_embedded, pairs)
    first: dict[tuple[int, int], int] = {}
    labels = [first.setdefault((int(component[i]), int(local[i])), len(first)) for i in range(n)]
    return labels, {"pairs": len(sim), "components": int(count), "largest": largest, "from_pairs": from_pairs}


def group_component(
    docs: Sequence[Doc], members: np.ndarray, lex: sparse.csr_matrix, emb: np.ndarray | None,
    options: ClusterOptions, is_embedded: bool, pairs: Sequence[tuple[int, int, float]] | None = None,
) -> list[int]:  # fmt: skip
    """The stories of one connected component (``members``: indexes into ``docs`` and the rows
    of ``lex`` and ``emb``), a label per member: ``stories.group_docs`` on its dense similarity
    up to ``DENSE_LIMIT`` articles, beyond that average linkage over its pairs at or above
    ``FLOOR`` times the cut (``pairs``: ``(i, j, sim)`` by position in ``members``; found
    through ``pairs_above`` when not given), then the look-alike split on each story."""
    if len(members) <= DENSE_LIMIT:
        sims = component_similarity(docs, members, lex, emb, options)
        return group_docs([docs[i] for i in members], sims, options, is_embedded)
    threshold, join = options.cuts(is_embedded)
    if pairs is None:
        sub_emb = None if emb is None else emb[members]
        days = _ordinals([docs[i] for i in members])
        src, dst, sim = pairs_above(lex[members], sub_emb, days, options, FLOOR * min(threshold, join))
        pairs = list(zip(src.tolist(), dst.tolist(), sim.tolist(), strict=True))
    labels = attach_lone_pairs(len(members), pairs, sparse_average_linkage(len(members), pairs, threshold), join)
    return _split_each(docs, members, labels, lex, emb, options, is_embedded)


def _split_each(
    docs: Sequence[Doc], members: np.ndarray, labels: list[int], lex: sparse.csr_matrix, emb: np.ndarray | None,
    options: ClusterOptions, is_embedded: bool,
) -> list[int]:  # fmt: skip
    """``facts.split_events`` on each group of one component (``members``: its documents),
    with the group's own dense similarity."""
    groups: dict[int, list[int]] = {}
    for k, label in enumerate(labels):
        groups.setdefault(label, []).append(k)
    out = [0] * len(labels)
    nxt = 0
    for ks in groups.values():  # in order of first member
        split = [0] * len(ks)
        if len(ks) >= max(options.split_min, 2) and options.split_evidence > 0:
            group = members[ks]
            sims = component_similarity(docs, group, lex, emb, options)
            split = split_events(
                sims, split, [docs[i].facts for i in group], [docs[i].published for i in group], options, is_embedded
            )
        for k, label in zip(ks, split, strict=True):
            out[k] = nxt + label
        nxt += max(split) + 1
    return _renumber(out)


def sparse_average_linkage(n: int, pairs: Sequence[tuple[int, int, float]], threshold: float) -> list[int]:
    """Average linkage (UPGMA) over the stored pairs of ``n`` items, a missing pair counting
    as 0, cut at ``threshold``: merge the two clusters of highest average similarity while it
    reaches the threshold. A label per item, numbered by first appearance."""
    size = [1] * n
    parent = list(range(n))
    sums: list[dict[int, float]] = [{} for _ in range(n)]
    for a, b, w in pairs:
        sums[a][b] = sums[a].get(b, 0.0) + w
        sums[b][a] = sums[b].get(a, 0.0) + w
    heap = [(-w, min(a, b), max(a, b)) for a, b, w in pairs if w >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if parent[a] != a or parent[b] != b or b not in sums[a]:
            continue  # one side was merged since
        avg = sums[a][b] / (size[a] * size[b])
        if abs(avg + neg) > 1e-9:
            continue  # a stale entry: a fresher one holds the current average
        keep, gone = (a, b) if len(sums[a]) >= len(sums[b]) else (b, a)
        for c, w in sums[gone].items():
            if c != keep:
                sums[keep][c] = sums[keep].get(c, 0.0) + w
                sums[c][keep] = sums[keep][c]
                del sums[c][gone]
        del sums[keep][gone]
        sums[gone] = {}
        parent[gone] = keep
        size[keep] += size[gone]
        for c, w in sums[keep].items():
            if (avg_c := w / (size[keep] * size[c])) >= threshold:
                heapq.heappush(heap, (-avg_c, min(keep, c), max(keep, c)))
    return _renumber([_find(parent, i) for i in range(n)])


def attach_lone_pairs(n: int, pairs: Sequence[tuple[int, int, float]], labels: Sequence[int], join: float) -> list[int]:
    """``stories.attach_lone`` over the stored pairs: every item alone in its group joins the
    group it has the highest average similarity to (a missing pair counting as 0) when that
    reaches ``join``, all at once."""
    sizes: dict[int, int] = {}
    for label in labels:
        sizes[label] = sizes.get(label, 0) + 1
    to_group: list[dict[int, float]] = [{} for _ in range(n)]
    for a, b, w in pairs:
        for x, y in ((a, b), (b, a)):
            if sizes[labels[x]] == 1:
                to_group[x][labels[y]] = to_group[x].get(labels[y], 0.0) + w
    parent = {label: label for label in sizes}
    for i in range(n):
        own = labels[i]
        if sizes[own] != 1 or not to_group[i]:
            continue
        best, score = max(
            ((g, total / sizes[g]) for g, total in to_group[i].items() if g != own),
            key=lambda t: t[1],
            default=(own, -1.0),
        )
        if score >= join:
            parent[_find(parent, own)] = _find(parent, best)
    return _renumber([_find(parent, label) for label in labels])


def _find(parent: list[int] | dict[int, int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _renumber(labels: Sequence[int]) -> list[int]:
    first: dict[int, int] = {}
    return [first.setdefault(label, len(first)) for label in labels]
