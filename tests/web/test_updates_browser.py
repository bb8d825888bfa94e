"""In a real browser: the story page with ``?since=`` shows what is new, highlighted, and the
Atom feeds it links to resolve and parse (feedparser, no bozo flag), with stable entry ids."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.service.ingest import ingest
from newsdesk.settings import IngestOptions
from newsdesk.store.db import Store
from tests.conftest import Clock
from tests.service.test_updates import DAY1, DEVELOPMENT, jsonl
from tests.web.conftest import running_server
from tests.web.test_browser import CHROMIUM, FLAGS, pytestmark, sync_api  # noqa: F401

NEW_BACKGROUND = "rgb(255, 248, 214)"  # .updates.new in style.css


@pytest.fixture(scope="module")
def days(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("days")
    db = folder / "days.db"
    clock = Clock()
    with Store(db, clock=clock) as store:
        ingest([jsonl(folder / "day1.jsonl", DAY1)], store, IngestOptions(splitter="rules"))
        since = clock.advance()
        ingest([jsonl(folder / "day2.jsonl", [DEVELOPMENT])], store, IngestOptions(splitter="rules"))
    return db, since


@pytest.fixture(scope="module")
def server(days: tuple[Path, str]) -> Iterator[str]:
    with running_server(days[0], "--embedder", "tfidf") as (_, url):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def test_since_shows_the_new_items_highlighted_and_the_atom_links_parse(server, browser, days):
    import feedparser

    _, since = days
    page = browser.new_page()
    page.goto(f"{server}/story/1?since={since}")
    section = page.locator("section.updates.new")
    assert section.is_visible()
    assert section.evaluate("e => getComputedStyle(e).backgroundColor") == NEW_BACKGROUND
    items = page.locator("li.update.new")
    assert items.count() >= 3
    text = section.inner_text()
    assert "never seen water like this" in text and "31" in text
    page.goto(f"{server}/story/1")
    assert page.locator("section.updates").count() == 0  # nothing asked for, nothing shown
    hrefs = page.locator("link[rel=alternate][type='application/atom+xml']").evaluate_all("ls => ls.map(l => l.href)")
    assert len(hrefs) == 2
    page.close()
    ids = []
    for _ in range(2):
        for href in hrefs:
            feed = feedparser.parse(urllib.request.urlopen(href, timeout=30).read())
            assert not feed.bozo, feed.get("bozo_exception")
            assert feed.entries and all(e.id and e.link.startswith(server) for e in feed.entries)
            ids.append([e.id for e in feed.entries])
    assert ids[:2] == ids[2:]  # entry ids stable from one fetch to the next
