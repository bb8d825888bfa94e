"""Following feeds against a real HTTP server on 127.0.0.1 (``tests/fetch/server.py``)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from newsdesk.fetch.http import Fetcher, FetchError
from newsdesk.service.feeds import add_feeds, import_opml, update
from newsdesk.settings import FetchOptions, IngestOptions
from newsdesk.store.db import Store
from tests.fetch.server import LocalServer

FAST = FetchOptions(
    delay=0.0, backoff=0.05, connect_timeout=2.0, read_timeout=1.0, max_mb=1.0, max_unpacked_mb=5.0, every="0s"
)
INGEST = IngestOptions(splitter="rules", batch=4)


@pytest.fixture(scope="module")
def server():
    with LocalServer() as s:
        yield s


def fresh_store(tmp_path: Path, name: str = "news.db") -> Store:
    return Store(tmp_path / name)


def stored_urls(store: Store) -> dict[str, tuple[str | None, str]]:
    rows = store.conn.execute("SELECT url, partial, text FROM articles")
    return {url: (partial, text) for url, partial, text in rows}


def test_rss_feed_brings_full_articles_with_canonical_urls(server, tmp_path):
    with fresh_store(tmp_path) as store:
        added = add_feeds(store, [server.url("/feed.rss")], FAST)
        assert added[0].title == "Example News" and added[0].new
        stats = update(store, FAST, INGEST)
        assert stats.feeds == 1 and stats.failed == 0 and not stats.problems
        assert stats.stored == len(server.feed_items) == stats.entries
        urls = stored_urls(store)
        for n in range(3):
            url = server.url(f"/articles/{n}.html")
            assert url in urls, urls.keys()  # utm_* gone: the canonical URL
            partial, text = urls[url]
            assert partial is None and len(text) > 1000  # the page, not the teaser
        assert all(not u.endswith("?utm_source=rss") for u in urls)
        (row,) = store.feeds()
        assert row.status == 200 and row.articles == stats.stored and row.error is None
        assert store.meta("updated_at") is not None
        assert len(store.story_ids()) >= 1  # grouped as ingest groups


def test_second_update_is_a_conditional_get_answered_304_and_fetches_no_page(server, tmp_path):
    with fresh_store(tmp_path) as store:
        add_feeds(store, [server.url("/feed.rss")], FAST, check=False)
        update(store, FAST, INGEST)
        pages_before = server.requested("/articles/0.html")
        hits_before = len(server.hits)
        again = update(store, FAST, INGEST)
        assert again.not_modified == 1 and again.stored == 0
        feed_hits = [h for h in server.hits[hits_before:] if h.path == "/feed.rss"]
        assert feed_hits and feed_hits[-1].headers.get("if-none-match") == '"v1"'
        assert "if-modified-since" in feed_hits[-1].headers
        assert server.requested("/articles/0.html") == pages_before
        assert store.feeds()[0].status == 304


def test_atom_relative_links_resolve_against_the_feed(server, tmp_path):
    with fresh_store(tmp_path) as store:
        add_feeds(store, [server.url("/atom/feed.xml")], FAST)
        stats = update(store, FAST, INGEST)
        assert stats.stored == 2
        assert set(stored_urls(store)) == {server.url("/articles/0.html"), server.url("/articles/1.html")}


def test_an_article_reached_through_two_feeds_is_stored_once(server, tmp_path):
    with fresh_store(tmp_path) as store:
        add_feeds(store, [server.url("/feed.rss"), server.url("/atom/feed.xml")], FAST)
        stats = update(store, FAST, INGEST)
        assert stats.stored == len(server.feed_items)  # the Atom feed's two entries were known
        assert store.count("articles") == len(server.feed_items)


def test_a_page_is_stored_under_its_rel_canonical_url(server, tmp_path):
    with fresh_store(tmp_path) as store:
        add_feeds(store, [server.url("/amp.rss")], FAST)
        assert update(store, FAST, INGEST).stored == 1
        assert list(stored_urls(store)) == [server.url("/articles/2.html")]
        (entry,) = store.conn.execute("SELECT url FROM entries").fetchall()
        assert entry[0] == server.url("/amp/story.html")  # tracking parameter and fragment gone


def test_every_trouble_is_recorded_and_the_other_entries_still_arrive(server, tmp_path):
    secret_before = server.requested("/private/secret.html")
    with fresh_store(tmp_path) as store:
        add_feeds(store, [server.url("/troubles.rss")], FAST)
        stats = update(store, FAST, INGEST)
        urls = stored_urls(store)
        full = {u: t for u, (p, t) in urls.items() if p is None}
        partial = {u: p for u, (p, t) in urls.items() if p is not None}
        # redirected twice (301, 302): stored under the page it ends at
        assert server.url("/articles/1.html") in full
        # a 500 then a 200, a 429 with Retry-After then a 200: retried, stored whole
        assert server.url("/flaky.html") in full and server.requested("/flaky.html") == 2
        assert server.url("/busy.html") in full
        busy = [h.at for h in server.hits if h.path == "/busy.html"]
        assert busy[1] - busy[0] >= 0.95  # Retry-After: 1 was honoured
        # declared and undeclared single-byte charsets read right
        assert "déclaré" in full[server.url("/latin1.html")] and "coopération" in full[server.url("/latin1.html")]
        assert "déclaré" in full[server.url("/wrong-charset.html")]
        # the rest keep their entry's text, marked partial, each with its reason
        expected = {
            "/loop/a": "redirect loop",
            "/missing.html": "HTTP 404",
            "/gone.html": "HTTP 410",
            "/slow.html": "timed out",
            "/big.html": "cap",
            "/bomb.html": "unpacks to over",
            "/private/secret.html": "robots.txt",
            "/doc.pdf": "application/pdf",
        }
        for path, words in expected.items():
            assert words in (partial.get(server.url(path)) or ""), (path, partial.get(server.url(path)))
        assert server.requested("/private/secret.html") == secret_before  # never asked for
        assert stats.partial == len(expected) and stats.failed == 0
        assert set(stats.pages_failed) >= {"robots", "timeout", "too large", "content type", "http 404", "http 410"}
        assert all("\n" not in p for p in stats.problems)
        assert store.feeds()[0].status == 200


def test_a_page_served_as_a_feed_and_a_missing_feed_are_recorded_errors(server, tmp_path):
    with fresh_store(tmp_path) as store:
        urls = [server.url("/notafeed"), server.url("/missing-feed.rss"), server.url("/atom/feed.xml")]
        added = add_feeds(store, urls, FAST)
        assert "links to no feed" in (added[0].problem or "") and "HTTP 404" in (added[1].problem or "")
        assert [a.subscribed for a in added] == [False, False, True] and len(store.feeds()) == 1
        add_feeds(store, urls, FAST, anyway=True)  # the user insists: subscribed, and each poll records why
        stats = update(store, FAST, INGEST)
        assert stats.failed == 2 and stats.stored == 2  # the good feed still came in
        rows = {r.url: r for r in store.feeds()}
        bad, missing = rows[server.url("/notafeed")], rows[server.url("/missing-feed.rss")]
        assert "not a readable RSS/Atom feed" in (bad.error or "") and bad.failures == 1
        assert missing.status == 404 and "HTTP 404" in (missing.error or "")


def test_a_failing_feed_is_polled_less_often_each_time(server, tmp_path):
    slow = FetchOptions(**{**FAST.__dict__, "every": "10m"})
    with fresh_store(tmp_path) as store:
        add_feeds(store, [server.url("/missing-feed.rss")], slow, check=False)
        dues = []
        for _ in range(3):
            update(store, slow, INGEST, only=[server.url("/missing-feed.rss")])
            row = store.feeds()[0]
            dues.append((row.failures, row.next_due))
        assert [f for f, _ in dues] == [1, 2, 3]
        assert dues[0][1] < dues[1][1] < dues[2][1]
        assert update(store, slow, INGEST).feeds == 0  # not due: not polled


def test_opml_with_nested_folders_and_a_broken_entry(server, tmp_path):
    opml = f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="News" title="News">
    <outline text="World">
      <outline type="rss" text="Example" title="Example News" xmlUrl="{server.url("/feed.rss")}" htmlUrl="{server.url("/")}"/>
    </outline>
    <outline type="rss" text="Broken, no URL"/>
    <outline type="rss" text="Not the web" xmlUrl="ftp://example.org/feed"/>
  </outline>
  <outline type="rss" text="Atom" xmlUrl="{server.url("/atom/feed.xml")}"/>
</body></opml>""".encode()
    with fresh_store(tmp_path) as store:
        added, problems = import_opml(store, "subs.opml", opml)
        assert [(a.title, a.new) for a in added] == [("Example News", True), ("Atom", True)]
        assert len(problems) == 2 and "no xmlUrl" in problems[0].message and "not http(s)" in problems[1].message
        folders = {r.url: r.folder for r in store.feeds()}
        assert folders[server.url("/feed.rss")] == "News/World" and folders[server.url("/atom/feed.xml")] is None
        again, _ = import_opml(store, "subs.opml", opml)
        assert not any(a.new for a in again)


