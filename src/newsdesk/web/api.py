"""The JSON API under /api/ (its schema at /api/openapi.json)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import RedirectResponse

from newsdesk.io.readers import read_data
from newsdesk.io.report_json import article_dict
from newsdesk.store.db import StoryQuery
from newsdesk.web.schemas import MAX_OFFSET, PAGE_SIZE, SINCE_PATTERN, IngestRequest, StoryId, errors_of, jsonl
from newsdesk.web.site import Site


def add_api(app: FastAPI, site: Site) -> None:
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
        return site.ingest(read_data("api request", jsonl(body.articles), "jsonl"))
