"""Word tokens, stop words and a light stemmer shared by the cleaner, TF-IDF and the summarizer."""

from __future__ import annotations

import re
from functools import lru_cache

WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Za-z0-9]")

# A compact English stop list (function words and news filler); content words are the rest.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "said",
        "says",
        "say",
        "told",
        "tell",
        "according",
        "mr",
        "mrs",
        "ms",
        "dr",
        "would",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "one",
        "two",
        "three",
        "new",
        "also",
        "us",
        "s",
        "t",
    ]
)


def words(text: str) -> list[str]:
    """Return the word tokens of ``text`` in their original case."""
    return WORD_RE.findall(text)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return a crude stem: lower case, possessive and common suffixes removed.

    Good enough for overlap measures: "talks"/"talk", "countries"/"country", "Trump's"/"Trump"
    and "reported"/"reports" stem alike. It is not a linguistic stemmer: a final "e" is kept,
    so "defense"/"defenses" and "agree"/"agreed" do not.
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace(".", "")
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            return w[: -len(suffix)] + keep
    return w


def content_terms(text: str) -> list[str]:
    """Return stemmed content words of ``text`` (stop words and 1-letter tokens dropped)."""
    out = []
    for token in words(text):
        low = token.lower().replace(".", "")
        if len(low) > 1 and low not in STOP_WORDS:
            out.append(stem(low))
    return out
