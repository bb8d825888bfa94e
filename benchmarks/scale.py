"""Ingest as the store grows: a stream of real articles, one day per batch, into one store.

Usage: python benchmarks/scale.py [--data PATH] [--articles N] [--chunk N] [--per-day N]
                                  [--undated] [--embed] [--probe N] [--probe-data PATH]
                                  [--keep PATH]

The stream is Multi-News train (``../shared/data/multinews-train/train.jsonl.gz``): its
examples in order, each example's documents dated one day (``--per-day`` articles a day, so a
year of news is about 125,000 articles at 340 a day). With ``--undated`` the articles carry no
date and the store's clock moves one day per day of articles instead (an undated article is
dated the day it is first seen). Every ``--chunk`` articles is one ``ingest`` into the same
store; for each chunk the script prints the articles already stored, articles/s, the ratio of
its speed to the first chunk's (the baseline, measured in this process), the story list's and
a word search's median and p99 time, the process's peak RSS, and the file's bytes per stored
article.

The stream's own speed moves with what its articles say (a chunk of long, many-sourced stories
is slower at any size), so each row also times a **probe**: the same ``--probe`` articles (the
first documents of ``--probe-data``, Multi-News dev, never in the stream) ingested, one day of
``--per-day`` articles at a time on the days after the stream's last, into a copy of the store
as it stands after the chunk (the copy is then thrown away). The probe's speed at each size,
as a ratio to its speed into the first store of at least ``--probe-from`` articles, mixes the
cost of the store's size with what its recent stories say (each size has other ones). So at
the end the probe also runs, alternately, into the final store and into a copy of it pruned
to its last 30 days: the same recent stories, and none older.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from newsdesk.embed import get_embedder
from newsdesk.io.readers import iter_paths
from newsdesk.service.ingest import ingest_items
from newsdesk.service.prune import prune
from newsdesk.settings import IngestOptions
from newsdesk.store.db import Store, StoryQuery

ROOT = Path(__file__).resolve().parents[1]
START = date(2025, 1, 1)
ROUNDS = 3  # probes of each store in the same-content comparison


def stream(data: Path, articles: int, per_day: int) -> Iterator[tuple[int, dict[str, str]]]:
    """``(day, record)`` for the first ``articles`` documents, an example's documents on one day."""
    n = 0
    opener = gzip.open if data.suffix == ".gz" else open
    with opener(data, "rt", encoding="utf-8") as src:
        for line in src:
            row = json.loads(line)
            day = n // per_day
            for i, doc in enumerate(row["documents"]):
                yield day, {"id": f"{row['id']}#{i}", "text": doc}
                n += 1
                if n >= articles:
                    return


class Clock:
    """The store's clock: one day per day of the stream (for undated articles)."""

    def __init__(self) -> None:
        self.day = 0

    def __call__(self) -> str:
        moment = datetime(START.year, START.month, START.day, 12, tzinfo=UTC) + timedelta(days=self.day)
        return moment.isoformat(timespec="seconds")


def probe_records(data: Path, articles: int) -> list[dict[str, str]]:
    """The first ``articles`` documents of ``data`` (JSONL of Multi-News examples)."""
    out: list[dict[str, str]] = []
    with open(data, encoding="utf-8") as src:
        for line in src:
            row = json.loads(line)
            out += [{"id": f"probe-{row['id']}#{i}", "text": doc} for i, doc in enumerate(row["documents"])]
            if len(out) >= articles:
                break
    return out[:articles]


def ingest_day(
    store: Store, folder: Path, records: list[dict[str, str]], day: int, clock: Clock, undated: bool,
    embedder: object,
) -> tuple[float, int]:  # fmt: skip
    """One day's ``ingest`` of ``records`` (dated that day unless ``undated``; the store's
    clock on that day): the seconds it took and the articles read."""
    clock.day = day
    if not undated:
        records = [dict(r, published=(START + timedelta(days=day)).isoformat()) for r in records]
    path = folder / "day.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    start = time.perf_counter()
    stats = ingest_items(iter_paths([str(path)]), store, IngestOptions(splitter="rules"), embedder=embedder)  # type: ignore[arg-type]
    return time.perf_counter() - start, stats.read


def probe_rate(
    db: Path, folder: Path, records: list[dict[str, str]], first_day: int, per_day: int, undated: bool,
    embedder: object,
) -> float:  # fmt: skip
    """Articles/s of ``records`` ingested into a copy of ``db``, ``per_day`` a day from ``first_day``."""
    copy = folder / "probe.db"
    with Store(db) as store:
        store.backup(copy)
    clock = Clock()
    seconds = 0.0
    with Store(copy, clock=clock) as store:
        for k in range(0, len(records), per_day):
            day = first_day + k // per_day
            seconds += ingest_day(store, folder, records[k : k + per_day], day, clock, undated, embedder)[0]
    copy.unlink()
    return len(records) / seconds


