"""``newsdesk feeds``, ``update`` and ``watch`` as a user runs them, against the local server."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from newsdesk.cli import main
from tests.conftest import ROOT
from tests.fetch.server import LocalServer

FAST = ["--delay", "0", "--backoff", "0.05", "--read-timeout", "1", "--every", "0s"]


@pytest.fixture(scope="module")
def server():
    with LocalServer() as s:
        yield s


def test_feeds_add_list_update_remove(server, tmp_path, capsys):
    db = str(tmp_path / "news.db")
    assert main(["feeds", "add", server.url("/feed.rss"), server.url("/notafeed"), "--db", db]) == 2
    out = capsys.readouterr()
    assert "1 feeds added" in out.out and "1 not subscribed" in out.out and "Traceback" not in out.err
    assert "not subscribed: " in out.err and "links to no feed" in out.err
    assert main(["feeds", "add", server.url("/notafeed"), "--anyway", "--db", db]) == 0  # the user insists
    capsys.readouterr()
    assert main(["update", "--db", db, *FAST, "--splitter", "rules"]) == 0
    out = capsys.readouterr()
    assert (
        f"{len(server.feed_items)} new articles" in out.out and "2 feeds checked (0 not modified, 1 failed)" in out.out
    )
    assert out.err.count("failed") == 1 and "Traceback" not in out.err  # each failure said once
    assert main(["feeds", "list", "--db", db, "--json"]) == 0
    rows = {r["url"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[server.url("/feed.rss")]["articles"] == len(server.feed_items)
    assert rows[server.url("/feed.rss")]["title"] == "Example News" and rows[server.url("/notafeed")]["error"]
    assert main(["feeds", "list", "--db", db]) == 0
    listed = capsys.readouterr().out
    assert "Example News" in listed and "last error: " in listed
    assert "&lt;" not in listed and "\\[" not in listed  # a terminal shows the error as the server gave it
    assert main(["feeds", "remove", server.url("/notafeed"), "--db", db]) == 0
    assert main(["feeds", "remove", server.url("/notafeed"), "--db", db]) == 2
    assert "is not a subscribed feed" in capsys.readouterr().err
    assert main(["stories", "--db", db]) == 0  # the fetched articles are grouped into stories


def test_opml_import_from_the_cli(server, tmp_path, capsys):
    opml = tmp_path / "subs.opml"
    opml.write_text(
        f'<opml version="1.0"><body><outline text="Folder"><outline text="Ex" xmlUrl="{server.url("/feed.rss")}"/>'
        '<outline type="rss" text="broken"/></outline></body></opml>'
    )
    assert main(["feeds", "add", "--opml", str(opml), "--db", str(tmp_path / "o.db")]) == 0
    out = capsys.readouterr()
    assert "1 feeds added" in out.out and "no xmlUrl" in out.err
    assert main(["feeds", "add", "--opml", str(tmp_path / "none.opml"), "--db", str(tmp_path / "o.db")]) == 2
    assert "none.opml" in capsys.readouterr().err


def test_sigterm_during_watch_leaves_whole_batches_and_the_next_update_completes(server, tmp_path):
    db = tmp_path / "watch.db"
    assert main(["feeds", "add", server.url("/feed.rss"), "--no-check", "--db", str(db)]) == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "newsdesk.cli", "watch", "--db", str(db), "--every", "30s", "--delay", "0.4"]
    proc = subprocess.Popen(
        [*cmd, "--batch", "2", "--splitter", "rules"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.time() + 60
    stored = 0
    while time.time() < deadline and proc.poll() is None and stored < 2:
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:
            stored = 0
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert b"Traceback" not in err and b"watch stopped after 1 updates" in err
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        members = conn.execute("SELECT COUNT(*) FROM memberships").fetchone()[0]
        marked = conn.execute("SELECT COUNT(*) FROM entries WHERE article_id IS NOT NULL").fetchone()[0]
    assert 0 < articles < len(server.feed_items)  # stopped midway ...
    assert members == articles == marked  # ... after whole batches only: each stored one grouped and marked
    assert main(["update", "--db", str(db), *FAST, "--splitter", "rules"]) == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == len(server.feed_items)
        assert conn.execute("SELECT COUNT(DISTINCT url) FROM articles").fetchone()[0] == len(server.feed_items)
