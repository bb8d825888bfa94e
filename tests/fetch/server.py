"""A real HTTP server on 127.0.0.1 for the fetching tests: feeds and pages built from the
bundled examples and the article-extraction benchmark, and every misbehaviour a crawler meets
(redirect chains and loops, 404/410, a 500 then a 200, 429 with Retry-After, a slow page, an
oversized body, a gzip bomb, wrong and missing charsets, robots.txt, a PDF, an HTML page where
a feed should be). It logs every request with its time and headers."""

from __future__ import annotations

import contextlib
import gzip
import html
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.conftest import EXAMPLES, SHARED

BENCHMARK = SHARED / "data" / "article-extraction" / "html"
ROBOTS = "User-agent: *\nDisallow: /private/\n"


@dataclass
class Hit:
    """One request the server saw."""

    path: str
    at: float
    headers: dict[str, str]


@dataclass
class Route:
    """What a path answers: status, headers, body (or a function of the request count)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0


def example_page(path: Path) -> bytes:
    """An example article (title on its first line) as a plain HTML page."""
    lines = path.read_text(encoding="utf-8").strip().splitlines()
    title = html.escape(lines[0].strip())
    paras = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:] if line.strip())
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>{paras}</article>"
        f"<footer>© Example News</footer></body></html>"
    ).encode()


def rss(items: list[tuple[str, str, str]], title: str = "Example News") -> bytes:
    """An RSS 2.0 feed: ``(title, link, teaser)`` per item."""
    body = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f"<description>{html.escape(t)}: {html.escape(teaser)}</description><pubDate>Thu, 17 Aug 2017 10:00:00 GMT</pubDate></item>"
        for t, link, teaser in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'.encode()


def atom(items: list[tuple[str, str, str]], title: str = "Example Atom") -> bytes:
    """An Atom feed with relative links (resolved against the feed's URL)."""
    body = "".join(
        f'<entry><title>{html.escape(t)}</title><link href="{html.escape(link)}"/><id>urn:{n}</id>'
        f"<updated>2017-08-18T10:00:00Z</updated><summary>{html.escape(t)}: {html.escape(teaser)}</summary></entry>"
        for n, (t, link, teaser) in enumerate(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:feed</id><updated>2017-08-18T10:00:00Z</updated>{body}</feed>"
    ).encode()


TEASER = "A teaser of the article, one line long, as feeds give it. " * 2
LATIN = "Le ministre a déclaré que la coopération était « très importante » pour la région, a-t-il ajouté. "


class LocalServer:
    """Start with ``with LocalServer() as server``; ``server.url(path)``; ``server.hits``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                path = self.path.split("?")[0]
                with outer.lock:
                    outer.hits.append(Hit(self.path, time.monotonic(), {k.lower(): v for k, v in self.headers.items()}))
                    outer.counts[path] += 1
                    n = outer.counts[path]
                route = outer.answer(path, n, {k.lower(): v for k, v in self.headers.items()})
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                headers = {"Content-Length": str(len(route.body)), **route.headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(route.body)  # a client that gave up (a cap, a timeout) is what tests want

            def log_message(self, *args: object) -> None:
                pass

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that hangs up (a cap, a timeout) is what the tests ask for

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.build()

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def requested(self, path: str) -> int:
        """How many times ``path`` was asked for."""
        return self.counts[path]

    # --- the site -------------------------------------------------------------------------

    def build(self) -> None:
        html_type = {"Content-Type": "text/html; charset=utf-8"}
        pages = sorted(EXAMPLES.glob("*.txt"))
        for n, path in enumerate(pages):
            self.routes[f"/articles/{n}.html"] = Route(body=example_page(path), headers=html_type)
        real = sorted(BENCHMARK.glob("*.html.gz"))[:3] if BENCHMARK.is_dir() else []
        for n, path in enumerate(real):
            self.routes[f"/real/{n}.html"] = Route(body=gzip.decompress(path.read_bytes()), headers=html_type)
        self.routes["/robots.txt"] = Route(body=ROBOTS.encode(), headers={"Content-Type": "text/plain"})
        self.routes["/private/secret.html"] = Route(body=example_page(pages[0]), headers=html_type)
        items = [
            (f"Article {n}", f"/articles/{n}.html?utm_source=rss&utm_medium=feed", TEASER) for n in range(len(pages))
        ]
        items += [(f"Real {n}", f"/real/{n}.html", TEASER) for n in range(len(real))]
        self.feed_items = items
        self.routes["/feed.rss"] = Route(body=rss(items), headers={"Content-Type": "application/rss+xml"})
        relative = [(t, link.lstrip("/").split("?")[0], teaser) for t, link, teaser in items[:2]]
        self.routes["/atom/feed.xml"] = Route(body=atom([(t, "../" + link, x) for t, link, x in relative]),
                                              headers={"Content-Type": "application/atom+xml"})  # fmt: skip
        troubles = [
            ("Redirected", "/redirect/1", TEASER),
            ("Looping", "/loop/a", TEASER),
            ("Missing", "/missing.html", TEASER),
            ("Gone", "/gone.html", TEASER),
            ("Flaky", "/flaky.html", TEASER),
            ("Busy", "/busy.html", TEASER),
            ("Slow", "/slow.html", TEASER),
            ("Big", "/big.html", TEASER),
            ("Bomb", "/bomb.html", TEASER),
            ("Latin", "/latin1.html", TEASER),
            ("Wrong charset", "/wrong-charset.html", TEASER),
            ("Secret", "/private/secret.html", TEASER),
            ("Document", "/doc.pdf", TEASER),
        ]
        self.routes["/troubles.rss"] = Route(
            body=rss(troubles, "Troubles"), headers={"Content-Type": "application/rss+xml"}
        )
        self.routes["/redirect/1"] = Route(301, {"Location": "/redirect/2"})
        self.routes["/redirect/2"] = Route(302, {"Location": self.url("/articles/1.html")})
        self.routes["/loop/a"] = Route(302, {"Location": "/loop/b"})
        self.routes["/loop/b"] = Route(302, {"Location": "/loop/a"})
        self.routes["/gone.html"] = Route(410)
        self.routes["/slow.html"] = Route(body=example_page(pages[0]), headers=html_type, delay=3.0)
        self.routes["/big.html"] = Route(
            body=b"<html><body>" + b"<p>words words words</p>" * 100_000 + b"</body></html>", headers=html_type
        )
        bomb = gzip.compress(b" " * 30_000_000, compresslevel=9)
        self.routes["/bomb.html"] = Route(body=bomb, headers={**html_type, "Content-Encoding": "gzip"})
        latin_page = f"<html><head><title>Coopération</title></head><body><article>{'<p>' + LATIN * 3 + '</p>'}{'<p>' + LATIN * 2 + '</p>'}</article></body></html>"
        self.routes["/latin1.html"] = Route(body=latin_page.encode("cp1252"), headers={"Content-Type": "text/html"})
        wrong = latin_page.replace(
            "</article>",
            "<p>Le président a répondu à la presse dès vendredi matin, à Genève, après la réunion.</p></article>",
        )
        self.routes["/wrong-charset.html"] = Route(body=wrong.encode("cp1252"), headers=html_type)  # says utf-8
        self.routes["/doc.pdf"] = Route(body=b"%PDF-1.4 not really", headers={"Content-Type": "application/pdf"})
        canonical = example_page(pages[2]).replace(
            b"</title>", f'</title><link rel="canonical" href="{self.url("/articles/2.html")}">'.encode()
        )
        self.routes["/amp/story.html"] = Route(body=canonical, headers=html_type)
        self.routes["/amp.rss"] = Route(
            body=rss([("Amp", "/amp/story.html?fbclid=abc#top", TEASER)], "Amp"),
            headers={"Content-Type": "application/rss+xml"},
        )
        self.routes["/notafeed"] = Route(body=example_page(pages[1]), headers=html_type)
        self.routes["/missing-feed.rss"] = Route(404)

    def answer(self, path: str, n: int, headers: dict[str, str]) -> Route:
        """The route for ``path`` on its ``n``-th request (some change their answer)."""
        if path == "/feed.rss":
            route = self.routes[path]
            etag, modified = '"v1"', formatdate(1_500_000_000, usegmt=True)
            if headers.get("if-none-match") == etag or headers.get("if-modified-since") == modified:
                return Route(304, {"ETag": etag})
            return Route(200, {**route.headers, "ETag": etag, "Last-Modified": modified}, route.body)
        if path == "/flaky.html" and n == 1:
            return Route(500)
        if path == "/flaky.html":
            return self.routes["/articles/2.html"]
        if path == "/busy.html" and n == 1:
            return Route(429, {"Retry-After": "1"})
        if path == "/busy.html":
            return self.routes["/articles/0.html"]
        return self.routes.get(path, Route(404, {"Content-Type": "text/plain"}, b"not found"))
