"""``newsdesk serve``: server-rendered pages and a JSON API over the store, a thin layer over
the library (``store.db``, ``service.ingest``, ``service.reports``).

Every request opens its own connection to the SQLite file (WAL: readers never wait for the
writer). Report building and ingest take one lock, since they are CPU-bound and the store has
one writer. Pages use no JavaScript; a citation mark links to its sentence's anchor, which CSS
highlights (``:target``). Untrusted text is escaped by the templates, and a Content Security
Policy forbids scripts as a second line of defence.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi import Path as FastApiPath
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsdesk.errors import InputError, ModelUnavailableError, NewsdeskError, OptionError
from newsdesk.io.atom import AtomEntry, atom_feed, html_list
from newsdesk.io.readers import known_extensions, read_data
from newsdesk.io.writers import article_dict
from newsdesk.model import Article
from newsdesk.service.ingest import ingest_items
from newsdesk.service.reports import story_report_json
from newsdesk.settings import ServeOptions
from newsdesk.store.db import Store, StoryQuery
from newsdesk.web.views import article_view, safe_url, story_page

UPLOAD_EXTENSIONS = known_extensions()  # whatever a registered reader takes
PAGE_SIZE = 50
MAX_OFFSET = 10**9  # more stories than any store holds; larger numbers are a client's mistake (422)
# a story id is a SQLite integer: a larger number is a client's mistake (422), not a server error
StoryId = Annotated[int, FastApiPath(ge=0, le=2**63 - 1, description="a story id (see /api/stories)")]
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class ArticleIn(BaseModel):
    """One article to ingest through the API."""

    text: str = Field(min_length=1, description="the article text, junk and all")
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = Field(default=None, description="ISO date, YYYY-MM-DD")
    url: str | None = None


class IngestRequest(BaseModel):
    """A batch of articles to store and group into stories."""

    articles: list[ArticleIn] = Field(min_length=1, max_length=1000)


def _jsonl(articles: list[ArticleIn]) -> bytes:
    """Articles as JSON lines, read by the JSONL reader like any file of them."""
    return "\n".join(json.dumps(a.model_dump(exclude_none=True)) for a in articles).encode()


class ErrorBody(BaseModel):
    """What every error answers: the problem in one line, and the HTTP status."""

    error: str
    status: int


def errors_of(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers an operation documents (each an ``ErrorBody``)."""
    return {s: {"model": ErrorBody, "description": HTTP_REASONS.get(s, "error")} for s in statuses}


HTTP_REASONS = {
    400: "malformed request", 404: "no such item", 413: "request body over the limit",
    415: "not an article file", 422: "request outside the schema", 503: "a model the report needs is missing",
}  # fmt: skip
SINCE_PATTERN = r"^(\s*|\d+(\.\d+)?\s*[smhdSMHD]?|\d{4}-\d{2}-\d{2}([T ][0-9:.]+)?([+-]\d{2}:?\d{2}|Z)?)$"


class ApiError(Exception):
    """An error the API answers with a JSON body and a status code."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with 413, whether the client
    announces the length or streams the body."""

    def __init__(self, app: Callable[..., Awaitable[None]], limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(send, self.limit)
            return
        seen = 0
        started = refused = False

        async def counted_receive() -> Any:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit and not refused:
                    refused = True
                    if not started:
                        await _too_large(send, self.limit)
                    return {"type": "http.disconnect"}  # the app stops reading; its answer is dropped
            return message

        async def tracked_send(message: dict[str, Any]) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted_receive, tracked_send)


async def _too_large(send: Callable[..., Any], limit: int) -> None:
    body = json.dumps({"error": f"request body is larger than the {limit / 1e6:.1f} MB limit", "status": 413}).encode()
    await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


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

    def upload_page(self, result: dict[str, Any] | None = None) -> HTMLResponse:
        """The upload form, with what the last upload did."""
        return self.page("upload.html", result=result, extensions=UPLOAD_EXTENSIONS, limit=self.options.max_upload_mb)

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


