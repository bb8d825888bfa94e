"""The store's schema: one tuple of statements per version, each taking a file from the
version before it to its own. The schema version is the newest migration's number."""

from __future__ import annotations

# a story's list figures from its members (as versions 3 and 4 kept them): articles, independent sources (near-duplicates and
# partial articles, a feed's teaser only, not counted), outlets, first and last publication date
REFRESH_STORIES_V3 = """UPDATE stories SET
    articles = (SELECT COUNT(*) FROM memberships m WHERE m.story_id = stories.id),
    sources = (SELECT COUNT(*) FROM memberships m JOIN articles a ON a.id = m.article_id
               WHERE m.story_id = stories.id AND a.partial IS NULL
               AND m.article_id NOT IN (SELECT article_id FROM duplicates)),
    outlets = (SELECT json_group_array(outlet) FROM (SELECT DISTINCT a.outlet FROM memberships m
               JOIN articles a ON a.id = m.article_id WHERE m.story_id = stories.id AND a.outlet IS NOT NULL
               ORDER BY a.outlet)),
    first = (SELECT MIN(a.published) FROM memberships m JOIN articles a ON a.id = m.article_id
             WHERE m.story_id = stories.id),
    last = (SELECT MAX(a.published) FROM memberships m JOIN articles a ON a.id = m.article_id
            WHERE m.story_id = stories.id)
    {where}"""

# the figures as kept now: also the latest day of its articles, an undated one counted on the
# day it was first seen (which stories can still take an article: ``Store.active_story_ids``)
REFRESH_STORIES = REFRESH_STORIES_V3.replace(
    "\n    {where}",
    """,
    seen_last = (SELECT MAX(COALESCE(a.published, substr(a.ingested_at, 1, 10))) FROM memberships m
                 JOIN articles a ON a.id = m.article_id WHERE m.story_id = stories.id)
    {where}""",
)

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
            json TEXT NOT NULL,        -- io.report_json.to_json of the report
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
        REFRESH_STORIES_V3.format(where=""),
        "CREATE INDEX stories_last ON stories(last)",  # the story list, newest first
    ),
    4: (
        # where an article's date came from: feed, meta, dateline, text or none
        "ALTER TABLE articles ADD COLUMN date_source TEXT",
        REFRESH_STORIES_V3.format(where=""),  # a partial article is no longer an independent source
    ),
    5: (
        # the facts that identify an article's event (``cluster.facts``), JSON; NULL when stored
        # before they were kept (read again from the article when needed)
        "ALTER TABLE articles ADD COLUMN facts TEXT",
        # articles a regrouping moved out of a story that lives on (a story split in two): its
        # page says where they went
        """CREATE TABLE story_moves (
            story_id INTEGER NOT NULL,
            target INTEGER NOT NULL,
            articles INTEGER NOT NULL,
            moved_at TEXT NOT NULL
        )""",
        "CREATE INDEX story_moves_story ON story_moves(story_id)",
    ),
    6: (
        # document frequencies of the grouping terms, kept as articles arrive, so an ingest need
        # not read every stored article to weigh terms
        "CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID",
        "INSERT INTO term_df SELECT j.key, COUNT(*) FROM articles a, json_each(a.terms) j GROUP BY j.key",
        "ALTER TABLE stories ADD COLUMN seen_last TEXT",
        REFRESH_STORIES.format(where=""),
        "CREATE INDEX stories_seen_last ON stories(seen_last)",
    ),
    7: (
        # full-text search over titles and texts (porter stemming; phrases and prefixes; bm25),
        # kept in step with the articles by triggers
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid', "
        "tokenize='porter unicode61')",
        "INSERT INTO articles_fts(rowid, title, text) SELECT rowid, title, text FROM articles",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        END""",
        """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END""",
    ),
    8: (
        # the names of each story's entities, from its latest report, for the story list's entity
        # filter: a search index over names instead of reading every stored report's JSON
        "CREATE TABLE story_entities (story_id INTEGER NOT NULL, name TEXT NOT NULL)",
        "CREATE INDEX story_entities_story ON story_entities(story_id)",
        "CREATE VIRTUAL TABLE story_entities_fts USING fts5(name, content='story_entities', content_rowid='rowid', "
        "tokenize='unicode61 remove_diacritics 2')",
        """CREATE TRIGGER story_entities_insert AFTER INSERT ON story_entities BEGIN
            INSERT INTO story_entities_fts(rowid, name) VALUES (new.rowid, new.name);
        END""",
        """CREATE TRIGGER story_entities_delete AFTER DELETE ON story_entities BEGIN
            INSERT INTO story_entities_fts(story_entities_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
        END""",
        # a report removed (its story merged away, pruned, regrouped) takes its names with it
        """CREATE TRIGGER reports_delete AFTER DELETE ON reports BEGIN
            DELETE FROM story_entities WHERE story_id = old.story_id;
        END""",
        "INSERT INTO story_entities SELECT DISTINCT r.story_id, n.value FROM reports r, "
        "json_each(r.json, '$.entities') e, json_each(e.value, '$.names') n",
    ),
    9: (
        # lookups each ingest makes by the other column: a moved article's copies, and the
        # aliases that led to a story merged away (they scanned tables that grow with the store)
        "CREATE INDEX duplicates_original ON duplicates(original_id)",
        "CREATE INDEX story_aliases_target ON story_aliases(target)",
    ),
    10: (
        # a word search reaches the stories from the full-text index's rowids: through each
        # article's row (a page read per match, 34 ms for 14,000 matches at 115,000 articles) it
        # took six times as long as through this index (6 ms)
        "ALTER TABLE memberships ADD COLUMN article_rowid INTEGER",
        "UPDATE memberships SET article_rowid = (SELECT rowid FROM articles a WHERE a.id = memberships.article_id)",
        "CREATE INDEX memberships_article_rowid ON memberships(article_rowid, story_id)",
    ),
}

SCHEMA_VERSION = max(MIGRATIONS)
