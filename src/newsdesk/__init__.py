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
"""

from newsdesk.clean.cleaner import Hints, clean_text
from newsdesk.errors import InputError, NewsdeskError
from newsdesk.io.writers import to_json, to_markdown
from newsdesk.model import Article, Citation, Paragraph, Removed, Report, Sentence, Summary, SummarySentence
from newsdesk.pipeline import build_report, clean_paths, group_by_input, prepare, read, summarize_paths
from newsdesk.settings import ClusterOptions, IngestOptions, Options, ServeOptions, SparkOptions
from newsdesk.store.db import Store, StoryQuery, StoryRow
from newsdesk.store.ingest import IngestStats, ingest, rebuild_stories
from newsdesk.store.reports import story_report, story_report_json

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
    "to_json",
    "to_markdown",
]
