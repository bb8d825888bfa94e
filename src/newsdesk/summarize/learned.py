"""The learned sentence scorer: trained on Multi-News *train* with labels from the ROUGE oracle.

The model is a JSON file written by ``scripts/train_summarizer.py`` (gradient-boosted trees or
a logistic regression), run here with numpy alone: no scikit-learn and no pickle at run time.
``models/scorer.json`` reads the lexical features of ``features.py`` only, so it serves every
embedder. ``models/scorer_minilm.json``, used when the story is embedded with MiniLM, reads one
more column, ``content``: a logistic regression over the sentence's MiniLM vector (fitted on
train against the same oracle labels): how much the sentence reads like summary material, from
its meaning rather than its words. The trees were fitted with that column out of fold.
Selection is greedy MMR over the model's probability blended with the centroid method's
relevance, never taking a sentence too similar to one already chosen (the embedder's
``redundant`` threshold), until the word budget is full.

The scorer reads each article's lead only: its first ``max(150, 600 / n)`` words for a story
of n articles (``StoryText.lead_window``). That is the input it was trained on (Multi-News
train clusters hold about 430 words, a median of 146 words an article), and on whole
articles it is what keeps its gain: given every sentence of 1,900-word clusters it chose a
third of its sentences past the first 200 words of their article and fell to lead's level
(README, "Full-length articles"). Citations still look through whole articles.
"""

from __future__ import annotations

import contextlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.errors import ModelUnavailableError
from newsdesk.summarize.base import SUMMARIZERS, StoryText, Summarizer
from newsdesk.summarize.features import FEATURES, sentence_features
from newsdesk.summarize.methods import CentroidSummarizer, mmr_rank

MODEL_PATH = Path(__file__).with_name("models") / "scorer.json"
CONTENT_MODEL_PATH = MODEL_PATH.with_name("scorer_minilm.json")
CONTENT = "content"  # the column a model with a content head reads after FEATURES
CONTENT_EMBEDDERS = ("minilm", "minilm-torch")  # the vectors the shipped content head reads (int8 and torch)


