"""Speed and memory of ``newsdesk update``: pages/second fetched from a local HTTP server
(delay 0, the default 4 requests in flight), read, cleaned, stored and grouped, against
ingesting the same pages from disk in the same process (the baseline: what any update must
pay besides HTTP), as a ratio; and the peak RSS.

Usage: python benchmarks/fetch.py [--data FOLDER] [--pages N] [--concurrency N]

The pages are the article-extraction benchmark's real HTML (``../shared/data/article-extraction``),
served by a threaded ``http.server`` on 127.0.0.1 behind one RSS feed that links them all.
"""

from __future__ import annotations

import argparse
import gzip
import resource
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newsdesk.service.feeds import add_feeds, update
from newsdesk.service.ingest import ingest
from newsdesk.settings import FetchOptions, IngestOptions
from newsdesk.store.db import Store

ROOT = Path(__file__).resolve().parents[1]


def serve(pages: dict[str, bytes]) -> ThreadingHTTPServer:
    """Serve ``pages`` (path -> body) on 127.0.0.1 in a thread; robots.txt allows all."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            body = pages.get(self.path)
            status = 200 if body is not None else 404
            body = body if body is not None else b""
            kind = "application/rss+xml" if self.path.endswith(".rss") else "text/html; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", kind if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/article-extraction")
    parser.add_argument("--pages", type=int, default=181)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    files = sorted((args.data / "html").glob("*.html.gz"))[: args.pages]
    html = {f"/a/{n}.html": gzip.decompress(p.read_bytes()) for n, p in enumerate(files)}
    items = "".join(f"<item><title>Page {n}</title><link>/a/{n}.html</link></item>" for n in range(len(html)))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>{items}</channel></rss>'
    html["/robots.txt"] = b"User-agent: *\nAllow: /\n"
    html["/feed.rss"] = feed.encode()
    ingest_options = IngestOptions(splitter="rules")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for path, body in html.items():
            if path.startswith("/a/"):
                (folder / "pages").mkdir(exist_ok=True)
                (folder / "pages" / Path(path).name).write_bytes(body)
        start = time.perf_counter()
        with Store(folder / "disk.db") as store:
            disk = ingest([str(folder / "pages")], store, ingest_options)
        disk_seconds = time.perf_counter() - start
        httpd = serve(html)
        url = f"http://127.0.0.1:{httpd.server_address[1]}/feed.rss"
        options = FetchOptions(delay=0.0, concurrency=args.concurrency, every="0s")
        start = time.perf_counter()
        with Store(folder / "web.db") as store:
            add_feeds(store, [url], options, check=False)
            stats = update(store, options, ingest_options)
        web_seconds = time.perf_counter() - start
        httpd.shutdown()
    n = len(files)
    rows = [
        ("ingest the pages from disk (baseline)", disk.stored, n / disk_seconds, 1.0),
        (
            f"update from a local server, {args.concurrency} in flight",
            stats.stored,
            n / web_seconds,
            web_seconds / disk_seconds,
        ),
    ]
    print(f"{n} article pages from {args.data}\n")
    print("| run | articles stored | pages/s | x baseline time |\n|---|---|---|---|")
    for name, stored, rate, ratio in rows:
        print(f"| {name} | {stored} | {rate:.1f} | {ratio:.2f} |")
    print(f"\npages failed: {dict(stats.pages_failed) or 'none'}; partial: {stats.partial}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
