"""A stored story's report: built from its articles by the same pipeline as ``summarize``, and
kept in the store so the web page and repeated ``newsdesk story`` calls do not rebuild it.

A report is reused only while the story has the same members and is asked for with the same
options (its ``key``); an article joining the story, or other options, builds a new one.
"""

from __future__ import annotations

import json
from dataclasses import astuple
from typing import Any

from newsdesk import pipeline
from newsdesk.cluster.dedup import roots
from newsdesk.errors import InputError, StoreError
from newsdesk.io.report_json import to_json
from newsdesk.model import Report, content_id
from newsdesk.settings import Options
from newsdesk.store.db import Store


def story_report(store: Store, story_id: int, options: Options | None = None) -> tuple[Report, int]:
    """Build the report of one stored story; return it and how many near-duplicate copies
    were left out (syndicated copies are not extra sources).

    Raises:
        InputError: the store has no story ``story_id``.
    """
    articles = store.story_articles(story_id)
    if not articles:
        raise InputError(store.path, f"has no story {story_id} (see `newsdesk stories`)")
    duplicate_of = store.duplicate_of()
    originals = [a for a in articles if a.id not in duplicate_of]
    report = pipeline.build_report(originals, options)
    return report, len(articles) - len(originals)


# bumped when the report JSON gains fields or what a report holds changes: older stored reports are rebuilt
REPORT_LAYOUT = "6"


def report_key(store: Store, story_id: int, options: Options) -> str:
    """What a stored report must have been built from to be reused: members, options, layout."""
    return content_id(*store.member_ids(story_id), json.dumps(astuple(options), default=str), REPORT_LAYOUT)


def copies_left_out(store: Store, story_id: int, report: dict[str, Any]) -> list[dict[str, Any]]:
    """Each near-duplicate copy in the story, left out of the report's sources: which article
    (outlet, title, URL, when first seen), and which of the report's articles it copies
    (``copy_of.article`` is that article's number), with their similarity."""
    number = {a["id"]: a["number"] for a in report.get("articles", [])}
    root = roots(store.duplicate_of())
    out = []
    for copy_id, _, similarity in store.copies_in_story(story_id):
        copy, original = store.article(copy_id), store.article(root.get(copy_id, copy_id))
        if copy is None or original is None:
            continue
        out.append(
            {
                "article_id": copy.id,
                "outlet": copy.outlet,
                "title": copy.title,
                "url": copy.url,
                "source": copy.source,
                "first_seen": copy.first_seen,
                "partial": copy.partial,
                "similarity": round(similarity, 3),
                "copy_of": {
                    "article": number.get(original.id),
                    "article_id": original.id,
                    "outlet": original.outlet,
                    "title": original.title,
                },
            }
        )
    return out


def keep_report(store: Store, story_id: int, report: dict[str, Any], options: Options) -> dict[str, Any]:
    """Add ``story``, ``near_duplicates`` and the copies left out to a report dict
    (``io.report_json.to_json`` of the story's originals) and keep it in the store under the
    story's current key; return it. A store that refuses the write (read-only, busy) still
    answers: the report says so."""
    copies = copies_left_out(store, story_id, report)
    data = dict(report, story=story_id, near_duplicates=len(copies), copies_left_out=copies)
    try:
        names = [name for entity in data.get("entities", []) for name in entity.get("names", [])]
        store.save_report(story_id, report_key(store, story_id, options), json.dumps(data, ensure_ascii=False), names)
    except StoreError as exc:
        data["warnings"] = [*data["warnings"], f"report not kept in the store: {exc.problem}"]
    return data


def story_report_json(
    store: Store, story_id: int, options: Options | None = None, since: str | None = None
) -> dict[str, Any]:
    """The story's report as ``io.report_json.to_json`` gives it, plus ``story`` (the store's id)
    and ``near_duplicates``; built once, then read from the store until the story changes;
    ``moved_out`` lists the articles a regrouping moved to other stories (a story split in two).
    With ``since`` (a UTC ISO time), ``updates`` lists what the articles first seen after it
    add (``analyze.updates``); nothing about it is kept server-side.

    Raises:
        InputError: the store has no story ``story_id``.
    """
    opts = options or Options()
    cached = store.report_json(story_id, report_key(store, story_id, opts))
    if cached is not None:
        data: dict[str, Any] = json.loads(cached)
    else:
        report, _ = story_report(store, story_id, opts)
        data = keep_report(store, story_id, to_json(report), opts)
    data["headline"] = store.headline(story_id) or data["headline"]  # one headline: the list's
    data["moved_out"] = [
        {"story": target, "articles": n, "moved_at": at} for target, n, at in store.moves_from(story_id)
    ]
    return with_updates(store, story_id, data, opts, since) if since else data


def with_updates(store: Store, story_id: int, data: dict[str, Any], options: Options, since: str) -> dict[str, Any]:
    """``data`` with the story's updates since ``since``; a copy among the new articles counts
    as nothing new (copies are not the report's sources)."""
    from newsdesk.analyze.updates import BRIEF_WORDS, story_updates
    from newsdesk.embed import get_embedder
    from newsdesk.io.report_json import report_from_json

    report = report_from_json(data)
    words = min(options.words, BRIEF_WORDS)  # a short update: 80 words, fewer when --words asks for fewer
    updates = story_updates(report, since, get_embedder(options.embedder), words, options.method)
    copies = store.copies_first_seen_after(story_id, since)
    if copies and not updates.new_articles:
        updates.note = f"{copies} near-duplicate cop{'y' if copies == 1 else 'ies'} of known articles first seen since {since}: nothing new."
    report.updates, report.updates_since, report.updates_note = updates.items, since, updates.note
    kept = ("near_duplicates", "copies_left_out", "headline", "moved_out")
    return dict(to_json(report), **{k: data[k] for k in kept if k in data}, story=story_id)


def digest(store: Store, since: str, options: Options | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The stories that gained new information since ``since``, most new independent sources
    first (near-duplicate copies count once, with their original): each the story's report
    dict with its ``updates`` and ``new_sources``. Stories whose new articles only repeat what
    was known are left out."""
    opts = options or Options()
    out = []
    for story_id, new_sources in store.stories_with_new_articles(since):
        data = story_report_json(store, story_id, opts, since)
        if data["updates"]:
            out.append(dict(data, new_sources=new_sources))
    out.sort(key=lambda d: (-d["new_sources"], -len(d["updates"]), d["story"]))
    return out[:limit]
