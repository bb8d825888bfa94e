"""newsdesk: clean, group, summarize and analyse many news reports about the same events.

The public API::

    from newsdesk import Options, read, build_report, summarize_paths, to_markdown, to_json
    reports, result = summarize_paths(["../shared/examples/"], Options(words=100))
    print(to_markdown(reports[0]))
"""

from newsdesk.clean.cleaner import Hints, clean_text
from newsdesk.errors import InputError, NewsdeskError
from newsdesk.io.writers import to_json, to_markdown
from newsdesk.model import Article, Citation, Paragraph, Removed, Report, Sentence, Summary, SummarySentence
from newsdesk.pipeline import build_report, group_by_input, read, summarize_paths
from newsdesk.settings import Options

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Citation",
    "Hints",
    "InputError",
    "NewsdeskError",
    "Options",
    "Paragraph",
    "Removed",
    "Report",
    "Sentence",
    "Summary",
    "SummarySentence",
    "build_report",
    "clean_text",
    "group_by_input",
    "read",
    "summarize_paths",
    "to_json",
    "to_markdown",
]
