"""Step 2 of the Spark job: near-duplicates by MinHash banding, each copy linked to its
most similar earlier article, as the local ingest links them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from newsdesk.cluster.dedup import NUM_PERM


def lsh_bands(threshold: float) -> tuple[int, int]:
    """The (bands, rows) layout datasketch's MinHashLSH picks for the candidate bar the local
    ``DuplicateIndex`` uses, so both find the same candidates."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=max(0.3, threshold - 0.25), num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


def duplicates(articles: Any, threshold: float) -> Any:
    """``(article id, (original id, similarity))`` for every near-duplicate."""
    bands, rows = lsh_bands(threshold)

    def keys(t: Any) -> Iterator[Any]:
        order, art_id, sig = t
        for b in range(bands):
            yield (b, sig[b * rows : (b + 1) * rows].tobytes()), (order, art_id)

    sigs = articles.map(lambda a: (a[1].id, a[3]))
    pairs = (
        articles.map(lambda a: (a[0], a[1].id, a[3]))
        .flatMap(keys)
        .groupByKey()
        .flatMap(lambda kv: _later_earlier(sorted(kv[1])))
        .distinct()
    )
    scored = (
        pairs.join(sigs)  # (later, (earlier, later sig))
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(sigs)  # (earlier, ((later, later sig), earlier sig))
        .map(lambda kv: (kv[1][0][0], (kv[0], float(np.mean(kv[1][0][1] == kv[1][1])))))
        .filter(lambda kv: kv[1][1] >= threshold)
    )
    # the most similar earlier article; on a tie, the smaller id
    return scored.reduceByKey(lambda a, b: a if a[1] > b[1] or (a[1] == b[1] and a[0] < b[0]) else b)


MAX_EARLIER = 200  # a band bucket's member is compared with at most this many earlier members


def _later_earlier(members: list[tuple[Any, str]]) -> Iterator[tuple[str, str]]:
    """The (later, earlier) pairs of one band bucket (members sorted by input order); in a
    bucket of thousands (one wire story copied everywhere) each member meets only the
    ``MAX_EARLIER`` members just before it, so the pairs stay linear in the bucket's size."""
    for i in range(1, len(members)):
        for j in range(max(0, i - MAX_EARLIER), i):
            yield members[i][1], members[j][1]