def test_one_request_at_a_time_per_host_with_the_delay_kept(server):
    options = FetchOptions(**{**FAST.__dict__, "delay": 0.3, "concurrency": 4})
    start = len(server.hits)
    with Fetcher(options) as fetcher:
        threads = [
            threading.Thread(target=fetcher.get, args=(server.url(f"/articles/{n % 3}.html"),)) for n in range(5)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    times = sorted(h.at for h in server.hits[start:])
    assert len(times) >= 5
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.28, gaps  # robots.txt counts too: every request waits its turn


def test_only_http_urls_are_fetched():
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError, match="only http"):
        fetcher.get("file:///etc/passwd")


def test_ingest_takes_page_and_feed_urls(server, tmp_path):
    from newsdesk.service.ingest import ingest

    with fresh_store(tmp_path) as store:
        stats = ingest(
            [server.url("/articles/0.html"), server.url("/atom/feed.xml"), server.url("/gone.html")],
            store,
            INGEST,
            fetch_options=FAST,
        )
        assert stats.stored == 2  # the page, and the feed's other entry (its first is the same page)
        assert len(stats.problems) == 1 and "HTTP 410" in stats.problems[0].message
        assert server.url("/gone.html") in stats.problems[0].message


def test_stop_finishes_the_batch_in_flight_and_the_next_update_completes(server, tmp_path):
    stop = threading.Event()
    with fresh_store(tmp_path) as store:
        add_feeds(store, [server.url("/feed.rss")], FAST, check=False)
        stop.set()  # asked to stop before it starts: nothing half-done, the feed waits
        first = update(store, FAST, IngestOptions(splitter="rules", batch=2), stop=stop)
        assert first.stopped and first.stored == 0 and store.feeds()[0].checked_at is None
        stop.clear()
        second = update(store, FAST, IngestOptions(splitter="rules", batch=2), stop=stop)
        assert second.stored == len(server.feed_items) and not second.stopped


def test_slow_body_is_bounded_in_time(server):
    options = FetchOptions(**{**FAST.__dict__, "read_timeout": 0.5})
    started = time.monotonic()
    with Fetcher(options) as fetcher, pytest.raises(FetchError) as info:
        fetcher.get(server.url("/slow.html"))
    assert info.value.kind == "timeout" and time.monotonic() - started < 2.5
