"""Batch grouping from a sparse neighbour graph equals the dense rebuild it replaces."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import numpy as np
import pytest
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from newsdesk.cluster import graph
from newsdesk.cluster.graph import attach_lone_pairs, sparse_average_linkage, sparse_rebuild
from newsdesk.cluster.stories import ClusterOptions, Doc, attach_lone, average_linkage, rebuild

TOPICS = [
    ["quake", "iran", "qeshm", "magnitud", "island", "injur"],
    ["pirat", "navi", "gulf", "aden", "ship", "hijack"],
    ["oscar", "host", "academi", "award", "ceremoni", "jackman"],
    ["shoot", "offic", "gunman", "fire", "employe", "polic"],
    ["budget", "senat", "vote", "bill", "spend", "shutdown"],
]


def world(n: int, seed: int, undated_share: float = 0.1) -> list[Doc]:
    """``n`` documents on a few topics over a month, each with its own words and some shared."""
    rng = random.Random(seed)
    docs = []
    for k in range(n):
        topic = TOPICS[rng.randrange(len(TOPICS))]
        words = rng.sample(topic, 4) + [f"w{rng.randrange(300)}" for _ in range(6)] + ["said", "report"]
        day = None if rng.random() < undated_share else date(2026, 1, 1) + timedelta(days=rng.randrange(30))
        docs.append(Doc(f"d{k}", Counter(words), day))
    return docs


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_sparse_rebuild_equals_the_dense_one(seed):
    docs = world(400, seed)
    labels, stats = sparse_rebuild(docs)
    assert labels == rebuild(docs)
    assert stats["components"] >= 1 and stats["from_pairs"] == 0


def test_components_grouped_from_their_pairs_equal_the_dense_rebuild_when_every_pair_is_kept(monkeypatch):
    monkeypatch.setattr(graph, "DENSE_LIMIT", 0)  # every component from its pairs
    monkeypatch.setattr(graph, "FLOOR", 0.0)  # every pair kept
    docs = world(300, 5)
    labels, stats = sparse_rebuild(docs)
    assert stats["from_pairs"] >= 1
    assert labels == rebuild(docs)


def _renumbered(labels) -> list[int]:
    first: dict[int, int] = {}
    return [first.setdefault(int(x), len(first)) for x in labels]


def test_a_large_component_grouped_alone_finds_the_pairs_the_rebuild_hands_it(monkeypatch):
    # the Spark job groups each component alone, with no store-wide pairs to hand over
    monkeypatch.setattr(graph, "DENSE_LIMIT", 20)
    docs = world(300, 7)
    labels, stats = sparse_rebuild(docs)
    assert stats["from_pairs"] >= 1
    options = ClusterOptions()
    src, dst, sim, lex, emb = graph.neighbour_pairs(docs, options, graph.FLOOR * min(options.cuts(False)))
    linked = sim >= min(options.cuts(False))
    adjacency = sparse.csr_matrix((np.ones(int(linked.sum())), (src[linked], dst[linked])), shape=(len(docs),) * 2)
    _, component = connected_components(adjacency, directed=False)
    large = 0
    for k in set(component.tolist()):
        members = np.flatnonzero(component == k)
        if len(members) > graph.DENSE_LIMIT:
            large += 1
            alone = graph.group_component(docs, members, lex, emb, options, False)
            assert _renumbered(alone) == _renumbered([labels[i] for i in members])
    assert large >= 1


def test_sparse_average_linkage_is_average_linkage_over_all_pairs():
    rng = np.random.default_rng(3)
    for n in (2, 7, 40):
        x = rng.random((n, 5)) ** 3
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        sims = x @ x.T
        pairs = [(i, j, float(sims[i, j])) for i in range(n) for j in range(i + 1, n)]
        for cut in (0.5, 0.8, 0.95):
            assert sparse_average_linkage(n, pairs, cut) == average_linkage(sims, cut)
            labels = average_linkage(sims, cut)
            assert attach_lone_pairs(n, pairs, labels, cut - 0.1) == attach_lone(sims, labels, cut - 0.1)


def test_articles_far_apart_in_time_are_never_compared():
    day = date(2026, 1, 1)
    docs = [
        Doc("a", Counter(["quake", "iran", "qeshm"]), day),
        Doc("b", Counter(["quake", "iran", "qeshm"]), day + timedelta(days=60)),
    ]
    labels, stats = sparse_rebuild(docs, ClusterOptions())
    assert labels == [0, 1] and stats["pairs"] == 0
