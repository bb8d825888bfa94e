"""Story reports kept in the store: reused while the story is the same, rebuilt when it changes;
older files are migrated."""

from __future__ import annotations

import json
import sqlite3

from newsdesk.service.ingest import ingest
from newsdesk.service.reports import report_key, story_report_json
from newsdesk.settings import IngestOptions, Options
from newsdesk.store.db import MIGRATIONS, SCHEMA_VERSION, Store
from tests.conftest import EXAMPLES, version_1_store, write

FAST = Options(embedder="tfidf", splitter="rules", words=80)


def test_report_is_kept_until_the_story_changes(tmp_path):
    with Store(tmp_path / "n.db") as store:
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
        story = store.story_ids()[0]
        first = story_report_json(store, story, FAST)
        assert first["story"] == story and len(first["articles"]) == 3 and first["summary"]
        key = report_key(store, story, FAST)
        assert store.report_json(story, key) is not None
        # a marker written into the stored copy shows the second call read it instead of rebuilding
        store.save_report(story, key, json.dumps(dict(first, marker="from the store")))
        assert story_report_json(store, story, FAST)["marker"] == "from the store"
        assert first["headline"] == store.headline(story)  # one headline: the story list's
        # other options are another report
        assert (
            story_report_json(store, story, Options(embedder="tfidf", splitter="rules", words=40))["budget_words"] == 40
        )
        # a copy of an article joins the story: its members change, so the report is rebuilt
        copied = next(p.name for p in EXAMPLES.glob("*.txt"))
        copy = (EXAMPLES / copied).read_text(encoding="utf-8") + "\nOne more line."
        ingest([str(write(tmp_path / "copy.txt", copy))], store, IngestOptions(splitter="rules"))
        assert store.story_of(next(iter(store.known_ids([a["id"] for a in first["articles"]])))) == story
        assert report_key(store, story, FAST) != key
        rebuilt = story_report_json(store, story, FAST)
        assert "marker" not in rebuilt and rebuilt["near_duplicates"] == 1
        (named,) = rebuilt["copies_left_out"]  # the copy, named with the article it copies
        assert named["source"].endswith("copy.txt") and named["similarity"] >= 0.7
        original = rebuilt["articles"][named["copy_of"]["article"] - 1]
        assert original["id"] == named["copy_of"]["article_id"] and original["source"].endswith(copied)


def test_a_version_1_file_is_migrated_with_its_articles(tmp_path):
    path = version_1_store(tmp_path / "old.db", None, "Some text.")
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION == 10
        assert store.count("articles") == 1
        assert store.conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 0


def test_a_version_2_file_gains_feeds_and_keeps_its_articles_and_stories(tmp_path):
    path = tmp_path / "v2.db"
    with Store(tmp_path / "fresh.db") as fresh:  # the schema as it is now, for comparison
        now_columns = [r[1] for r in fresh.conn.execute("PRAGMA table_info(articles)")]
    conn = sqlite3.connect(path)
    for version in (1, 2):
        for statement in MIGRATIONS[version]:
            conn.execute(statement)
    conn.execute(
        "INSERT INTO articles (id, source, text, paragraphs, removed, terms, ingested_at, url) "
        "VALUES ('a1', 'x.txt', 'Some text.', '[[0, 10, \"body\", null]]', '[]', '{}', '2020-01-01', 'https://e.org/a')"
    )
    conn.execute("INSERT INTO stories VALUES (1, 'Old story', '2020-01-01', '2020-01-01')")
    conn.execute("INSERT INTO memberships VALUES ('a1', 1)")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        assert [r[1] for r in store.conn.execute("PRAGMA table_info(articles)")] == now_columns
        art = store.article("a1")
        assert art is not None and art.partial is None and art.text == "Some text."
        assert store.story_of("a1") == 1 and store.stories_table()[0].headline == "Old story"
        assert store.stories_table()[0].articles == 1  # the list's figures were filled in by the migration
        assert store.feeds() == [] and store.url_stored("https://e.org/a")
        assert store.add_feed("https://e.org/feed.rss") and store.feeds()[0].next_due


def test_facts_of_articles_stored_before_they_were_kept_are_read_once_and_kept(tmp_path):
    from newsdesk.service.ingest import stored_docs

    text = "A magnitude 5.6 earthquake struck Qeshm island on Sunday, injuring five people in three villages."
    with Store(tmp_path / "n.db") as store:
        ingest([str(write(tmp_path / "quake.txt", text))], store, IngestOptions(splitter="rules"))
        kept = store.conn.execute("SELECT facts FROM articles").fetchone()[0]
        assert json.loads(kept)["mag"] == "5.6"
        with store.batch() as conn:
            conn.execute("UPDATE articles SET facts = NULL")  # as a version 4 file holds them
        ((doc, story),) = stored_docs(store)
        assert doc.facts == json.loads(kept) and story == 1
        assert store.conn.execute("SELECT facts FROM articles").fetchone()[0] == kept
