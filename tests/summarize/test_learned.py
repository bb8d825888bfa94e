"""The learned scorer: numpy inference of hand-built models, the shipped model, and its features."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsdesk.errors import ModelUnavailableError
from newsdesk.summarize import SUMMARIZERS
from newsdesk.summarize.features import FEATURES, sentence_features
from newsdesk.summarize.learned import CONTENT, CONTENT_MODEL_PATH, LearnedSummarizer, ScoringModel, load_model
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


def content_spec(embedders: list[str], coef: list[float], intercept: float) -> dict:
    # one tree on the content column alone: content <= 0 -> -1.0, else +1.0
    tree = {
        "feature": [N, 0, 0],
        "threshold": [0.0, 0.0, 0.0],
        "left": [1, 0, 0],
        "right": [2, 0, 0],
        "is_leaf": [0, 1, 1],
        "value": [0.0, -1.0, 1.0],
    }
    spec = {"kind": "trees", "features": [*FEATURES, CONTENT], "baseline": 0.0, "trees": [tree]}
    spec[CONTENT] = {"embedders": embedders, "coef": coef, "intercept": intercept}
    return spec


def test_content_head_reads_the_sentence_vectors():
    st = story(A, B, C)
    dim = st.vectors.shape[1]
    coef = [0.0] * dim
    coef[0] = 10.0
    model = ScoringModel(content_spec(["tfidf"], coef, -0.05))
    X = model.features(st)
    assert X.shape == (len(st.sentences), N + 1)
    assert np.allclose(X[:, :N], sentence_features(st))
    assert np.allclose(X[:, N], 10.0 * st.vectors[:, 0] - 0.05, atol=1e-5)
    assert model.predict(X).tolist() == [1.0 if c > 0 else -1.0 for c in X[:, N]]


def test_content_head_refuses_vectors_it_was_not_fitted_on():
    model = ScoringModel(content_spec(["minilm"], [0.0] * 4, 0.0))
    assert model.reads("minilm") and not model.reads("tfidf")
    with pytest.raises(ModelUnavailableError, match="minilm"):
        model.features(story(A, B))
    spec = content_spec(["minilm"], [0.0] * 4, 0.0)
    del spec[CONTENT]  # a content column with no head to fill it
    with pytest.raises(ModelUnavailableError, match="retrain"):
        ScoringModel(spec)


def test_learned_picks_the_model_for_the_embedder(monkeypatch):
    from newsdesk.summarize import learned as module

    content = load_model(CONTENT_MODEL_PATH)
    assert content.reads("minilm") and content.reads("minilm-torch") and not content.reads("tfidf")
    asked: list[Path] = []
    real = module.load_model
    monkeypatch.setattr(
        module, "load_model", lambda *path: asked.append(path[0] if path else module.MODEL_PATH) or real(*path)
    )
    assert LearnedSummarizer().model_for(story(A, B)) is load_model()  # TF-IDF: lexical features only
    assert asked == [module.MODEL_PATH]  # and the content model is not even read


def test_learned_falls_back_to_the_lexical_model_without_the_content_model(monkeypatch, tmp_path):
    from newsdesk.summarize import learned as module

    broken = tmp_path / "scorer_minilm.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(module, "CONTENT_MODEL_PATH", broken)
    with pytest.raises(ModelUnavailableError):
        load_model(broken)
    st = story(A, B, C, embedder="minilm")
    learned = LearnedSummarizer()
    assert learned.model_for(st) is load_model()
    assert learned.summarize(st, 40).sentences


@pytest.mark.slow
def test_shipped_content_model_scores_minilm_stories():
    st = story(A, B, C, embedder="minilm")
    learned = LearnedSummarizer()
    model = learned.model_for(st)
    assert model is load_model(CONTENT_MODEL_PATH)
    X = model.features(st)
    assert X.shape == (len(st.sentences), N + 1) and np.isfinite(X).all()
    assert len(set(np.round(X[:, N], 4))) > 1  # the head tells sentences apart
    flat = X.copy()
    flat[:, N] = X[:, N].mean()
    assert not np.allclose(model.predict(X), model.predict(flat))  # and the trees use it
    summary = learned.summarize(st, 40)
    assert summary.sentences


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


def long_article(lead: str, filler_topic: str, n: int) -> str:
    """A lead paragraph, then ``n`` paragraphs of distinct later detail."""
    later = [
        f"In paragraph {k} the report turns to {filler_topic} number {k}, which residents of district {k} discussed at length."
        for k in range(n)
    ]
    return "\n\n".join([lead, *later]) + "\n"


def test_lead_window_keeps_each_article_lead_and_maps_back():
    st = story(long_article(A, "harvest losses", 60), long_article(B, "insurance claims", 60))
    limit = max(150, 600 / 2)
    window, where = st.lead_window(600, 150)
    assert len(window.articles) == 2 and len(where) == len(window.sentences) < len(st.sentences)
    for art, cut in zip(st.articles, window.articles, strict=True):
        words = [s.words for s in cut.sentences]
        assert sum(words[:-1]) < limit <= sum(words)  # whole sentences; the one crossing the limit is in
        assert [s.text for s in cut.sentences] == [s.text for s in art.sentences[: len(cut.sentences)]]
    assert [st.sentences[int(i)].text for i in where] == [s.text for s in window.sentences]
    short = story(A, B, C)
    assert short.lead_window(600, 150)[0] is short  # a story within its window is its own window


def test_learned_reads_leads_but_cites_whole_articles():
    deep = "At least 12 people died and 300 were evacuated from villages along the river Adda."
    a = long_article(A, "harvest losses", 60)
    b = long_article(
        B.replace("At least 12 people died and 300 were evacuated after floods", "Floods"), "insurance claims", 60
    )
    b = b + "\n" + deep + "\n"  # B states A's toll only at its very end, far past its lead
    st = story(a, b)
    window, where = st.lead_window(600, 150)
    summary = SUMMARIZERS.get("learned").summarize(st, 200)
    chosen = {s.text for s in summary.sentences}
    assert chosen and chosen <= {s.text for s in window.sentences}  # no sentence from past a lead
    toll = next(s for s in summary.sentences if s.text == deep)
    assert {c.article_id for c in toll.citations} == {a.id for a in st.articles}  # B's late sentence is cited
