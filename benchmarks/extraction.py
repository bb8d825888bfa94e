"""Speed of HTML extraction: newsdesk's reader beside the extractors a user would pick instead.

Usage: python benchmarks/extraction.py [--data FOLDER] [--limit N] [--repeat K]

Reads the scrapinghub article-extraction pages (``../shared/data/article-extraction``) and
extracts each page K times with every available extractor in this one process: plain
``trafilatura.extract`` (the baseline), trafilatura with metadata, newsdesk's reader (the same
plus the text cleaner), readability-lxml, newspaper4k, jusText and boilerpy3. Prints ms per page,
pages/second and the ratio against the baseline, then the process's peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsdesk.eval.extraction import EXTRACTORS, load_pages

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/article-extraction")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").exists():
        print(f"{args.data}: no article-extraction benchmark here; nothing to time", file=sys.stderr)
        return
    pages = load_pages(args.data, args.limit)
    print(f"{len(pages)} pages, {sum(len(p.html) for p in pages) / 1e6:.1f} MB of HTML, {args.repeat} pass(es)")

    import trafilatura

    extractors: dict[str, Callable[[str], object]] = {
        "trafilatura (baseline)": lambda html: trafilatura.extract(html),
        "trafilatura + metadata": lambda html: trafilatura.bare_extraction(html, with_metadata=True),
    }
    for name in ("newsdesk", "readability", "newspaper4k", "justext", "boilerpy3"):
        try:
            extractors[name] = EXTRACTORS.get(name)
        except ImportError as exc:
            print(f"{name}: not installed ({exc.name})")

    rows = []
    for name, extract in extractors.items():
        extract(pages[0].html)  # warm-up: imports and lazy set-up are not per-page cost
        start = time.perf_counter()
        for _ in range(args.repeat):
            for page in pages:
                with contextlib.suppress(Exception):  # a failing page still took its time
                    extract(page.html)
        seconds = time.perf_counter() - start
        rows.append((name, 1000 * seconds / (len(pages) * args.repeat), len(pages) * args.repeat / seconds))

    base = rows[0][1]
    print("\n| extractor | ms/page | pages/s | x baseline time |\n|---|---|---|---|")
    for name, ms, pps in rows:
        print(f"| {name} | {ms:.1f} | {pps:.1f} | {ms / base:.2f} |")
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
