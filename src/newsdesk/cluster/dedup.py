"""Near-duplicates: syndicated copies and light rewrites of one article.

MinHash signatures over word 3-shingles (datasketch) and an LSH index find candidates; a
candidate is a near-duplicate when the estimated Jaccard similarity of the two shingle sets
reaches ``threshold``. A near-duplicate joins its original's story and is not counted as an
independent source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

from newsdesk.model import Article
from newsdesk.settings import IngestOptions

NUM_PERM = 64
DEFAULT_THRESHOLD: float = IngestOptions.duplicate_threshold
SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures must be read back with it
_WORD_RE = re.compile(r"\w+")


def shingles(text: str, n: int = 3) -> set[bytes]:
    """Lower-cased word ``n``-grams of ``text`` (the text itself when shorter)."""
    words = _WORD_RE.findall(text.lower())
    if len(words) < n:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature of ``text`` (``NUM_PERM`` uint64 values)."""
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    mh.update_batch(list(shingles(text)))
    return np.asarray(mh.hashvalues, dtype=np.uint64)


def copies_among(articles: Sequence[Article], threshold: float = DEFAULT_THRESHOLD) -> dict[str, str]:
    """Near-duplicates within one story's articles: ``{copy's id: its original's id}``, the
    original being the first article (in the given order) the copy matches; originals only
    are compared against, so a copy of a copy points to the first."""
    sigs = [signature(a.text) for a in articles]
    out: dict[str, str] = {}
    for j, art in enumerate(articles):
        for i in range(j):
            original = articles[i].id
            if original in out or original == art.id:
                continue
            if float(np.mean(sigs[i] == sigs[j])) >= threshold:
                out[art.id] = original
                break
    return out


def roots(duplicate_of: dict[str, str]) -> dict[str, str]:
    """Each near-duplicate's first original: a copy of a copy follows the chain to its start."""
    out = {}
    for article_id, original in duplicate_of.items():
        seen = {article_id}
        while original in duplicate_of and original not in seen:  # (a cycle would be a bug; stop there)
            seen.add(original)
            original = duplicate_of[original]
        out[article_id] = original
    return out


class DuplicateIndex:
    """Stored signatures, queried for the near-duplicates of a new article."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, known: Iterable[tuple[str, np.ndarray]] = ()) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        # candidates at a lower bar than the verdict, so that LSH banding rarely misses a pair
        self.lsh = MinHashLSH(threshold=max(0.3, threshold - 0.25), num_perm=NUM_PERM)
        self.signatures: dict[str, np.ndarray] = {}
        for key, sig in known:
            self.add(key, sig)

    def _minhash(self, sig: np.ndarray) -> object:
        from datasketch import LeanMinHash  # a stored signature as is: 30 times cheaper than a MinHash

        return LeanMinHash(seed=1, hashvalues=sig, scheme=SCHEME)

    def add(self, key: str, sig: np.ndarray) -> None:
        """Index an article's signature."""
        if key not in self.signatures:
            self.signatures[key] = sig
            self.lsh.insert(key, self._minhash(sig))

    def original(self, sig: np.ndarray) -> tuple[str, float] | None:
        """The indexed article most like ``sig`` at or above the threshold, with its estimated
        Jaccard similarity; ``None`` when there is none."""
        best: tuple[str, float] | None = None
        for key in self.lsh.query(self._minhash(sig)):
            similarity = float(np.mean(self.signatures[key] == sig))
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (key, similarity)
        return best
