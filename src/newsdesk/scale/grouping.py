"""Step 3 of the Spark job: stories from TF-IDF candidate pairs blocked by deciding terms
and date buckets, connected components, and the library's grouping inside each
(``cluster.graph.group_component``, as ``stories --rebuild`` groups each component: its dense
similarity up to ``DENSE_LIMIT`` articles, its pairs beyond)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np
from scipy import sparse

from newsdesk.clean.dates import parse_date
from newsdesk.cluster.graph import group_component
from newsdesk.cluster.stories import Doc
from newsdesk.scale.stats import RunStats
from newsdesk.settings import SparkOptions


def _bucket(published: str | None, window: int) -> int | None:
    day = parse_date(published)
    return None if day is None else day.toordinal() // (window + 1)


def story_labels(docs: Any, opts: SparkOptions, stats: RunStats) -> Any:
    """``(article id, (component, label))`` for every document that is not a near-duplicate
    (``docs``: ``(article id, terms, published, event facts)``)."""
    from newsdesk.cluster.stories import tfidf_weights

    sc = docs.context
    cluster = opts.cluster
    n_docs = docs.count()
    df = docs.flatMap(lambda d: list(d[1].keys())).map(lambda t: (t, 1)).reduceByKey(lambda a, b: a + b)
    df_b = sc.broadcast(dict(df.collect()))
    power = cluster.idf_power
    weighted = docs.map(lambda d: (d[0], (tfidf_weights(Counter(d[1]), df_b.value, n_docs, power), d[2], d[3]))).cache()
    threshold, join = cluster.cuts(embedded=False)

    def block_keys(item: Any) -> Iterator[Any]:
        doc_id, (weights, published, _) = item
        # a term no other article has pairs nothing (with squared IDF such terms weigh most)
        shared = [t for t in weights if df_b.value.get(t, 0) > 1]
        top = sorted(shared, key=lambda t: (-weights[t], t))[: opts.block_terms]
        bucket = _bucket(published, cluster.window_days)
        for term in top:
            if bucket is None:
                yield (term, "*"), (doc_id, True)
            else:
                yield (term, bucket), (doc_id, False)
                yield (term, bucket + 1), (doc_id, False)
                yield (term, "*"), (doc_id, False)

    def pairs_of(block: Any) -> Iterator[tuple[str, str]]:
        (_, bucket), members = block
        members = sorted(set(members))
        if len(members) > opts.max_block:
            return
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                # the undated bucket pairs an undated article with anything; dated pairs meet by week
                if bucket != "*" or members[i][1] or members[j][1]:
                    yield members[i][0], members[j][0]

    candidates = weighted.flatMap(block_keys).groupByKey().flatMap(pairs_of).distinct().cache()
    stats.candidate_pairs = candidates.count()

    def cosine(kv: Any) -> tuple[tuple[str, str], float]:
        b, ((a, wa, day_a), (wb, day_b, _)) = kv
        sim = _dot(wa, wb)
        da, db = parse_date(day_a), parse_date(day_b)
        if da and db and abs(da.toordinal() - db.toordinal()) > cluster.window_days:
            sim = 0.0
        return (a, b), sim

    edges = (
        candidates.join(weighted)  # (a, (b, (weights a, date a)))
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1][0], kv[1][1][1])))
        .join(weighted)  # (b, ((a, weights a, date a), (weights b, date b, facts b)))
        .map(cosine)
        .filter(lambda kv: kv[1] >= min(threshold, join))
        .map(lambda kv: kv[0])
        .cache()
    )
    stats.edges = edges.count()
    components = _connected_components(weighted.keys(), edges)

    def cluster_component(item: Any) -> Iterator[tuple[str, tuple[str, int]]]:
        component, members = item
        members = sorted(members, key=lambda m: m[0])  # (doc id, weights, published, facts)
        if len(members) == 1:
            yield members[0][0], (component, 0)
            return
        stub = [Doc(m[0], Counter(), parse_date(m[2]), facts=m[3]) for m in members]
        labels = group_component(stub, np.arange(len(stub)), _rows([m[1] for m in members]), None, cluster, False)
        for doc, label in zip(stub, labels, strict=True):
            yield doc.id, (component, label)

    return (
        components.join(weighted)  # (doc, (component, (weights, published, facts)))
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1][0], kv[1][1][1], kv[1][1][2])))
        .groupByKey()
        .flatMap(cluster_component)
    )


def _rows(weights: list[dict[str, float]]) -> sparse.csr_matrix:
    """The TF-IDF rows of one component's articles as a sparse matrix (columns: its terms)."""
    columns: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for row in weights:
        for term, weight in row.items():
            indices.append(columns.setdefault(term, len(columns)))
            data.append(weight)
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(weights), max(len(columns), 1)), dtype=np.float64)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product of two sparse TF-IDF rows (the cosine: rows are unit length)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(w * large.get(t, 0.0) for t, w in small.items())


def _connected_components(nodes: Any, edges: Any, max_rounds: int = 100) -> Any:
    """``(node, component)``: the smallest node id reachable, by label propagation."""
    width = nodes.context.defaultParallelism
    links = edges.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])]).partitionBy(width).cache()
    labels = nodes.map(lambda n: (n, n)).partitionBy(width).cache()
    for _ in range(max_rounds):
        offers = links.join(labels, width).map(lambda kv: (kv[1][0], kv[1][1]))
        updated = labels.union(offers).reduceByKey(min, width).cache()
        changed = updated.join(labels, width).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = updated
        if changed == 0:
            break
    return labels