class ScoringModel:
    """Predicts a sentence's worth from its features (logistic or tree ensemble)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        head = spec.get(CONTENT)
        if list(spec["features"]) != list(FEATURES) + ([CONTENT] if head else []):
            raise ModelUnavailableError(
                "the scorer model's features do not match this version's; retrain it with scripts/train_summarizer.py"
            )
        self.kind = spec["kind"]
        self.spec = spec
        # the content head: which embedders' vectors it reads, and its weights over them
        self.content_embedders: tuple[str, ...] = tuple(head["embedders"]) if head else ()
        self.content_coef = np.asarray(head["coef"], dtype=np.float32) if head else None
        self.content_intercept = float(head["intercept"]) if head else 0.0
        if self.kind == "logistic":
            self.mean = np.asarray(spec["mean"], dtype=np.float64)
            self.scale = np.asarray(spec["scale"], dtype=np.float64)
            self.coef = np.asarray(spec["coef"], dtype=np.float64)
            self.intercept = float(spec["intercept"])
        elif self.kind == "trees":
            self.baseline = float(spec["baseline"])
            self.trees = [{k: np.asarray(v) for k, v in tree.items()} for tree in spec["trees"]]
        else:
            raise ModelUnavailableError(f"unknown scorer model kind {self.kind!r}")

    def reads(self, embedder: str) -> bool:
        """True if this model can score a story embedded by ``embedder``."""
        return self.content_coef is None or embedder in self.content_embedders

    def features(self, story: StoryText) -> np.ndarray:
        """The model's input for every sentence of ``story``: the lexical features, then the
        content head's log-odds from the sentence vectors when the model has a head."""
        X = sentence_features(story)
        if self.content_coef is None or not len(X):
            return X
        if not self.reads(story.embedder.name):
            raise ModelUnavailableError(f"the scorer model reads {', '.join(self.content_embedders)} vectors only")
        content = story.vectors @ self.content_coef + self.content_intercept
        return np.column_stack([X, content]).astype(np.float32)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return one score per row of ``X`` (higher is better)."""
        if self.kind == "logistic":
            out: np.ndarray = ((X - self.mean) / self.scale) @ self.coef + self.intercept
            return out
        raw = np.full(len(X), self.baseline)
        for tree in self.trees:
            node = np.zeros(len(X), dtype=np.int64)
            while True:
                leaf = tree["is_leaf"][node].astype(bool)
                if leaf.all():
                    break
                feat = tree["feature"][node]
                go_left = X[np.arange(len(X)), feat] <= tree["threshold"][node]
                nxt = np.where(go_left, tree["left"][node], tree["right"][node])
                node = np.where(leaf, node, nxt)
            raw += tree["value"][node]
        return raw


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> ScoringModel:
    """Load (once) a scorer model shipped with newsdesk (by default the lexical one)."""
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelUnavailableError(f"cannot load the scorer model {path} ({exc}); use --method centroid") from exc
    return ScoringModel(spec)


class LearnedSummarizer(Summarizer):
    """Learned sentence scores, redundancy control, filled to the budget."""

    name = "learned"

    def __init__(
        self,
        model: ScoringModel | None = None,
        mmr_lambda: float = 0.8,
        blend: float = 0.6,
        window: tuple[float, float] = (600, 150),
    ) -> None:
        self._model = model
        # (story words, floor): each article is read up to max(floor, story words / articles);
        # chosen on multinews-full dev and train from (500, 600, 700) x (100, 150, 200): all
        # within 0.3 ROUGE-1 of each other on full-length dev and 0.05 on train
        self.window = window
        # weight of the centroid relevance (centrality, cross-outlet support, position) added to
        # the model's probability: 0.6 costs ~0.1 ROUGE on held-out train examples but puts what
        # several outlets report first on clean multi-outlet stories (the bundled example)
        self.blend = blend
        self.mmr_lambda = mmr_lambda  # chosen on held-out *train* examples (1.0, 0.8, 0.6 tried)

    def model_for(self, story: StoryText) -> ScoringModel:
        """The given model, else the shipped one for the story's embedder: with the content
        head for MiniLM, lexical features alone for any other, or when the content model
        cannot be loaded."""
        if self._model is None and story.embedder.name in CONTENT_EMBEDDERS:
            with contextlib.suppress(ModelUnavailableError):
                return load_model(CONTENT_MODEL_PATH)
        return self._model or load_model()

    def scores(self, story: StoryText) -> np.ndarray:
        """The model's score (log-odds of being chosen by the oracle) of every sentence in the
        articles' leads (``window``); sentences past them score below every lead sentence."""
        if not story.sentences:
            return np.zeros(0, dtype=np.float32)
        lead, where = story.lead_window(*self.window)
        model = self.model_for(story)
        inside = model.predict(model.features(lead)).astype(np.float32)
        out = np.full(len(story.sentences), float(inside.min()) - 1.0, dtype=np.float32)
        out[where] = inside
        return out

    def reads(self, story: StoryText) -> np.ndarray:
        """The sentences of the articles' leads (``window``)."""
        return story.lead_window(*self.window)[1]

    def relevance(self, story: StoryText) -> np.ndarray:
        """What ``rank`` weighs: the model's probability plus ``blend`` times the centroid
        method's relevance, over the articles' leads; a sentence past them has its probability
        alone (below every lead sentence's score)."""
        lead, where = story.lead_window(*self.window)
        out = 1.0 / (1.0 + np.exp(-self.memo_scores(story).astype(np.float64)))
        if self.blend and len(where):
            out[where] += self.blend * CentroidSummarizer().memo_scores(lead)
        return out

    def rank(self, story: StoryText, budget_words: int) -> list[int]:
        """Greedy MMR over the model's probabilities of the leads' sentences: candidates
        first, near-repeats never."""
        lead, where = story.lead_window(*self.window)
        scores = self.memo_scores(story)[where]
        return [
            int(where[i]) for i in mmr_rank(lead, self.relevance(story)[where], self.mmr_lambda, budget_words, scores)
        ]


@SUMMARIZERS.register("learned", "default: scorer trained on Multi-News train (oracle labels), redundancy control")
def _learned() -> Summarizer:
    return LearnedSummarizer()
