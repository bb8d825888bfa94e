"""Batch regrouping (``stories --rebuild``) as the collection grows: time and peak memory of
the sparse rebuild (``cluster.graph.sparse_rebuild``) against the dense one it replaces.

Usage: python benchmarks/rebuild.py [--data PATH] [--sizes 10000,30000,100000,125000]
                                    [--per-day N] [--undated] [--dense-up-to N]

The collection is Multi-News train (``../shared/data/multinews-train/train.jsonl.gz``), each
example's documents dated one day (``--per-day`` a day, 340 by default: a year is about
125,000 articles), cleaned and turned into what grouping reads (``Doc``: terms, date, facts)
once, then cached. Each size runs in a fresh process, so its peak RSS is its own: the time to
group, the peak RSS (the documents themselves included), the pairs stored, the components,
the largest one and how many were grouped from their pairs (over ``DENSE_LIMIT``). Up to
``--dense-up-to`` articles the dense rebuild runs too, in its own process, and the two
partitions are compared by B-cubed (1.000: the same stories). Ratios are to the first size's
seconds per article.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START = date(2025, 1, 1)


def build(data: Path, articles: int, per_day: int, undated: bool, cache: Path) -> None:
    """Clean the first ``articles`` documents and pickle their ``Doc``s (terms, date, facts)."""
    from newsdesk.clean.cleaner import clean_text
    from newsdesk.cluster.facts import event_facts
    from newsdesk.cluster.stories import Doc, article_terms
    from newsdesk.errors import InputError

    docs = []
    n = 0
    with gzip.open(data, "rt", encoding="utf-8") as src:
        for line in src:
            row = json.loads(line)
            day = START + timedelta(days=n // per_day)
            for i, text in enumerate(row["documents"]):
                n += 1
                try:
                    art = clean_text(text, f"{row['id']}#{i}")
                except InputError:
                    continue
                docs.append(Doc(art.id, article_terms(art), None if undated else day, facts=event_facts(art)))
            if len(docs) >= articles:
                break
    with open(cache, "wb") as fh:
        pickle.dump(docs[:articles], fh)


def run_one(cache: Path, size: int, dense: bool) -> None:
    """Group the first ``size`` cached documents; print one JSON line."""
    from newsdesk.cluster.graph import sparse_rebuild
    from newsdesk.cluster.stories import rebuild

    with open(cache, "rb") as fh:
        docs = pickle.load(fh)[:size]
    start = time.perf_counter()
    if dense:
        labels, stats = rebuild(docs), {}
    else:
        labels, stats = sparse_rebuild(docs)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"size": len(docs), "seconds": seconds, "peak_mib": peak, "stories": len(set(labels)),
                      "labels": labels if size <= 20000 else None, **stats}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/multinews-train/train.jsonl.gz")
    parser.add_argument("--sizes", default="10000,30000,100000,125000")
    parser.add_argument("--per-day", type=int, default=340)
    parser.add_argument("--undated", action="store_true")
    parser.add_argument("--dense-up-to", type=int, default=10000)
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)  # internal: cache size dense
    args = parser.parse_args()
    if args.one:
        run_one(Path(args.one[0]), int(args.one[1]), args.one[2] == "dense")
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    cache = Path("/tmp") / f"newsdesk-rebuild-{max(sizes)}-{args.per_day}-{'u' if args.undated else 'd'}.pkl"
    if not cache.is_file():
        t = time.perf_counter()
        build(args.data, max(sizes), args.per_day, args.undated, cache)
        print(f"built {cache} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    print(
        "| articles | mode | seconds | s per 1k articles (ratio to first) | peak RSS MiB | pairs | components | largest | from pairs | stories |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    base = None
    for size in sizes:
        modes = ["sparse"] + (["dense"] if size <= args.dense_up_to else [])
        found = {}
        for mode in modes:
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(cache), str(size), mode],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            row = json.loads(out.stdout.strip().splitlines()[-1])
            found[mode] = row
            per_k = row["seconds"] / row["size"] * 1000
            base = base or per_k
            print(
                f"| {row['size']:,} | {mode} | {row['seconds']:.1f} | {per_k:.3f} ({per_k / base:.2f}) | "
                f"{row['peak_mib']:.0f} | {row.get('pairs', '')} | {row.get('components', '')} | "
                f"{row.get('largest', '')} | {row.get('from_pairs', '')} | {row['stories']:,} |",
                flush=True,
            )
        if "dense" in found:
            from newsdesk.eval.metrics import bcubed

            p, r, f = bcubed(found["sparse"]["labels"], found["dense"]["labels"])
            print(f"|  | sparse against dense: B³ P {p:.4f} R {r:.4f} F1 {f:.4f} |  |  |  |  |  |  |  |  |", flush=True)


if __name__ == "__main__":
    main()
