"""``newsdesk serve``: server-rendered pages and a JSON API over the store, a thin layer over
the library (``store.db``, ``store.ingest``, ``store.reports``).

Every request opens its own connection to the SQLite file (WAL: readers never wait for the
writer). Report building and ingest take one lock, since they are CPU-bound and the store has
one writer. Pages use no JavaScript; a citation mark links to its sentence's anchor, which CSS
highlights (``:target``). Untrusted text is escaped by the templates, and a Content Security
Policy forbids scripts as a second line of defence.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsdesk.errors import InputError, NewsdeskError
from newsdesk.io.readers import read_data
from newsdesk.io.writers import article_dict
from newsdesk.model import Article
from newsdesk.settings import Options
from newsdesk.store.db import Store, StoryQuery
from newsdesk.store.ingest import IngestStats, ingest_items
from newsdesk.store.reports import story_report_json
from newsdesk.web.views import article_view, safe_url, story_page

UPLOAD_EXTENSIONS = (".txt", ".html", ".htm", ".jsonl", ".json", ".rss", ".atom", ".xml", ".warc", ".warc.gz")
PAGE_SIZE = 50
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class ServeOptions:
    """How the server reads the store and builds reports."""

    db: str = "newsdesk.db"
    report: Options = Options()
    max_upload_mb: float = 5.0


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


def create_app(options: ServeOptions | None = None) -> FastAPI:
    """Build the web app over the store ``options.db`` (created when missing)."""
    opts = options or ServeOptions()
    Store(opts.db).close()  # create or migrate the file once, before any request
    lock = threading.Lock()
    env = Environment(loader=PackageLoader("newsdesk.web", "templates"), autoescape=True)
    env.globals["safe_url"] = safe_url
    app = FastAPI(
        title="newsdesk",
        summary="Stories grouped from many news reports: summaries with citations, entities, quotes, timeline.",
        version="0.1.0",
        docs_url=None,  # the interactive docs load scripts from elsewhere; the schema is at openapi_url
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.add_middleware(BodyLimit, limit=int(opts.max_upload_mb * 1e6))
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    @contextmanager
    def store() -> Iterator[Store]:
        with Store(opts.db) as s:
            yield s

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP})

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def report_of(story_id: int) -> dict[str, Any]:
        with store() as s:
            if not s.has_story(story_id):
                raise ApiError(404, f"no story {story_id}")
            with lock:
                try:
                    return story_report_json(s, story_id, opts.report)
                except InputError as exc:
                    raise ApiError(404, exc.problem) from None

    def article_of(article_id: str) -> tuple[Article, int | None]:
        with store() as s:
            art = s.article(article_id)
            story_id = s.story_of(article_id)
        if art is None:
            raise ApiError(404, f"no article {article_id}")
        return art, story_id

    def run_ingest(items: Iterator[Any]) -> IngestStats:
        with lock, store() as s:
            return ingest_items(items, s)

    def ingest_result(stats: IngestStats) -> dict[str, Any]:
        story = None
        if stats.first_id:
            with store() as s:
                story = s.story_of(stats.first_id)
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

    # --- errors: JSON under /api/, a page elsewhere ------------------------------------------

    def error(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return page("error.html", status=status, status_code=status, message=message)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error(request, exc.status, exc.message)

    @app.exception_handler(NewsdeskError)
    async def _newsdesk_error(request: Request, exc: NewsdeskError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = exc.errors()
        if any(p.get("type") == "json_invalid" for p in problems):
            return error(request, 400, "request body is not valid JSON")
        first = problems[0] if problems else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x != "body")
        return error(request, 422, f"{where or 'request'}: {first.get('msg', 'invalid')}")

    # --- pages ---------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        q: str = "",
        entity: str = "",
        outlet: str = "",
        since: str = "",
        until: str = "",
        page_no: int = Query(1, alias="page", ge=1),
    ) -> HTMLResponse:
        query = StoryQuery(words=q, entity=entity, outlet=outlet, since=since, until=until, newest=True)
        with store() as s:
            rows = s.stories_table(query)
            outlets = s.outlets()
        shown = rows[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
        return page(
            "stories.html",
            rows=[r.to_dict() for r in shown],
            total=len(rows),
            page_no=page_no,
            pages=max(1, -(-len(rows) // PAGE_SIZE)),
            query=query,
            outlets=outlets,
        )

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story(story_id: int) -> HTMLResponse:
        return page("story.html", **story_page(report_of(story_id)))

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article(article_id: str) -> HTMLResponse:
        art, story_id = article_of(article_id)
        return page("article.html", article=article_view(article_dict(art), 1), removed=art.removed, story=story_id)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form() -> HTMLResponse:
        return page("upload.html", result=None, extensions=UPLOAD_EXTENSIONS, limit=opts.max_upload_mb)

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
        inputs: list[tuple[str, bytes, str | None]] = []
        if text.strip():
            pasted = ArticleIn(
                text=text, title=title or None, outlet=outlet or None, published=published or None, url=url or None
            )
            inputs.append(("pasted text", _jsonl([pasted]), "jsonl"))
        for n, f in enumerate(files or [], start=1):
            if not f.filename:
                continue
            name = Path(f.filename).name  # only the name is kept, never a client's path
            ext = next((e for e in UPLOAD_EXTENSIONS if name.lower().endswith(e)), None)
            if ext is None:
                raise ApiError(415, f"{name}: not an article file (accepted: {', '.join(UPLOAD_EXTENSIONS)})")
            inputs.append((f"upload {n}: {name}", f.file.read(), None))
        if not inputs:
            raise ApiError(400, "nothing to ingest: paste an article or choose a file")

        def items() -> Iterator[Any]:
            for name, data, fmt in inputs:
                yield from read_data(name, data, fmt)

        result = ingest_result(run_ingest(items()))
        if result["story"] is not None and not result["problems"]:
            return RedirectResponse(f"/story/{result['story']}?ingested={result['stored']}", status_code=303)
        return page("upload.html", result=result, extensions=UPLOAD_EXTENSIONS, limit=opts.max_upload_mb)

    # --- API -----------------------------------------------------------------------------

    @app.get("/api/stories", tags=["stories"])
    def api_stories(
        q: str = Query("", description="every word must appear in one of the story's articles"),
        entity: str = Query("", description="a person, organisation or place named in the story"),
        outlet: str = "",
        since: str = Query("", description="ISO date: stories with an article on or after it"),
        until: str = Query("", description="ISO date: stories with an article on or before it"),
        limit: int = Query(PAGE_SIZE, ge=1, le=1000),
        offset: int = Query(0, ge=0),
    ) -> dict[str, Any]:
        """Stories, newest first, filtered by words, entity, outlet and date range."""
        with store() as s:
            rows = s.stories_table(StoryQuery(q, entity, outlet, since, until, newest=True))
        return {"total": len(rows), "stories": [r.to_dict() for r in rows[offset : offset + limit]]}

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(story_id: int) -> dict[str, Any]:
        """A story's report: summary with citations, entities, quotes, timeline, agreement, articles."""
        return report_of(story_id)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(article_id: str) -> dict[str, Any]:
        """One cleaned article with its paragraphs, sentences, removed lines and story."""
        art, story_id = article_of(article_id)
        return dict(article_dict(art), story=story_id)

    @app.post("/api/ingest", tags=["articles"])
    def api_ingest(body: IngestRequest) -> dict[str, Any]:
        """Store articles and group them into stories; answers what was stored and the first
        article's story."""
        return ingest_result(run_ingest(read_data("api request", _jsonl(body.articles), "jsonl")))

    return app


def serve(app: FastAPI, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app (``create_app``) with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning")
