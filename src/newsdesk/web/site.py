"""What every route shares (``Site``): the options, the templates, the store, its one writer
lock and the rendered story lists."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import AsyncIterator, Hashable, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader

from newsdesk.errors import InputError, OptionError
from newsdesk.io.readers import known_extensions
from newsdesk.model import Article
from newsdesk.service.ingest import ingest_items
from newsdesk.service.reports import story_report_json
from newsdesk.settings import ServeOptions
from newsdesk.store.db import Store
from newsdesk.web.middleware import CSP
from newsdesk.web.schemas import ApiError
from newsdesk.web.security import CSRF_COOKIE
from newsdesk.web.views import safe_url

UPLOAD_EXTENSIONS = known_extensions()  # whatever a registered reader takes


class Site:
    """What every route shares: the options, the templates, the store and its one writer lock
    (report building and ingest are CPU-bound, and the store has one writer)."""

    def __init__(self, options: ServeOptions, update_every: float | None = None) -> None:
        self.options = options
        self.update_every = update_every
        self.lock = threading.Lock()
        self.rendered: dict[Hashable, bytes] = {}  # the story list, by query, page and store version
        self._version_conn: sqlite3.Connection | None = None
        self._version_lock = threading.Lock()
        self.env = Environment(loader=PackageLoader("newsdesk.web", "templates"), autoescape=True)
        self.env.globals["safe_url"] = safe_url
        self.env.globals["read_only"] = options.read_only

    @asynccontextmanager
    async def lifespan(self, app: FastAPI) -> AsyncIterator[None]:
        """Start the background updates with the app, stop them with it."""
        stop = threading.Event()
        worker = None
        if self.update_every:
            from newsdesk.service.feeds import watch

            def run() -> None:
                # its own connection: SQLite (WAL, busy timeout) lets pages read while it writes
                watch(self.options.db, float(self.update_every or 0), stop, report=self.log)

            worker = threading.Thread(target=run, name="newsdesk-update", daemon=True)
            worker.start()
        yield
        stop.set()
        if worker is not None:
            worker.join(timeout=60)

    def log(self, line: str) -> None:
        """A line from the background updates, on stderr like the CLI's."""
        print(f"newsdesk: {line}", file=sys.stderr)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A connection of this request's own (WAL: readers never wait for the writer); the file
        was migrated when the app started."""
        with Store(self.options.db, migrate=False) as s:
            yield s

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A rendered template, with the Content Security Policy."""
        html = self.env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP})

    def upload_page(self, result: dict[str, Any] | None = None, csrf: str = "") -> HTMLResponse:
        """The upload form, with what the last upload did; its CSRF token is in the form and
        in a cookie (a write must carry both, alike)."""
        response = self.page(
            "upload.html", result=result, extensions=UPLOAD_EXTENSIONS, limit=self.options.max_upload_mb, csrf=csrf
        )
        if csrf:
            response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/")
        return response

    def error(self, request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        """JSON ``{error, status}`` under /api/, an error page elsewhere (``headers`` kept: a
        405 says which methods are allowed)."""
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)
        response = self.page("error.html", status=status, status_code=status, message=message)
        response.headers.update(headers or {})
        return response

    def store_version(self) -> int:
        """A number that changes whenever any connection commits to the store (SQLite's
        ``data_version``, read on a connection this site keeps for that alone)."""
        with self._version_lock:
            if self._version_conn is None:
                self._version_conn = sqlite3.connect(self.options.db, check_same_thread=False)
            return int(self._version_conn.execute("PRAGMA data_version").fetchone()[0])

    def remember(self, key: Hashable, body: bytes) -> None:
        """Keep a rendered page for its key (the last 64)."""
        self.rendered[key] = body
        while len(self.rendered) > 64:
            self.rendered.pop(next(iter(self.rendered)))

    def moved_to(self, story_id: int) -> int | None:
        """The story a merged story's id now leads to (None: not a merged story's id)."""
        with self.store() as s:
            if s.has_story(story_id):
                return None
            return s.resolve_story(story_id)

    def report_of(self, story_id: int, since: str = "") -> dict[str, Any]:
        """The story's report (cached in the store), with what is new since ``since`` when
        asked (an ISO time or an age such as 24h); 404 for no such story."""
        from newsdesk.analyze.updates import parse_since

        note = None
        try:
            when = parse_since(since) if since.strip() else None
        except OptionError as exc:  # the report all the same, saying why nothing is listed as new
            when, note = None, f"since ignored: {exc.message}"
        with self.store() as s:
            if not s.has_story(story_id):
                raise ApiError(404, f"no story {story_id}")
            with self.lock:
                try:
                    data = story_report_json(s, story_id, self.options.report, when)
                except InputError as exc:
                    raise ApiError(404, exc.problem) from None
        return dict(data, warnings=[*data.get("warnings", []), note]) if note else data

    def article_of(self, article_id: str) -> tuple[Article, int | None]:
        """A stored article and its story; 404 for no such article."""
        with self.store() as s:
            art = s.article(article_id)
            story_id = s.story_of(article_id)
        if art is None:
            raise ApiError(404, f"no article {article_id}")
        return art, story_id

    def ingest(self, items: Iterable[Any]) -> dict[str, Any]:
        """Store what the readers yielded; what was stored and the first article's story."""
        with self.lock, self.store() as s:
            stats = ingest_items(items, s)
            story = s.story_of(stats.first_id) if stats.first_id else None
        return {
            "read": stats.read,
            "stored": stats.stored,
            "already_stored": stats.known,
            "near_duplicates": stats.duplicates,
            "new_stories": stats.new_stories,
            "story": story,
            "problems": [str(p) for p in stats.problems],
            "warnings": stats.warnings,
        }
