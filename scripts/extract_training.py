"""Extract sentence features and oracle labels from Multi-News train (or dev) for the learned scorer.

Usage: python scripts/extract_training.py SPLIT.jsonl OUT.npz [--limit N] [--words 250]
Writes X (features), y (1 = chosen by the greedy ROUGE oracle), gain (per-sentence ROUGE-1+2
recall against the reference), group (example number) and E (each sentence's int8 MiniLM
vector, for the content head; left out with --no-vectors). Uses 2 processes.
"""

from __future__ import annotations

import argparse
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from newsdesk.embed import get_embedder
from newsdesk.eval.datasets import Example, load_examples
from newsdesk.eval.summarization import prepare
from newsdesk.summarize import SUMMARIZERS, StoryText
from newsdesk.summarize.baselines import _ngrams, _rouge_tokenizer
from newsdesk.summarize.features import sentence_features

WORDS = 250


def one(example: Example) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    embedder = get_embedder("tfidf")
    articles = prepare(example, embedder)  # as users' input is prepared (off-topic flags included)
    story = StoryText(articles, embedder, example.reference)
    X = sentence_features(story)
    y = np.zeros(len(story.sentences), dtype=np.int8)
    if len(story.sentences):
        y[SUMMARIZERS.get("oracle").select(story, WORDS)] = 1
    tok = _rouge_tokenizer()
    ref = tok.tokenize(example.reference or "")
    r1, r2 = _ngrams(ref, 1), _ngrams(ref, 2)
    gain = np.zeros(len(story.sentences), dtype=np.float32)
    for i, s in enumerate(story.sentences):
        t = tok.tokenize(s.text)
        gain[i] = sum((_ngrams(t, 1) & r1).values()) / max(len(ref), 1) + sum((_ngrams(t, 2) & r2).values()) / max(
            len(ref) - 1, 1
        )
    return X, y, gain, [s.text for s in story.sentences]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-vectors", action="store_true", help="leave out the MiniLM vectors (E)")
    args = parser.parse_args()
    examples = [e for e in load_examples(args.data, args.limit) if e.reference]
    with Pool(2) as pool:
        parts = pool.map(one, examples, chunksize=16)
    X = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    gain = np.concatenate([p[2] for p in parts])
    group = np.concatenate([np.full(len(p[1]), k) for k, p in enumerate(parts)])
    arrays = {"X": X, "y": y, "gain": gain, "group": group}
    if not args.no_vectors:  # after the pool: one MiniLM session, two threads
        arrays["E"] = get_embedder("minilm").encode([t for p in parts for t in p[3]])
    np.savez_compressed(args.out, **arrays)
    print(f"{len(examples)} examples, {len(y)} sentences, {y.mean():.3f} positive")


if __name__ == "__main__":
    main()
