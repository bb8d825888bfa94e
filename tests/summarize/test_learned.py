"""The learned scorer: numpy inference of hand-built models, the shipped model, and its features."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.errors import ModelUnavailableError
from newsdesk.summarize import SUMMARIZERS
from newsdesk.summarize.features import FEATURES, sentence_features
from newsdesk.summarize.learned import ScoringModel, load_model
from tests.summarize.test_methods import A, B, C, story

N = len(FEATURES)


def tree_spec() -> dict:
    # one tree: feature 0 <= 0.5 -> leaf -1.0, else feature 1 <= 2.0 -> leaf 0.5, else leaf 2.0
    tree = {
        "feature": [0, 0, 1, 0, 0],
        "threshold": [0.5, 0.0, 2.0, 0.0, 0.0],
        "left": [1, 0, 3, 0, 0],
        "right": [2, 0, 4, 0, 0],
        "is_leaf": [0, 1, 0, 1, 1],
        "value": [0.0, -1.0, 0.0, 0.5, 2.0],
    }
    return {"kind": "trees", "features": list(FEATURES), "baseline": 0.25, "trees": [tree, tree]}


def test_tree_inference_by_hand():
    X = np.zeros((3, N))
    X[0, 0] = 0.1  # left leaf
    X[1, 0], X[1, 1] = 0.9, 1.0  # right, then left
    X[2, 0], X[2, 1] = 0.9, 3.0  # right, right
    assert ScoringModel(tree_spec()).predict(X).tolist() == [0.25 - 2.0, 0.25 + 1.0, 0.25 + 4.0]


def test_logistic_inference_by_hand():
    spec = {
        "kind": "logistic",
        "features": list(FEATURES),
        "mean": [1.0] * N,
        "scale": [2.0] * N,
        "coef": [0.0] * (N - 1) + [4.0],
        "intercept": -1.0,
    }
    X = np.ones((1, N))
    X[0, -1] = 3.0
    assert ScoringModel(spec).predict(X).tolist() == [-1.0 + 4.0 * (3.0 - 1.0) / 2.0]


def test_model_with_other_features_is_refused():
    spec = tree_spec()
    spec["features"] = ["something", "else"]
    with pytest.raises(ModelUnavailableError, match="retrain"):
        ScoringModel(spec)


def test_shipped_model_loads_and_scores_every_sentence():
    model = load_model()
    st = story(A, B, C)
    X = sentence_features(st)
    assert X.shape == (len(st.sentences), N) and np.isfinite(X).all()
    scores = model.predict(X)
    assert scores.shape == (len(st.sentences),) and np.isfinite(scores).all()
    assert len(set(np.round(scores, 6))) > 1  # it discriminates


def test_learned_prefers_content_several_articles_report():
    summary = SUMMARIZERS.get("learned").summarize(story(A, B, C), 30)
    assert summary.sentences and max(s.support for s in summary.sentences) >= 1
