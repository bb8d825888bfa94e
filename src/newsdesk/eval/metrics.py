"""Scores of a grouping against the gold one: B-cubed and the adjusted Rand index."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from math import comb


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a predicted grouping against the gold one."""
    if not pred:
        return 0.0, 0.0, 0.0
    by_pred: dict[Hashable, set[int]] = defaultdict(set)
    by_gold: dict[Hashable, set[int]] = defaultdict(set)
    for k, (p, g) in enumerate(zip(pred, gold, strict=True)):
        by_pred[p].add(k)
        by_gold[g].add(k)
    precision = recall = 0.0
    for p, g in zip(pred, gold, strict=True):
        shared = len(by_pred[p] & by_gold[g])
        precision += shared / len(by_pred[p])
        recall += shared / len(by_gold[g])
    precision /= len(pred)
    recall /= len(pred)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def adjusted_rand(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    """Adjusted Rand index (Hubert and Arabie) of two groupings of the same items."""
    n = len(pred)
    if n < 2:
        return 1.0
    pairs = Counter(zip(pred, gold, strict=True))
    index = sum(comb(c, 2) for c in pairs.values())
    a = sum(comb(c, 2) for c in Counter(pred).values())
    b = sum(comb(c, 2) for c in Counter(gold).values())
    expected = a * b / comb(n, 2)
    best = (a + b) / 2
    return 1.0 if best == expected else (index - expected) / (best - expected)
