"""Speed and memory of summarization, every registered method side by side in one process.

Usage: python benchmarks/summarize.py [--data PATH] [--limit N] [--words N]

Reads the first N Multi-News dev examples (or the bundled examples when the data is absent),
runs the full pipeline per story (off-topic flagging, splitting, embedding, selection) with
each method and embedder, and prints ms per story, stories/second and the ratio against the
`lead` baseline run in the same process. Model loading is timed once, separately.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import warnings
from pathlib import Path

from newsdesk import Options, build_report
from newsdesk.embed import get_embedder
from newsdesk.io.readers import read_paths
from newsdesk.model import Article
from newsdesk.pipeline import group_by_input
from newsdesk.summarize import SUMMARIZERS

ROOT = Path(__file__).resolve().parents[1]


def load_stories(data: Path, limit: int) -> list[list[Article]]:
    if not data.exists():
        print(f"{data} not found; using the bundled examples", file=sys.stderr)
        return [read_paths([str(ROOT / "examples")]).articles]
    tmp = Path("/tmp/newsdesk-bench.jsonl")
    with open(data, encoding="utf-8") as src, open(tmp, "w", encoding="utf-8") as dst:
        for n, line in enumerate(src):
            if n >= limit:
                break
            row = json.loads(line)
            dst.write(json.dumps({"id": row["id"], "documents": row["documents"]}) + "\n")
    return group_by_input(read_paths([str(tmp)]).articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/multinews/dev.jsonl")
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--words", type=int, default=150)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # per-paragraph notes (e.g. unpaired quote marks) are not timing

    stories = load_stories(args.data, args.limit)
    n_articles = sum(len(s) for s in stories)
    print(f"{len(stories)} stories, {n_articles} articles, budget {args.words} words")
    start = time.perf_counter()
    get_embedder("minilm")
    print(f"MiniLM load: {time.perf_counter() - start:.1f} s (once per process)")

    rows = []
    methods = [m for m in SUMMARIZERS.names() if m != "oracle"]  # the oracle needs a reference
    for embedder in ("minilm", "tfidf"):
        emb = get_embedder(embedder)
        for method in methods:
            opts = Options(words=args.words, method=method, embedder=embedder)
            build_report(stories[0], opts)  # warm-up: imports, lazy loads
            start = time.perf_counter()
            for story in stories:
                getattr(emb, "clear_cache", lambda: None)()  # each story pays for its embeddings
                build_report(story, opts)
            elapsed = time.perf_counter() - start
            rows.append((method, embedder, 1000 * elapsed / len(stories)))
    base = next(ms for m, e, ms in rows if m == "lead" and e == "tfidf")
    print("\n| method | embedder | ms/story | stories/s | x lead(tfidf) |\n|---|---|---|---|---|")
    for method, embedder, ms in rows:
        print(f"| {method} | {embedder} | {ms:.1f} | {1000 / ms:.1f} | {ms / base:.1f} |")

    examples = read_paths([str(ROOT / "examples")]).articles
    print(f"\nThe bundled 3-article story ({sum(len(a.text.split()) for a in examples)} words), default method:")
    for embedder in ("minilm", "tfidf"):
        emb = get_embedder(embedder)
        times = []
        for _ in range(5):
            getattr(emb, "clear_cache", lambda: None)()
            fresh = read_paths([str(ROOT / "examples")]).articles
            start = time.perf_counter()
            build_report(fresh, Options(embedder=embedder))
            times.append(time.perf_counter() - start)
        print(
            f"  {embedder}: median {1000 * sorted(times)[2]:.0f} ms per report (flagging, splitting, embedding, summary)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
