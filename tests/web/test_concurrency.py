"""``newsdesk serve`` answering while ``newsdesk ingest`` writes to the same store, and an
upload arriving meanwhile: no user-visible "database is locked", no article lost or stored
twice, every story consistent, and the page latency bounded."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from newsdesk.store.db import Store
from tests.conftest import ROOT
from tests.service.test_ingest import _vocabulary_jsonl, integrity
from tests.web.conftest import running_server


@pytest.mark.slow
def test_pages_and_an_upload_during_an_ingest(tmp_path):
    db = tmp_path / "busy.db"
    Store(db).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with running_server(db, "--embedder", "tfidf") as (_, url):
        source = _vocabulary_jsonl(tmp_path / "many.jsonl", 600, "busy")
        ingest = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.cli", "ingest", str(source), "--db", str(db), "--batch", "20", "--splitter", "rules"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        latencies, statuses = [], []
        uploaded = False
        while ingest.poll() is None:
            for path in ("/", "/api/stories"):
                start = time.perf_counter()
                with urllib.request.urlopen(url + path, timeout=30) as response:
                    statuses.append(response.status)
                    response.read()
                latencies.append(time.perf_counter() - start)
            if not uploaded and len(statuses) > 10:
                text = "The night ferry across the lake made its last crossing on Friday after ninety years. " * 3
                body = json.dumps({"articles": [{"text": text, "title": "Night ferry's last crossing"}]}).encode()
                request = urllib.request.Request(url + "/api/ingest", body, {"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=60) as response:
                    assert json.loads(response.read())["stored"] == 1
                uploaded = True
        _, err = ingest.communicate(timeout=60)
        assert ingest.returncode == 0 and b"locked" not in err, err.decode()[-1000:]
        assert uploaded and set(statuses) == {200} and len(latencies) >= 10
        latencies.sort()
        p99 = latencies[int(0.99 * (len(latencies) - 1))]
        assert p99 < 5.0, f"p99 {p99:.2f} s while ingesting"
    found = integrity(db)
    assert found["articles"] == 601 and all(v == 0 for k, v in found.items() if k != "articles")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT SUM(articles) FROM stories").fetchone()[0] == 601
        assert conn.execute("SELECT COUNT(DISTINCT id) FROM articles").fetchone()[0] == 601


@pytest.mark.slow
def test_sigkill_during_an_upload_leaves_only_whole_batches(tmp_path):
    import signal
    import threading

    db = tmp_path / "killed.db"
    Store(db).close()
    source = _vocabulary_jsonl(tmp_path / "upload.jsonl", 500, "kill")
    articles = [json.loads(line) for line in source.read_text().splitlines()]
    body = json.dumps({"articles": [{"text": a["text"], "title": a["title"]} for a in articles]}).encode()

    def post(url: str) -> None:
        request = urllib.request.Request(url + "/api/ingest", body, {"Content-Type": "application/json"})
        with contextlib.suppress(OSError):  # the server was killed under it
            urllib.request.urlopen(request, timeout=300).read()

    with running_server(db, "--max-upload-mb", "50") as (server, url):
        upload = threading.Thread(target=post, args=(url,))
        upload.start()
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline and stored < 200:  # the first batch of 200 is in
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                pass
            time.sleep(0.02)
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        upload.join(timeout=30)
    found = integrity(db)
    assert found["articles"] in (200, 400) and all(v == 0 for k, v in found.items() if k != "articles"), found
    with running_server(db, "--max-upload-mb", "50") as (_, url):  # the same upload again completes it
        post(url)
    found = integrity(db)
    assert found["articles"] == 500 and all(v == 0 for k, v in found.items() if k != "articles"), found
