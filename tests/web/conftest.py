"""A small store for the web tests: the bundled examples plus a hostile article."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsdesk.service.ingest import ingest
from newsdesk.settings import IngestOptions, Options
from newsdesk.store.db import Store
from tests.conftest import EXAMPLES, ROOT, write

FAST = Options(embedder="tfidf", splitter="rules", words=100)

# article text is untrusted: each of these would run script if a page let it through as HTML
SCRIPT = "<script>window.__xss = 'script'</script>"
ONERROR = "<img src=x onerror=\"window.__xss = 'onerror'\">"
HOSTILE = {
    "title": "Harbour fire <b onmouseover=\"window.__xss='title'\">update</b>",
    "outlet": "Evil <i>Gazette</i>",
    "url": "javascript:window.__xss='url'",
    "published": "2021-03-04",
    "text": (
        "Harbour fire update\n\n"
        "A large fire broke out at the city harbour late on Wednesday night, the port authority said in a statement.\n\n"
        "Crews from four stations were sent to the harbour and the roads around the docks were closed for the night.\n\n"
        f"Witnesses said the smoke from the harbour fire could be seen across the whole city. {SCRIPT}\n\n"
        f"Firefighters fought the harbour blaze for six hours before it was under control. {ONERROR}\n\n"
        "The harbour master said two warehouses were destroyed and nobody was hurt in the fire."
    ),
}


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import json

    folder = tmp_path_factory.mktemp("web")
    hostile = write(folder / "in" / "hostile.jsonl", json.dumps(HOSTILE) + "\n")
    db = folder / "web.db"
    with Store(db) as store:
        ingest([str(EXAMPLES), str(hostile)], store, IngestOptions(splitter="rules"))
    return db


@contextmanager
def running_server(db: Path, *flags: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``newsdesk serve`` over ``db`` in its own process on a free loopback port, until it
    answers; yields the process and its base URL, and stops it after."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "newsdesk.cli", "serve", "--db", str(db), "--port", str(port), *flags]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/api/stories", timeout=2).read()
                break
            except urllib.error.HTTPError:
                break  # it answers (a server that wants its token answers 401)
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"newsdesk serve did not start on {db}") from None
                time.sleep(0.3)
        yield proc, url
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.wait(timeout=10)
