"""The server-rendered pages: the story list, a story, an article, the feeds, the upload form."""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Annotated

from fastapi import Cookie, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsdesk.io.readers import read_data
from newsdesk.io.report_json import article_dict
from newsdesk.store.db import StoryQuery
from newsdesk.web.middleware import CSP
from newsdesk.web.schemas import MAX_OFFSET, PAGE_SIZE, ApiError, ArticleIn, StoryId, jsonl
from newsdesk.web.security import CSRF_COOKIE, new_token
from newsdesk.web.site import UPLOAD_EXTENSIONS, Site
from newsdesk.web.views import article_view, story_page


def upload_inputs(text: str, fields: dict[str, str], files: list[UploadFile]) -> list[tuple[str, bytes, str | None]]:
    """The pasted article and each uploaded file as ``(name, bytes, reader)``; a file no
    reader takes is refused (415)."""
    inputs: list[tuple[str, bytes, str | None]] = []
    if text.strip():
        pasted = ArticleIn(text=text, **{k: v or None for k, v in fields.items()})
        inputs.append(("pasted text", jsonl([pasted]), "jsonl"))
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


def add_pages(app: FastAPI, site: Site) -> None:
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
    def upload_form(request: Request) -> HTMLResponse:
        return site.upload_page(csrf=request.cookies.get(CSRF_COOKIE) or new_token())

    # a plain def: FastAPI runs it in its thread pool, so a long ingest never holds up the event loop
    @app.post("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload(
        text: Annotated[str, Form()] = "",
        title: Annotated[str, Form()] = "",
        outlet: Annotated[str, Form()] = "",
        published: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "",
        files: Annotated[list[UploadFile] | None, File()] = None,
        csrftoken: Annotated[str, Form()] = "",
        newsdesk_csrf: Annotated[str, Cookie()] = "",
    ) -> Response:
        if not csrftoken or not hmac.compare_digest(csrftoken, newsdesk_csrf):
            raise ApiError(403, "the form's token does not match its cookie: open the upload page again")
        fields = {"title": title, "outlet": outlet, "published": published, "url": url}
        inputs = upload_inputs(text, fields, files or [])
        result = site.ingest(item for name, data, fmt in inputs for item in read_data(name, data, fmt))
        if result["story"] is not None and not result["problems"]:
            return RedirectResponse(f"/story/{result['story']}?ingested={result['stored']}", status_code=303)
        return site.upload_page(result, csrf=csrftoken)
