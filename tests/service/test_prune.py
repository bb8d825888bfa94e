"""A store that stays healthy: old stories pruned with everything that hangs on them, and an
online backup while another process writes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time

from newsdesk.cli import main
from newsdesk.service.ingest import ingest
from newsdesk.service.prune import cutoff, prune
from newsdesk.settings import IngestOptions
from newsdesk.store.db import Store
from tests.conftest import EXAMPLES, Clock, cli_env, ingest_command, write


def records(tmp_path, name: str, published: str, texts: list[str]) -> str:
    lines = [
        json.dumps({"id": f"{name}{k}", "title": t[:40], "published": published, "text": t})
        for k, t in enumerate(texts)
    ]
    return str(write(tmp_path / f"{name}.jsonl", "\n".join(lines) + "\n"))


OLD = ["The old harbour bridge in Ovda closed for repairs on Monday after engineers found cracks in two of its piers.",
       "Engineers closed Ovda's harbour bridge on Monday: two piers are cracked and repairs will take a month."]  # fmt: skip
NEW = ["Voters in Lirna elected a new mayor on Sunday after a close race decided by fewer than 300 votes.",
       "Lirna has a new mayor: Sunday's election was decided by fewer than 300 votes, officials said."]  # fmt: skip


def test_prune_removes_old_stories_with_their_articles_and_keeps_the_rest_whole(tmp_path):
    with Store(tmp_path / "n.db") as store:
        ingest([records(tmp_path, "old", "2025-01-06", OLD)], store, IngestOptions(splitter="rules"))
        ingest([records(tmp_path, "new", "2025-06-01", NEW)], store, IngestOptions(splitter="rules"))
        with store.batch() as conn:
            old_id = store.conn.execute("SELECT id FROM articles WHERE title LIKE 'The old harbour%'").fetchone()[0]
            conn.execute(
                "INSERT INTO entries VALUES ('k', 'http://feed', 'http://x', ?, NULL, '2025-01-06')", (old_id,)
            )
        (old_story,) = {
            store.story_of(i) for (i,) in store.conn.execute("SELECT id FROM articles WHERE text LIKE '%Ovda%'")
        }
        stories, articles, _, _ = prune(store, "2025-03-01")
        assert (stories, articles) == (1, 2)
        assert store.count("articles") == 2 and store.story_ids() != [] and old_story not in store.story_ids()
        assert (
            store.count("entries") == 0
            and store.conn.execute("SELECT COUNT(*) FROM sentences WHERE article_id = ?", (old_id,)).fetchone()[0] == 0
        )
        assert store.search("harbour") == [] and len(store.search("mayor")) == 2
        left = {t for (terms,) in store.conn.execute("SELECT terms FROM articles") for t in json.loads(terms)}
        assert set(dict(store.conn.execute("SELECT term, df FROM term_df"))) == left  # frequencies follow
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_keep_counts_back_from_today_and_bad_spans_are_one_line(tmp_path, capsys):
    with Store(tmp_path / "n.db", clock=Clock()) as store:
        today = store.clock()[:10]
        assert cutoff(store, None, "7d") < today and cutoff(store, "2025-02-03", None) == "2025-02-03"
    db = str(tmp_path / "n.db")
    assert main(["prune", "--keep", "90 days", "--db", db]) == 2
    assert "--keep needs a span" in capsys.readouterr().err
    assert main(["prune", "--before", "yesterday", "--db", db]) == 2
    assert main(["prune", "--keep", "1y", "--db", db]) == 0


def test_backup_is_a_consistent_copy_while_another_process_writes(tmp_path):
    from tests.service.test_ingest import synthetic_jsonl

    db = tmp_path / "n.db"
    with Store(db) as store:
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
    source = synthetic_jsonl(tmp_path / "big.jsonl", 600)
    writer = subprocess.Popen(
        ingest_command(source, db), env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.time() + 60
        while (
            time.time() < deadline and sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0] < 53
        ):
            time.sleep(0.05)  # the writer is under way
        assert main(["backup", str(tmp_path / "copy.db"), "--db", str(db)]) == 0
    finally:
        writer.wait(timeout=120)
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copied = copy.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert copied >= 53 and (copied - 3) % 25 == 0  # whole batches only, never half of one
    assert main(["backup", str(db), "--db", str(db)]) == 2
