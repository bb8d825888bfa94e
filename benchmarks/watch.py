"""``watch`` left running: memory over hundreds of polls of a local news web.

Usage: python benchmarks/watch.py [--polls N] [--every SECONDS]

The news web is the test world (``tests/world``: three outlets, their feeds and pages, three
days of news) served on 127.0.0.1. The user subscribes to its three feeds, then ``watch``
polls them every ``--every`` seconds, every feed due at each poll (a day of polls every 5 minutes
is 288), in this process;
the world moves to its next day after a third and two thirds of the polls, so some polls store
new articles and most get 304s or nothing new. After each poll the script reads the process's
resident memory (``VmRSS``) and prints it at a few polls, with the ratio to the 10th poll's
(the baseline, once the first articles, the models and the caches are in).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.world.build import FEED_PATHS  # noqa: E402
from tests.world.server import NewsWeb  # noqa: E402

from newsdesk.cli import main as cli  # noqa: E402
from newsdesk.service.feeds import watch  # noqa: E402
from newsdesk.settings import FetchOptions, IngestOptions  # noqa: E402


def rss_mib() -> float:
    """The process's resident memory now."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--polls", type=int, default=300)
    parser.add_argument("--every", type=float, default=0.05)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="newsdesk-watch-"))
    with NewsWeb(base / "world") as web:
        db = str(base / "news.db")
        web.day = 1
        feeds = [web.url(outlet, path) for outlet, path in FEED_PATHS.items()]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert cli(["feeds", "add", *feeds, "--db", db]) == 0
        stop = threading.Event()
        seen: list[float] = []
        stored: list[int] = []

        def after_poll(summary: str) -> None:
            seen.append(rss_mib())
            found = re.search(r"(\d+) stored", summary)
            stored.append(int(found.group(1)) if found else 0)
            if len(seen) in (args.polls // 3, 2 * args.polls // 3):
                web.day += 1
            if len(seen) >= args.polls:
                stop.set()

        options = FetchOptions(delay=0.0, every="0s")  # every feed due at every poll
        ingest = IngestOptions(splitter="rules")
        with contextlib.redirect_stderr(io.StringIO()):
            watch(db, args.every, stop, options, ingest, report=after_poll)
    marks = sorted({10, 50, 100, args.polls // 2, 2 * args.polls // 3 + 1, args.polls} & set(range(1, len(seen) + 1)))
    print("| poll | RSS MiB | x 10th poll |")
    print("|---|---|---|")
    for poll in marks:
        print(f"| {poll} | {seen[poll - 1]:.0f} | {seen[poll - 1] / seen[9]:.3f} |")
    print(
        f"\nhighest after the 10th poll: {max(seen[9:]):.0f} MiB ({max(seen[9:]) / seen[9]:.3f} x); "
        f"{sum(stored)} articles stored over {len(seen)} polls, {sum(1 for s in stored if s)} polls storing any"
    )


if __name__ == "__main__":
    main()
