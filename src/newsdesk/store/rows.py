"""Row codecs: an article as the columns of its table row (the store's and the Spark job's
Parquet alike) and back, stored vectors as bytes and back, and the time stamps rows carry."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

import numpy as np

from newsdesk.model import Article

T = TypeVar("T")


def in_chunks(values: Sequence[T], size: int = 500) -> Iterator[tuple[list[T], str]]:
    """``values`` a chunk at a time, each with its SQL placeholders ("?,?,?"): one statement
    takes a bounded number of parameters."""
    for at in range(0, len(values), size):
        chunk = list(values[at : at + size])
        yield chunk, ",".join("?" * len(chunk))


# the articles table's first columns, as ``article_row`` gives them and ``article_from_row`` reads them
ARTICLE_COLUMNS = (
    "id",
    "source",
    "url",
    "title",
    "outlet",
    "author",
    "published",
    "text",
    "group_hint",
    "offtopic",
    "paragraphs",
    "removed",
    "partial",
    "date_source",
)


class ClusteringRow(NamedTuple):
    """What story grouping reads of a stored article (``Store.clustering_rows``)."""

    id: str
    terms: Counter[str]
    published: str | None  # the day it was first seen when undated
    embedding: np.ndarray | None
    story_id: int | None
    facts: dict[str, str] | None  # None: stored before the facts were kept


def article_row(art: Article) -> tuple[Any, ...]:
    """The article's values for ``ARTICLE_COLUMNS`` (paragraphs and removed lines as JSON):
    one layout for the store and the Spark job's Parquet."""
    return (
        art.id,
        art.source,
        art.url,
        art.title,
        art.outlet,
        art.author,
        art.published,
        art.text,
        art.group,
        art.offtopic,
        json.dumps([[p.start, p.end, p.kind, p.offtopic] for p in art.paragraphs]),
        json.dumps([[r.line_no, r.text, r.reason] for r in art.removed], ensure_ascii=False),
        art.partial,
        art.date_source,
    )


def article_from_row(row: Mapping[str, Any], sentences: Iterable[tuple[int, int, int, int]] = ()) -> Article:
    """The article stored as ``ARTICLE_COLUMNS`` (``row`` keyed by them), with its sentences
    given as ``(index, start, end, paragraph)``."""
    data = {k: row[k] for k in ARTICLE_COLUMNS if k in row and k not in ("paragraphs", "removed", "group_hint")}
    data.update(group=row["group_hint"], paragraphs=json.loads(row["paragraphs"]), removed=json.loads(row["removed"]))
    return Article.from_dict(data, [(start, end, para) for _, start, end, para in sorted(sentences)])


def now() -> str:
    """The time a row is written: UTC, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def blob(vector: np.ndarray | None, dtype: type = np.float32) -> bytes | None:
    """A vector as stored: its values' bytes (float32 unless ``dtype`` says otherwise)."""
    return None if vector is None else np.asarray(vector, dtype=dtype).tobytes()


def vector(data: bytes | None, dtype: type = np.float32) -> np.ndarray | None:
    """The vector a ``blob`` holds (None for none): the one decoder of stored vectors."""
    return None if data is None else np.frombuffer(data, dtype=dtype)


def matrix(blobs: list[bytes], dtype: type = np.float32) -> np.ndarray:
    """The vectors of ``blobs`` (all of one length) as the rows of one matrix."""
    return np.frombuffer(b"".join(blobs), dtype=dtype).reshape(len(blobs), -1)
