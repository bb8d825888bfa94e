"""The story list: each story's figures (articles, independent sources, outlets, dates) kept
up to date as articles arrive, and the queries of ``newsdesk stories`` and the web page's
list (words, an entity, an outlet, a date range; a page of the newest).

``StoryList`` is mixed into ``store.db.Store``.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsdesk.store.rows import in_chunks
from newsdesk.store.schema import REFRESH_STORIES

_TERM = re.compile(r'"([^"]*)"|(\S+)')


def fts_query(words: str) -> str:
    """A search box's words as an FTS5 query: every word must appear (in a form porter stems
    alike: "flooding" finds "floods"), a "quoted phrase" as a phrase, a word ending in * as a
    prefix; anything else the user types is taken as text, never as query syntax."""
    parts = []
    for phrase, word in _TERM.findall(words):
        text = phrase if phrase else word
        prefix = not phrase and text.endswith("*")
        tokens = re.findall(r"\w+", text)
        if tokens:
            parts.append('"' + " ".join(tokens) + '"' + ("*" if prefix else ""))
    return " ".join(parts)


def _story_rows(cursor: Iterable[tuple[Any, ...]]) -> list[StoryRow]:
    """``StoryRow``s of ``(id, headline, articles, sources, outlets, first, last)`` rows."""
    return [
        StoryRow(story_id, headline, articles, sources, set(json.loads(outlets)), first, last)
        for story_id, headline, articles, sources, outlets, first, last in cursor
    ]


class StoryList:
    """The story list's figures and queries."""

    conn: sqlite3.Connection

    def _story_ids(self, sql: str, params: Sequence[str]) -> set[int]:
        """The story ids (first column) a query returns."""
        return {r[0] for r in self.conn.execute(sql, params)}

    def _matching_stories(self, query: StoryQuery) -> set[int] | None:
        """Story ids whose articles hold every word and, when asked, the entity; None: no filter."""
        found: set[int] | None = None
        match = fts_query(query.words)
        if match:
            found = self._story_ids(
                "SELECT DISTINCT m.story_id FROM articles_fts f JOIN memberships m ON m.article_rowid = f.rowid "
                "WHERE articles_fts MATCH ?",
                [match],
            )
        if not query.entity.strip():
            return found
        phrase = fts_query(f'"{query.entity.strip()}"')
        by_entity: set[int] = set()  # a name with no word in it names nothing
        if phrase:
            # a story with a report: one of its entities' names holds the name (its last word may
            # be the start of a word: "Joe Dunf"); without one yet: the name in its text
            by_entity = self._story_ids(
                "SELECT DISTINCT e.story_id FROM story_entities_fts f JOIN story_entities e ON e.rowid = f.rowid "
                "WHERE story_entities_fts MATCH ?",
                [phrase + "*"],
            ) | self._story_ids(
                "SELECT DISTINCT m.story_id FROM articles_fts f JOIN memberships m ON m.article_rowid = f.rowid "
                "WHERE articles_fts MATCH ? AND m.story_id NOT IN (SELECT story_id FROM reports)",
                [phrase],
            )
        return by_entity if found is None else found & by_entity

    def search(self, words: str, limit: int = 20) -> list[tuple[str, int | None, str]]:
        """The articles that hold every word (``fts_query``), best first by bm25 (a word in the
        title weighs as ten in the text): ``(article id, story id, snippet)``, the snippet's
        matched words between the characters 2 and 3."""
        match = fts_query(words)
        if not match:
            return []
        # the best rowids first, from the search index alone; the joins and the snippets then for
        # those only (a snippet made for every match before sorting grew with the matches)
        return [
            (article_id, story_id, snippet)
            for article_id, story_id, snippet in self.conn.execute(
                "WITH best AS (SELECT rowid, bm25(articles_fts, 10.0, 1.0) AS score FROM articles_fts "
                "WHERE articles_fts MATCH ?1 ORDER BY score LIMIT ?2) "
                "SELECT a.id, m.story_id, snippet(articles_fts, 1, char(2), char(3), '…', 12) FROM articles_fts f "
                "JOIN best b ON b.rowid = f.rowid JOIN articles a ON a.rowid = f.rowid "
                "LEFT JOIN memberships m ON m.article_id = a.id WHERE articles_fts MATCH ?1 ORDER BY b.score",
                (match, limit),
            )
        ]

    def refresh_stories(self, conn: sqlite3.Connection, story_ids: Iterable[int] | None = None) -> None:
        """Recompute the list figures of ``story_ids`` (every story when ``None``) inside a
        ``batch``: what ingest, a rebuild and a Spark load call for the stories they touch."""
        if story_ids is None:
            conn.execute(REFRESH_STORIES.format(where=""))
            return
        for chunk, marks in in_chunks(sorted(set(story_ids))):
            conn.execute(REFRESH_STORIES.format(where=f"WHERE id IN ({marks})"), chunk)

    def stories_table(self, query: StoryQuery | None = None) -> list[StoryRow]:
        """One row per story: size, independent sources, outlets, dates, headline, read from the
        figures kept at ingest (no scan of the memberships).

        Largest first, or newest first (by the latest article date) when ``query.newest``; only
        the stories that match ``query``'s words, entity, outlet and date range.
        """
        q = query or StoryQuery()
        keep = self._matching_stories(q)
        rows = [
            row
            for row in _story_rows(
                self.conn.execute(
                    "SELECT id, headline, articles, sources, outlets, first, last FROM stories WHERE articles > 0"
                )
            )
            if keep is None or row.id in keep
        ]
        found = [r for r in rows if q.admits(r)]
        if q.newest:
            return sorted(found, key=lambda r: (r.last or "", r.id), reverse=True)
        return sorted(found, key=lambda r: (-r.articles, r.id))

    def stories_page(self, query: StoryQuery, offset: int, limit: int) -> tuple[int, list[StoryRow]]:
        """``(how many stories match, the page of them)``, newest first: with no filter, one
        indexed query for the page alone (what the story list serves most)."""
        match = fts_query(query.words)
        if match and not (query.entity.strip() or query.outlet.strip() or query.since or query.until):
            return self._words_page(match, offset, limit)  # words alone: the page in SQL, as without a filter
        if query.words.strip() or query.entity.strip() or query.outlet.strip() or query.since or query.until:
            rows = self.stories_table(query)
            return len(rows), rows[offset : offset + limit]
        total = int(self.conn.execute("SELECT COUNT(*) FROM stories WHERE articles > 0").fetchone()[0])
        page = _story_rows(
            self.conn.execute(
                "SELECT id, headline, articles, sources, outlets, first, last FROM stories WHERE articles > 0 "
                "ORDER BY last DESC, id DESC LIMIT ? OFFSET ?",
                (limit, offset),
            )
        )
        return total, page

    def _words_page(self, match: str, offset: int, limit: int) -> tuple[int, list[StoryRow]]:
        # the matching articles' stories read once (they were read twice: for the count and the page)
        ids = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT m.story_id FROM articles_fts f JOIN memberships m ON m.article_rowid = f.rowid "
            "WHERE articles_fts MATCH ?", [match]
        )]  # fmt: skip
        if not ids:
            return 0, []
        hits = json.dumps(ids)
        total = int(
            self.conn.execute(
                "SELECT COUNT(*) FROM stories WHERE articles > 0 AND id IN (SELECT value FROM json_each(?))", [hits]
            ).fetchone()[0]
        )
        page = _story_rows(
            self.conn.execute(
                "SELECT id, headline, articles, sources, outlets, first, last FROM stories "
                "WHERE articles > 0 AND id IN (SELECT value FROM json_each(?)) ORDER BY last DESC, id DESC "
                "LIMIT ? OFFSET ?",
                (hits, limit, offset),
            )
        )
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
