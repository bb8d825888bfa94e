"""Embedders: unit vectors, paraphrases closer than unrelated text; MiniLM loads offline."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.embed import EMBEDDERS, get_embedder

TEXTS = [
    "Japan and the United States agreed on Thursday to increase defence cooperation.",
    "Japan and the United States have agreed to increase their military cooperation.",
    "The bakery on Main Street sells sourdough bread every morning.",
]


def check_contract(name: str) -> None:
    emb = get_embedder(name)
    vectors = emb.encode(TEXTS)
    assert vectors.shape[0] == 3 and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.2
    assert sims[0, 1] >= emb.calibration.same_content  # a clear paraphrase counts as the same content
    assert sims[0, 2] < emb.calibration.same_content


def test_tfidf_contract():
    check_contract("tfidf")


def test_tfidf_handles_empty_and_stopword_only_text():
    vectors = get_embedder("tfidf").encode(["", "the and of"])
    assert vectors.shape[0] == 2 and not np.isnan(vectors).any()


@pytest.mark.slow
def test_minilm_contract_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    check_contract("minilm")
    assert get_embedder("minilm").encode(["x"]).shape == (1, 384)


def test_registry_lists_the_fallback():
    assert {"minilm", "tfidf", "auto"} <= set(EMBEDDERS.names())


@pytest.mark.slow
def test_minilm_cache_overflow_keeps_the_texts_of_the_call():
    """A call that overflows the vector cache (which then starts afresh) still returns a vector
    for every text, those it had cached included."""
    from newsdesk.embed import MiniLMEmbedder

    emb = MiniLMEmbedder(cache_size=3)
    first = emb.encode(TEXTS[:2])
    both = emb.encode(TEXTS[:2] + [TEXTS[2], "A fourth sentence about something else."])
    assert both.shape == (4, 384)
    assert np.allclose(both[:2], first, atol=1e-5)
