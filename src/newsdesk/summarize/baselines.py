"""Baselines a user would otherwise reach for: sumy's LexRank and TextRank, and an oracle.

sumy's own tokenizer needs NLTK's ``punkt`` data, which cannot be downloaded here, so sumy
gets a tokenizer built on newsdesk's splitter and word tokens, and a document built from the
story's sentences directly (so its choices map back to our offsets). The oracle greedily adds
the sentence that most raises ROUGE-1 + ROUGE-2 F1 against the human reference: the ceiling
an extractive method could reach, usable only where a reference exists (evaluation).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

import numpy as np

from newsdesk.errors import OptionError
from newsdesk.summarize.base import SUMMARIZERS, StoryText, Summarizer
from newsdesk.text.sentences import SPLITTERS
from newsdesk.text.tokens import words


class SumyTokenizer:
    """The tokenizer interface sumy expects (``to_sentences``, ``to_words``), offline."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Split with the rule splitter (no model, no NLTK data)."""
        return tuple(paragraph[s:e] for s, e in SPLITTERS.get("rules").split(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Word tokens, as newsdesk counts them."""
        return tuple(words(sentence))


def _ranked(summarizer: Any, document: Any) -> list[Any]:
    """All sentences of ``document`` in sumy's rating order (best first)."""
    captured: list[Any] = []

    def grab(sentences: Any, count: Any, rating: Any, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        rate = rating if callable(rating) else rating.__getitem__
        order = sorted(range(len(sentences)), key=lambda o: (-rate(sentences[o], *args, **kwargs), o))
        captured.extend(sentences[o] for o in order)
        return ()

    summarizer._get_best_sentences = grab
    summarizer(document, len(document.sentences))
    return captured


class SumySummarizer(Summarizer):
    """sumy's graph rankers, by the name of their class."""

    def __init__(self, name: str, kind: str) -> None:
        self.name = name
        self.kind = kind

    @staticmethod
    @lru_cache(maxsize=1)
    def _parts() -> tuple[Any, Any, Any]:
        try:
            from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
            from sumy.nlp.stemmers import Stemmer
            from sumy.summarizers.lex_rank import LexRankSummarizer
            from sumy.summarizers.text_rank import TextRankSummarizer
            from sumy.utils import get_stop_words
        except ImportError as exc:  # pragma: no cover - sumy is pinned; say what to do if removed
            raise OptionError(f"the sumy baselines need the 'sumy' package ({exc.name} is missing)") from exc
        stemmer = Stemmer("english")
        stop = get_stop_words("english")
        classes = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}
        return (ObjectDocumentModel, Paragraph, Sentence), classes, (stemmer, stop)

    def rank(self, story: StoryText, budget_words: int) -> list[int]:
        """Sentences in sumy's rating order."""
        (Document, Paragraph, Sentence), classes, (stemmer, stop) = self._parts()
        tokenizer = SumyTokenizer()
        index: dict[int, int] = {}  # id(sumy sentence) -> our sentence index
        paragraphs = []
        for a in range(len(story.articles)):
            sents = []
            for row in np.flatnonzero(story.sentence_article == a):
                sent = Sentence(story.sentences[int(row)].text, tokenizer)
                index[id(sent)] = int(row)
                sents.append(sent)
            paragraphs.append(Paragraph(sents))
        summarizer = classes[self.kind](stemmer)
        summarizer.stop_words = stop
        return [index[id(sent)] for sent in _ranked(summarizer, Document(paragraphs))]


@lru_cache(maxsize=1)
def _rouge_tokenizer() -> Any:
    from rouge_score import tokenizers

    return tokenizers.DefaultTokenizer(use_stemmer=True)


def _ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _f1(overlap: int, produced: int, wanted: int) -> float:
    if overlap == 0 or produced == 0 or wanted == 0:
        return 0.0
    p, r = overlap / produced, overlap / wanted
    return 2 * p * r / (p + r)


class OracleSummarizer(Summarizer):
    """Greedy extractive oracle: maximise ROUGE-1 + ROUGE-2 F1 against the reference."""

    name = "oracle"

    def rank(self, story: StoryText, budget_words: int) -> list[int]:
        """Add the sentence that most improves ROUGE until nothing improves or the budget is full."""
        if story.reference is None:
            raise OptionError("method 'oracle' needs a reference summary (it is an evaluation ceiling)")
        tok = _rouge_tokenizer()
        ref = tok.tokenize(story.reference)
        ref_n = [_ngrams(ref, 1), _ngrams(ref, 2)]
        sent_tokens = [tok.tokenize(s.text) for s in story.sentences]
        chosen: list[int] = []
        tokens: list[str] = []
        best_score = 0.0
        used = 0
        while used < budget_words:
            best = None
            for i, toks in enumerate(sent_tokens):
                if i in chosen:
                    continue
                # a sentence overflowing the budget is scored as the truncation will leave it
                room = budget_words - used
                words_i = story.sentences[i].text.split()
                cand = tokens + (toks if len(words_i) <= room else tok.tokenize(" ".join(words_i[:room])))
                score = 0.0
                for n, ref_counts in enumerate(ref_n, start=1):
                    mine = _ngrams(cand, n)
                    overlap = sum((mine & ref_counts).values())
                    score += _f1(overlap, max(len(cand) - n + 1, 0), max(len(ref) - n + 1, 0))
                if score > best_score:
                    best_score, best = score, i
            if best is None:
                break
            chosen.append(best)
            tokens += sent_tokens[best]
            used += story.sentences[best].words
        return chosen


@SUMMARIZERS.register("lexrank", "baseline: sumy LexRank (offline tokenizer from newsdesk)")
def _lexrank() -> Summarizer:
    return SumySummarizer("lexrank", "lexrank")


@SUMMARIZERS.register("textrank", "baseline: sumy TextRank (offline tokenizer from newsdesk)")
def _textrank() -> Summarizer:
    return SumySummarizer("textrank", "textrank")


@SUMMARIZERS.register("oracle", "ceiling: greedy ROUGE oracle against the reference (evaluation only)")
def _oracle() -> Summarizer:
    return OracleSummarizer()


__all__ = ["OracleSummarizer", "SumySummarizer", "SumyTokenizer"]
