"""newsdesk: clean, group, summarize and analyse many news reports about the same events.

The public API covers what the CLI does::

    from newsdesk import Options, summarize_paths, to_markdown
    reports, result = summarize_paths(["../shared/examples/"], Options(words=100))
    print(to_markdown(reports[0]))

    from newsdesk import IngestOptions, Store, ingest, story_report
    with Store("news.db") as store:
        stats = ingest(["../shared/examples/"], store, IngestOptions(splitter="rules"))
        rows = store.stories_table()              # newsdesk stories
        report, copies = story_report(store, rows[0].id, Options(words=100))

    from newsdesk import FetchOptions, add_feeds, update   # newsdesk feeds add / update
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# each public name and the module that defines it: loaded on first use, so that `newsdesk
# --help`, `stories` and the web pages of cached reports pay for nothing they do not run
_EXPORTS = {
    "Hints": "newsdesk.clean.cleaner",
    "clean_text": "newsdesk.clean.cleaner",
    "InputError": "newsdesk.errors",
    "NewsdeskError": "newsdesk.errors",
    "to_json": "newsdesk.io.report_json",
    "to_markdown": "newsdesk.io.markdown",
    "Article": "newsdesk.model",
    "Citation": "newsdesk.model",
    "Paragraph": "newsdesk.model",
    "Removed": "newsdesk.model",
    "Report": "newsdesk.model",
    "Sentence": "newsdesk.model",
    "Summary": "newsdesk.model",
    "SummarySentence": "newsdesk.model",
    "build_report": "newsdesk.pipeline",
    "clean_paths": "newsdesk.pipeline",
    "group_by_input": "newsdesk.pipeline",
    "prepare": "newsdesk.pipeline",
    "read": "newsdesk.pipeline",
    "summarize_paths": "newsdesk.pipeline",
    "ClusterOptions": "newsdesk.settings",
    "FetchOptions": "newsdesk.settings",
    "IngestOptions": "newsdesk.settings",
    "Options": "newsdesk.settings",
    "ServeOptions": "newsdesk.settings",
    "SparkOptions": "newsdesk.settings",
    "Store": "newsdesk.store.db",
    "StoryQuery": "newsdesk.store.db",
    "StoryRow": "newsdesk.store.db",
    "IngestStats": "newsdesk.service.ingest",
    "ingest": "newsdesk.service.ingest",
    "rebuild_stories": "newsdesk.service.ingest",
    "story_report": "newsdesk.service.reports",
    "story_report_json": "newsdesk.service.reports",
    "add_feeds": "newsdesk.service.feeds",
    "import_opml": "newsdesk.service.feeds",
    "update": "newsdesk.service.feeds",
}

if TYPE_CHECKING:  # what type checkers and editors see
    from newsdesk.clean.cleaner import Hints, clean_text
    from newsdesk.errors import InputError, NewsdeskError
    from newsdesk.io.markdown import to_markdown
    from newsdesk.io.report_json import to_json
    from newsdesk.model import Article, Citation, Paragraph, Removed, Report, Sentence, Summary, SummarySentence
    from newsdesk.pipeline import build_report, clean_paths, group_by_input, prepare, read, summarize_paths
    from newsdesk.service.feeds import add_feeds, import_opml, update
    from newsdesk.service.ingest import IngestStats, ingest, rebuild_stories
    from newsdesk.service.reports import story_report, story_report_json
    from newsdesk.settings import ClusterOptions, FetchOptions, IngestOptions, Options, ServeOptions, SparkOptions
    from newsdesk.store.db import Store, StoryQuery, StoryRow


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'newsdesk' has no attribute '{name}'")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "Article",
    "Citation",
    "ClusterOptions",
    "Hints",
    "IngestOptions",
    "IngestStats",
    "InputError",
    "NewsdeskError",
    "Options",
    "Paragraph",
    "Removed",
    "Report",
    "Sentence",
    "ServeOptions",
    "SparkOptions",
    "Store",
    "StoryQuery",
    "StoryRow",
    "Summary",
    "SummarySentence",
    "build_report",
    "clean_paths",
    "clean_text",
    "group_by_input",
    "ingest",
    "prepare",
    "read",
    "rebuild_stories",
    "story_report",
    "story_report_json",
    "summarize_paths",
    "FetchOptions",
    "add_feeds",
    "import_opml",
    "update",
    "to_json",
    "to_markdown",
]
