"""Ingest into the SQLite store: batches, re-ingest, kill and resume, bad input, stories."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.errors import StoreError
from newsdesk.service.ingest import ingest, rebuild_stories
from newsdesk.settings import IngestOptions
from newsdesk.store.db import SCHEMA_VERSION, Store
from tests.conftest import EXAMPLES, cli_env, example, ingest_command, write

ROOT = Path(__file__).resolve().parents[2]


def synthetic_jsonl(path: Path, n: int, seed: int = 0) -> Path:
    """``n`` distinct articles made of words from the bundled examples (for volume, not meaning)."""
    words = sorted({w for p in EXAMPLES.glob("*.txt") for w in p.read_text(encoding="utf-8").split() if w.isalpha()})
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            sentences = [" ".join(rng.choice(words) for _ in range(14)).capitalize() + "." for _ in range(6)]
            fh.write(json.dumps({"id": f"a{i}", "title": f"Report {i}", "text": " ".join(sentences)}) + "\n")
    return path


def integrity(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    q = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    out = {
        "articles": q("SELECT COUNT(*) FROM articles"),
        "without_sentences": q("SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT article_id FROM sentences)"),
        "without_story": q("SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT article_id FROM memberships)"),
        "dangling_members": q("SELECT COUNT(*) FROM memberships WHERE article_id NOT IN (SELECT id FROM articles)"),
        "dangling_stories": q("SELECT COUNT(*) FROM memberships WHERE story_id NOT IN (SELECT id FROM stories)"),
        "orphan_sentences": q("SELECT COUNT(*) FROM sentences WHERE article_id NOT IN (SELECT id FROM articles)"),
    }
    conn.close()
    return out


def test_examples_become_one_story_and_reingest_adds_nothing(tmp_path):
    db = tmp_path / "n.db"
    with Store(db) as store:
        assert store.version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        first = ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
        assert (first.read, first.stored, first.new_stories) == (3, 3, 1)
        again = ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
        assert (again.stored, again.known, again.new_stories) == (0, 3, 0)
        assert store.count("articles") == 3 and len(store.story_ids()) == 1
        row = store.stories_table()[0]
        assert row.articles == 3 and row.sources == 3 and "Iran Press TV" in row.outlets
        art = store.article(store.story_articles(store.story_ids()[0])[0].id)
        assert art is not None and art.sentences and art.text[art.sentences[0].start : art.sentences[0].end]
    assert integrity(db)["without_story"] == 0


def test_syndicated_copy_is_linked_not_counted(tmp_path):
    text = example("002").read_text(encoding="utf-8")
    copy = "Syndicated from Global Media\n\n" + text.replace("step up", "increase")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text)
    (tmp_path / "in" / "b.txt").write_text(copy)
    with Store(tmp_path / "n.db") as store:
        stats = ingest([str(tmp_path / "in")], store, IngestOptions(splitter="rules"))
        assert stats.stored == 2 and stats.duplicates == 1
        row = store.stories_table()[0]
        assert row.articles == 2 and row.sources == 1


def test_different_events_are_different_stories(tmp_path):
    other = tmp_path / "other.jsonl"
    other.write_text(
        json.dumps(
            {
                "title": "Rovers beat United in cup thriller",
                "published": "2017-08-19",
                "text": "Rovers came from two goals down to beat United 3-2 in the cup on Saturday, with a late "
                "header from their captain settling a tense match in front of a sold-out crowd. The home side "
                "looked beaten at half-time, but the manager's changes turned the game.",
            }
        )
        + "\n"
    )
    with Store(tmp_path / "n.db") as store:
        ingest([str(EXAMPLES), str(other)], store, IngestOptions(splitter="rules"))
        sizes = sorted(r.articles for r in store.stories_table())
        assert sizes == [1, 3]
        assert rebuild_stories(store) == 2
        assert sorted(r.articles for r in store.stories_table()) == [1, 3]


@pytest.mark.slow  # 600 articles through a real process
def test_sigkill_midway_then_resume_stores_each_article_once(tmp_path):
    source = synthetic_jsonl(tmp_path / "big.jsonl", 600)  # killed after 100: 500 left to resume
    db = tmp_path / "k.db"
    cmd = ingest_command(source, db)
    env = cli_env()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stored = 0
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
        if stored >= 100:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "ingest finished before it could be killed"
    killed_at = integrity(db)
    assert 100 <= killed_at["articles"] < 600
    assert killed_at["articles"] % 25 == 0  # whole batches only
    assert {k: v for k, v in killed_at.items() if k != "articles"} == dict.fromkeys(killed_at.keys() - {"articles"}, 0)

    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    final = integrity(db)
    assert final["articles"] == 600
    assert all(v == 0 for k, v in final.items() if k != "articles")


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        (
            "bad.jsonl",
            '{"text": "The council met on Monday and approved the budget for next year."}\nnot json\n',
            "not valid JSON",
        ),
        ("broken.rss", "<rss><channel><title>X</title><item><title>A", "not a readable RSS/Atom feed"),
    ],
)
def test_bad_records_are_reported_and_good_ones_stored(tmp_path, name, content, problem):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text(content)
    (tmp_path / "in" / "good.txt").write_text(example("004").read_text(encoding="utf-8"))
    with Store(tmp_path / "n.db") as store:
        stats = ingest([str(tmp_path / "in")], store, IngestOptions(splitter="rules"))
        assert store.count("articles") >= 1
    assert any(problem in p.message and name in p.message for p in stats.problems)


def test_read_only_database_is_one_line_error(tmp_path, capsys):
    db = tmp_path / "ro.db"
    with Store(db) as store:
        ingest([str(example("000"))], store, IngestOptions(splitter="rules"))
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    db.chmod(0o444)
    immutable = False
    if os.access(db, os.W_OK):  # root ignores permissions: make the file immutable instead
        immutable = subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode == 0
        if not immutable:
            pytest.skip("cannot make a file read-only for this user")
    try:
        assert main(["ingest", str(EXAMPLES), "--db", str(db)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert err.startswith(
            (f"newsdesk: error: [E401] {db}: database is read-only", f"newsdesk: error: [E405] {db}:")
        )
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(db)], check=True)
    assert integrity(db)["articles"] == 1


def test_locked_database_is_one_line_error_and_nothing_lost(tmp_path, capsys):
    db = tmp_path / "l.db"
    with Store(db) as store:
        ingest([str(example("000"))], store, IngestOptions(splitter="rules"))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Store(db, timeout=0.2) as store, pytest.raises(StoreError, match="locked"):
            ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert integrity(db)["articles"] == 1


def test_full_disk_keeps_committed_batches(tmp_path):
    db = tmp_path / "f.db"
    source = synthetic_jsonl(tmp_path / "s.jsonl", 60)
    with Store(db) as store:
        ingest([str(source)], store, IngestOptions(batch=20, splitter="rules"))
        before = store.count("articles")
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the file may not grow: a full disk

        with pytest.raises(StoreError, match="disk is full"):
            ingest(
                [str(synthetic_jsonl(tmp_path / "more.jsonl", 60, seed=1))],
                store,
                IngestOptions(batch=20, splitter="rules"),
            )
    assert integrity(db)["articles"] >= before
    assert all(v == 0 for k, v in integrity(db).items() if k != "articles")


def test_cli_ingest_stories_story(tmp_path, capsys):
    db = tmp_path / "c.db"
    assert main(["ingest", str(EXAMPLES), "--db", str(db), "--splitter", "rules"]) == 0
    assert "3 stored" in capsys.readouterr().out
    assert main(["stories", "--db", str(db), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["articles"] == 3 and rows[0]["first"] == "2017-08-18"
    assert main(["story", str(rows[0]["id"]), "--db", str(db), "--embedder", "tfidf", "--words", "80"]) == 0
    out = capsys.readouterr().out
    assert "[1]" in out and "## Sources" in out
    assert main(["story", "999", "--db", str(db)]) == 2
    assert "has no story 999" in capsys.readouterr().err
    assert main(["stories", "--db", str(tmp_path / "none.db")]) == 2


def _figures_from_memberships(store: Store) -> dict[int, tuple[int, int, list[str], str | None, str | None]]:
    """The story list's figures computed the slow way, from every membership."""
    dup = store.duplicate_of()
    out = {}
    for story_id in store.story_ids():
        arts = store.story_articles(story_id)
        dates = sorted(a.published for a in arts if a.published)
        outlets = sorted({a.outlet for a in arts if a.outlet})
        out[story_id] = (
            len(arts),
            sum(a.id not in dup for a in arts),
            outlets,
            dates[0] if dates else None,
            dates[-1] if dates else None,
        )
    return out


