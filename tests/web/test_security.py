"""Safe to leave running, checked against a real ``newsdesk serve`` process: no cross-site
writes, no answer to a foreign Host (DNS rebinding), a token past localhost, a read-only
mode, and ``nosniff`` on every answer."""

from __future__ import annotations

import http.client
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newsdesk.store.db import Store
from tests.web.conftest import running_server

ARTICLE = {"text": "Crews cleared the flooded underpass on Main Street on Monday after the storm, the city said. " * 3}


def request(url: str, method: str = "GET", path: str = "/", body: bytes = b"", headers: dict[str, str] | None = None):
    """One raw HTTP request (no browser, no client library adding or dropping headers)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request(method, path, body=body, headers={"Host": parts.netloc, **(headers or {})})
    response = conn.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def form(fields: dict[str, str]) -> tuple[bytes, str]:
    """A multipart form body, as a browser posts the upload page."""
    boundary = "newsdesktestboundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
    return ("".join(parts) + f"--{boundary}--\r\n").encode(), f"multipart/form-data; boundary={boundary}"


def articles(db: Path) -> int:
    with Store(db) as store:
        return store.count("articles")


@pytest.fixture
def db(web_db, tmp_path) -> Path:
    copy = tmp_path / "copy.db"
    shutil.copy(web_db, copy)
    return copy


def test_a_cross_site_form_upload_is_refused_and_a_same_origin_one_stored(db):
    with running_server(db) as (_, url):
        status, headers, page = request(url, path="/upload")
        token = re.search(rb'name="csrftoken" value="([^"]+)"', page).group(1).decode()
        cookie = headers["set-cookie"].split(";")[0]
        body, kind = form({"text": ARTICLE["text"], "csrftoken": token})
        before = articles(db)
        evil = {"Content-Type": kind, "Origin": "http://evil.example", "Cookie": cookie}
        status, _, answer = request(url, "POST", "/upload", body, evil)
        assert status == 403 and b"another site" in answer and articles(db) == before
        status, _, _ = request(url, "POST", "/upload", body, {**evil, "Origin": "null"})
        assert status == 403 and articles(db) == before
        status, _, _ = request(
            url, "POST", "/upload", body, {"Content-Type": kind, "Sec-Fetch-Site": "cross-site", "Cookie": cookie}
        )
        assert status == 403 and articles(db) == before
        forged, _ = form({"text": ARTICLE["text"], "csrftoken": "guessed"})  # no browser headers, wrong token
        status, _, _ = request(url, "POST", "/upload", forged, {"Content-Type": kind, "Cookie": cookie})
        assert status == 403 and articles(db) == before
        own = {"Content-Type": kind, "Origin": url, "Cookie": cookie}
        status, headers, _ = request(url, "POST", "/upload", body, own)
        assert status == 303 and headers["location"].startswith("/story/") and articles(db) == before + 1
        api = json.dumps({"articles": [ARTICLE]}).encode()
        status, _, _ = request(
            url, "POST", "/api/ingest", api, {"Content-Type": "application/json", "Origin": "http://evil.example"}
        )
        assert status == 403
        status, _, _ = request(
            url, "POST", "/api/ingest", api, {"Content-Type": "application/json"}
        )  # a script, not a browser
        assert status == 200


def test_a_foreign_host_is_refused_and_every_answer_says_nosniff(db):
    with running_server(db) as (_, url):
        status, headers, body = request(url, path="/api/stories", headers={"Host": "evil.example"})
        assert status == 400 and json.loads(body)["status"] == 400 and headers["x-content-type-options"] == "nosniff"
        for host in (urlsplit(url).netloc, f"localhost:{urlsplit(url).port}"):
            status, headers, _ = request(url, path="/", headers={"Host": host})
            assert status == 200 and headers["x-content-type-options"] == "nosniff"
            assert "script-src 'none'" in headers["content-security-policy"]  # the pages' policy is kept
        status, headers, _ = request(url, path="/static/style.css")
        assert status == 200 and headers["x-content-type-options"] == "nosniff"


def test_past_loopback_every_request_needs_the_token(db):
    with running_server(db, "--host", "0.0.0.0", "--token", "s3cret-token") as (_, url):
        status, _, body = request(url, path="/api/stories")
        assert status == 401 and b"token" in body
        status, _, _ = request(url, path="/api/stories", headers={"Authorization": "Bearer wrong"})
        assert status == 401
        status, _, _ = request(url, path="/api/stories", headers={"Authorization": "Bearer s3cret-token"})
        assert status == 200
        status, headers, _ = request(url, path="/?token=s3cret-token")
        assert status == 303 and headers["location"] == "/" and "HttpOnly" in headers["set-cookie"]
        cookie = headers["set-cookie"].split(";")[0]
        status, _, _ = request(url, path="/", headers={"Cookie": cookie})
        assert status == 200


def test_a_token_is_made_and_printed_when_none_is_given(db, tmp_path):
    import os
    import socket
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.cli", "serve", "--db", str(db), "--host", "0.0.0.0", "--port", str(port)],
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + 60
        while "?token=" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        token = re.search(r"\?token=(\S+)", log.read_text()).group(1)
        url = f"http://127.0.0.1:{port}"
        while time.monotonic() < deadline:
            try:
                status, _, _ = request(url, path="/api/stories")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 401
        status, _, _ = request(url, path="/api/stories", headers={"Authorization": f"Bearer {token}"})
        assert status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_read_only_refuses_every_write(db):
    with running_server(db, "--read-only") as (_, url):
        before = articles(db)
        api = json.dumps({"articles": [ARTICLE]}).encode()
        status, _, body = request(url, "POST", "/api/ingest", api, {"Content-Type": "application/json", "Origin": url})
        assert status == 403 and b"read-only" in body and articles(db) == before
        status, _, page = request(url, path="/upload")
        assert status == 200 and b"read-only" in page and b"<form" not in page
        status, _, page = request(url, path="/")
        assert b'href="/upload"' not in page
