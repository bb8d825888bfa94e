"""Multi-document summarization with citations; methods live in ``SUMMARIZERS`` by name."""

from newsdesk.summarize import methods as _methods  # noqa: F401  (registers the methods)
from newsdesk.summarize.base import SUMMARIZERS, StoryText, Summarizer

__all__ = ["SUMMARIZERS", "StoryText", "Summarizer"]
