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

import ast
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.version import __version__

# The public API, written once: the imports below are what type checkers and editors see, and
# at run time each name is loaded from its module on first use (read from these same lines),
# so that `newsdesk --help`, `stories` and the web pages of cached reports pay for nothing
# they do not run.
if TYPE_CHECKING:
    from newsdesk.clean.cleaner import Hints, clean_text
    from newsdesk.errors import InputError, NewsdeskError, StoreError
    from newsdesk.io.markdown import to_markdown
    from newsdesk.io.report_json import to_json
    from newsdesk.model import Article, Citation, Paragraph, Removed, Report, Sentence, Summary, SummarySentence
    from newsdesk.pipeline import build_report, clean_paths, group_by_input, prepare, read, summarize_paths
    from newsdesk.service.feeds import add_feeds, import_opml, update
    from newsdesk.service.ingest import IngestStats, ingest, rebuild_stories
    from newsdesk.service.reports import story_report, story_report_json
    from newsdesk.settings import ClusterOptions, FetchOptions, IngestOptions, Options, ServeOptions, SparkOptions
    from newsdesk.store.db import Store, StoryQuery, StoryRow


def _exports() -> dict[str, str]:
    """Each public name and its module, read from the ``TYPE_CHECKING`` block above."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    return {a.name: n.module for n in block.body if isinstance(n, ast.ImportFrom) and n.module for a in n.names}


_EXPORTS = _exports()
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'newsdesk' has no attribute '{name}'")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
