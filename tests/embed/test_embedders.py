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
@pytest.mark.parametrize("name", ["minilm", "minilm-torch"])
def test_minilm_contract_offline(monkeypatch, name):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    check_contract(name)
    assert get_embedder(name).encode(["x"]).shape == (1, 384)


@pytest.mark.slow
def test_int8_vectors_are_the_torch_vectors_within_a_few_hundredths():
    texts = TEXTS + [
        "North Korea said it was considering plans to fire missiles toward Guam.",
        '"We will continue to cooperate with the United States," the minister told reporters on Friday.',
        "Floods hit the northern province of Lombardy on Sunday after three days of heavy rain.",
    ]
    int8, torch = get_embedder("minilm").encode(texts), get_embedder("minilm-torch").encode(texts)
    cosines = (int8 * torch).sum(axis=1)
    assert cosines.mean() >= 0.98 and cosines.min() >= 0.95, cosines  # benchmarks/embed.py: mean 0.99 on dev


@pytest.mark.slow
def test_the_int8_path_does_not_import_torch(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from newsdesk.embed import get_embedder; "
        "v = get_embedder('minilm').encode(['A sentence about floods.']); "
        "print(v.shape, 'torch' in sys.modules, 'transformers' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["(1,", "384)", "False", "False"]


def test_the_int8_file_is_keyed_by_the_weights(tmp_path, monkeypatch):
    from newsdesk.embed.onnx import int8_path, weights_hash

    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"weights one")
    monkeypatch.setenv("NEWSDESK_CACHE", str(tmp_path / "cache"))
    first = int8_path(folder)
    assert first.parent == tmp_path / "cache" and weights_hash(folder) in first.name
    (folder / "model.safetensors").write_bytes(b"weights two")
    assert int8_path(folder) != first  # new weights, new file


def test_registry_lists_the_fallback():
    assert {"minilm", "minilm-torch", "tfidf", "auto"} <= set(EMBEDDERS.names())


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


@pytest.mark.slow
def test_an_int8_vector_does_not_depend_on_the_texts_beside_it():
    emb = get_embedder("minilm")
    alone = emb.encode([TEXTS[0]])
    emb.clear_cache()
    beside = emb.encode([TEXTS[2] * 5, TEXTS[0], "Short."])[1]
    assert float(alone[0] @ beside) > 0.9999


@pytest.mark.slow
def test_int8_workers_give_each_text_the_vector_it_gets_alone():
    """Texts embedded side by side on several threads get exactly the vectors they get one by one."""
    from newsdesk.embed.onnx import OnnxMiniLM

    texts = [f"{t} ({k})" for k in range(6) for t in TEXTS]
    parallel = OnnxMiniLM(threads=2)
    assert parallel.workers == 2
    single = OnnxMiniLM(threads=1)
    together = parallel.encode(texts)
    assert np.array_equal(together, np.stack([single.encode([t])[0] for t in texts]))
