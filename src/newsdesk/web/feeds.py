"""Atom feeds: the stories updated recently, and one story's days, each entry what was new."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from newsdesk.io.atom import AtomEntry, atom_feed, html_list
from newsdesk.web.schemas import ApiError, StoryId
from newsdesk.web.site import Site

FEED_STORIES = 30  # entries in a feed


def atom_entry(base: str, story_id: int, title: str, updated: str, report: dict[str, Any], day: str = "") -> AtomEntry:
    """A story's entry: its updates (else its summary), linked to the story page. The id is
    the story and the day (story feeds) or the story and its last change (the main feed)."""
    items = [f"{u['kind']}: {u['text']}" for u in report.get("updates", []) if u.get("brief", True)]
    summary = " ".join(s["text"] for s in report["summary"])
    html = (
        (f"<p>{escape(report.get('updates_note') or '')}</p>" + html_list(items))
        if items
        else f"<p>{escape(summary)}</p>"
    )
    key = f"day:{day}" if day else f"at:{updated}"
    since = f"?since={day}" if day else ""
    return AtomEntry(f"urn:newsdesk:story:{story_id}:{key}", title, updated, f"{base}/story/{story_id}{since}", html)


def add_feeds(app: FastAPI, site: Site) -> None:
    """The Atom feeds: ``/feed.atom`` and ``/story/{id}/feed.atom``."""

    @app.get("/feed.atom", include_in_schema=False)
    def feed_all(request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        with site.store() as s:
            recent = s.recent_stories(FEED_STORIES)
        entries = []
        for story_id, headline, updated in recent:
            day_before = (datetime.fromisoformat(updated) - timedelta(days=1)).isoformat(timespec="seconds")
            report = site.report_of(story_id, day_before)
            entries.append(atom_entry(base, story_id, headline or report["headline"], updated, report))
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
            entries.append(atom_entry(base, story_id, f"{report['headline']}: {day}", updated, report, day))
        updated = days[0][1] if days else "1970-01-01T00:00:00+00:00"
        url = f"{base}/story/{story_id}/feed.atom"
        body = atom_feed(
            f"newsdesk: {headline or f'story {story_id}'}", url, url, f"{base}/story/{story_id}", updated, entries
        )
        return Response(body, media_type="application/atom+xml")
