"""API fuzzing: schemathesis against ``/api/openapi.json`` of a real ``newsdesk serve``
process, every operation, schema-valid and invalid requests, and its stateful phase: no 500,
every answer documented and matching the schema, every error the documented ``{error, status}``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web.conftest import running_server

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.mark.slow
@pytest.mark.skipif(not SCHEMATHESIS.exists(), reason="schemathesis is not installed")
def test_schemathesis_finds_nothing(web_db, tmp_path):
    db = tmp_path / "fuzz.db"
    shutil.copy(web_db, db)  # the fuzzer ingests articles: a copy of the shared store
    with running_server(db, "--embedder", "tfidf") as (_, url):
        run = subprocess.run(
            [str(SCHEMATHESIS), "run", f"{url}/api/openapi.json", "--checks", "all", "-n", "30", "--seed", "0"],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,  # its cache folder lands there, not in the checkout
        )
        assert run.returncode == 0, run.stdout[-4000:]
        assert " passed" in run.stdout and "failures" not in run.stdout.split("SUMMARY")[-1].lower()
