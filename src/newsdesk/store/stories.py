"""The store's stories: memberships, near-duplicate links, headlines, aliases of merged
stories, the days a story grew, and the report kept for each.

``StoryTables`` is mixed into ``store.db.Store``: its methods use the store's connection and
its ``batch`` transactions, like every other write.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from contextlib import AbstractContextManager

from newsdesk.model import Article
from newsdesk.store.rows import in_chunks


class StoryTables:
    """Story, membership, duplicate, alias and report rows of the store."""

    conn: sqlite3.Connection
    clock: Callable[[], str]

    def batch(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by Store
        raise NotImplementedError

    def article(self, article_id: str) -> Article | None:  # provided by Store
        raise NotImplementedError

    def set_story(self, conn: sqlite3.Connection, article_id: str, story_id: int) -> None:
        """Make ``article_id`` a member of ``story_id`` (created when new), inside a ``batch``."""
        now = self.clock()
        conn.execute(
            "INSERT OR IGNORE INTO stories (id, headline, created_at, updated_at) VALUES (?, NULL, ?, ?)",
            (story_id, now, now),
        )
        conn.execute("UPDATE stories SET updated_at = ? WHERE id = ?", (now, story_id))
        conn.execute(
            "INSERT OR REPLACE INTO memberships (article_id, story_id, article_rowid) "
            "VALUES (?1, ?2, (SELECT rowid FROM articles WHERE id = ?1))",
            (article_id, story_id),
        )

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
        conn.execute("DELETE FROM story_moves")

    def move_articles(self, conn: sqlite3.Connection, moved: Mapping[str, int], new: Collection[str] = ()) -> set[int]:
        """Move articles to other stories (their near-duplicate copies with them), inside a
        ``batch``; a story left with no article becomes an alias of the story most of its
        articles went to, and loses its row and report; a story that keeps some (it split)
        records where the others went (``moves_from``; ``new``, the articles first stored in
        this batch, were never shown in it and are not counted). Returns every story id touched."""
        touched: set[int] = set()
        went: dict[int, Counter[int]] = {}
        shown: dict[int, Counter[int]] = {}
        for article_id, story_id in moved.items():
            old = self.story_of(article_id, conn)
            if old is not None:
                touched.add(old)
                went.setdefault(old, Counter())[story_id] += 1
                shown.setdefault(old, Counter())[story_id] += article_id not in new
            copies = [
                r[0] for r in conn.execute("SELECT article_id FROM duplicates WHERE original_id = ?", (article_id,))
            ]
            for a in (article_id, *copies):
                self.set_story(conn, a, story_id)
            touched.add(story_id)
        for old, targets in went.items():
            if conn.execute("SELECT 1 FROM memberships WHERE story_id = ? LIMIT 1", (old,)).fetchone() is not None:
                moved_at = self.clock()  # the story lives on (it split): its page says where these went
                conn.executemany(
                    "INSERT INTO story_moves VALUES (?, ?, ?, ?)",
                    [(old, target, n, moved_at) for target, n in sorted(shown[old].items()) if target != old and n],
                )
                continue
            target = targets.most_common(1)[0][0]
            conn.execute("INSERT OR REPLACE INTO story_aliases VALUES (?, ?)", (old, target))
            conn.execute("UPDATE story_aliases SET target = ? WHERE target = ?", (target, old))
            conn.execute("DELETE FROM stories WHERE id = ?", (old,))
            conn.execute("DELETE FROM reports WHERE story_id = ?", (old,))
            touched.discard(old)
        return touched

    def prune(self, conn: sqlite3.Connection, before: str) -> tuple[int, int]:
        """Remove, inside a ``batch``, every story whose newest article is dated before
        ``before`` (ISO; an undated article on the day it was first seen), with its articles,
        their sentences, near-duplicate links, feed entries and search index rows, its report,
        the notes of articles moved from it and the aliases that led to it; the grouping terms'
        document frequencies lose the removed articles. Returns ``(stories, articles)``."""
        ids = [r[0] for r in conn.execute("SELECT id FROM stories WHERE seen_last < ?", (before,))]
        articles: list[str] = []
        for chunk, marks in in_chunks(ids):
            articles += [
                r[0] for r in conn.execute(f"SELECT article_id FROM memberships WHERE story_id IN ({marks})", chunk)
            ]
            conn.execute(f"DELETE FROM reports WHERE story_id IN ({marks})", chunk)
            conn.execute(f"DELETE FROM story_moves WHERE story_id IN ({marks}) OR target IN ({marks})", chunk + chunk)
            conn.execute(f"DELETE FROM story_aliases WHERE target IN ({marks})", chunk)
        for chunk, marks in in_chunks(articles):
            for (terms,) in conn.execute(f"SELECT terms FROM articles WHERE id IN ({marks})", chunk).fetchall():
                conn.executemany("UPDATE term_df SET df = df - 1 WHERE term = ?", [(t,) for t in json.loads(terms)])
            conn.execute(f"DELETE FROM entries WHERE article_id IN ({marks})", chunk)
            conn.execute(
                f"DELETE FROM duplicates WHERE article_id IN ({marks}) OR original_id IN ({marks})", chunk + chunk
            )
            conn.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk)  # sentences and memberships follow
        conn.execute("DELETE FROM term_df WHERE df <= 0")
        for chunk, marks in in_chunks(ids):
            conn.execute(f"DELETE FROM stories WHERE id IN ({marks})", chunk)
        return len(ids), len(articles)

    def moves_from(self, story_id: int) -> list[tuple[int, int, str]]:
        """``(story now holding them, articles, when)`` for each time a regrouping moved
        articles out of ``story_id`` while it lived on (a story split in two), oldest first."""
        rows = self.conn.execute(
            "SELECT target, articles, moved_at FROM story_moves WHERE story_id = ? ORDER BY rowid", (story_id,)
        ).fetchall()
        return [(self.resolve_story(int(t)) or int(t), int(n), str(at)) for t, n, at in rows]

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

    def headline(self, story_id: int) -> str | None:
        """The story's headline, as the story list shows it."""
        row = self.conn.execute("SELECT headline FROM stories WHERE id = ?", (story_id,)).fetchone()
        return None if row is None else row[0]

    def copies_in_story(self, story_id: int) -> list[tuple[str, str, float]]:
        """``(copy id, id of the article it copies, similarity)`` of each near-duplicate in the
        story, oldest first."""
        rows = self.conn.execute(
            "SELECT d.article_id, d.original_id, d.similarity FROM memberships m "
            "JOIN duplicates d ON d.article_id = m.article_id JOIN articles a ON a.id = m.article_id "
            "WHERE m.story_id = ? ORDER BY a.rowid",
            (story_id,),
        )
        return [(str(c), str(o), float(s)) for c, o, s in rows]

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
        after ``since`` (a copy, or a partial article, is not an independent source)."""
        rows = self.conn.execute(
            "SELECT m.story_id, SUM(CASE WHEN d.article_id IS NULL AND a.partial IS NULL THEN 1 ELSE 0 END) "
            "FROM memberships m "
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

    def save_report(self, story_id: int, key: str, report_json: str, names: Iterable[str] = ()) -> None:
        """Store the story's report (replacing an older one, whose names go with it) and the names
        of its entities (the entity filter's index), in its own transaction."""
        with self.batch() as conn:
            conn.execute("DELETE FROM reports WHERE story_id = ?", (story_id,))
            conn.execute("INSERT INTO reports VALUES (?, ?, ?, ?)", (story_id, key, report_json, self.clock()))
            conn.executemany(
                "INSERT INTO story_entities VALUES (?, ?)", [(story_id, name) for name in dict.fromkeys(names)]
            )