def create_app(options: ServeOptions | None = None, update_every: float | None = None) -> FastAPI:
    """Build the web app over the store ``options.db`` (created when missing); with
    ``update_every`` (seconds), ``newsdesk update`` runs in a background thread that often,
    from the app's start to its shutdown (the batch in flight is finished)."""
    site = Site(options or ServeOptions(), update_every)
    Store(site.options.db).close()  # create or migrate the file once, before any request
    app = FastAPI(
        lifespan=site.lifespan,
        title="newsdesk",
        summary="Stories grouped from many news reports: summaries with citations, entities, quotes, timeline.",
        version="0.1.0",
        docs_url=None,  # the interactive docs load scripts from elsewhere; the schema is at openapi_url
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.add_middleware(BodyLimit, limit=int(site.options.max_upload_mb * 1e6))
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    _add_error_handlers(app, site)
    _add_pages(app, site)
    _add_api(app, site)
    return app


def _add_error_handlers(app: FastAPI, site: Site) -> None:
    """Errors: JSON under /api/, a page elsewhere."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return site.error(request, exc.status, exc.message)

    @app.exception_handler(NewsdeskError)
    async def _newsdesk_error(request: Request, exc: NewsdeskError) -> Response:
        # a missing model is the server's condition, not the client's mistake
        status = 503 if isinstance(exc, ModelUnavailableError) else 400
        return site.error(request, status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return site.error(request, exc.status_code, str(exc.detail), dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = exc.errors()
        if any(p.get("type") == "json_invalid" for p in problems):
            return site.error(request, 400, "request body is not valid JSON")
        first = problems[0] if problems else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x != "body")
        return site.error(request, 422, f"{where or 'request'}: {first.get('msg', 'invalid')}")


FEED_STORIES = 30  # entries in a feed


def _atom_entry(base: str, story_id: int, title: str, updated: str, report: dict[str, Any], day: str = "") -> AtomEntry:
    """A story's entry: its updates (else its summary), linked to the story page. The id is
    the story and the day (story feeds) or the story and its last change (the main feed)."""
    items = [f"{u['kind']}: {u['text']}" for u in report.get("updates", [])]
    summary = " ".join(s["text"] for s in report["summary"])
    html = (
        (f"<p>{escape(report.get('updates_note') or '')}</p>" + html_list(items))
        if items
        else f"<p>{escape(summary)}</p>"
    )
    key = f"day:{day}" if day else f"at:{updated}"
    since = f"?since={day}" if day else ""
    return AtomEntry(f"urn:newsdesk:story:{story_id}:{key}", title, updated, f"{base}/story/{story_id}{since}", html)


def _upload_inputs(text: str, fields: dict[str, str], files: list[UploadFile]) -> list[tuple[str, bytes, str | None]]:
    """The pasted article and each uploaded file as ``(name, bytes, reader)``; a file no
    reader takes is refused (415)."""
    inputs: list[tuple[str, bytes, str | None]] = []
    if text.strip():
        pasted = ArticleIn(text=text, **{k: v or None for k, v in fields.items()})
        inputs.append(("pasted text", _jsonl([pasted]), "jsonl"))
    for n, f in enumerate(files, start=1):
        if not f.filename:
            continue
        name = Path(f.filename).name  # only the name is kept, never a client's path
        if not name.lower().endswith(UPLOAD_EXTENSIONS):
            raise ApiError(415, f"{name}: not an article file (accepted: {', '.join(UPLOAD_EXTENSIONS)})")
        inputs.append((f"upload {n}: {name}", f.file.read(), None))
    if not inputs:
        raise ApiError(400, "nothing to ingest: paste an article or choose a file")
    return inputs


def _add_pages(app: FastAPI, site: Site) -> None:
    """The server-rendered pages: story list, story, article, upload."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        q: str = "",
        entity: str = "",
        outlet: str = "",
        since: str = "",
        until: str = "",
        page_no: int = Query(1, alias="page", ge=1, le=MAX_OFFSET // PAGE_SIZE),
    ) -> HTMLResponse:
        query = StoryQuery(words=q, entity=entity, outlet=outlet, since=since, until=until, newest=True)
        key = (query, page_no, site.store_version())
        cached = site.rendered.get(key)
        if cached is not None:  # the store has not changed since this page was rendered
            return HTMLResponse(cached, headers={"Content-Security-Policy": CSP})
        with site.store() as s:
            total, shown = s.stories_page(query, (page_no - 1) * PAGE_SIZE, PAGE_SIZE)
            outlets = s.outlets()
            updated_at, feeds = s.meta("updated_at"), s.feed_count()
        response = site.page(
            "stories.html",
            rows=[r.to_dict() for r in shown],
            total=total,
            page_no=page_no,
            pages=max(1, -(-total // PAGE_SIZE)),
            query=query,
            outlets=outlets,
            updated_at=updated_at,
            feeds=feeds,
        )
        site.remember(key, bytes(response.body))
        return response

    @app.get("/feeds", response_class=HTMLResponse, include_in_schema=False)
    def feeds_page() -> HTMLResponse:
        with site.store() as s:
            feeds = [f.to_dict() for f in s.feeds()]
            updated_at = s.meta("updated_at")
        every = f"{site.update_every:g} s" if site.update_every else None
        return site.page("feeds.html", feeds=feeds, updated_at=updated_at, every=every)

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story(request: Request, story_id: StoryId, since: str = "") -> Response:
        target = site.moved_to(story_id)
        if target is not None:  # merged into another story: its page lives there now
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(f"/story/{target}{query}", status_code=301)
        return site.page("story.html", **story_page(site.report_of(story_id, since)))

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article(article_id: str) -> HTMLResponse:
        art, story_id = site.article_of(article_id)
        return site.page(
            "article.html", article=article_view(article_dict(art), 1), removed=art.removed, story=story_id
        )

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form() -> HTMLResponse:
        return site.upload_page()

    # a plain def: FastAPI runs it in its thread pool, so a long ingest never holds up the event loop
    @app.post("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload(
        text: Annotated[str, Form()] = "",
        title: Annotated[str, Form()] = "",
        outlet: Annotated[str, Form()] = "",
        published: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "",
        files: Annotated[list[UploadFile] | None, File()] = None,
    ) -> Response:
        fields = {"title": title, "outlet": outlet, "published": published, "url": url}
        inputs = _upload_inputs(text, fields, files or [])
        result = site.ingest(item for name, data, fmt in inputs for item in read_data(name, data, fmt))
        if result["story"] is not None and not result["problems"]:
            return RedirectResponse(f"/story/{result['story']}?ingested={result['stored']}", status_code=303)
        return site.upload_page(result)


def _add_api(app: FastAPI, site: Site) -> None:
    """The JSON API under /api/ (its schema at /api/openapi.json)."""

    @app.get("/api/stories", tags=["stories"], responses=errors_of(400, 422))
    def api_stories(
        q: str = Query("", description="every word must appear in one of the story's articles"),
        entity: str = Query("", description="a person, organisation or place named in the story"),
        outlet: str = "",
        since: str = Query("", description="ISO date: stories with an article on or after it"),
        until: str = Query("", description="ISO date: stories with an article on or before it"),
        limit: int = Query(PAGE_SIZE, ge=1, le=1000),
        offset: int = Query(0, ge=0, le=MAX_OFFSET),
    ) -> dict[str, Any]:
        """Stories, newest first, filtered by words, entity, outlet and date range."""
        with site.store() as s:
            total, rows = s.stories_page(StoryQuery(q, entity, outlet, since, until, newest=True), offset, limit)
        return {"total": total, "stories": [r.to_dict() for r in rows]}

    @app.get("/feed.atom", include_in_schema=False)
    def feed_all(request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        with site.store() as s:
            recent = s.recent_stories(FEED_STORIES)
        entries = []
        for story_id, headline, updated in recent:
            day_before = (datetime.fromisoformat(updated) - timedelta(days=1)).isoformat(timespec="seconds")
            report = site.report_of(story_id, day_before)
            entries.append(_atom_entry(base, story_id, headline or report["headline"], updated, report))
        updated = recent[0][2] if recent else "1970-01-01T00:00:00+00:00"
        body = atom_feed(
            "newsdesk: stories updated recently", f"{base}/feed.atom", f"{base}/feed.atom", f"{base}/", updated, entries
        )
        return Response(body, media_type="application/atom+xml")

    @app.get("/story/{story_id}/feed.atom", include_in_schema=False)
    def feed_story(request: Request, story_id: StoryId) -> Response:
        base = str(request.base_url).rstrip("/")
        with site.store() as s:
            if not s.has_story(story_id):
                raise ApiError(404, f"no story {story_id}")
            days = s.story_days(story_id)
        entries = []
        headline = ""
        for day, updated in days[:FEED_STORIES]:
            report = site.report_of(story_id, f"{day}T00:00:00+00:00")
            headline = headline or report["headline"]
            entries.append(_atom_entry(base, story_id, f"{report['headline']}: {day}", updated, report, day))
        updated = days[0][1] if days else "1970-01-01T00:00:00+00:00"
        url = f"{base}/story/{story_id}/feed.atom"
        body = atom_feed(
            f"newsdesk: {headline or f'story {story_id}'}", url, url, f"{base}/story/{story_id}", updated, entries
        )
        return Response(body, media_type="application/atom+xml")

    @app.get("/api/feeds", tags=["feeds"], responses=errors_of(400))
    def api_feeds() -> dict[str, Any]:
        """The feeds the store follows (last fetch, status, error, articles, next due) and when
        the store was last updated."""
        with site.store() as s:
            return {"updated_at": s.meta("updated_at"), "feeds": [f.to_dict() for f in s.feeds()]}

    @app.get(
        "/api/stories/{story_id}",
        tags=["stories"],
        responses={
            308: {"description": "a story merged into another: its report lives there"},
            **errors_of(400, 404, 422, 503),
        },
    )
    def api_story(
        request: Request,
        story_id: StoryId,
        since: str = Query(
            "", description="also list what is new since: an ISO time or an age (24h, 3d)", pattern=SINCE_PATTERN
        ),
    ) -> Any:
        """A story's report: summary with citations, entities, quotes, timeline, agreement, articles,
        and with ``since``, the updates the articles first seen after it bring. A story merged
        into another redirects (308) to it."""
        target = site.moved_to(story_id)
        if target is not None:
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(f"/api/stories/{target}{query}", status_code=308)
        return site.report_of(story_id, since)

    @app.get("/api/articles/{article_id}", tags=["articles"], responses=errors_of(404, 422))
    def api_article(article_id: str) -> dict[str, Any]:
        """One cleaned article with its paragraphs, sentences, removed lines and story."""
        art, story_id = site.article_of(article_id)
        return dict(article_dict(art), story=story_id)

    @app.post("/api/ingest", tags=["articles"], responses=errors_of(400, 413, 422, 503))
    def api_ingest(body: IngestRequest) -> dict[str, Any]:
        """Store articles and group them into stories; answers what was stored and the first
        article's story."""
        return site.ingest(read_data("api request", _jsonl(body.articles), "jsonl"))


def serve(app: FastAPI, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app (``create_app``) with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning")
