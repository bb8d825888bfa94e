"""``newsdesk eval offtopic``: document-level off-topic flags against silver labels.

Multi-News examples in ``../shared/data/multinews/`` list ``silver_irrelevant`` documents (at
least 3 of 5 LLM judgements said the document is not about the example's story). A document
counts as flagged when newsdesk would leave it out of the story: either nothing is left of it
after cleaning (an archive notice, a login wall) or the article model flags it. Scores are
precision, recall and F1 over all documents; silver labels, so read disagreements before
tuning to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsdesk.clean.offtopic import article_features, flag_offtopic_articles
from newsdesk.embed import Embedder, get_embedder
from newsdesk.errors import InputError
from newsdesk.eval.datasets import Example, clean_documents, load_examples, shared_data
from newsdesk.eval.harness import OfftopicEval
from newsdesk.model import Article, Progress


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


story_articles = clean_documents  # what ``scripts/fit_offtopic.py`` prepares examples with


def evaluate_offtopic(
    examples: Sequence[Example],
    embedder: Embedder,
    progress: Progress | None = None,
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
            progress(done, len(examples))
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


@dataclass
class OfftopicResult:
    """What ``newsdesk eval offtopic`` measured."""

    data: str
    examples: int
    embedder: str
    counts: FlagCounts
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {"data": self.data, "examples": self.examples, "embedder": self.embedder, **self.counts.row()}


def run(options: OfftopicEval, progress: Progress | None = None) -> OfftopicResult:
    """Flag every example's documents as the pipeline would and score against the labels.

    Raises:
        InputError: no data file.
    """
    data = options.data or shared_data("multinews", "dev.jsonl")
    if data is None or not data.is_file():
        raise InputError(str(data or "../shared/data/multinews/dev.jsonl"), "not found; pass --data FILE.jsonl")
    examples = load_examples(data, options.limit)
    warnings = []
    if not any(e.silver_irrelevant for e in examples):
        warnings.append(f"{data} has no silver_irrelevant labels: every flag counts as a false positive")
    embedder = get_embedder(options.embedder)
    counts = evaluate_offtopic(examples, embedder, progress=progress)
    return OfftopicResult(str(data), len(examples), embedder.name, counts, warnings)


def markdown(result: OfftopicResult) -> str:
    """The data line, the table and why documents were flagged."""
    row = result.counts.row()
    return "\n".join(
        [
            f"{result.examples} examples, {row['documents']} documents from {result.data}; "
            f"embedder {result.embedder}\n",
            "| documents | silver off-topic | flagged | precision | recall | F1 |",
            "|---|---|---|---|---|---|",
            f"| {row['documents']} | {row['silver_offtopic']} | {row['flagged']} | {row['precision']:.3f} "
            f"| {row['recall']:.3f} | {row['f1']:.3f} |",
            "",
            "flagged because: " + "; ".join(f"{why}: {n}" for why, n in result.counts.by_reason.items()),
        ]
    )
