"""Multi-document summarization with citations; methods live in ``SUMMARIZERS`` by name."""

from newsdesk.summarize import baselines as _baselines  # noqa: F401  (registers the methods)
from newsdesk.summarize import learned as _learned  # noqa: F401
from newsdesk.summarize import methods as _methods  # noqa: F401
from newsdesk.summarize.base import SUMMARIZERS, StoryText, Summarizer

__all__ = ["SUMMARIZERS", "StoryText", "Summarizer"]
