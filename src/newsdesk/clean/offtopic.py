"""Flagging articles and paragraphs that belong to another story.

Articles: a story gathered by a feed or a search often holds a page about something else
(an archive notice, a sidebar page, a different event). Each article is compared with the
others of its story: its similarity to their centroid, its best similarity to any one of
them, and its length feed a logistic model fitted on the Multi-News train split's silver
labels (``scripts/fit_offtopic.py``; one set of weights per embedder). Fewer than half of a
story is ever flagged: a story of one has nothing to compare with, and in a story of two
nothing says which of two unlike reports is the stray one, so neither is flagged.

Paragraphs:
Scraped pages often carry a stray paragraph from a neighbouring article (a teaser headline
and its lead pasted into the body: the Hong Kong paragraph in the bundled example). Each
paragraph is compared with the centroid of every *other* paragraph of the story (its own
article included); one far below the embedder's ``offtopic`` threshold is flagged. A
paragraph that opens under a heading of its own inside the body is a stronger suspect and is
held to a somewhat higher bar. Short paragraphs carry too little evidence and are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from newsdesk.embed import Embedder
from newsdesk.errors import OptionError
from newsdesk.model import Article
from newsdesk.text.tokens import content_terms


@dataclass(frozen=True)
class OfftopicOptions:
    """How paragraph flagging decides."""

    min_terms: int = 8  # paragraphs with fewer content words are never flagged
    after_heading_factor: float = 1.25  # threshold multiplier for a paragraph under an inner heading


@dataclass(frozen=True)
class ArticleModel:
    """Logistic weights over (similarity to the rest, best similarity to one other, log content words)."""

    intercept: float
    to_rest: float
    to_nearest: float
    log_terms: float
    threshold: float  # flag when the modelled probability of being off-topic exceeds this

    def probability(self, features: np.ndarray) -> np.ndarray:
        """Off-topic probability of each row of ``features``."""
        z = self.intercept + features @ np.array([self.to_rest, self.to_nearest, self.log_terms])
        return np.asarray(1.0 / (1.0 + np.exp(-z)))


# fitted by scripts/fit_offtopic.py on Multi-News train silver labels (tfidf: all 4,498 examples;
# minilm: the first 1,500); see README
ARTICLE_MODELS: dict[str, ArticleModel] = {
    "tfidf": ArticleModel(intercept=2.235, to_rest=-7.747, to_nearest=-4.981, log_terms=-0.474, threshold=0.22),
    "minilm": ArticleModel(intercept=3.321, to_rest=-2.840, to_nearest=-2.765, log_terms=-0.407, threshold=0.2),
}
# the same weights on torch: the minilm model was fitted on the torch vectors (int8 ones are within 0.01 cosine)
ARTICLE_MODELS["minilm-torch"] = ARTICLE_MODELS["minilm"]


def article_model(embedder: Embedder) -> ArticleModel:
    """The article model fitted for ``embedder``'s vectors.

    Raises:
        OptionError: no model was fitted for this embedder (weights fitted on one embedder's
            similarities mean nothing on another's; fit them with ``scripts/fit_offtopic.py``).
    """
    if embedder.name not in ARTICLE_MODELS:
        known = ", ".join(sorted(ARTICLE_MODELS))
        raise OptionError(f"no off-topic article model for embedder '{embedder.name}' (fitted for: {known})")
    return ARTICLE_MODELS[embedder.name]


def article_vectors(articles: list[Article], embedder: Embedder) -> np.ndarray:
    """One unit vector per article: the mean of its body paragraphs' vectors."""
    texts, owners = [], []
    for k, art in enumerate(articles):
        for p in art.paragraphs:
            if p.kind == "body":
                texts.append(art.text[p.start : p.end])
                owners.append(k)
    if not texts:
        return np.zeros((len(articles), 1), dtype=np.float32)
    vectors = embedder.encode(texts)
    out = np.zeros((len(articles), vectors.shape[1]), dtype=np.float32)
    np.add.at(out, np.array(owners), vectors)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def article_features(articles: list[Article], embedder: Embedder) -> np.ndarray:
    """Rows of (cosine to the centroid of the other articles, best cosine to one other
    article, log of 1 + content words) for a story of two or more articles."""
    vectors = article_vectors(articles, embedder)
    total = vectors.sum(axis=0)
    sims = vectors @ vectors.T
    rows = []
    for k, art in enumerate(articles):
        rest = total - vectors[k]
        norm = float(np.linalg.norm(rest))
        to_rest = float(vectors[k] @ rest / norm) if norm else 0.0
        others = np.delete(sims[k], k)
        rows.append((to_rest, float(others.max()) if others.size else 0.0, np.log1p(len(content_terms(art.text)))))
    return np.array(rows, dtype=np.float64).reshape(len(articles), 3)


def flag_offtopic_articles(articles: list[Article], embedder: Embedder, min_articles: int = 2) -> int:
    """Mark articles that look like they report another story, in place; return how many.

    Never flags in a story of fewer than ``min_articles`` and flags fewer than half of a
    story, the likeliest first: none of two, one of three or four, two of five.
    """
    if len(articles) < max(min_articles, 3):
        return 0
    model = article_model(embedder)
    features = article_features(articles, embedder)
    probs = model.probability(features)
    order = [k for k in np.argsort(-probs) if probs[k] > model.threshold][: (len(articles) - 1) // 2]
    for k in order:
        articles[k].offtopic = (
            f"unlike the other articles of the story (similarity {features[k, 0]:.2f}; "
            f"off-topic probability {probs[k]:.2f} > {model.threshold:.2f})"
        )
    return len(order)


def paragraph_similarity(articles: list[Article], embedder: Embedder) -> dict[tuple[str, int], float]:
    """Return ``{(article_id, paragraph_index): cosine to the rest of the story}``."""
    keys = [(a.id, i) for a in articles for i, _ in enumerate(a.paragraphs)]
    texts = [a.text[p.start : p.end] for a in articles for p in a.paragraphs]
    if len(texts) < 3:
        return {k: 1.0 for k in keys}
    vectors = embedder.encode(texts)
    total = vectors.sum(axis=0)
    scores = {}
    for row, key in enumerate(keys):
        rest = total - vectors[row]
        norm = float(np.linalg.norm(rest))
        scores[key] = float(vectors[row] @ rest / norm) if norm else 1.0
    return scores


def flag_offtopic_paragraphs(
    articles: list[Article], embedder: Embedder, options: OfftopicOptions | None = None
) -> int:
    """Mark paragraphs that belong to another story, in place; return how many were flagged.

    A flagged body paragraph right after an inner heading takes the heading with it.
    """
    opts = options or OfftopicOptions()
    scores = paragraph_similarity(articles, embedder)
    base = embedder.calibration.offtopic
    flagged = 0
    for art in articles:
        paras = list(art.paragraphs)
        for i, para in enumerate(paras):
            if para.kind != "body" or para.offtopic:
                continue
            after_heading = i > 0 and paras[i - 1].kind == "heading"
            limit = base * (opts.after_heading_factor if after_heading else 1.0)
            score = scores[(art.id, i)]
            if score >= limit or len(content_terms(art.text[para.start : para.end])) < opts.min_terms:
                continue
            paras[i] = replace(para, offtopic=f"unlike the rest of the story (similarity {score:.2f} < {limit:.2f})")
            flagged += 1
            if after_heading:
                paras[i - 1] = replace(paras[i - 1], offtopic="heading of a paragraph from another story")
        art.paragraphs = paras
    return flagged
