"""The web page under load while an ingest writes: requests/second and p99 of the story page
and the story list with ``newsdesk ingest`` of 1,000 more articles running into the same
store, against the same with no ingest, as a ratio, and the errors (non-2xx/3xx) seen.

Usage: python benchmarks/load.py [--data PATH] [--articles N] [--seconds S] [--connections C]

Needs wrk (Debian package ``wrk``). wrk, the server and the ingest share the machine's 2 cores,
so the ratio shows what a writer costs readers here, CPU contention included.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from newsdesk.service.ingest import ingest
from newsdesk.settings import IngestOptions
from newsdesk.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from serve import start_server, wrk  # noqa: E402  (the serve benchmark's server start and wrk runner)


def write_documents(data: Path, skip: int, count: int, out: Path) -> Path:
    """Documents ``skip`` to ``skip + count`` of a Multi-News JSONL file as JSONL articles."""
    n = 0
    with open(data, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            row = json.loads(line)
            for i, doc in enumerate(row["documents"]):
                if skip <= n < skip + count:
                    dst.write(json.dumps({"id": f"{row['id']}#{i}", "text": doc}) + "\n")
                n += 1
            if n >= skip + count:
                break
    return out


def both(base: str, targets: list[tuple[str, str]], args: argparse.Namespace) -> list[dict[str, float]]:
    """wrk on every target at once (the same window of time for each)."""
    with ThreadPoolExecutor(len(targets)) as pool:
        return list(pool.map(lambda t: wrk(base + t[1], args.seconds, args.connections), targets))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/multinews/train.jsonl")
    parser.add_argument("--articles", type=int, default=1000, help="documents in the store, and in the ingest")
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk") or not args.data.exists():
        print("needs wrk (apt-get install wrk) and the Multi-News data; nothing to measure", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "load.db"
        with Store(db) as store:
            ingest([str(write_documents(args.data, 0, args.articles, folder / "first.jsonl"))], store,
                   IngestOptions(splitter="rules"))  # fmt: skip
            story = store.stories_table()[0].id
        more = write_documents(args.data, args.articles, args.articles, folder / "more.jsonl")
        server, base = start_server(db)
        targets = [(f"story page /story/{story}", f"/story/{story}"), ("story list /", "/")]
        try:
            urllib.request.urlopen(f"{base}/story/{story}", timeout=300).read()  # built once: models loaded
            quiet = both(base, targets, args)
            writer = subprocess.Popen(
                [sys.executable, "-m", "newsdesk.cli", "ingest", str(more), "--db", str(db), "--splitter", "rules"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            )  # fmt: skip
            started = time.perf_counter()
            busy = both(base, targets, args)
            during = writer.poll() is None
            out, err = writer.communicate(timeout=1200)
            ingest_seconds = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"ingest of {args.articles} more documents: {ingest_seconds:.0f} s, exit {writer.returncode}; "
          f"{'wrk ran entirely during it' if during else 'it ended before wrk did'}; "
          f"'locked' in its messages: {b'locked' in err}\n")  # fmt: skip
    print(f"wrk -t2 -c{args.connections} -d{args.seconds}s on loopback, on both targets at once\n")
    print("| target | quiet req/s | quiet p99 ms | during ingest req/s | during ingest p99 ms | ratio | errors |")
    print("|---|---|---|---|---|---|---|")
    for (name, _), q, b in zip(targets, quiet, busy, strict=True):
        print(
            f"| {name} | {q['rps']:.0f} | {q.get('p99', 0):.1f} | {b['rps']:.0f} | {b.get('p99', 0):.1f} | "
            f"{b['rps'] / q['rps']:.2f} | {q['errors'] + b['errors']:.0f} |"
        )


if __name__ == "__main__":
    main()
