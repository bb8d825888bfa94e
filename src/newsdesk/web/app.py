"""``newsdesk serve``: server-rendered pages and a JSON API over the store, a thin layer over
the library (``store.db``, ``service.ingest``, ``service.reports``).

Every request opens its own connection to the SQLite file (WAL: readers never wait for the
writer). Report building and ingest take one lock, since they are CPU-bound and the store has
one writer. Pages use no JavaScript; a citation mark links to its sentence's anchor, which CSS
highlights (``:target``). Untrusted text is escaped by the templates, and a Content Security
Policy forbids scripts as a second line of defence.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsdesk.errors import ModelUnavailableError, NewsdeskError
from newsdesk.settings import ServeOptions
from newsdesk.store.db import Store
from newsdesk.version import __version__
from newsdesk.web.api import add_api
from newsdesk.web.feeds import add_feeds
from newsdesk.web.middleware import BodyLimit
from newsdesk.web.pages import add_pages
from newsdesk.web.schemas import ApiError
from newsdesk.web.security import Doorman
from newsdesk.web.site import Site


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
        version=__version__,
        docs_url=None,  # the interactive docs load scripts from elsewhere; the schema is at openapi_url
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.add_middleware(BodyLimit, limit=int(site.options.max_upload_mb * 1e6))
    app.add_middleware(Doorman, options=site.options)  # outermost: hosts, token, cross-site writes, nosniff
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    _add_error_handlers(app, site)
    add_pages(app, site)
    add_api(app, site)
    add_feeds(app, site)
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


def serve(app: FastAPI, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app (``create_app``) with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning")
