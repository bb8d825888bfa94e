"""The store's subscriptions: feeds, the entries already handled, when the store was updated.

``FeedTables`` is mixed into ``store.db.Store``: its methods use the store's connection and
its ``batch`` transactions, like every other write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta


def utc_now() -> datetime:
    """Now, in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def iso(when: datetime) -> str:
    """A UTC time as stored: ISO 8601 to the second."""
    return when.astimezone(UTC).isoformat(timespec="seconds")


@dataclass
class FeedRow:
    """One subscription as ``newsdesk feeds list`` shows it."""

    url: str
    title: str | None
    folder: str | None
    added_at: str
    etag: str | None
    last_modified: str | None
    checked_at: str | None
    status: int | None
    error: str | None
    failures: int
    next_due: str
    articles: int

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (the validators left out: they are the server's business)."""
        data = asdict(self)
        data.pop("etag")
        data.pop("last_modified")
        return data


class FeedTables:
    """Feed, entry and meta rows of the store (see ``store.db`` migration 3)."""

    conn: sqlite3.Connection

    def batch(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by Store
        raise NotImplementedError

    def add_feed(self, url: str, title: str | None = None, folder: str | None = None) -> bool:
        """Subscribe to ``url`` (due at once); False when already subscribed (its title and
        folder are filled in when they were unknown)."""
        now = iso(utc_now())
        with self.batch() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO feeds (url, title, folder, added_at, next_due) VALUES (?, ?, ?, ?, ?)",
                (url, title, folder, now, now),
            )
            if cur.rowcount == 0:
                conn.execute(
                    "UPDATE feeds SET title = COALESCE(title, ?), folder = COALESCE(folder, ?) WHERE url = ?",
                    (title, folder, url),
                )
        return cur.rowcount > 0

    def remove_feed(self, url: str) -> bool:
        """Unsubscribe (its articles stay); False when it was not subscribed."""
        with self.batch() as conn:
            cur = conn.execute("DELETE FROM feeds WHERE url = ?", (url,))
        return cur.rowcount > 0

    def feeds(self, only: Sequence[str] = ()) -> list[FeedRow]:
        """Every subscription (or those in ``only``), in the order they were added."""
        rows = self.conn.execute(f"SELECT {', '.join(FeedRow.__dataclass_fields__)} FROM feeds ORDER BY rowid")
        return [r for r in (FeedRow(*row) for row in rows) if not only or r.url in only]

    def feed_count(self) -> int:
        """How many feeds the store follows."""
        return int(self.conn.execute("SELECT COUNT(*) FROM feeds").fetchone()[0])

    def next_due(self) -> str | None:
        """When the next feed is due (UTC ISO time), or None for a store with no feed."""
        row = self.conn.execute("SELECT MIN(next_due) FROM feeds").fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def due_feeds(self, now: datetime) -> list[FeedRow]:
        """The subscriptions whose next poll is due at ``now``."""
        return [f for f in self.feeds() if f.next_due <= iso(now)]

    def feed_checked(
        self,
        conn: sqlite3.Connection,
        url: str,
        status: int,
        next_due: datetime,
        etag: str | None = None,
        last_modified: str | None = None,
        stored: int = 0,
    ) -> None:
        """A poll that worked (200 or 304), inside the batch that stored its entries: the
        validators are kept only with the entries they cover, so a crash never loses entries
        to a later 304."""
        conn.execute(
            "UPDATE feeds SET checked_at = ?, status = ?, error = NULL, failures = 0, next_due = ?, "
            "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), articles = articles + ? "
            "WHERE url = ?",
            (iso(utc_now()), status, iso(next_due), etag, last_modified, stored, url),
        )

    def feed_failed(self, url: str, status: int, error: str, next_due: datetime) -> None:
        """A poll that failed: the error and when to try again (later each time)."""
        with self.batch() as conn:
            conn.execute(
                "UPDATE feeds SET checked_at = ?, status = ?, error = ?, failures = failures + 1, next_due = ? "
                "WHERE url = ?",
                (iso(utc_now()), status, error, iso(next_due), url),
            )

    def failures(self, url: str) -> int:
        """Failed polls of ``url`` in a row."""
        row = self.conn.execute("SELECT failures FROM feeds WHERE url = ?", (url,)).fetchone()
        return int(row[0]) if row else 0

    def entry_seen(self, key: str) -> bool:
        """Whether an entry (``key``: canonical URL and updated time) was handled already."""
        return self.conn.execute("SELECT 1 FROM entries WHERE key = ?", (key,)).fetchone() is not None

    def url_stored(self, url: str) -> bool:
        """Whether an article was stored from ``url`` (reached through another feed, say)."""
        found = self.conn.execute("SELECT 1 FROM articles WHERE url = ? LIMIT 1", (url,)).fetchone()
        return (
            found is not None or self.conn.execute("SELECT 1 FROM entries WHERE url = ?", (url,)).fetchone() is not None
        )

    def add_entries(
        self, conn: sqlite3.Connection, rows: Sequence[tuple[str, str, str, str | None, str | None]]
    ) -> None:
        """Mark entries handled, inside the batch that stored their articles: ``(key, feed
        url, url, article id, problem)``."""
        now = iso(utc_now())
        conn.executemany(
            "INSERT OR IGNORE INTO entries (key, feed_url, url, article_id, problem, seen_at) VALUES (?,?,?,?,?,?)",
            [(*r, now) for r in rows],
        )

    def set_meta(self, key: str, value: str) -> None:
        """Keep one store-wide value (such as when it was last updated)."""
        with self.batch() as conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def meta(self, key: str) -> str | None:
        """A store-wide value, if set."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])


def backoff_due(now: datetime, every: float, failures: int) -> datetime:
    """When a feed is next polled: ``every`` seconds on, doubled for each failure in a row
    (at most 64 times, and at most a day later), so a failing feed is not hammered."""
    wait = every * 2 ** min(failures, 6) if failures else every
    return now + timedelta(seconds=min(wait, max(every, 86400.0)))
