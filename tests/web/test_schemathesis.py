"""API fuzzing: schemathesis against ``/api/openapi.json`` of a real ``newsdesk serve``
process, every operation, schema-valid and invalid requests, and its stateful phase: no 500,
every answer documented and matching the schema, every error the documented ``{error, status}``."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.web.test_browser import _free_port

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.mark.slow
@pytest.mark.skipif(not SCHEMATHESIS.exists(), reason="schemathesis is not installed")
def test_schemathesis_finds_nothing(web_db, tmp_path):
    db = tmp_path / "fuzz.db"
    shutil.copy(web_db, db)  # the fuzzer ingests articles: a copy of the shared store
    port = _free_port()
    cmd = [sys.executable, "-m", "newsdesk.cli", "serve", "--db", str(db), "--port", str(port), "--embedder", "tfidf"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/api/openapi.json", timeout=2).read()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        run = subprocess.run(
            [str(SCHEMATHESIS), "run", f"{url}/api/openapi.json", "--checks", "all", "-n", "30", "--seed", "0"],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,  # its cache folder lands there, not in the checkout
        )
        assert run.returncode == 0, run.stdout[-4000:]
        assert " passed" in run.stdout and "failures" not in run.stdout.split("SUMMARY")[-1].lower()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
