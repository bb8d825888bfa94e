"""Sentence features for the learned scorer: position, length, centrality, cross-article support.

Features are computed from a story-level TF-IDF model, whatever embedder the user chose, so
the trained weights always see the same kind of input; they are cheap (milliseconds per
story). ``FEATURES`` names the columns; training and inference share this one function.
"""

from __future__ import annotations

import re

import numpy as np

from newsdesk.embed import TfidfEmbedder
from newsdesk.model import Sentence
from newsdesk.summarize.base import StoryText
from newsdesk.summarize.methods import _DANGLING_START_RE, _PRONOUN_SPEAKER_RE, is_candidate
from newsdesk.text.tokens import STOP_WORDS, content_terms, stem, words

FEATURES = (
    "inv_position",
    "is_first",
    "relative_position",
    "position_le3",
    "words_norm",
    "words_norm_sq",
    "log_words",
    "centrality",
    "article_centrality",
    "max_other_sim",
    "mean_other_sim",
    "support_share",
    "term_support",
    "sim_first_sentence",
    "has_quote",
    "starts_quote",
    "has_digit",
    "dangling",
    "pronoun_speaker",
    "question",
    "candidate",
    "inv_articles",
    "article_log_words",
    "article_share",
    "article_coherence",
    "is_last",
    "has_url_or_handle",
    "density",
    # comparisons within the story (filled after the per-sentence pass)
    "bigram_support",
    "bigram_support_sum",
    "rank_centrality",
    "rank_max_other_sim",
    "rank_term_support",
    "rank_bigram_support",
    "rank_in_article",
    "words_vs_story",
)
_URL_RE = re.compile(r"https?://|www\.|@\w|\.com\b|©", re.I)
_TFIDF = TfidfEmbedder()
_QUOTE_RE = re.compile('["“”]')


def sentence_features(story: StoryText) -> np.ndarray:
    """Return an ``(n_sentences, len(FEATURES))`` float32 matrix from a story-level TF-IDF.

    (Adding MiniLM embeddings and embedding centralities as features was tried and gave no
    ROUGE gain on held-out train examples, so the scorer reads lexical features only.)
    """
    sents = story.sentences
    n = len(sents)
    if n == 0:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    n_art = len(story.articles)
    art_of = story.sentence_article
    vec = _TFIDF.encode([s.text for s in sents])
    sim = vec @ vec.T
    centroid = vec.mean(axis=0)
    centrality = vec @ (centroid / (np.linalg.norm(centroid) or 1.0))

    art_len = np.zeros(n_art)
    art_count = np.zeros(n_art)
    first_of = np.full(n_art, -1)
    for i, s in enumerate(sents):
        a = art_of[i]
        art_len[a] += s.words
        art_count[a] += 1
        if first_of[a] < 0:
            first_of[a] = i
    total_words = art_len.sum() or 1.0
    art_vec = np.stack(
        [vec[art_of == b].mean(axis=0) if art_count[b] else np.zeros(vec.shape[1]) for b in range(n_art)]
    )
    coherence = np.zeros(n_art)
    for b in range(n_art):
        rest = art_vec.sum(axis=0) - art_vec[b]
        denom = float(np.linalg.norm(rest) * np.linalg.norm(art_vec[b]))
        coherence[b] = float(art_vec[b] @ rest) / denom if denom else 0.0

    term_sets = [set(content_terms(s.text)) for s in sents]
    term_articles: dict[str, set[int]] = {}
    for i, terms in enumerate(term_sets):
        for t in terms:
            term_articles.setdefault(t, set()).add(int(art_of[i]))

    out = np.zeros((n, len(FEATURES)), dtype=np.float32)
    for i, s in enumerate(sents):
        a = int(art_of[i])
        own = art_of == a
        own_vec = vec[own].mean(axis=0)
        other_best = [sim[i, art_of == b].max() for b in range(n_art) if b != a and art_count[b] > 0]
        terms = term_sets[i]
        pos = s.index
        w = s.words
        out[i] = (
            1.0 / (1.0 + pos),
            pos == 0,
            pos / max(art_count[a], 1),
            pos < 3,
            w / 30.0,
            (w / 30.0) ** 2,
            np.log1p(w),
            centrality[i],
            float(vec[i] @ own_vec / (np.linalg.norm(own_vec) or 1.0)),
            max(other_best) if other_best else 0.0,
            float(np.mean(other_best)) if other_best else 0.0,
            float(np.mean([b >= _TFIDF.calibration.same_content for b in other_best])) if other_best else 0.0,
            float(np.mean([len(term_articles[t]) - 1 for t in terms])) / max(n_art - 1, 1) if terms else 0.0,
            sim[i, first_of[a]],
            bool(_QUOTE_RE.search(s.text)),
            s.text[:1] in "\"“'",
            bool(re.search(r"\d", s.text)),
            bool(_DANGLING_START_RE.match(s.text)),
            bool(_PRONOUN_SPEAKER_RE.search(s.text)),
            s.text.rstrip().endswith("?"),
            is_candidate(s.text),
            1.0 / n_art,
            np.log1p(art_len[a]),
            art_len[a] / total_words,
            coherence[a],
            pos == art_count[a] - 1,
            bool(_URL_RE.search(s.text)),
            len(terms) / max(w, 1),
            *([0.0] * 8),
        )
    _add_story_comparisons(out, sents, art_of, n_art)
    return out


def _add_story_comparisons(out: np.ndarray, sents: list[Sentence], art_of: np.ndarray, n_art: int) -> None:
    """Fill the columns that compare a sentence with the rest of its story, in place."""
    col = {name: k for k, name in enumerate(FEATURES)}
    bigrams = [_bigrams(s.text) for s in sents]
    bigram_articles: dict[tuple[str, str], set[int]] = {}
    for i, bgs in enumerate(bigrams):
        for bg in bgs:
            bigram_articles.setdefault(bg, set()).add(int(art_of[i]))
    for i, bgs in enumerate(bigrams):
        shared = [len(bigram_articles[bg]) - 1 for bg in bgs]
        out[i, col["bigram_support"]] = float(np.mean(shared)) / max(n_art - 1, 1) if shared else 0.0
        out[i, col["bigram_support_sum"]] = sum(shared) / 10.0
    for name, source in (
        ("rank_centrality", "centrality"),
        ("rank_max_other_sim", "max_other_sim"),
        ("rank_term_support", "term_support"),
        ("rank_bigram_support", "bigram_support_sum"),
    ):
        out[:, col[name]] = _percentile(out[:, col[source]])
    for a in range(n_art):
        rows = np.flatnonzero(art_of == a)
        if len(rows):
            out[rows, col["rank_in_article"]] = _percentile(out[rows, col["article_centrality"]])
    log_words = out[:, col["log_words"]]
    out[:, col["words_vs_story"]] = log_words - log_words.mean()


def _percentile(values: np.ndarray) -> np.ndarray:
    """Rank of each value among ``values``, scaled to [0, 1] (1 = highest)."""
    if len(values) < 2:
        return np.ones(len(values), dtype=np.float32)
    ranks = np.argsort(np.argsort(values, kind="stable"), kind="stable")
    return (ranks / (len(values) - 1)).astype(np.float32)


def _bigrams(text: str) -> set[tuple[str, str]]:
    """Stemmed word bigrams that hold at least one content word."""
    toks = [stem(t) for t in words(text.lower())]
    return {(a, b) for a, b in zip(toks, toks[1:], strict=False) if a not in STOP_WORDS or b not in STOP_WORDS}
