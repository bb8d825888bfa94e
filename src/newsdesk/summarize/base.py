"""What every summarizer shares: the story's sentences, their embeddings, support and citations.

A summarizer implements one method, ``rank``: given a ``StoryText`` and a word budget it
returns sentences in the order it would add them. ``select`` turns that into whole sentences
within the budget (for people); the evaluation cuts the ranking at the budget by truncation,
alike for every method. ``summarize`` (the same for every method) then orders them for
reading and cites, for each one, every article that reports the same content. So a baseline
such as lead gets the same citations as the default method, and methods differ only in what
they choose.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import replace
from functools import cached_property

import numpy as np

from newsdesk.embed import Embedder, TfidfEmbedder
from newsdesk.model import Article, Citation, Sentence, Summary, SummarySentence
from newsdesk.registry import Registry
from newsdesk.summarize.order import read_in_order
from newsdesk.text.numbers import numbers, numbers_clash


class StoryText:
    """The sentences of a story's articles, with embeddings computed once, on first use."""

    def __init__(self, articles: list[Article], embedder: Embedder, reference: str | None = None) -> None:
        self.articles = articles
        self.embedder = embedder
        self.reference = reference  # a human summary; only the evaluation oracle reads it
        self.method_scores: dict[str, np.ndarray] = {}  # see Summarizer.memo_scores
        self.sentences: list[Sentence] = [s for a in articles for s in a.sentences]
        self.article_index = {a.id: i for i, a in enumerate(articles)}
        self.sentence_article = np.array([self.article_index[s.article_id] for s in self.sentences], dtype=np.int64)
        self._windows: dict[tuple[float, float], tuple[StoryText, np.ndarray]] = {}

    def lead_window(self, story_words: float, floor_words: float) -> tuple[StoryText, np.ndarray]:
        """The story as read up to each article's first ``max(floor_words, story_words / n)``
        words (n articles; whole sentences, the one crossing the limit included), and, for
        each of its sentences, its index in this story. Made once per setting; a story whose
        articles all fit is its own window."""
        key = (story_words, floor_words)
        if key not in self._windows:
            limit = max(floor_words, story_words / max(len(self.articles), 1))
            cut: list[Article] = []
            keep: list[int] = []
            offset = 0
            for art in self.articles:  # by position: two copies of one article share an id
                used, k = 0, 0
                while k < len(art.sentences) and used < limit:
                    used += art.sentences[k].words
                    k += 1
                cut.append(replace(art, sentences=art.sentences[:k]))
                keep += range(offset, offset + k)
                offset += len(art.sentences)
            if len(keep) == len(self.sentences):
                self._windows[key] = (self, np.arange(len(keep)))
            else:
                self._windows[key] = (StoryText(cut, self.embedder, self.reference), np.asarray(keep, dtype=np.int64))
        return self._windows[key]

    @cached_property
    def vectors(self) -> np.ndarray:
        """Unit vectors of every sentence, one row each."""
        return self.embedder.encode([s.text for s in self.sentences])

    @cached_property
    def similarity(self) -> np.ndarray:
        """Cosine similarity between every pair of sentences."""
        v = self.vectors
        return v @ v.T if len(v) else np.zeros((0, 0), dtype=np.float32)

    @cached_property
    def best_match(self) -> tuple[np.ndarray, np.ndarray]:
        """``(sim, idx)``: for each sentence and article, the most similar sentence in that article.

        Both arrays are ``(n_sentences, n_articles)``; ``idx`` is -1 where the article has no
        sentences.
        """
        return self._best_per_article(self.similarity)

    @cached_property
    def citation_match(self) -> tuple[np.ndarray, np.ndarray]:
        """``best_match`` on the citation measure: the embedder's cosine plus
        ``calibration.lexical`` times the TF-IDF cosine of the same two sentences (the
        embedder's cosine alone when that weight is 0, as for TF-IDF itself)."""
        weight = self.embedder.calibration.lexical
        if not weight or not self.sentences:
            return self.best_match
        lexical = TfidfEmbedder().encode([s.text for s in self.sentences])
        return self._best_per_article(self.similarity + weight * (lexical @ lexical.T))

    def _best_per_article(self, similarity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        n, m = len(self.sentences), len(self.articles)
        best = np.full((n, m), -1.0, dtype=np.float32)
        idx = np.full((n, m), -1, dtype=np.int64)
        for a in range(m):
            cols = np.flatnonzero(self.sentence_article == a)
            if len(cols) == 0 or n == 0:
                continue
            block = similarity[:, cols]
            arg = block.argmax(axis=1)
            best[:, a] = block[np.arange(n), arg]
            idx[:, a] = cols[arg]
        return best, idx

    @cached_property
    def counted(self) -> list[dict[str, str]]:
        """The counted things each sentence states (``text.numbers.numbers``)."""
        return [numbers(s.text) for s in self.sentences]

    def supported(self, bar: float, match: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """``(n_sentences, n_articles)``: True where that article's most similar sentence
        states the same content: similar at ``bar`` or more, and giving no other figure for a
        thing both count ("13 killed" is no support for "31 killed"). False for a sentence's
        own article. ``match`` is ``best_match`` unless given (``citation_match``)."""
        best, idx = self.best_match if match is None else match
        same = best >= bar
        same[np.arange(len(self.sentences)), self.sentence_article] = False
        for i, a in zip(*np.nonzero(same), strict=True):
            if self.counted[i] and numbers_clash(self.counted[i], self.counted[int(idx[i, a])]):
                same[i, a] = False
        return same

    @cached_property
    def supports(self) -> np.ndarray:
        """``supported`` on the citation measure at the embedder's ``citation`` bar (both
        calibrated on labelled citations): the articles each sentence cites."""
        return self.supported(self.embedder.calibration.citation, self.citation_match)

    @cached_property
    def support(self) -> np.ndarray:
        """For each sentence, how many *other* articles make the same statement (the
        ``same_content`` bar the summarizers were tuned with): what ranking reads."""
        return self.supported(self.embedder.calibration.same_content).sum(axis=1)

    def citations(self, i: int) -> tuple[Citation, ...]:
        """Citations for sentence ``i``: its own article first, then every supporting article."""
        sent = self.sentences[i]
        cites = [Citation(sent.article_id, sent.start, sent.end, 1.0)]
        best, idx = self.citation_match
        for a, art in enumerate(self.articles):
            if not self.supports[i, a]:
                continue
            j = int(idx[i, a])
            other = self.sentences[j]
            strength = "full" if best[i, a] >= self.embedder.calibration.full_support else "partial"
            # the embedder's cosine of the two sentences (the citation measure only decides)
            cites.append(Citation(art.id, other.start, other.end, round(float(self.similarity[i, j]), 3), strength))
        return tuple(cites)


class Summarizer(ABC):
    """A summarization method: implement ``rank``."""

    name: str = "base"

    @abstractmethod
    def rank(self, story: StoryText, budget_words: int) -> list[int]:
        """Return indices into ``story.sentences`` in the order the method would add them.

        The list may stop once it holds ``budget_words`` words or more; the last sentence may
        overflow the budget (evaluation cuts it; ``select`` skips what does not fit).
        """

    def select(self, story: StoryText, budget_words: int) -> list[int]:
        """Whole sentences from ``rank``, each taken if it still fits the budget."""
        chosen: list[int] = []
        used = 0
        # rank past the budget, so a sentence too long for the rest can give way to a shorter one
        for i in self.rank(story, 2 * budget_words):
            words = story.sentences[i].words
            if fits(words, used, budget_words):
                chosen.append(i)
                used += words
        return chosen

    def relevance(self, story: StoryText) -> np.ndarray:
        """How much each sentence belongs in a summary by this method's own judgement, higher
        first: here, the sentence's place in ``rank`` (1 for the first, falling to 0); a method
        with a scorer gives its scorer's value. What an update's ranking weighs against novelty."""
        order = self.rank(story, sum(s.words for s in story.sentences)) if story.sentences else []
        out = np.zeros(len(story.sentences), dtype=np.float64)
        for place, i in enumerate(order):
            out[i] = 1.0 - place / len(order)
        return out

    def reads(self, story: StoryText) -> np.ndarray:
        """The indices of the sentences this method chooses among (every one here)."""
        return np.arange(len(story.sentences))

    def scores(self, story: StoryText) -> np.ndarray:
        """Per-sentence scores shown in reports; methods that rank sentences override this."""
        return np.zeros(len(story.sentences), dtype=np.float32)

    def memo_scores(self, story: StoryText) -> np.ndarray:
        """``scores`` computed once per story (``rank`` and the report both need them)."""
        if self.name not in story.method_scores:
            story.method_scores[self.name] = self.scores(story)
        return story.method_scores[self.name]

    def summarize(self, story: StoryText, budget_words: int) -> Summary:
        """Return the summary: chosen sentences in reading order, each with its citations."""
        chosen = self.select(story, budget_words) if story.sentences and budget_words > 0 else []
        scores = self.memo_scores(story)
        ordered = reading_order(story, chosen)
        sentences = []
        for i in ordered:
            cites = story.citations(i)
            sentences.append(
                SummarySentence(
                    text=story.sentences[i].text,
                    source=cites[0],
                    citations=cites,
                    score=round(float(scores[i]), 4) if len(scores) else 0.0,
                )
            )
        return Summary(method=self.name, sentences=sentences, budget_words=budget_words)


def reading_order(story: StoryText, chosen: list[int]) -> list[int]:
    """``chosen`` in reading order, with a sentence that leans on another after the sentence
    that names its subject (``summarize.order``): the summary opens with the news."""
    ordered = sorted(chosen, key=lambda i: reading_position(story, i))
    return [ordered[k] for k in read_in_order([story.sentences[i].text for i in ordered])]


LEAD_SENTENCES = 2  # an article's first sentences: its lead (the first is often a short line)


def reading_position(story: StoryText, i: int) -> tuple[int, int, float, int]:
    """Sort key for reading order: the articles' leads first, the one most articles state
    first among them (the event before one outlet's background); then relative position in
    its article, then article order."""
    sent = story.sentences[i]
    art = story.articles[int(story.sentence_article[i])]
    lead = sent.index < LEAD_SENTENCES
    cited = int(story.supports[i].sum()) if lead else 0
    return (0 if lead else 1, -cited, sent.index / max(len(art.sentences), 1), int(story.sentence_article[i]))


SUMMARIZERS: Registry[Summarizer] = Registry("summarizer")


def fits(words: int, used: int, budget: int) -> bool:
    """True when a sentence of ``words`` words still fits in the budget."""
    return used + words <= budget


def truncated_summary(story: StoryText, order: list[int], budget_words: int) -> list[str]:
    """The evaluation protocol: take ``order`` until the budget is reached, cut the last
    (lowest-ranked) sentence to fit exactly, and return the sentences in reading order."""
    picked: dict[int, str] = {}
    used = 0
    for i in order:
        if used >= budget_words:
            break
        words = story.sentences[i].text.split()
        picked[i] = " ".join(words[: budget_words - used])
        used += min(len(words), budget_words - used)
    return [picked[i] for i in reading_order(story, list(picked))]