def test_the_story_list_reads_figures_kept_at_ingest_that_match_the_memberships(tmp_path):
    text = example("002").read_text(encoding="utf-8")
    write(tmp_path / "more" / "copy.txt", "Syndicated from Global Media\n\n" + text.replace("step up", "increase"))
    with Store(tmp_path / "n.db") as store:
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules", batch=1))
        ingest([str(tmp_path / "more")], store, IngestOptions(splitter="rules"))  # a copy joins later
        listed = {r.id: (r.articles, r.sources, sorted(r.outlets), r.first, r.last) for r in store.stories_table()}
        assert listed == _figures_from_memberships(store)
        assert max(v[0] for v in listed.values()) == 4 and max(v[1] for v in listed.values()) == 3
        rebuild_stories(store)
        listed = {r.id: (r.articles, r.sources, sorted(r.outlets), r.first, r.last) for r in store.stories_table()}
        assert listed == _figures_from_memberships(store)


@pytest.mark.slow
def test_embed_stores_each_articles_lead_vector_and_sentence_vectors_only_when_asked(tmp_path):
    with Store(tmp_path / "e.db") as store:
        stats = ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules", embed=True))
        assert stats.stored == 3 and not stats.warnings
        rows = store.conn.execute("SELECT embedding, embedder FROM articles").fetchall()
        assert all(blob is not None and len(blob) == 384 * 4 and name == "minilm" for blob, name in rows)
        assert store.conn.execute("SELECT COUNT(*) FROM sentences WHERE embedding IS NOT NULL").fetchone()[0] == 0
    with Store(tmp_path / "s.db") as store:
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules", embed=True, embed_sentences=True))
        sentences = store.conn.execute("SELECT COUNT(*), COUNT(embedding) FROM sentences").fetchone()
        assert sentences[0] > 0 and sentences[0] == sentences[1]


