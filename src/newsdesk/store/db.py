"""The embedded store: one SQLite file (WAL mode) holding articles, sentences, stories.

Ids are content hashes (``Article.id``), so storing an article twice is a no-op and a changed
article is a new row (linked to the version it replaces through its URL). Every write goes
through ``Store.batch()``, one transaction: a killed process loses at most the batch in
flight, never half an article. The schema carries a version; ``migrate`` brings any older
file up to date, step by step, from the first release on.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from newsdesk.errors import StoreError
from newsdesk.model import Article
from newsdesk.store.feeds import FeedTables
from newsdesk.store.listing import StoryList, StoryQuery, StoryRow
from newsdesk.store.rows import (
    ARTICLE_COLUMNS,
    ClusteringRow,
    article_from_row,
    article_row,
    blob,
    in_chunks,
    now,
    vector,
)
from newsdesk.store.schema import MIGRATIONS, SCHEMA_VERSION
from newsdesk.store.stories import StoryTables

__all__ = ["SCHEMA_VERSION", "Store", "StoryQuery", "StoryRow"]

# what SQLite's messages say, for each kind of ``StoreError``
_FAILURES = (
    ("read-only", ("readonly", "read-only")),
    ("locked", ("locked", "busy")),
    ("full", ("full",)),
    ("not-a-store", ("not a database", "malformed")),
    ("unopenable", ("unable to open",)),
)


class Store(StoryTables, StoryList, FeedTables):
    """A newsdesk database file.

    ``clock`` gives the time rows are written at (an article's ``first_seen``): tests move it
    instead of sleeping.

    Raises:
        StoreError: the file cannot be opened or written (read-only, locked, not a newsdesk
            store, made by a newer newsdesk).
    """

    def __init__(
        self, path: str | Path, timeout: float = 10.0, migrate: bool = True, clock: Callable[[], str] = now
    ) -> None:
        self.path = str(path)
        self.clock = clock
        try:
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            if migrate:  # a server that migrated the file at its start skips this on every request
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.migrate()
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None

    def _error(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc)
        for kind, marks in _FAILURES:
            if any(mark in text for mark in marks):
                return StoreError(self.path, kind)
        return StoreError(self.path, "database", text)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def data_version(self) -> int:
        """Changes when another connection commits to the file (SQLite ``PRAGMA data_version``)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    @property
    def version(self) -> int:
        """The file's schema version (0 for a new file)."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply every migration newer than the file's version, each in its own transaction."""
        current = self.version
        if current > SCHEMA_VERSION:
            raise StoreError(self.path, "newer", f"schema {current} > {SCHEMA_VERSION}")
        if current == 0 and self.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
            raise StoreError(self.path, "not-a-store", "an SQLite file with tables of another program")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[version]:
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {version}")
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    @contextmanager
    def batch(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is stored, or none of it.

        Raises:
            StoreError: the database refused the write (read-only, locked, disk full).
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:  # SQLite has already rolled back after some errors (disk full)
                self.conn.execute("ROLLBACK")
            raise self._error(exc) from None
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # --- articles -----------------------------------------------------------------------

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of ``ids`` already stored."""
        found: set[str] = set()
        for chunk, marks in in_chunks(ids):
            found.update(r[0] for r in self.conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def add_article(
        self,
        conn: sqlite3.Connection,
        art: Article,
        terms: Counter[str],
        minhash: np.ndarray | None = None,
        embedding: np.ndarray | None = None,
        embedder: str | None = None,
        sentence_vectors: np.ndarray | None = None,
        facts: Mapping[str, str] | None = None,
    ) -> bool:
        """Insert one article and its sentences inside a ``batch``; False when already stored."""
        replaces = None
        if art.url:
            row = conn.execute(
                "SELECT id FROM articles WHERE url = ? AND id != ? ORDER BY ingested_at DESC LIMIT 1", (art.url, art.id)
            ).fetchone()
            replaces = row[0] if row else None
        columns = (*ARTICLE_COLUMNS, "terms", "minhash", "embedding", "embedder", "replaces", "ingested_at", "facts")
        cur = conn.execute(
            f"INSERT OR IGNORE INTO articles ({', '.join(columns)}) VALUES ({','.join('?' * len(columns))})",
            (
                *article_row(art),
                json.dumps(dict(terms), ensure_ascii=False),
                blob(minhash, np.uint64),
                blob(embedding),
                embedder,
                replaces,
                self.clock(),
                None if facts is None else json.dumps(dict(facts), ensure_ascii=False),
            ),
        )
        if cur.rowcount == 0:
            return False
        conn.executemany(
            "INSERT INTO term_df VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1", [(t,) for t in terms]
        )
        conn.executemany(
            "INSERT INTO sentences VALUES (?,?,?,?,?,?)",
            [
                (
                    art.id,
                    s.index,
                    s.start,
                    s.end,
                    s.paragraph,
                    None if sentence_vectors is None else blob(sentence_vectors[k]),
                )
                for k, s in enumerate(art.sentences)
            ],
        )
        return True

    def article(self, article_id: str) -> Article | None:
        """The stored article with its paragraphs, removed lines and sentences."""
        row = self.conn.execute(
            f"SELECT {', '.join(ARTICLE_COLUMNS)}, ingested_at FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        sentences = self.conn.execute(
            "SELECT idx, start, end, paragraph FROM sentences WHERE article_id = ? ORDER BY idx", (article_id,)
        ).fetchall()
        art = article_from_row(dict(zip(ARTICLE_COLUMNS, row[:-1], strict=True)), sentences)
        art.first_seen = row[-1]
        return art

    def count(self, table: str) -> int:
        """Rows in ``table``."""
        if table not in self.tables():
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def tables(self) -> list[str]:
        """The store's tables, as its migrations made them."""
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]

    def clustering_rows(self, stories: Sequence[int] | None = None) -> Iterator[ClusteringRow]:
        """What grouping reads of every article (of ``stories`` only, when given), oldest first;
        an undated article's date is the day it was first seen."""
        sql = (
            "SELECT a.id, a.terms, COALESCE(a.published, substr(a.ingested_at, 1, 10)), a.embedding, m.story_id, "
            "a.facts FROM articles a {join} memberships m ON m.article_id = a.id"
        )
        if stories is None:
            rows = self.conn.execute(sql.format(join="LEFT JOIN") + " ORDER BY a.rowid").fetchall()
        else:
            # an inner join, so the stories' memberships lead (a left join scanned every article)
            rows = []
            for chunk, marks in in_chunks(sorted(stories)):
                rows += self.conn.execute(
                    sql.format(join="JOIN") + f" WHERE m.story_id IN ({marks}) ORDER BY a.rowid", chunk
                ).fetchall()
        for article_id, terms, published, data, story_id, facts in rows:
            yield ClusteringRow(
                article_id,
                Counter(json.loads(terms)),
                published,
                vector(data),
                story_id,
                None if facts is None else json.loads(facts),
            )

    def size(self) -> int:
        """Bytes the store takes on disk (the file and its write-ahead log)."""
        path = Path(self.path)
        return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())

    def compact(self) -> None:
        """Give the space of removed rows back to the file system (after ``prune``)."""
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.execute("VACUUM")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def backup(self, path: str | Path) -> None:
        """Copy the store to ``path`` with SQLite's online backup: a consistent copy even while
        another process (``watch``, ``serve``) writes; an existing file there is replaced.

        Raises:
            StoreError: the copy could not be written.
        """
        try:
            target = sqlite3.connect(str(path))
            try:
                self.conn.backup(target, pages=1024)
            finally:
                target.close()
        except sqlite3.Error as exc:
            raise StoreError(str(path), "unopenable", str(exc)) from None

    def term_df(self, terms: list[str]) -> dict[str, int]:
        """The document frequencies of ``terms`` over every stored article (absent: none)."""
        out: dict[str, int] = {}
        for chunk, marks in in_chunks(terms):
            out.update(self.conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks})", chunk))
        return out

    def active_story_ids(self, since: str) -> list[int]:
        """The stories with an article of ``since`` (an ISO date) or later (undated articles on
        the day they were first seen)."""
        return [r[0] for r in self.conn.execute("SELECT id FROM stories WHERE seen_last >= ?", (since,))]

    def newest_day(self) -> str | None:
        """The latest day of any story's articles (ISO), None in an empty store."""
        row = self.conn.execute("SELECT MAX(seen_last) FROM stories").fetchone()
        return row[0] if row else None

    def set_facts(self, conn: sqlite3.Connection, facts: Mapping[str, Mapping[str, str]]) -> None:
        """Keep the identifying facts of articles stored before they were kept, inside a ``batch``."""
        conn.executemany(
            "UPDATE articles SET facts = ? WHERE id = ?",
            [(json.dumps(dict(f), ensure_ascii=False), article_id) for article_id, f in facts.items()],
        )

    def minhashes(self, stories: Sequence[int] | None = None) -> Iterator[tuple[str, np.ndarray]]:
        """(id, signature) of every stored article that has one (of ``stories`` only, when given)."""
        if stories is None:
            rows = self.conn.execute("SELECT id, minhash FROM articles WHERE minhash IS NOT NULL").fetchall()
        else:
            rows = []
            for chunk, marks in in_chunks(sorted(stories)):
                rows += self.conn.execute(
                    "SELECT a.id, a.minhash FROM articles a JOIN memberships m ON m.article_id = a.id "
                    f"WHERE a.minhash IS NOT NULL AND m.story_id IN ({marks})",
                    chunk,
                ).fetchall()
        for article_id, data in rows:
            signature = vector(data, np.uint64)
            if signature is not None:
                yield article_id, signature