def same_content(
    db: Path, folder: Path, probe: list[dict[str, str]], first_day: int, args: argparse.Namespace, embedder: object
) -> None:
    """The cost of the store's size alone, with the recent stories the same: the probe into the
    final store and into a copy of it pruned to its last 30 days (the stories an ingest reads,
    and nothing older), alternately, ``ROUNDS`` times each."""
    small = folder / "recent.db"
    with Store(db) as store:
        store.backup(small)
        newest = store.newest_day() or START.isoformat()
    with Store(small) as store:
        prune(store, (date.fromisoformat(newest) - timedelta(days=30)).isoformat())
        kept = store.count("articles")
    with Store(db) as store:
        whole = store.count("articles")
    rates: dict[str, list[float]] = {"recent": [], "whole": []}
    for _ in range(ROUNDS):
        rates["recent"].append(probe_rate(small, folder, probe, first_day, args.per_day, args.undated, embedder))
        rates["whole"].append(probe_rate(db, folder, probe, first_day, args.per_day, args.undated, embedder))
    recent, full = statistics.mean(rates["recent"]), statistics.mean(rates["whole"])
    print(
        f"\nsame recent stories, {ROUNDS} rounds each: the probe into the store of {whole} articles "
        f"{full:.0f} articles/s ({', '.join(f'{r:.0f}' for r in rates['whole'])}), into its copy pruned to the "
        f"last 30 days ({kept} articles) {recent:.0f} ({', '.join(f'{r:.0f}' for r in rates['recent'])}): "
        f"x{full / recent:.2f}"
    )


def timed(calls: int, fn: object) -> tuple[float, float]:
    """Median and p99 of ``calls`` calls of ``fn``, in ms."""
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/multinews-train/train.jsonl.gz")
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--chunk", type=int, default=5000)
    parser.add_argument("--per-day", type=int, default=340)
    parser.add_argument("--undated", action="store_true")
    parser.add_argument("--embed", action="store_true")
    parser.add_argument("--probe", type=int, default=1020, help="probe articles timed at each size (0: none)")
    parser.add_argument("--probe-data", type=Path, default=ROOT.parent / "shared/data/multinews/dev.jsonl")
    parser.add_argument("--probe-from", type=int, default=5000, help="the probe's baseline: its first row at this size")
    parser.add_argument("--keep", type=Path, help="copy the final store here (to profile or query it later)")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data} not found; nothing to time", file=sys.stderr)
        return
    embedder = get_embedder("minilm") if args.embed else None
    clock = Clock()
    rows = []
    probe = probe_records(args.probe_data, args.probe) if args.probe and args.probe_data.exists() else []
    probe_base: float | None = None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "scale.db"
        records = stream(args.data, args.articles, args.per_day)  # read as it goes: the input is not the store's memory
        print(
            f"{args.articles} articles from {args.data.name}, {args.per_day} a day, chunks of {args.chunk}, "
            f"{'undated (clock moves a day a day)' if args.undated else 'dated'}, "
            f"{'words and MiniLM' if args.embed else 'words only'}"
        )
        print(
            "\n| stored before | articles/s | x first chunk | stored after | probe articles/s | probe x baseline "
            "| list p50/p99 ms | search p50/p99 ms | peak RSS MiB | bytes/article |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        while chunk := list(itertools.islice(records, args.chunk)):
            by_day: dict[int, list[dict[str, str]]] = {}
            for day, record in chunk:
                by_day.setdefault(day, []).append(record)
            with Store(db, clock=clock) as store:
                before = store.count("articles")
                seconds = 0.0
                read = 0
                for day, day_records in sorted(by_day.items()):  # one ingest a day, as a daily feed run
                    took, got = ingest_day(store, folder, day_records, day, clock, args.undated, embedder)
                    seconds += took
                    read += got
                rate = read / seconds
                rows.append(rate)
                list_ms = timed(20, lambda: store.stories_page(StoryQuery(newest=True), 0, 50))
                search_ms = timed(20, lambda: store.stories_page(StoryQuery(words="police"), 0, 50))
                size = db.stat().st_size + sum(p.stat().st_size for p in folder.glob("scale.db-*"))
                stored = store.count("articles")
            probed = "– | –"
            if probe:
                speed = probe_rate(db, folder, probe, max(by_day) + 1, args.per_day, args.undated, embedder)
                if probe_base is None and stored >= args.probe_from:
                    probe_base = speed
                probed = f"{speed:.0f} | {speed / probe_base:.2f}" if probe_base else f"{speed:.0f} | –"
            print(
                f"| {before} | {rate:.0f} | {rate / rows[0]:.2f} | {stored} | {probed} | {list_ms[0]:.0f} / {list_ms[1]:.0f} "
                f"| {search_ms[0]:.0f} / {search_ms[1]:.0f} "
                f"| {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} "
                f"| {size / max(stored, 1):.0f} |",
                flush=True,
            )
        if probe and rows:
            same_content(db, folder, probe, max(by_day) + 1, args, embedder)
        if args.keep:
            with Store(db, clock=clock) as store:
                store.backup(args.keep)


if __name__ == "__main__":
    main()
