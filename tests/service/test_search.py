"""Word search over the stored articles: FTS5 with porter stemming, phrases, prefixes, bm25."""

from __future__ import annotations

import json

from newsdesk.cli import main
from newsdesk.service.ingest import ingest
from newsdesk.service.search import search
from newsdesk.settings import IngestOptions
from newsdesk.store.db import SCHEMA_VERSION, Store, StoryQuery
from newsdesk.store.listing import fts_query
from tests.conftest import EXAMPLES, version_1_store, write


def test_words_are_stemmed_phrases_kept_and_query_syntax_taken_as_text():
    assert fts_query('launches "North Korea" threat* AND (') == '"launches" "North Korea" "threat"* "AND"'
    assert fts_query('" ( ) *') == ""


def test_search_finds_stemmed_words_phrases_and_prefixes_best_first(tmp_path):
    with Store(tmp_path / "n.db") as store:
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
        launched = search(store, "launch")  # the examples say "launched" and "launches"
        assert launched["articles"] and all(a["story"] == 1 for a in launched["articles"])
        assert any("\x02launch" in a["snippet"].lower() for a in launched["articles"])
        assert search(store, '"North Korea"')["stories"][0]["story"] == 1
        assert search(store, "Pyong*")["articles"]  # (a prefix is stemmed too: "Pyongy*" reads "pyongi*")
        assert search(store, "launch zebra")["articles"] == []  # every word must appear
        assert search(store, 'OR NOT "')["articles"] == []  # no query syntax error
        assert store.stories_page(StoryQuery(words="missiles"), 0, 10)[0] == 1  # the list reads the index too


def test_cli_search_prints_stories_and_snippets_and_json(tmp_path, capsys):
    db = tmp_path / "n.db"
    with Store(db) as store:
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
    assert main(["search", "missile", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "## Stories" in out and "**missile" in out.lower()
    assert main(["search", "missile", "--db", str(db), "--json", "--limit", "1"]) == 0
    assert len(json.loads(capsys.readouterr().out)["articles"]) == 1
    assert main(["search", "missile", "--db", str(tmp_path / "none.db")]) != 0


def test_an_old_store_is_indexed_when_migrated(tmp_path):
    path = version_1_store(tmp_path / "old.db", "Floods", "Rivers flooded the valley.", '{"river": 1}')
    with Store(path) as store:
        assert [a for a, _, _ in store.search("flood")] == ["a1"]
        assert dict(store.conn.execute("SELECT term, df FROM term_df")) == {"river": 1}
        write(tmp_path / "new.txt", "Rivers flooded the town of Ovda again on Monday, officials said.")
        ingest([str(tmp_path / "new.txt")], store, IngestOptions(splitter="rules"))
        assert len(store.search("flood")) == 2  # kept in step by the triggers


def _report(names: list[str]) -> str:
    return json.dumps({"entities": [{"names": names}]})


def test_the_entity_filter_reads_the_names_of_each_storys_latest_report(tmp_path):
    with Store(tmp_path / "n.db") as store:
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
        story = 1

        def found(name: str) -> int:
            return store.stories_page(StoryQuery(entity=name), 0, 10)[0]

        assert found("Zebulon Quagmire") == 0  # no report yet: the story's text is read
        store.save_report(story, "k1", _report(["Zebulon Quagmire", "Quagmire"]), ["Zebulon Quagmire", "Quagmire"])
        assert found("Zebulon Quagmire") == found("zebulon quag") == found("Quagmire") == 1
        assert found("Tillerson") == 0  # with a report, its names decide, not the text
        assert found("Zeb Quagmire") == found("!!!") == 0
        store.save_report(story, "k2", _report(["Rex Tillerson"]), ["Rex Tillerson"])  # a new report replaces the names
        assert found("Quagmire") == 0 and found("Tillerson") == 1
        with store.batch() as conn:
            store.clear_stories(conn)
        assert store.conn.execute("SELECT COUNT(*) FROM story_entities").fetchone()[0] == 0


def test_a_store_of_version_7_indexes_the_names_of_its_reports_when_migrated(tmp_path):
    path = tmp_path / "v7.db"
    with Store(path) as store:
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
        store.save_report(1, "k", _report(["Zebulon Quagmire"]))  # written as version 7 wrote it: no names kept
        store.conn.executescript(
            "DROP TABLE story_entities_fts; DROP TABLE story_entities; DROP TRIGGER reports_delete; "
            "DROP INDEX duplicates_original; "
            "DROP INDEX story_aliases_target; DROP INDEX memberships_article_rowid; "
            "ALTER TABLE memberships DROP COLUMN article_rowid; PRAGMA user_version = 7;"
        )
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        assert store.stories_page(StoryQuery(entity="Quagmire"), 0, 10)[0] == 1
        assert store.stories_page(StoryQuery(words="Tillerson"), 0, 10)[0] == 1  # through the rowids filled in


def test_every_membership_knows_its_article_row_after_ingest_and_rebuild(tmp_path):
    from newsdesk.service.ingest import rebuild_stories

    stale = (
        "SELECT COUNT(*) FROM memberships m WHERE m.article_rowid IS NULL "
        "OR m.article_rowid != (SELECT rowid FROM articles a WHERE a.id = m.article_id)"
    )
    with Store(tmp_path / "n.db") as store:
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
        assert store.conn.execute("SELECT COUNT(*) FROM memberships").fetchone()[0] == 3
        assert store.conn.execute(stale).fetchone()[0] == 0
        rebuild_stories(store)
        assert store.conn.execute(stale).fetchone()[0] == 0
        assert store.stories_page(StoryQuery(words="Tillerson"), 0, 10)[0] == 1
