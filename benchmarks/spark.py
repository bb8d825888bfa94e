"""The pipeline on Spark ``local[2]`` beside the local pipeline, on the same input, and how
each grows from 1,000 to 5,000 articles.

Usage: python benchmarks/spark.py [--data PATH] [--sizes 1000 2500 5000] [--master local[2]]
                                  [--per-day N] [--no-local]

For each size, the first Multi-News train documents are written as JSONL (no story given), then
run through (a) the local pipeline: ``ingest`` into a new SQLite store plus the batch regrouping
``rebuild_stories`` (the baseline), and (b) ``newsdesk spark run`` (reading, cleaning,
splitting, near-duplicates, stories; reports off in both), in the same process, the Spark
session started once before timing. Prints articles/second, the time ratio of Spark to local,
how time grows with size (a quadratic job would take 25x from 1,000 to 5,000 articles), the
candidate pairs Spark's blocking kept against all pairs, and the B-cubed F1 of Spark's stories
against the local ones. The rules sentence splitter is used in both (pysbd dominates
otherwise, and is the same library call in both). With ``--per-day N`` the documents are
dated, an example's documents on one day, N articles a day (a stream of news, whose week
buckets bound Spark's blocks); the last columns then give each size's time per article and
candidate pairs per article as ratios to the first size's. ``--no-local`` times Spark alone
(no local baseline and no parity: those columns print "–" and nan).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from newsdesk.eval.clustering import bcubed
from newsdesk.scale.spark import SparkOptions, run, session
from newsdesk.service.ingest import ingest, rebuild_stories
from newsdesk.settings import IngestOptions
from newsdesk.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
MAX_MB = 2000.0  # one JSONL file of every size's documents (40,000 are about 200 MB)
sys.path.insert(0, str(ROOT / "benchmarks"))
from ingest import write_input  # noqa: E402  (the ingest benchmark's input writer)


def local_s(value: float, places: int = 1) -> str:
    """A local-side figure, or "–" when the local side was not run (``--no-local``)."""
    return f"{value:.{places}f}" if value else "–"


def members(db: Path) -> dict[str, int]:
    with Store(db) as store:
        return dict(store.conn.execute("SELECT article_id, story_id FROM memberships").fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/multinews/train.jsonl")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2500, 5000])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--per-day", type=int, default=0, help="date the documents, N a day (0: undated)")
    parser.add_argument("--no-local", action="store_true", help="time Spark alone (no local baseline, no parity)")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data} not found; nothing to time", file=sys.stderr)
        return
    start = time.perf_counter()
    spark = session(args.master, "newsdesk-bench")
    print(f"Spark {spark.version} session on {args.master}: {time.perf_counter() - start:.1f} s (not counted)\n")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            source = write_input(args.data, int(size * 1.1), folder, args.per_day)  # about 9% of documents have no text
            start = time.perf_counter()
            stored = 0
            if not args.no_local:
                with Store(folder / "local.db") as store:
                    stats = ingest([str(source)], store, IngestOptions(splitter="rules", max_mb=MAX_MB))
                    rebuild_stories(store)
                if stats.stored < size // 2:
                    sys.exit(f"the local ingest of {source} stored {stats.stored} articles: {stats.problems[:1]}")
                stored = stats.stored
            local = 0.0 if args.no_local else time.perf_counter() - start
            start = time.perf_counter()
            from newsdesk.scale.load import load

            sstats = run(
                [str(source)], str(folder / "out"), SparkOptions(args.master, splitter="rules", reports=False), spark
            )
            on_spark = time.perf_counter() - start
            with Store(folder / "spark.db") as store:
                load(folder / "out", store)
            theirs = members(folder / "spark.db")
            f1 = float("nan")
            if not args.no_local:
                ours = members(folder / "local.db")
                ids = sorted(ours)
                f1 = bcubed([theirs.get(i, -1) for i in ids], [ours[i] for i in ids])[2]
            n = stored or len(theirs)
            rows.append((n, local, on_spark, sstats.candidate_pairs, n * (n - 1) // 2, f1))
    print(
        "| articles | local s | local art/s | Spark s | Spark art/s | Spark / local time | candidate pairs (of all) "
        "| B³ F1 vs local | Spark s per article x first | pairs per article x first |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    n0, _, s0, p0, _, _ = rows[0]
    for n, local, on_spark, pairs, total, f1 in rows:
        print(
            f"| {n} | {local_s(local)} | {local_s(n / local if local else 0, 0)} | {on_spark:.1f} | {n / on_spark:.0f} "
            f"| {local_s(on_spark / local if local else 0, 2)} "
            f"| {pairs:,} ({100 * pairs / total:.2f}%) | {f1:.3f} | {(on_spark / n) / (s0 / n0):.2f} "
            f"| {(pairs / n) / max(p0 / n0, 1e-9):.2f} |"
        )
    if len(rows) > 1:
        (n0, l0, s0, *_), (n1, l1, s1, *_) = rows[0], rows[-1]
        local_part = f"local time x{l1 / l0:.1f}, " if l0 else ""
        print(
            f"\nfrom {n0} to {n1} articles ({n1 / n0:.1f}x): {local_part}Spark time x{s1 / s0:.1f} "
            f"(linear: x{n1 / n0:.1f}, quadratic: x{(n1 / n0) ** 2:.0f})"
        )
    print(f"peak RSS of the driver process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    spark.stop()


if __name__ == "__main__":
    main()
