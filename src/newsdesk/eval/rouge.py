"""ROUGE-1/2/Lsum F1 with stemming (the ``rouge-score`` package), and bootstrap intervals.

Scores are reported in points (0-100), as papers do. ``Lsum`` expects one sentence per line
in both summary and reference, so callers pass summaries with newline-separated sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

METRICS = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True)
class Interval:
    """A mean with its bootstrap 95% interval."""

    mean: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.mean:.2f} [{self.low:.2f}, {self.high:.2f}]"


@lru_cache(maxsize=1)
def _scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)


def rouge(summary: str, reference: str) -> dict[str, float]:
    """Return ``{metric: F1 in points}`` of ``summary`` against ``reference``."""
    scores = _scorer().score(reference, summary)
    return {m: 100.0 * scores[m].fmeasure for m in METRICS}


def resampled_means(values: np.ndarray, resamples: int = 1000, seed: int = 0) -> np.ndarray:
    """The means of ``resamples`` bootstrap resamples of ``values`` (fixed seed: repeatable)."""
    rng = np.random.default_rng(seed)
    means: np.ndarray = values[rng.integers(0, len(values), size=(resamples, len(values)))].mean(axis=1)
    return means


def bootstrap(values: Sequence[float], resamples: int = 1000, seed: int = 0) -> Interval:
    """Mean of ``values`` with a percentile bootstrap 95% interval (fixed seed: repeatable)."""
    arr = np.asarray(values, dtype=np.float64)
    if len(arr) == 0:
        return Interval(float("nan"), float("nan"), float("nan"))
    low, high = np.percentile(resampled_means(arr, resamples, seed), [2.5, 97.5])
    return Interval(float(arr.mean()), float(low), float(high))
