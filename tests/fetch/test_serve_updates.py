"""``newsdesk serve --update-every``: the server follows the feeds in the background, and its
pages say when the store was last updated and list the feeds."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from newsdesk.settings import Options, ServeOptions
from newsdesk.store.db import Store
from newsdesk.web.app import create_app
from tests.fetch.server import LocalServer


def test_background_updates_fill_the_store_and_the_pages_say_so(tmp_path):
    db = tmp_path / "serve.db"
    with LocalServer() as server:
        with Store(db) as store:
            store.add_feed(server.url("/atom/feed.xml"), "Example Atom")
        app = create_app(ServeOptions(str(db), Options(embedder="tfidf", splitter="rules")), update_every=0.2)
        with TestClient(app, base_url="http://127.0.0.1") as client:
            assert "Not updated yet" in client.get("/feeds").text or "last updated" in client.get("/feeds").text
            deadline = time.time() + 30
            while time.time() < deadline and client.get("/api/stories").json()["total"] == 0:
                time.sleep(0.1)
            assert client.get("/api/stories").json()["total"] >= 1
            feeds = client.get("/api/feeds").json()
            assert feeds["updated_at"] and feeds["feeds"][0]["articles"] == 2 and feeds["feeds"][0]["status"] == 200
            home = client.get("/").text
            assert "Store last updated" in home and 'href="/feeds"' in home
            page = client.get("/feeds").text
            assert "Example Atom" in page and server.url("/atom/feed.xml") in page
        # the app's shutdown stopped the updates: no request after it
        hits = len(server.hits)
        time.sleep(0.5)
        assert len(server.hits) == hits
