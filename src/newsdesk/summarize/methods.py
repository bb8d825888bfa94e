"""Registered summarization methods: ``centroid`` (centrality, support and position; the
features the default ``learned`` scorer builds on) and the ``lead`` baseline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.clean.boilerplate import ends_like_sentence, match_rule
from newsdesk.summarize.base import SUMMARIZERS, StoryText, Summarizer
from newsdesk.text.tokens import content_terms

QUOTE_ONLY_RE = re.compile(r"^[\"“'‘].*[\"”'’][.,!?]?[\"”'’]?\.?$")
_PRONOUN_SPEAKER_RE = re.compile(r"[,\"”]\s*(he|she|they|it)\s+(said|added|says|told|explained|noted)\b", re.I)
_DANGLING_START_RE = re.compile(r"^(he|she|they|it|this|that|these|those|but|and|also|however,?)\b", re.I)


def with_fillers(story: StoryText, order: list[int], scores: np.ndarray) -> list[int]:
    """Append, after a method's ``order`` of candidates, the other sentences that are not
    junk (long run-ons, quotations without speaker) by score, never one that repeats or
    restates a sentence already taken: a short story still fills the budget, and a real
    candidate always comes first."""
    out = list(order)
    redundant = story.embedder.calibration.redundant
    terms: dict[int, set[str]] = {}
    for i in np.argsort(-scores, kind="stable").tolist():
        text = story.sentences[i].text
        if i in out or len(text.split()) < 4 or match_rule(text):
            continue
        if out and (float(story.similarity[i, out].max()) >= redundant or _restates(story, terms, i, out)):
            continue
        out.append(i)
    return out


# a sentence that restates one already taken in other words: half its content words shared
# (of the shorter) and a cosine of this share of the ``redundant`` bar ("A woman killed three
# people and wounded three others ..." after "A temporary employee ... shot three co-workers and
# injured three others ...", cosine 0.56 with MiniLM). On Multi-News dev (learned, 250 words)
# ROUGE-1/2 44.71/15.19 -> 44.76/15.27; 100 words 35.10/11.38 -> 35.04/11.36.
RESTATES_SHARE, RESTATES_COSINE = 0.5, 0.7


def _restates(story: StoryText, terms: dict[int, set[str]], i: int, taken: list[int]) -> bool:
    """Whether sentence ``i`` says again what a ``taken`` one says, in other words."""
    bar = RESTATES_COSINE * story.embedder.calibration.redundant

    def words(k: int) -> set[str]:
        if k not in terms:
            terms[k] = set(content_terms(story.sentences[k].text))
        return terms[k]

    for j in taken:
        if story.similarity[i, j] >= bar:
            mine, theirs = words(i), words(j)
            if mine and theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= RESTATES_SHARE:
                return True
    return False


def mmr_rank(
    story: StoryText,
    relevance: np.ndarray,
    mmr_lambda: float,
    budget_words: int,
    filler_scores: np.ndarray,
    among: Sequence[int] | None = None,
) -> list[int]:
    """Greedy MMR over candidate sentences (of ``among`` only, when given) until the budget
    is reached; a sentence too similar to one already taken (the embedder's ``redundant``
    threshold), or restating one in other words (``_restates``), is dropped from the pool. A
    story that runs out of candidates is filled by ``filler_scores`` (when ``among`` is not
    given)."""
    redundant = story.embedder.calibration.redundant
    sim = story.similarity
    allowed = range(len(story.sentences)) if among is None else among
    pool = [i for i in allowed if is_candidate(story.sentences[i].text)]
    order: list[int] = []
    terms: dict[int, set[str]] = {}
    used = 0
    while pool and used < budget_words:
        overlap = sim[np.ix_(pool, order)].max(axis=1) if order else np.zeros(len(pool))
        keep = overlap < redundant
        if order:
            keep &= np.array([not _restates(story, terms, i, order[-1:]) for i in pool], dtype=bool)
        pool = [i for i, k in zip(pool, keep, strict=True) if k]
        if not pool:
            break
        value = mmr_lambda * relevance[pool] - (1 - mmr_lambda) * overlap[keep]
        best = pool[int(np.argmax(value))]
        order.append(best)
        used += story.sentences[best].words
        pool.remove(best)
    return order if used >= budget_words or among is not None else with_fillers(story, order, filler_scores)


def is_candidate(text: str, min_words: int = 6, max_words: int = 70) -> bool:
    """True for a sentence that can stand in a summary.

    Leaves out fragments, headings and boilerplate, and quotations with no speaker at all
    (a reader of the summary could not tell who is speaking).
    """
    n = len(text.split())
    if not min_words <= n <= max_words or not ends_like_sentence(text) or match_rule(text):
        return False
    if text[0].islower():
        return False
    return not QUOTE_ONLY_RE.match(text.strip())


@dataclass(frozen=True)
class CentroidOptions:
    """Weights of the ``centroid`` method (chosen on the examples and Multi-News train)."""

    support_weight: float = 0.35  # share of other articles that report the same content
    position_weight: float = 0.15  # lead bias: earlier sentences of an article score higher
    pronoun_penalty: float = 0.15  # "..., he said." or a sentence opening on "He"/"But"
    mmr_lambda: float = 0.6  # relevance versus novelty in MMR selection


class CentroidSummarizer(Summarizer):
    """Centrality to the story, cross-article support and position, with MMR against redundancy."""

    name = "centroid"

    def __init__(self, options: CentroidOptions | None = None) -> None:
        self.options = options or CentroidOptions()

    def scores(self, story: StoryText) -> np.ndarray:
        """Relevance of each sentence before redundancy control."""
        opts = self.options
        n = len(story.sentences)
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        vectors = story.vectors
        centroid = vectors.mean(axis=0)
        norm = float(np.linalg.norm(centroid)) or 1.0
        centrality = vectors @ (centroid / norm)
        others = max(len(story.articles) - 1, 1)
        support = story.support / others
        position = np.array([1.0 / np.sqrt(1.0 + s.index) for s in story.sentences], dtype=np.float32)
        penalty = np.array(
            [
                opts.pronoun_penalty
                * (bool(_PRONOUN_SPEAKER_RE.search(s.text)) + bool(_DANGLING_START_RE.match(s.text)))
                for s in story.sentences
            ],
            dtype=np.float32,
        )
        result: np.ndarray = centrality + opts.support_weight * support + opts.position_weight * position - penalty
        return result

    def rank(self, story: StoryText, budget_words: int) -> list[int]:
        """Greedy MMR order; near-repeats of a chosen sentence are never taken."""
        opts = self.options
        relevance = self.memo_scores(story)
        return mmr_rank(story, relevance, opts.mmr_lambda, budget_words, relevance)


class LeadSummarizer(Summarizer):
    """First sentences of each article in turn (round robin), the classic news baseline."""

    name = "lead"

    def rank(self, story: StoryText, budget_words: int) -> list[int]:
        """Sentence 1 of every article, then sentence 2, ..."""
        per_article: list[list[int]] = [[] for _ in story.articles]
        for i, a in enumerate(story.sentence_article):
            per_article[int(a)].append(i)
        depth = max((len(p) for p in per_article), default=0)
        return [p[d] for d in range(depth) for p in per_article if d < len(p)]


@SUMMARIZERS.register("centroid", "centrality + cross-outlet support + position, MMR redundancy control")
def _centroid() -> Summarizer:
    return CentroidSummarizer()


@SUMMARIZERS.register("lead", "baseline: first sentences of each article in turn")
def _lead() -> Summarizer:
    return LeadSummarizer()
