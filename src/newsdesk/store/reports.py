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
from newsdesk.errors import InputError
from newsdesk.io.writers import to_json
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


def report_key(store: Store, story_id: int, options: Options) -> str:
    """What a stored report must have been built from to be reused: members and options."""
    return content_id(*store.member_ids(story_id), json.dumps(astuple(options), default=str))


def keep_report(store: Store, story_id: int, report: dict[str, Any], options: Options) -> dict[str, Any]:
    """Add ``story`` and ``near_duplicates`` to a report dict (``io.writers.to_json`` of the
    story's originals) and keep it in the store under the story's current key; return it.
    A store that refuses the write (read-only, busy) still answers: the report says so."""
    duplicate_of = store.duplicate_of()
    copies = sum(1 for a in store.member_ids(story_id) if a in duplicate_of)
    data = dict(report, story=story_id, near_duplicates=copies)
    try:
        store.save_report(story_id, report_key(store, story_id, options), json.dumps(data, ensure_ascii=False))
    except InputError as exc:
        data["warnings"] = [*data["warnings"], f"report not kept in the store: {exc.problem}"]
    return data


def story_report_json(store: Store, story_id: int, options: Options | None = None) -> dict[str, Any]:
    """The story's report as ``io.writers.to_json`` gives it, plus ``story`` (the store's id)
    and ``near_duplicates``; built once, then read from the store until the story changes.

    Raises:
        InputError: the store has no story ``story_id``.
    """
    opts = options or Options()
    cached = store.report_json(story_id, report_key(store, story_id, opts))
    if cached is not None:
        data: dict[str, Any] = json.loads(cached)
        return data
    report, _ = story_report(store, story_id, opts)
    return keep_report(store, story_id, to_json(report), opts)
