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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.errors import InputError, NewsdeskError
from newsdesk.model import Article, Paragraph, Removed, Sentence
from newsdesk.store.feeds import FeedTables

SCHEMA_VERSION = 3

# a story's list figures from its members: articles, independent sources (near-duplicates not
# counted), outlets, first and last publication date
REFRESH_STORIES = """UPDATE stories SET
    articles = (SELECT COUNT(*) FROM memberships m WHERE m.story_id = stories.id),
    sources = (SELECT COUNT(*) FROM memberships m WHERE m.story_id = stories.id
               AND m.article_id NOT IN (SELECT article_id FROM duplicates)),
    outlets = (SELECT json_group_array(outlet) FROM (SELECT DISTINCT a.outlet FROM memberships m
               JOIN articles a ON a.id = m.article_id WHERE m.story_id = stories.id AND a.outlet IS NOT NULL
               ORDER BY a.outlet)),
    first = (SELECT MIN(a.published) FROM memberships m JOIN articles a ON a.id = m.article_id
             WHERE m.story_id = stories.id),
    last = (SELECT MAX(a.published) FROM memberships m JOIN articles a ON a.id = m.article_id
            WHERE m.story_id = stories.id)
    {where}"""

# one entry per schema version: the statements that take a file from version N-1 to N
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            url TEXT,
            title TEXT,
            outlet TEXT,
            author TEXT,
            published TEXT,
            text TEXT NOT NULL,
            group_hint TEXT,
            offtopic TEXT,
            paragraphs TEXT NOT NULL,  -- JSON [[start, end, kind, offtopic], ...]
            removed TEXT NOT NULL,     -- JSON [[line_no, text, reason], ...]
            terms TEXT NOT NULL,       -- JSON {stemmed content word: count}, for story grouping
            minhash BLOB,              -- near-duplicate signature (uint64 per permutation)
            embedding BLOB,            -- float32 unit vector of the article, when embedded
            embedder TEXT,
            replaces TEXT,             -- id of the earlier version of the same URL, if any
            ingested_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_url ON articles(url)",
        "CREATE INDEX articles_published ON articles(published)",
        """CREATE TABLE sentences (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            paragraph INTEGER NOT NULL,
            embedding BLOB,            -- float32, when embedded
            PRIMARY KEY (article_id, idx)
        )""",
        """CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            headline TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE memberships (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id INTEGER NOT NULL REFERENCES stories(id)
        )""",
        "CREATE INDEX memberships_story ON memberships(story_id)",
        """CREATE TABLE duplicates (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            original_id TEXT NOT NULL REFERENCES articles(id),
            similarity REAL NOT NULL
        )""",
    ),
    2: (
        # the last report built for each story, reused while its members and options are the same
        """CREATE TABLE reports (
            story_id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,         -- content id of the member ids and report options
            json TEXT NOT NULL,        -- io.writers.to_json of the report
            built_at TEXT NOT NULL
        )""",
    ),
    3: (
        # fetching: why an article holds only its feed entry's text (its page could not be had)
        "ALTER TABLE articles ADD COLUMN partial TEXT",
        """CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            title TEXT,
            folder TEXT,               -- the OPML folder it was imported from, if any
            added_at TEXT NOT NULL,
            etag TEXT,                 -- validators of the last complete update, for a conditional GET
            last_modified TEXT,
            checked_at TEXT,           -- last time it was fetched (UTC)
            status INTEGER,            -- last HTTP status (0: no answer)
            error TEXT,                -- last error, one line; NULL after a success
            failures INTEGER NOT NULL DEFAULT 0,  -- failed updates in a row (polled less often)
            next_due TEXT NOT NULL,    -- when it is next polled (UTC)
            articles INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE entries (
            key TEXT PRIMARY KEY,      -- canonical URL and the entry's updated time: handled once
            feed_url TEXT NOT NULL,
            url TEXT NOT NULL,
            article_id TEXT,
            problem TEXT,              -- why its page could not be had, if it could not
            seen_at TEXT NOT NULL
        )""",
        "CREATE INDEX entries_url ON entries(url)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE INDEX articles_outlet ON articles(outlet)",  # the story list's outlet menu
        # a story merged into another keeps its id as an alias, so links to it still lead somewhere
        "CREATE TABLE story_aliases (id INTEGER PRIMARY KEY, target INTEGER NOT NULL)",
        # the story list's figures, kept up to date as articles arrive (``Store.refresh_stories``)
        "ALTER TABLE stories ADD COLUMN articles INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE stories ADD COLUMN sources INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE stories ADD COLUMN outlets TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE stories ADD COLUMN first TEXT",
        "ALTER TABLE stories ADD COLUMN last TEXT",
        REFRESH_STORIES.format(where=""),
        "CREATE INDEX stories_last ON stories(last)",  # the story list, newest first
    ),
}


