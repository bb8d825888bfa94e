"""No fetching into private networks. Loopback servers stand in for both sides: 127.0.0.2 is
declared public (``FetchOptions.public_addresses``), so a feed there linking to a page on
127.0.0.1 is a public feed linking into a private network. Nothing here connects to any
address outside 127.0.0.0/8: refused addresses are refused before a connection is opened."""

from __future__ import annotations

import contextlib
import ipaddress
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsdesk.fetch.guard import Guard, GuardedBackend, PrivateAddressError, address_problem
from newsdesk.fetch.http import Fetcher, FetchError
from newsdesk.service.feeds import add_feeds, update
from newsdesk.settings import FetchOptions, IngestOptions
from newsdesk.store.db import Store

PAGE = (
    "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
    + "".join(
        f"<p>Sentence {n} about the harbour reopening after the storm, the port authority said.</p>" for n in range(8)
    )
    + "</article></body></html>"
).encode()


def rss(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{link}</link><description>The feed's own teaser of story {n}, "
        "about the harbour reopening after the storm.</description></item>"
        for n, link in enumerate(links)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{items}</channel></rss>'.encode()


@contextlib.contextmanager
def serve(host: str, routes: dict[str, tuple[int, dict[str, str], bytes]]) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            status, headers, body = routes.get(self.path.split("?")[0], (404, {}, b""))
            self.send_response(status)
            for k, v in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


HTML = {"Content-Type": "text/html; charset=utf-8"}
FEED = {"Content-Type": "application/rss+xml"}
OPTIONS = FetchOptions(delay=0.0, retries=0, public_addresses=("127.0.0.2",))
INGEST = IngestOptions(splitter="rules")


@pytest.mark.parametrize(
    ("address", "kind"),
    [("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
     ("224.0.0.1", "multicast"), ("::1", "loopback"), ("::ffff:192.168.1.1", "private"), ("93.184.216.34", None)],
)  # fmt: skip
def test_each_kind_of_address(address, kind):
    assert address_problem(ipaddress.ip_address(address)) == kind


def test_a_public_feed_linking_into_a_private_network_stores_nothing_from_it_and_says_why(tmp_path):
    with serve("127.0.0.1", {"/intranet.html": (200, HTML, PAGE), "/robots.txt": (404, {}, b"")}) as private:
        links = [f"{private}/intranet.html", "http://169.254.169.254/latest/meta-data/", "http://192.168.1.1/admin"]
        with serve("127.0.0.2", {"/feed.xml": (200, FEED, rss(links))}) as public, Store(tmp_path / "n.db") as store:
            add_feeds(store, [f"{public}/feed.xml"], OPTIONS)
            stats = update(store, OPTIONS, INGEST)
            rows = store.conn.execute("SELECT url, text, partial FROM articles").fetchall()
    assert stats.pages_failed["private address"] == 3
    assert all("private networks" in p for p in stats.problems) and any(
        "127.0.0.1 is loopback" in p for p in stats.problems
    )
    assert any("169.254.169.254 is link-local" in p for p in stats.problems)
    assert len(rows) == 3 and all(
        partial and "teaser" in text for _, text, partial in rows
    )  # only the feed's own words
    assert not any("Sentence 1 about the harbour" in text for _, text, _ in rows)


def test_a_redirect_into_a_private_network_is_refused(tmp_path):
    with serve("127.0.0.1", {"/secret.html": (200, HTML, PAGE)}) as private:
        routes = {"/go.html": (302, {"Location": f"{private}/secret.html"}, b""), "/robots.txt": (404, {}, b"")}
        with serve("127.0.0.2", routes) as public, Fetcher(OPTIONS) as fetcher, pytest.raises(FetchError) as caught:
            fetcher.get(f"{public}/go.html")
    assert caught.value.kind == "private address" and "127.0.0.1 is loopback" in caught.value.message


def test_a_feed_on_the_users_own_network_may_link_within_it_but_not_to_link_local(tmp_path):
    with serve("127.0.0.1", {"/page.html": (200, HTML, PAGE), "/robots.txt": (404, {}, b"")}) as lan:
        links = [f"{lan}/page.html", "http://169.254.169.254/latest/meta-data/"]
        with serve("127.0.0.1", {"/feed.xml": (200, FEED, rss(links))}) as feed, Store(tmp_path / "n.db") as store:
            add_feeds(store, [f"{feed}/feed.xml"], OPTIONS)
            stats = update(store, OPTIONS, INGEST)
            texts = [t for (t,) in store.conn.execute("SELECT text FROM articles WHERE partial IS NULL")]
    assert any("Sentence 1 about the harbour" in t for t in texts)  # the LAN page was fetched
    assert stats.pages_failed["private address"] == 1  # the metadata address was not


def test_the_connection_itself_is_checked_so_a_name_that_rebinds_gains_nothing():
    import httpcore

    guard = Guard(public=("127.0.0.2",))
    backend = GuardedBackend(httpcore.SyncBackend(), guard)
    guard.start(None)  # this fetch started on the public internet
    with pytest.raises(PrivateAddressError, match="is loopback"):
        backend.connect_tcp("localhost", 9)  # whatever a check before said, the socket's address decides
    guard.start("loopback")
    with pytest.raises(PrivateAddressError, match="link-local"):
        backend.connect_tcp("169.254.169.254", 80)


def test_allow_private_lets_a_public_feed_reach_a_private_page(tmp_path):
    allowed = FetchOptions(**{**OPTIONS.__dict__, "allow_private": True})
    with serve("127.0.0.1", {"/intranet.html": (200, HTML, PAGE), "/robots.txt": (404, {}, b"")}) as private:
        feed = {"/feed.xml": (200, FEED, rss([f"{private}/intranet.html"]))}
        with serve("127.0.0.2", feed) as public, Store(tmp_path / "n.db") as store:
            add_feeds(store, [f"{public}/feed.xml"], allowed)
            stats = update(store, allowed, INGEST)
    assert stats.stored == 1 and not stats.pages_failed
