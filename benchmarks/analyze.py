"""Speed of story analysis: entities, quotes, timeline and agreement, per story and per 1,000 words.

Usage: python benchmarks/analyze.py [--data PATH] [--limit N]

Runs each analysis step on the bundled 3-article story and on the first N Multi-News dev
examples (one story each), in one process: entities with spaCy and with the dependency-free
fallback (the baseline), quotes, the timeline and agreement across outlets (with the TF-IDF
embedder). Prints ms per
story and per 1,000 words, and the ratio of each step to the fallback entity finder.
"""

from __future__ import annotations

import argparse
import resource
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from newsdesk.analyze.agreement import story_agreement
from newsdesk.analyze.entities import _spacy, story_entities
from newsdesk.analyze.quotes import story_quotes
from newsdesk.analyze.timeline import build_timeline
from newsdesk.embed import get_embedder
from newsdesk.io.readers import read_paths
from newsdesk.model import Article
from newsdesk.text.sentences import split_article
from summarize import load_stories  # benchmarks/summarize.py: same stories, one loader

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/multinews/dev.jsonl")
    parser.add_argument("--limit", type=int, default=100)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # unmatched quote marks are reported per paragraph: not timing
    start = time.perf_counter()
    model = _spacy()
    print(f"spaCy pipeline load: {time.perf_counter() - start:.1f} s ({'present' if model else 'absent'})")
    tfidf = get_embedder("tfidf")
    sets = {"bundled story": [read_paths([str(ROOT / "examples")]).articles]}
    if args.data.exists():
        sets[f"Multi-News dev, {args.limit} stories"] = load_stories(args.data, args.limit)
    steps: dict[str, Callable[[list[Article]], object]] = {
        "entities, fallback (baseline)": lambda s: story_entities(s, use_model=False),
        "entities, spaCy": lambda s: story_entities(s, use_model=True),
        "quotes (with spaCy entities)": lambda s: story_quotes(s, story_entities(s)[0]),
        "timeline": lambda s: build_timeline(s, tfidf),
        "agreement across outlets (TF-IDF)": lambda s: story_agreement(s, tfidf),
    }
    for name, stories in sets.items():
        for story in stories:
            for art in story:
                split_article(art)
        words = sum(len(a.text.split()) for s in stories for a in s)
        print(f"\n{name}: {len(stories)} stories, {words} words\n")
        print("| step | ms/story | ms/1,000 words | x baseline |\n|---|---|---|---|")
        base = None
        for step, run in steps.items():
            run(stories[0])  # warm-up
            start = time.perf_counter()
            for story in stories:
                run(story)
            seconds = time.perf_counter() - start
            base = base or seconds
            print(
                f"| {step} | {1000 * seconds / len(stories):.1f} | {1e6 * seconds / words:.1f} | {seconds / base:.1f} |"
            )
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
