"""The story list: each story's figures (articles, independent sources, outlets, dates) kept
up to date as articles arrive, and the queries of ``newsdesk stories`` and the web page's
list (words, an entity, an outlet, a date range; a page of the newest).

``StoryList`` is mixed into ``store.db.Store``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsdesk.store.schema import REFRESH_STORIES


class StoryList:
    """The story list's figures and queries."""

    conn: sqlite3.Connection

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
