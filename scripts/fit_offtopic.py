"""Fit the off-topic article model on Multi-News *train* silver labels; print its weights.

Usage:
  python scripts/fit_offtopic.py ../shared/data/multinews/train.jsonl --embedder tfidf
  python scripts/fit_offtopic.py ../shared/data/multinews/train.jsonl --embedder minilm --limit 1500

Prints the ``ArticleModel(...)`` line to paste into ``ARTICLE_MODELS`` in
``src/newsdesk/clean/offtopic.py``. The threshold maximises F1 on train over all documents
(documents with no text left after cleaning count as flagged). Dev is never read here: the
reported figures come from ``newsdesk eval offtopic``.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import numpy as np

from newsdesk.clean.offtopic import ARTICLE_MODELS, ArticleModel
from newsdesk.embed import get_embedder
from newsdesk.eval.datasets import load_examples
from newsdesk.eval.offtopic import evaluate_offtopic, story_articles, training_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train", type=Path)
    parser.add_argument("--embedder", default="tfidf")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    from sklearn.linear_model import LogisticRegression

    examples = load_examples(args.train, args.limit)
    embedder = get_embedder(args.embedder)
    prepared = [story_articles(e) for e in examples]
    X, y = training_rows(examples, embedder, prepared)
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(X, y)
    (w_rest, w_near, w_terms), b = lr.coef_[0], float(lr.intercept_[0])
    model = ArticleModel(float(b), float(w_rest), float(w_near), float(w_terms), threshold=0.5)
    print(f"{len(y)} articles in stories of 2+, {int(y.sum())} silver off-topic")

    best = (-1.0, 0.5)
    for threshold in np.arange(0.2, 0.8, 0.02):
        ARTICLE_MODELS[embedder.name] = replace(model, threshold=round(float(threshold), 2))
        f1 = evaluate_offtopic(examples, embedder, prepared=prepared).scores()[2]
        best = max(best, (f1, round(float(threshold), 2)))
    final = replace(model, threshold=best[1])
    print(f"train F1 {best[0]:.3f} at threshold {best[1]}")
    print(
        f'"{embedder.name}": ArticleModel(intercept={final.intercept:.3f}, to_rest={final.to_rest:.3f}, '
        f"to_nearest={final.to_nearest:.3f}, log_terms={final.log_terms:.3f}, threshold={final.threshold}),"
    )


if __name__ == "__main__":
    main()
