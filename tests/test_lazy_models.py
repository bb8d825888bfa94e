"""Commands that need no model load none: ``--help``, ``stories``, ``feeds list`` and the web
pages of a story whose report is cached import neither torch, onnxruntime nor spaCy."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from newsdesk.service.ingest import ingest
from newsdesk.service.reports import story_report_json
from newsdesk.settings import IngestOptions, Options
from newsdesk.store.db import Store
from tests.conftest import EXAMPLES, ROOT

HEAVY = ("torch", "onnxruntime", "spacy", "sentence_transformers", "transformers")


def imported_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(__import__('json').dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_stories_and_feeds_load_no_model(tmp_path):
    db = tmp_path / "n.db"
    with Store(db) as store:
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
    cli = "from newsdesk.cli import main\n"
    assert imported_after(cli + "import contextlib, io\nwith contextlib.suppress(SystemExit): main(['--help'])") == []
    assert imported_after(cli + f"main(['stories', '--db', {str(db)!r}])") == []
    assert imported_after(cli + f"main(['feeds', 'list', '--db', {str(db)!r}])") == []


def test_a_cached_story_page_loads_no_model(tmp_path):
    db = tmp_path / "n.db"
    options = Options(embedder="tfidf", splitter="rules")
    with Store(db) as store:
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
        story = store.story_ids()[0]
        story_report_json(store, story, options)  # built once (spaCy runs here, in this process)
    code = (
        "from fastapi.testclient import TestClient\n"
        "from newsdesk.settings import Options, ServeOptions\nfrom newsdesk.web.app import create_app\n"
        f"client = TestClient(create_app(ServeOptions({str(db)!r}, Options(embedder='tfidf', splitter='rules'))), base_url='http://127.0.0.1')\n"
        f"assert client.get('/story/{story}').status_code == 200\n"
        f"assert client.get('/api/stories/{story}').status_code == 200\nassert client.get('/').status_code == 200\n"
    )
    assert imported_after(code) == []


def test_a_cached_story_report_in_the_cli_loads_no_model(tmp_path):
    db = tmp_path / "n.db"
    with Store(db) as store:
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
        story = store.story_ids()[0]
        story_report_json(store, story, Options(embedder="tfidf"))
    code = f"from newsdesk.cli import main\nassert main(['story', '{story}', '--db', {str(db)!r}, '--embedder', 'tfidf']) == 0"
    assert imported_after(code) == []
