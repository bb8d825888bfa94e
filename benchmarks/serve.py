"""Load on the web page: requests/second and latency percentiles of the story page, served by
``newsdesk serve`` from a store of Multi-News articles, measured with wrk on loopback.

Usage: python benchmarks/serve.py [--data PATH] [--articles N] [--seconds S] [--connections C]

Ingests the first ``--articles`` train documents into a new store (grouped into stories by
newsdesk), starts the server in its own process, builds the largest story's report once (the
cold request, timed), then runs wrk against the story page, the story list, the story's JSON
report, and a static file. The static file is the baseline in the same run: the server's own
floor, so each page's cost shows as its ratio to it. wrk and the server share the machine's
cores. Needs wrk (Debian package ``wrk``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from newsdesk.service.ingest import ingest
from newsdesk.settings import IngestOptions
from newsdesk.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from ingest import write_input  # noqa: E402  (the ingest benchmark's input writer)

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    """Run wrk against ``url``; return requests/s and latency percentiles in ms."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for pct, value, unit in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M):
        result[f"p{pct}"] = float(value) * UNITS[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["errors"] = float(errors.group(1)) if errors else 0.0
    return result


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``newsdesk serve`` over ``db`` on a free loopback port, once it answers; (process, URL)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "newsdesk.cli", "serve", "--db", str(db), "--port", str(port)],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/static/style.css", timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    return server, base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/multinews/train.jsonl")
    parser.add_argument("--articles", type=int, default=2200, help="documents to write (some have no text)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk); nothing to measure", file=sys.stderr)
        return
    if not args.data.exists():
        print(f"{args.data} not found; nothing to measure", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "serve.db"
        with Store(db) as store:
            stats = ingest([str(write_input(args.data, args.articles, folder))], store, IngestOptions(splitter="rules"))
            rows = store.stories_table()
            print(
                f"store: {store.count('articles')} articles in {len(rows)} stories "
                f"(ingested in {stats.seconds:.0f} s); largest story {rows[0].id} has {rows[0].articles} articles"
            )
        story = rows[0].id
        server, base = start_server(db)
        try:
            start = time.perf_counter()
            urllib.request.urlopen(f"{base}/story/{story}", timeout=300).read()
            cold = (time.perf_counter() - start) * 1000
            print(f"cold story page (report built, models loaded): {cold:.0f} ms\n")
            targets = [
                ("static file (baseline)", "/static/style.css"),
                (f"story page /story/{story}", f"/story/{story}"),
                (f"story JSON /api/stories/{story}", f"/api/stories/{story}"),
                ("story list /", "/"),
            ]
            results = [(name, wrk(base + path, args.seconds, args.connections)) for name, path in targets]
        finally:
            server.terminate()
            server.wait(timeout=10)
    floor = results[0][1]["rps"]
    print(f"wrk -t2 -c{args.connections} -d{args.seconds}s on loopback, 2 cores shared by wrk and the server\n")
    print("| target | requests/s | p50 ms | p99 ms | baseline rps / rps | non-2xx |\n|---|---|---|---|---|---|")
    for name, r in results:
        print(
            f"| {name} | {r['rps']:.0f} | {r.get('p50', 0):.1f} | {r.get('p99', 0):.1f} | "
            f"{floor / r['rps']:.1f} | {r['errors']:.0f} |"
        )


if __name__ == "__main__":
    main()