# the articles table's first columns, as ``article_row`` gives them and ``article_from_row`` reads them
ARTICLE_COLUMNS = (
    "id",
    "source",
    "url",
    "title",
    "outlet",
    "author",
    "published",
    "text",
    "group_hint",
    "offtopic",
    "paragraphs",
    "removed",
    "partial",
)


def article_row(art: Article) -> tuple[Any, ...]:
    """The article's values for ``ARTICLE_COLUMNS`` (paragraphs and removed lines as JSON):
    one layout for the store and the Spark job's Parquet."""
    return (
        art.id,
        art.source,
        art.url,
        art.title,
        art.outlet,
        art.author,
        art.published,
        art.text,
        art.group,
        art.offtopic,
        json.dumps([[p.start, p.end, p.kind, p.offtopic] for p in art.paragraphs]),
        json.dumps([[r.line_no, r.text, r.reason] for r in art.removed], ensure_ascii=False),
        art.partial,
    )


def article_from_row(row: Mapping[str, Any], sentences: Iterable[tuple[int, int, int, int]] = ()) -> Article:
    """The article stored as ``ARTICLE_COLUMNS`` (``row`` keyed by them), with its sentences
    given as ``(index, start, end, paragraph)``."""
    art = Article(
        id=row["id"],
        source=row["source"],
        text=row["text"],
        title=row["title"],
        outlet=row["outlet"],
        author=row["author"],
        published=row["published"],
        url=row["url"],
        group=row["group_hint"],
        offtopic=row["offtopic"],
        partial=row.get("partial"),
    )
    art.paragraphs = [Paragraph(*p) for p in json.loads(row["paragraphs"])]
    art.removed = [Removed(*r) for r in json.loads(row["removed"])]
    art.sentences = [Sentence(art.id, i, s, e, art.text[s:e], p) for i, s, e, p in sorted(sentences)]
    return art


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _blob(vector: np.ndarray | None, dtype: type = np.float32) -> bytes | None:
    return None if vector is None else np.asarray(vector, dtype=dtype).tobytes()


def _vector(blob: bytes | None, dtype: type = np.float32) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype=dtype)