def test_the_unfiltered_story_page_is_the_newest_first_list(tmp_path):
    from newsdesk.store.db import StoryQuery

    other = write(tmp_path / "other.jsonl", json.dumps({"title": "Harbour strike", "published": "2017-09-01",
                  "text": "Dock workers in Genoa went on strike over pay, union leaders said on Tuesday. " * 3}) + "\n")  # fmt: skip
    with Store(tmp_path / "n.db") as store:
        ingest([str(EXAMPLES), str(other)], store, IngestOptions(splitter="rules"))
        listed = store.stories_table(StoryQuery(newest=True))
        for offset, limit in ((0, 50), (0, 1), (1, 1)):
            total, page = store.stories_page(StoryQuery(newest=True), offset, limit)
            assert total == len(listed) and [r.id for r in page] == [r.id for r in listed[offset : offset + limit]]


def _vocabulary_jsonl(path: Path, n: int, prefix: str) -> Path:
    """``n`` articles whose words no other input shares (``prefix`` makes the vocabulary)."""
    rng = random.Random(prefix)
    words = [f"{prefix}{k}" for k in range(400)]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(" ".join(rng.choice(words) for _ in range(14)).capitalize() + "." for _ in range(6))
            fh.write(json.dumps({"id": f"{prefix}{i}", "title": f"{prefix} report {i}", "text": text}) + "\n")
    return path


def test_two_ingests_at_once_on_one_store_lose_nothing_and_never_share_a_story(tmp_path):
    db = tmp_path / "both.db"
    inputs = [_vocabulary_jsonl(tmp_path / f"{p}.jsonl", 400, p) for p in ("alpha", "omega")]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "newsdesk.cli", "ingest", "--db", str(db), "--batch", "10", "--splitter", "rules"]
    Store(db).close()  # created once, so both processes open an existing file
    procs = [subprocess.Popen([*cmd, str(p)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for p in inputs]
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (_, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0 and b"locked" not in err, err.decode()[-1000:]
    assert integrity(db) == {"articles": 800, "without_sentences": 0, "without_story": 0, "dangling_members": 0,
                             "dangling_stories": 0, "orphan_sentences": 0}  # fmt: skip
    with sqlite3.connect(db) as conn:
        mixed = conn.execute(
            "SELECT m.story_id FROM memberships m JOIN articles a ON a.id = m.article_id GROUP BY m.story_id "
            "HAVING SUM(a.title LIKE 'alpha%') > 0 AND SUM(a.title LIKE 'omega%') > 0"
        ).fetchall()
        figures = conn.execute("SELECT SUM(articles) FROM stories").fetchone()[0]
    assert mixed == [] and figures == 800


def test_an_ingest_reads_the_stories_of_recent_weeks_and_a_backdated_article_still_finds_its_story(tmp_path):
    from newsdesk.service.ingest import Grouping

    texts = [example(p).read_text(encoding="utf-8") for p in ("000", "002", "004")]
    db = tmp_path / "n.db"

    def day(name: str, published: str, text: str) -> str:
        record = {"id": name, "title": name, "published": published, "text": text}
        return str(write(tmp_path / f"{name}.jsonl", json.dumps(record) + "\n"))

    with Store(db) as store:
        ingest([day("old", "2017-08-18", texts[0])], store, IngestOptions(splitter="rules"))
        council = "The city council approved a new budget for parks and libraries on Thursday after a long debate."
        ingest([day("council", "2018-03-01", council)], store, IngestOptions(splitter="rules"))
        old_story = store.story_ids()[0]
        grouping = Grouping(store, IngestOptions(splitter="rules"))
        assert old_story not in grouping.loaded  # months before the newest article: not read
        counted = dict(store.conn.execute("SELECT term, df FROM term_df"))
        recount: dict[str, int] = {}
        for (terms,) in store.conn.execute("SELECT terms FROM articles"):
            for term in json.loads(terms):
                recount[term] = recount.get(term, 0) + 1
        assert counted == recount  # kept as articles arrive, as a count over every article gives
        ingest([day("late", "2017-08-19", texts[1])], store, IngestOptions(splitter="rules"))
        ids = dict(store.conn.execute("SELECT title, id FROM articles"))
        assert store.story_of(ids["late"]) == old_story  # the backdated report joins its event
