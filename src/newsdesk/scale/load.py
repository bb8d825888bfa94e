"""``newsdesk spark load``: a Spark run's Parquet output into the SQLite store, so that
``newsdesk stories``, ``story`` and ``serve`` work on it as on a local ingest.

Articles and their sentences go through ``Store.add_article`` (an article already stored is
left as it is), stories, memberships, near-duplicate links and the reports Spark built follow
in the same batches. Spark's story ids are numbered after the stories already in the store. Reading needs pyarrow, not Spark.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.cluster.facts import event_facts
from newsdesk.errors import InputError
from newsdesk.scale.spark import MANIFEST
from newsdesk.service.reports import keep_report
from newsdesk.settings import Options
from newsdesk.store.db import Store
from newsdesk.store.rows import article_from_row, matrix, vector


@dataclass
class LoadStats:
    """What a load stored."""

    articles: int = 0
    already: int = 0
    stories: int = 0
    duplicates: int = 0
    reports: int = 0

    def summary(self, db: str) -> str:
        """One line on what was stored where."""
        return (
            f"{self.articles} articles stored ({self.already} already there), {self.stories} stories, "
            f"{self.duplicates} near-duplicate links, {self.reports} reports into {db}"
        )


def _rows(output: Path, table: str, batch: int = 1000) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    folder = output / table
    if not folder.is_dir():
        raise InputError(str(output), f"has no {table} table (is it a `newsdesk spark run` output?)")
    for part in sorted(folder.glob("*.parquet")):
        for chunk in pq.ParquetFile(part).iter_batches(batch_size=batch):
            yield from chunk.to_pylist()


def load(output: str | Path, store: Store, batch_size: int = 500) -> LoadStats:
    """Store a Spark run's articles, stories, near-duplicate links and reports.

    Raises:
        InputError: ``output`` is not a Spark run's output, or the store refused a write.
    """
    out = Path(output)
    manifest_path = out / MANIFEST
    if not manifest_path.is_file():
        raise InputError(str(out), f"has no {MANIFEST} (is it a `newsdesk spark run` output?)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    stats = LoadStats()
    sentences: dict[str, list[tuple[int, int, int, int, bytes | None]]] = {}
    for row in _rows(out, "sentences"):
        sentences.setdefault(row["article_id"], []).append(
            (row["idx"], row["start"], row["end"], row["paragraph"], row["embedding"])
        )
    # Spark numbers its stories from 1: after the stories already stored, so none merge by accident
    offset = store.max_story_id()
    story_of = {r["article_id"]: int(r["story_id"]) + offset for r in _rows(out, "memberships")}
    fresh: set[int] = set()  # the stories that received an article this load stored

    pending: list[dict[str, Any]] = []

    def flush() -> None:
        with store.batch() as conn:
            for row in pending:
                rows = sorted(sentences.get(row["id"], []), key=lambda r: r[0])
                art = article_from_row(row, [r[:4] for r in rows])
                blobs = [r[4] for r in rows if r[4] is not None]
                sentence_vectors = matrix(blobs) if blobs and len(blobs) == len(art.sentences) else None
                minhash = vector(row["minhash"] or None, np.uint64)
                added = store.add_article(
                    conn,
                    art,
                    Counter(json.loads(row["terms"])),
                    minhash,
                    sentence_vectors=sentence_vectors,
                    facts=event_facts(art),
                )
                stats.articles += added
                stats.already += not added
                if added and art.id in story_of:  # an article stored before keeps its story
                    store.set_story(conn, art.id, story_of[art.id])
                    fresh.add(story_of[art.id])
        pending.clear()

    for row in sorted(_rows(out, "articles"), key=lambda r: r["order"]):  # input order, as a local ingest stores
        pending.append(row)
        if len(pending) >= batch_size:
            flush()
    flush()
    with store.batch() as conn:
        for row in _rows(out, "duplicates"):
            store.add_duplicate(conn, row["article_id"], row["original_id"], row["similarity"])
            stats.duplicates += 1
        for row in _rows(out, "stories"):
            if int(row["story_id"]) + offset in fresh:  # a story made only of stored articles: nothing new
                store.set_headline(conn, int(row["story_id"]) + offset, row["headline"])
                stats.stories += 1
        store.refresh_stories(conn)
    names = {f.name for f in fields(Options)}
    options = Options(**{k: v for k, v in manifest["options"]["report"].items() if k in names})
    for row in _rows(out, "reports"):
        story = int(row["story_id"]) + offset
        if story in fresh and store.member_ids(story):
            keep_report(store, story, json.loads(row["json"]), options)
            stats.reports += 1
    return stats
