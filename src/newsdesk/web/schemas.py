"""The API's shapes: what a request may hold, what an error answers, and the limits of the
numbers a path or query takes."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Path as FastApiPath
from pydantic import BaseModel, Field

PAGE_SIZE = 50
MAX_OFFSET = 10**9  # more stories than any store holds; larger numbers are a client's mistake (422)
# a story id is a SQLite integer: a larger number is a client's mistake (422), not a server error
StoryId = Annotated[int, FastApiPath(ge=0, le=2**63 - 1, description="a story id (see /api/stories)")]


class ArticleIn(BaseModel):
    """One article to ingest through the API."""

    text: str = Field(min_length=1, description="the article text, junk and all")
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = Field(default=None, description="ISO date, YYYY-MM-DD")
    url: str | None = None


class IngestRequest(BaseModel):
    """A batch of articles to store and group into stories."""

    articles: list[ArticleIn] = Field(min_length=1, max_length=1000)


def jsonl(articles: list[ArticleIn]) -> bytes:
    """Articles as JSON lines, read by the JSONL reader like any file of them."""
    return "\n".join(json.dumps(a.model_dump(exclude_none=True)) for a in articles).encode()


class ErrorBody(BaseModel):
    """What every error answers: the problem in one line, and the HTTP status."""

    error: str
    status: int


def errors_of(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers an operation documents (each an ``ErrorBody``)."""
    return {s: {"model": ErrorBody, "description": HTTP_REASONS.get(s, "error")} for s in statuses}


HTTP_REASONS = {
    400: "malformed request", 404: "no such item", 413: "request body over the limit",
    415: "not an article file", 422: "request outside the schema", 503: "a model the report needs is missing",
}  # fmt: skip
SINCE_PATTERN = r"^(\s*|\d+(\.\d+)?\s*[smhdSMHD]?|\d{4}-\d{2}-\d{2}([T ][0-9:.]+)?([+-]\d{2}:?\d{2}|Z)?)$"


class ApiError(Exception):
    """An error the API answers with a JSON body and a status code."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
