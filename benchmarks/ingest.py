"""Speed and memory of ingest: articles/second into a fresh SQLite store, with and without
sentence embeddings, on Multi-News documents (one story per example).

Usage: python benchmarks/ingest.py [--data PATH] [--articles N] [--batch N] [--no-embed]

Writes the first examples' documents to a JSONL file (``story`` left out: grouping is
newsdesk's job), ingests them into a new database in a temporary folder, and prints
articles/second for each run, the ratio between them, the resulting stories, and the peak RSS
of the process. The baseline in the same process is the read-and-clean step alone (what any
ingest must pay), so the store's own cost shows as the ratio.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from newsdesk.embed import get_embedder
from newsdesk.io.readers import iter_paths, read_paths
from newsdesk.service.ingest import ingest_items
from newsdesk.settings import IngestOptions
from newsdesk.store.db import Store

ROOT = Path(__file__).resolve().parents[1]


def write_input(data: Path, articles: int, folder: Path, per_day: int = 0) -> Path:
    """The first examples' documents (about ``articles``) as JSONL; with ``per_day``, an
    example's documents dated one day, ``per_day`` articles a day from 2025-01-01."""
    out = folder / "articles.jsonl"
    n = 0
    opener = gzip.open if data.suffix == ".gz" else open
    with opener(data, "rt", encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            row = json.loads(line)
            day = (date(2025, 1, 1) + timedelta(days=n // per_day)).isoformat() if per_day else None
            for i, doc in enumerate(row["documents"]):
                record = {"id": f"{row['id']}#{i}", "text": doc}
                dst.write(json.dumps(dict(record, published=day) if day else record) + "\n")
                n += 1
            if n >= articles:
                break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/multinews/train.jsonl")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--no-embed", action="store_true", help="skip the run with MiniLM embeddings")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data} not found; nothing to time", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = write_input(args.data, args.articles, folder)
        start = time.perf_counter()
        result = read_paths([str(source)])
        base = time.perf_counter() - start
        n = len(result.articles) + len(result.problems)
        print(f"{n} documents ({len(result.articles)} with text) from {args.data.name}, batch {args.batch}")
        rows = [("read + clean only (baseline)", n / base, None)]
        runs: list[tuple[str, object, str]] = [
            ("ingest, words only", None, "pysbd"),
            ("ingest, words only, rules splitter", None, "rules"),
        ]
        if not args.no_embed:
            start = time.perf_counter()
            embedder = get_embedder("minilm")
            print(f"MiniLM load: {time.perf_counter() - start:.1f} s (once per process, not counted)")
            runs.append(("ingest --embed (int8 MiniLM lead passages)", embedder, "pysbd"))
        for k, (name, emb, splitter) in enumerate(runs):
            with Store(folder / f"run{k}.db") as store:
                options = IngestOptions(batch=args.batch, splitter=str(splitter))
                stats = ingest_items(iter_paths([str(source)]), store, options, embedder=emb)  # type: ignore[arg-type]
                rows.append(
                    (name, stats.per_second, f"{store.count('articles')} stored, {len(store.story_ids())} stories")
                )
            again_start = time.perf_counter()
            with Store(folder / f"run{k}.db") as store:
                again = ingest_items(iter_paths([str(source)]), store, options, embedder=emb)  # type: ignore[arg-type]
            rows.append(
                (
                    f"  same input again ({name})",
                    again.read / (time.perf_counter() - again_start),
                    f"{again.stored} added",
                )
            )
    print("\n| run | articles/s | x baseline time | result |\n|---|---|---|---|")
    for name, rate, note in rows:
        print(f"| {name} | {rate:.0f} | {rows[0][1] / rate:.2f} | {note or ''} |")
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