class Store(FeedTables):
    """A newsdesk database file.

    Raises:
        InputError: the file cannot be opened or written (read-only, locked, not a database).
    """

    def __init__(self, path: str | Path, timeout: float = 10.0, migrate: bool = True) -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            if migrate:  # a server that migrated the file at its start skips this on every request
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.migrate()
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None

    def _error(self, exc: sqlite3.Error) -> InputError:
        text = str(exc)
        if "readonly" in text or "read-only" in text:
            problem = "database is read-only"
        elif "locked" in text or "busy" in text:
            problem = "database is locked by another process (try again when it finishes)"
        elif "disk is full" in text or "full" in text:
            problem = "disk is full; the last batch was rolled back, nothing half-written"
        elif "not a database" in text or "malformed" in text:
            problem = "is not a newsdesk database (or is damaged)"
        elif "unable to open" in text:
            problem = "cannot be opened (check the folder exists and is writable)"
        else:
            problem = f"database error: {text}"
        return InputError(self.path, problem)

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
            raise NewsdeskError(f"{self.path}: made by a newer newsdesk (schema {current} > {SCHEMA_VERSION})")
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
            InputError: the database refused the write (read-only, locked, disk full).
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
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
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
    ) -> bool:
        """Insert one article and its sentences inside a ``batch``; False when already stored."""
        replaces = None
        if art.url:
            row = conn.execute(
                "SELECT id FROM articles WHERE url = ? AND id != ? ORDER BY ingested_at DESC LIMIT 1", (art.url, art.id)
            ).fetchone()
            replaces = row[0] if row else None
        columns = (*ARTICLE_COLUMNS, "terms", "minhash", "embedding", "embedder", "replaces", "ingested_at")
        cur = conn.execute(
            f"INSERT OR IGNORE INTO articles ({', '.join(columns)}) VALUES ({','.join('?' * len(columns))})",
            (
                *article_row(art),
                json.dumps(dict(terms), ensure_ascii=False),
                _blob(minhash, np.uint64),
                _blob(embedding),
                embedder,
                replaces,
                _now(),
            ),
        )
        if cur.rowcount == 0:
            return False
        conn.executemany(
            "INSERT INTO sentences VALUES (?,?,?,?,?,?)",
            [
                (
                    art.id,
                    s.index,
                    s.start,
                    s.end,
                    s.paragraph,
                    None if sentence_vectors is None else _blob(sentence_vectors[k]),
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
        if table not in ("articles", "sentences", "stories", "memberships", "duplicates"):
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def clustering_rows(self) -> Iterator[tuple[str, str, str | None, bytes | None, int | None]]:
        """(id, terms JSON, published, embedding blob, story id) of every article, oldest first."""
        yield from self.conn.execute(
            "SELECT a.id, a.terms, a.published, a.embedding, m.story_id FROM articles a "
            "LEFT JOIN memberships m ON m.article_id = a.id ORDER BY a.rowid"
        )

    def minhashes(self) -> Iterator[tuple[str, np.ndarray]]:
        """(id, signature) of every stored article that has one."""
        for article_id, blob in self.conn.execute("SELECT id, minhash FROM articles WHERE minhash IS NOT NULL"):
            vector = _vector(blob, np.uint64)
            if vector is not None:
                yield article_id, vector

    # --- stories --------------------------------------------------------------------------

    def set_story(self, conn: sqlite3.Connection, article_id: str, story_id: int) -> None:
        """Make ``article_id`` a member of ``story_id`` (created when new), inside a ``batch``."""
        now = _now()
        conn.execute(
            "INSERT OR IGNORE INTO stories (id, headline, created_at, updated_at) VALUES (?, NULL, ?, ?)",
            (story_id, now, now),
        )
        conn.execute("UPDATE stories SET updated_at = ? WHERE id = ?", (now, story_id))
        conn.execute("INSERT OR REPLACE INTO memberships VALUES (?, ?)", (article_id, story_id))

    def add_duplicate(self, conn: sqlite3.Connection, article_id: str, original_id: str, similarity: float) -> None:
        """Record ``article_id`` as a near-duplicate of ``original_id``, inside a ``batch``."""
        conn.execute("INSERT OR REPLACE INTO duplicates VALUES (?, ?, ?)", (article_id, original_id, similarity))

    def set_headline(self, conn: sqlite3.Connection, story_id: int, headline: str | None) -> None:
        """Store a story's chosen headline, inside a ``batch``."""
        conn.execute("UPDATE stories SET headline = ? WHERE id = ?", (headline, story_id))

    def clear_stories(self, conn: sqlite3.Connection) -> None:
        """Forget every story (before a rebuild, which numbers them anew), inside a ``batch``."""
        conn.execute("DELETE FROM memberships")
        conn.execute("DELETE FROM stories")
        conn.execute("DELETE FROM reports")
        conn.execute("DELETE FROM story_aliases")

    def move_articles(self, conn: sqlite3.Connection, moved: Mapping[str, int]) -> set[int]:
        """Move articles to other stories (their near-duplicate copies with them), inside a
        ``batch``; a story left with no article becomes an alias of the story most of its
        articles went to, and loses its row and report. Returns every story id touched."""
        touched: set[int] = set()
        went: dict[int, Counter[int]] = {}
        for article_id, story_id in moved.items():
            old = self.story_of(article_id, conn)
            if old is not None:
                touched.add(old)
                went.setdefault(old, Counter())[story_id] += 1
            copies = [
                r[0] for r in conn.execute("SELECT article_id FROM duplicates WHERE original_id = ?", (article_id,))
            ]
            for a in (article_id, *copies):
                self.set_story(conn, a, story_id)
            touched.add(story_id)
        for old, targets in went.items():
            if conn.execute("SELECT 1 FROM memberships WHERE story_id = ? LIMIT 1", (old,)).fetchone() is None:
                target = targets.most_common(1)[0][0]
                conn.execute("INSERT OR REPLACE INTO story_aliases VALUES (?, ?)", (old, target))
                conn.execute("UPDATE story_aliases SET target = ? WHERE target = ?", (target, old))
                conn.execute("DELETE FROM stories WHERE id = ?", (old,))
                conn.execute("DELETE FROM reports WHERE story_id = ?", (old,))
                touched.discard(old)
        return touched

    def resolve_story(self, story_id: int) -> int | None:
        """The story ``story_id`` is now (itself, or the one it was merged into); None when
        there is no such story."""
        seen = set()
        while story_id not in seen:
            if self.has_story(story_id):
                return story_id
            seen.add(story_id)
            row = self.conn.execute("SELECT target FROM story_aliases WHERE id = ?", (story_id,)).fetchone()
            if row is None:
                return None
            story_id = int(row[0])
        return None

    def story_ids(self) -> list[int]:
        """Every story id, largest story first."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT story_id FROM memberships GROUP BY story_id ORDER BY COUNT(*) DESC, story_id"
            )
        ]

    def story_articles(self, story_id: int) -> list[Article]:
        """The story's articles (near-duplicates included), oldest first."""
        ids = [
            r[0]
            for r in self.conn.execute(
                "SELECT m.article_id FROM memberships m JOIN articles a ON a.id = m.article_id "
                "WHERE m.story_id = ? ORDER BY a.published, a.rowid",
                (story_id,),
            )
        ]
        return [a for a in (self.article(i) for i in ids) if a is not None]

    def duplicate_of(self) -> dict[str, str]:
        """``{article id: id of the article it duplicates}``."""
        return dict(self.conn.execute("SELECT article_id, original_id FROM duplicates").fetchall())

    def outlets(self) -> list[str]:
        """Every outlet named by a stored article, sorted."""
        return [
            r[0] for r in self.conn.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1")
        ]

    def max_story_id(self) -> int:
        """The largest story id in use (0 in a store with no story)."""
        row = self.conn.execute(
            "SELECT MAX(COALESCE((SELECT MAX(id) FROM stories), 0), COALESCE((SELECT MAX(id) FROM story_aliases), 0))"
        ).fetchone()
        return int(row[0])

    def has_story(self, story_id: int) -> bool:
        """Whether a story with this id exists."""
        return self.conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is not None

    def member_ids(self, story_id: int) -> list[str]:
        """Ids of the story's articles (near-duplicates included), sorted."""
        return sorted(
            r[0] for r in self.conn.execute("SELECT article_id FROM memberships WHERE story_id = ?", (story_id,))
        )

    def recent_stories(self, limit: int = 50) -> list[tuple[int, str | None, str]]:
        """``(id, headline, updated_at)`` of the stories that changed last, newest first."""
        rows = self.conn.execute(
            "SELECT id, headline, updated_at FROM stories WHERE articles > 0 ORDER BY updated_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [(int(i), h, str(u)) for i, h, u in rows]

    def story_days(self, story_id: int) -> list[tuple[str, str]]:
        """``(UTC day, last first-seen time that day)`` of each day the story gained articles, newest first."""
        rows = self.conn.execute(
            "SELECT substr(a.ingested_at, 1, 10) AS day, MAX(a.ingested_at) FROM memberships m "
            "JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? GROUP BY day ORDER BY day DESC",
            (story_id,),
        )
        return [(str(d), str(t)) for d, t in rows]

    def stories_with_new_articles(self, since: str) -> list[tuple[int, int]]:
        """``(story id, new independent sources)`` of every story with an article first seen
        after ``since`` (a copy is not an independent source)."""
        rows = self.conn.execute(
            "SELECT m.story_id, SUM(CASE WHEN d.article_id IS NULL THEN 1 ELSE 0 END) FROM memberships m "
            "JOIN articles a ON a.id = m.article_id LEFT JOIN duplicates d ON d.article_id = m.article_id "
            "WHERE a.ingested_at > ? GROUP BY m.story_id",
            (since,),
        )
        return [(int(story), int(sources)) for story, sources in rows]

    def copies_first_seen_after(self, story_id: int, since: str) -> int:
        """How many near-duplicate copies in the story newsdesk first saw after ``since``."""
        row = self.conn.execute(
            "SELECT COUNT(*) FROM memberships m JOIN duplicates d ON d.article_id = m.article_id "
            "JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? AND a.ingested_at > ?",
            (story_id, since),
        ).fetchone()
        return int(row[0])

    def story_of(self, article_id: str, conn: sqlite3.Connection | None = None) -> int | None:
        """The story ``article_id`` belongs to, if any (``conn``: inside an open batch)."""
        row = (
            (conn or self.conn)
            .execute("SELECT story_id FROM memberships WHERE article_id = ?", (article_id,))
            .fetchone()
        )
        return None if row is None else int(row[0])

    def report_json(self, story_id: int, key: str) -> str | None:
        """The story's stored report, when it was built under ``key``."""
        row = self.conn.execute("SELECT json FROM reports WHERE story_id = ? AND key = ?", (story_id, key)).fetchone()
        return None if row is None else str(row[0])

    def save_report(self, story_id: int, key: str, report_json: str) -> None:
        """Store the story's report (replacing an older one) in its own transaction."""
        with self.batch() as conn:
            conn.execute("INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?)", (story_id, key, report_json, _now()))

    def _story_ids(self, sql: str, params: Sequence[str]) -> set[int]:
        """The story ids (first column) a query returns."""
        return {r[0] for r in self.conn.execute(sql, params)}

    def _matching_stories(self, query: StoryQuery) -> set[int] | None:
        """Story ids whose articles hold every word and, when asked, the entity; None: no filter."""
        found: set[int] | None = None
        words = query.words.split()
        if words:
            where = " AND ".join("(COALESCE(a.title, '') || ' ' || a.text) LIKE ?" for _ in words)
            found = self._story_ids(
                f"SELECT DISTINCT m.story_id FROM memberships m JOIN articles a ON a.id = m.article_id WHERE {where}",
                [f"%{w}%" for w in words],
            )
        if query.entity.strip():
            like = f"%{query.entity.strip()}%"
            # a story with a report: one of its entities' names; without one yet: the name in its text
            by_entity = self._story_ids(
                "SELECT DISTINCT r.story_id FROM reports r, json_each(r.json, '$.entities') e, "
                "json_each(e.value, '$.names') n WHERE n.value LIKE ?",
                [like],
            ) | self._story_ids(
                "SELECT DISTINCT m.story_id FROM memberships m JOIN articles a ON a.id = m.article_id "
                "WHERE m.story_id NOT IN (SELECT story_id FROM reports) AND a.text LIKE ?",
                [like],
            )
            found = by_entity if found is None else found & by_entity
        return found

    def refresh_stories(self, conn: sqlite3.Connection, story_ids: Iterable[int] | None = None) -> None:
        """Recompute the list figures of ``story_ids`` (every story when ``None``) inside a
        ``batch``: what ingest, a rebuild and a Spark load call for the stories they touch."""
        if story_ids is None:
            conn.execute(REFRESH_STORIES.format(where=""))
            return
        ids = sorted(set(story_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            conn.execute(REFRESH_STORIES.format(where=f"WHERE id IN ({','.join('?' * len(chunk))})"), chunk)

    def stories_table(self, query: StoryQuery | None = None) -> list[StoryRow]:
        """One row per story: size, independent sources, outlets, dates, headline, read from the
        figures kept at ingest (no scan of the memberships).

        Largest first, or newest first (by the latest article date) when ``query.newest``; only
        the stories that match ``query``'s words, entity, outlet and date range.
        """
        q = query or StoryQuery()
        keep = self._matching_stories(q)
        rows = [
            StoryRow(story_id, headline, articles, sources, set(json.loads(outlets)), first, last)
            for story_id, headline, articles, sources, outlets, first, last in self.conn.execute(
                "SELECT id, headline, articles, sources, outlets, first, last FROM stories WHERE articles > 0"
            )
            if keep is None or story_id in keep
        ]
        found = [r for r in rows if q.admits(r)]
        if q.newest:
            return sorted(found, key=lambda r: (r.last or "", r.id), reverse=True)
        return sorted(found, key=lambda r: (-r.articles, r.id))

    def stories_page(self, query: StoryQuery, offset: int, limit: int) -> tuple[int, list[StoryRow]]:
        """``(how many stories match, the page of them)``, newest first: with no filter, one
        indexed query for the page alone (what the story list serves most)."""
        if query.words.strip() or query.entity.strip() or query.outlet.strip() or query.since or query.until:
            rows = self.stories_table(query)
            return len(rows), rows[offset : offset + limit]
        total = int(self.conn.execute("SELECT COUNT(*) FROM stories WHERE articles > 0").fetchone()[0])
        page = [
            StoryRow(story_id, headline, articles, sources, set(json.loads(outlets)), first, last)
            for story_id, headline, articles, sources, outlets, first, last in self.conn.execute(
                "SELECT id, headline, articles, sources, outlets, first, last FROM stories WHERE articles > 0 "
                "ORDER BY COALESCE(last, '') DESC, id DESC LIMIT ? OFFSET ?",
                (limit, offset),
            )
        ]
        return total, page


@dataclass(frozen=True)
class StoryQuery:
    """Which stories to list: every word in an article, an entity's name, an outlet, and a
    date range that the story's articles must overlap (ISO dates, inclusive)."""

    words: str = ""
    entity: str = ""
    outlet: str = ""
    since: str = ""
    until: str = ""
    newest: bool = False

    def admits(self, row: StoryRow) -> bool:
        """Whether the row passes the outlet and date filters."""
        if self.outlet.strip() and self.outlet.strip().lower() not in {o.lower() for o in row.outlets}:
            return False
        if (self.since or self.until) and not row.last:
            return False
        if self.since and (row.last or "") < self.since:
            return False
        return not (self.until and (row.first or "") > self.until)


@dataclass
class StoryRow:
    """A line of ``newsdesk stories``."""

    id: int
    headline: str | None
    articles: int = 0
    sources: int = 0  # articles that are not near-duplicates of another
    outlets: set[str] = field(default_factory=set)
    first: str | None = None  # earliest publication date of its articles
    last: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "id": self.id,
            "headline": self.headline,
            "articles": self.articles,
            "independent_sources": self.sources,
            "outlets": sorted(self.outlets),
            "first": self.first,
            "last": self.last,
        }
