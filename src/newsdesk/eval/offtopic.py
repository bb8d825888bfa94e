"""``newsdesk eval offtopic``: document-level off-topic flags against silver labels.

Multi-News examples in ``../shared/data/multinews/`` list ``silver_irrelevant`` documents (at
least 3 of 5 LLM judgements said the document is not about the example's story). A document
counts as flagged when newsdesk would leave it out of the story: either nothing is left of it
after cleaning (an archive notice, a login wall) or the article model flags it. Scores are
precision, recall and F1 over all documents; silver labels, so read disagreements before
tuning to them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from newsdesk.clean.cleaner import clean_text
from newsdesk.clean.offtopic import article_features, flag_offtopic_articles
from newsdesk.embed import Embedder
from newsdesk.errors import InputError
from newsdesk.eval.datasets import Example
from newsdesk.model import Article


@dataclass
class FlagCounts:
    """True/false positives and false negatives of document flags, by why they were flagged."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)

    def add(self, gold: bool, flagged: bool, reason: str | None = None) -> None:
        """Count one document."""
        if flagged and reason:
            self.by_reason[reason] = self.by_reason.get(reason, 0) + 1
        if gold and flagged:
            self.tp += 1
        elif flagged:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    def scores(self) -> tuple[float, float, float]:
        """Precision, recall, F1."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def row(self) -> dict[str, object]:
        """JSON-ready summary."""
        p, r, f = self.scores()
        return {
            "documents": self.tp + self.fp + self.fn + self.tn,
            "silver_offtopic": self.tp + self.fn,
            "flagged": self.tp + self.fp,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "flagged_by": self.by_reason,
        }


def story_articles(example: Example) -> tuple[list[Article], list[int | None]]:
    """Clean each document; return the articles and, per document, its index among them
    (``None`` when nothing was left after cleaning)."""
    articles: list[Article] = []
    where: list[int | None] = []
    for i, doc in enumerate(example.documents):
        try:
            articles.append(clean_text(doc, f"{example.id}#{i}"))
            where.append(len(articles) - 1)
        except InputError:
            where.append(None)
    return articles, where


def evaluate_offtopic(
    examples: Sequence[Example],
    embedder: Embedder,
    progress: Callable[[int], None] | None = None,
    prepared: Sequence[tuple[list[Article], list[int | None]]] | None = None,
    min_articles: int = 2,
) -> FlagCounts:
    """Flag every example's documents as the pipeline would, against the silver labels.

    ``prepared`` holds ``story_articles`` of each example when already computed.
    """
    counts = FlagCounts()
    for done, example in enumerate(examples, start=1):
        articles, where = prepared[done - 1] if prepared is not None else story_articles(example)
        for art in articles:
            art.offtopic = None
        flag_offtopic_articles(articles, embedder, min_articles)
        gold = set(example.silver_irrelevant)
        for i, k in enumerate(where):
            if k is None:
                counts.add(i in gold, True, "no article text after cleaning")
            else:
                offtopic = articles[k].offtopic is not None
                counts.add(i in gold, offtopic, "unlike the rest of the story" if offtopic else None)
        if progress:
            progress(done)
    return counts


def training_rows(
    examples: Sequence[Example],
    embedder: Embedder,
    prepared: Sequence[tuple[list[Article], list[int | None]]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Article features and silver labels of every article in a story of two or more (what
    ``scripts/fit_offtopic.py`` fits the article model on); ``prepared`` as for
    ``evaluate_offtopic``."""
    features, labels = [], []
    for n, example in enumerate(examples):
        articles, where = prepared[n] if prepared is not None else story_articles(example)
        if len(articles) < 2:
            continue
        rows = article_features(articles, embedder)
        for i, k in enumerate(where):
            if k is not None:
                features.append(rows[k])
                labels.append(i in example.silver_irrelevant)
    return np.array(features).reshape(-1, 3), np.array(labels, dtype=bool)
