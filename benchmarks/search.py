"""The story list's word search on a large store: through the full-text index's rowids into
``memberships`` (migration 10) against the join through each article's row that it replaced,
both run here on the same store, alternately.

Usage: python benchmarks/search.py DB [--words police,said,earthquake,"president trump"] [--runs 21]

DB is a store (``benchmarks/scale.py --keep PATH`` leaves one); opening it migrates it (the
replaced query reads only what every version has). For each query the script prints the stories found, the median and the
slowest time of the current story-list page (``Store.stories_page``, 50 stories), the same of
the replaced query (the matching stories through ``articles``, then the same page), and the
ratio of the medians (replaced / current).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

from newsdesk.store.db import Store, StoryQuery
from newsdesk.store.listing import fts_query

REPLACED = (
    "SELECT DISTINCT m.story_id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
    "JOIN memberships m ON m.article_id = a.id WHERE articles_fts MATCH ?"
)


def timed(runs: int, call: Callable[[], object]) -> list[float]:
    """Milliseconds of each of ``runs`` calls, sorted."""
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return sorted(out)


def replaced_page(store: Store, words: str) -> int:
    """The page as the replaced query made it: the stories through each article's row."""
    ids = [r[0] for r in store.conn.execute(REPLACED, [fts_query(words)])]
    hits = json.dumps(ids)
    store.conn.execute(
        "SELECT id, headline FROM stories WHERE articles > 0 AND id IN (SELECT value FROM json_each(?)) "
        "ORDER BY last DESC, id DESC LIMIT 50",
        [hits],
    ).fetchall()
    return len(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--words", default="police,said,earthquake,president trump")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with Store(args.db) as store:
        articles = store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        print(f"{articles} articles in {args.db}, {args.runs} runs each, alternately\n")
        print("| words | stories | page p50 / max ms | replaced p50 / max ms | x (replaced / page) |")
        print("|---|---|---|---|---|")
        for words in args.words.split(","):
            now, before = [], []
            for _ in range(args.runs):  # alternately, so both see the same machine
                now += timed(1, lambda w=words: store.stories_page(StoryQuery(words=w), 0, 50))
                before += timed(1, lambda w=words: replaced_page(store, w))
            found = store.stories_page(StoryQuery(words=words), 0, 50)[0]
            a, b = statistics.median(now), statistics.median(before)
            print(f"| {words} | {found} | {a:.1f} / {max(now):.1f} | {b:.1f} / {max(before):.1f} | {b / a:.2f} |")


if __name__ == "__main__":
    main()
