"""The world's three outlets, each a real HTTP server on 127.0.0.1 (its own port, so its
own host for politeness and for copies), serving the folder of the current day. Python's
``http.server`` answers ``If-Modified-Since`` with 304, as real servers do."""

from __future__ import annotations

import contextlib
import socket
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.world.build import OUTLETS, World, build_world


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class NewsWeb:
    """``with NewsWeb(folder) as web``: ``web.url("ledger", "/")``, ``web.day = 2``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.day = 1
        self.servers: dict[str, _Quiet] = {}
        outer = self

        class Handler(SimpleHTTPRequestHandler):
            outlet = ""

            def translate_path(self, path: str) -> str:
                self.directory = str(outer.folder / f"day{outer.day}" / self.outlet)
                return super().translate_path(path)

            def log_message(self, *args: object) -> None:
                pass

        for outlet in OUTLETS:
            handler = type(f"{outlet}Handler", (Handler,), {"outlet": outlet})
            self.servers[outlet] = _Quiet(("127.0.0.1", 0), partial(handler, directory=str(folder)))
        self.world: World = build_world(folder, {o: self.base(o) for o in OUTLETS})
        self.threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in self.servers.values()]

    def base(self, outlet: str) -> str:
        """``http://127.0.0.1:PORT`` of an outlet."""
        return f"http://127.0.0.1:{self.servers[outlet].server_address[1]}"

    def url(self, outlet: str, path: str) -> str:
        """An absolute URL on an outlet's site."""
        return self.base(outlet) + path

    def __enter__(self) -> NewsWeb:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()


def refused_port() -> int:
    """A port on 127.0.0.1 where nothing listens (a connection there is refused)."""
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
