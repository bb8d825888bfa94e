"""Train the learned sentence scorer on Multi-News *train* and write it as JSON.

Usage:
  python scripts/extract_training.py ../shared/data/multinews/train.jsonl /tmp/train.npz
  python scripts/train_summarizer.py /tmp/train.npz             # -> models/scorer.json
  python scripts/train_summarizer.py /tmp/train.npz --content   # -> models/scorer_minilm.json

Labels are the greedy ROUGE oracle's choices on train. With --content the model also reads a
content head: a logistic regression over each sentence's MiniLM vector (the npz's E). The
trees see the head's log-odds out of fold (five folds of whole examples), as they will see it
on stories the head never saw; the shipped head is then fitted on all of train. Only train is
used to fit; with
--check-dev N the first N dev examples are summarized to print ROUGE beside LexRank (a sanity
check, not tuning: the reported figures come from `newsdesk eval summarize`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from newsdesk.summarize.features import FEATURES
from newsdesk.summarize.learned import (
    CONTENT,
    CONTENT_EMBEDDERS,
    CONTENT_MODEL_PATH,
    MODEL_PATH,
    LearnedSummarizer,
    ScoringModel,
)

ROOT = Path(__file__).resolve().parents[1]


def fit_logistic(X: np.ndarray, y: np.ndarray) -> dict:
    from sklearn.linear_model import LogisticRegression

    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=1.0, max_iter=2000).fit((X - mean) / scale, y)
    return {
        "kind": "logistic",
        "features": list(FEATURES),
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "coef": lr.coef_[0].tolist(),
        "intercept": float(lr.intercept_[0]),
    }


def fit_content_head(E: np.ndarray, y: np.ndarray, group: np.ndarray, folds: int = 5) -> tuple[dict, np.ndarray]:
    """The content head fitted on all rows, and its log-odds for each row from a head fitted
    without that row's fold (folds of whole examples)."""
    from sklearn.linear_model import LogisticRegression

    fold = group * folds // (group.max() + 1)
    out_of_fold = np.zeros(len(y))
    for k in range(folds):
        rest = fold != k
        head = LogisticRegression(C=1.0, max_iter=3000).fit(E[rest], y[rest])
        out_of_fold[~rest] = head.decision_function(E[~rest])
    head = LogisticRegression(C=1.0, max_iter=3000).fit(E, y)
    spec = {
        "embedders": list(CONTENT_EMBEDDERS),
        "coef": head.coef_[0].tolist(),
        "intercept": float(head.intercept_[0]),
    }
    return spec, out_of_fold


def fit_trees(X: np.ndarray, y: np.ndarray, iterations: int, depth: int, head: dict | None = None) -> dict:
    """Gradient-boosted trees on ``X`` (the lexical features, then the content column when
    ``head`` is given), as the spec ``ScoringModel`` reads."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(
        max_iter=iterations,
        max_depth=depth,
        learning_rate=0.08,
        l2_regularization=1.0,
        random_state=0,
        early_stopping=False,
    ).fit(X, y)
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        trees.append(
            {
                "feature": nodes["feature_idx"].tolist(),
                "threshold": nodes["num_threshold"].tolist(),
                "left": nodes["left"].tolist(),
                "right": nodes["right"].tolist(),
                "is_leaf": nodes["is_leaf"].astype(int).tolist(),
                "value": nodes["value"].tolist(),
            }
        )
    spec = {
        "kind": "trees",
        "features": [*FEATURES, CONTENT] if head else list(FEATURES),
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "trees": trees,
    }
    if head:
        spec[CONTENT] = head
    ours = ScoringModel(spec).predict(X[:2000])
    theirs = model.decision_function(X[:2000])
    assert np.allclose(ours, theirs, atol=1e-6), "numpy tree inference disagrees with scikit-learn"
    return spec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train", type=Path)
    parser.add_argument("--kind", choices=["trees", "logistic"], default="trees")
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--content", action="store_true", help="add the MiniLM content head (trees only)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--check-dev", type=int, default=0)
    args = parser.parse_args()
    data = np.load(args.train)
    X, y = data["X"], data["y"]
    if args.content:
        head, column = fit_content_head(data["E"], y, data["group"])
        spec = fit_trees(np.column_stack([X, column]), y, args.iterations, args.depth, head)
    else:
        spec = fit_logistic(X, y) if args.kind == "logistic" else fit_trees(X, y, args.iterations, args.depth)
    args.out = args.out or (CONTENT_MODEL_PATH if args.content else MODEL_PATH)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(spec, separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({args.kind}, {len(y)} training sentences)")
    if args.check_dev:
        from newsdesk.eval.datasets import load_examples
        from newsdesk.eval.summarization import evaluate, format_table

        dev = load_examples(ROOT.parent / "shared/data/multinews/dev.jsonl", args.check_dev)
        embedder = "minilm" if args.content else "tfidf"
        results = evaluate(dev, [LearnedSummarizer(ScoringModel(spec)), "lexrank", "lead", "oracle"], embedder=embedder)
        print(format_table(results))


if __name__ == "__main__":
    main()
