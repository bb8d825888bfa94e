"""What every reader shares: the item a reader yields and the reader protocols.

Kept apart from ``io.readers`` (which registers every reader) so that the feed, WARC and HTML
readers import this and nothing imports back up.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from newsdesk.clean.cleaner import Hints, clean_text
from newsdesk.errors import InputError
from newsdesk.model import Article

Item = Article | InputError


class Reader(Protocol):
    """Reads the decoded text of one file into articles (or per-record errors)."""

    extensions: tuple[str, ...]

    def read(self, source: str, text: str) -> Iterator[Item]:
        """Yield an ``Article`` per record, or an ``InputError`` for a record that is bad."""
        ...


class BinaryReader(Protocol):
    """Reads the bytes of one file (an archive) into articles (or per-record errors)."""

    extensions: tuple[str, ...]

    def read_bytes(self, source: str, data: bytes) -> Iterator[Item]:
        """Yield an ``Article`` per record, or an ``InputError`` for a record that is bad."""
        ...


def clean_item(text: str, source: str, hints: Hints | None = None) -> Item:
    """The cleaned article, or the ``InputError`` that says why there is none."""
    try:
        return clean_text(text, source, hints)
    except InputError as exc:
        return exc


def text_or_none(value: object) -> str | None:
    """A metadata value as stripped text; ``None`` when absent or blank."""
    return str(value).strip() or None if value not in (None, "") else None
