"""Readers that turn files into cleaned ``Article`` objects, chosen by extension or by name.

Registered readers: ``text`` (.txt, .text, .md), ``jsonl`` (.jsonl, .json; one article per
line with ``text``, or a multi-document example with ``documents``), ``html`` (.html, .htm,
through trafilatura) and ``multinews`` (.src; documents separated by ``|||||``, newlines
written ``NEWLINE_CHAR``). ``read_paths`` walks files and folders and never lets one bad file
or record stop the rest: each problem becomes a one-line ``InputError`` in the result.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk import errors
from newsdesk.clean.cleaner import Hints
from newsdesk.errors import InputError
from newsdesk.io.base import BinaryReader, Item, Reader, clean_item, text_or_none
from newsdesk.io.decode import decode_text
from newsdesk.io.feeds import FeedReader
from newsdesk.io.html import HtmlReader, extract_html
from newsdesk.io.warc import WarcReader, looks_like_archive
from newsdesk.model import Article
from newsdesk.registry import Registry
from newsdesk.settings import Options

__all__ = [
    "READERS",
    "BinaryReader",
    "ReadResult",
    "Reader",
    "extract_html",
    "iter_paths",
    "read_paths",
    "input_files",
    "read_data",
    "read_limited",
    "read_record",
    "read_text_file",
    "reader_for",
]

READERS: Registry[Reader | BinaryReader] = Registry("reader")


class TextReader:
    """A plain-text article, junk and all."""

    extensions: tuple[str, ...] = (".txt", ".text", ".md")

    def read(self, source: str, text: str) -> Iterator[Item]:
        """Yield the one article in the file."""
        yield clean_item(text, source)


class JsonlReader:
    """JSON lines: ``{"id", "text", "title"?, "url"?, "outlet"?, "published"?, "story"?}``.

    A line with ``documents`` (a list of strings) is a multi-document example, as in the
    Multi-News JSONL layout: each document becomes an article grouped under the line's id.
    """

    extensions: tuple[str, ...] = (".jsonl", ".json", ".ndjson")

    def read(self, source: str, text: str) -> Iterator[Item]:
        """Yield articles line by line; a bad line is an error for that line only."""
        stripped = text.lstrip()
        if stripped.startswith("["):  # a .json file holding one array of records
            try:
                records = json.loads(stripped)
            except json.JSONDecodeError as exc:
                yield InputError(source, f"not valid JSON ({exc.msg} at line {exc.lineno})")
                return
            lines: Iterable[tuple[int, object]] = enumerate(records, start=1)
            where = "record"
        else:
            lines = ((n, raw) for n, raw in enumerate(text.splitlines(), start=1) if raw.strip())
            where = "line"
        for n, raw in lines:
            yield from self.record(f"{source}:{n}", raw, where)

    def record(self, loc: str, raw: object, where: str = "line") -> Iterator[Item]:
        """The articles of one JSON record (a line's text, or a parsed object) found at ``loc``."""
        try:
            record = json.loads(raw) if isinstance(raw, str) else raw
        except json.JSONDecodeError as exc:
            yield InputError(loc, f"{where} is not valid JSON ({exc.msg})")
            return
        if not isinstance(record, dict):
            yield InputError(loc, f"{where} is not a JSON object")
            return
        yield from self._record(loc, record)

    def _record(self, loc: str, record: dict[str, object]) -> Iterator[Item]:
        docs = record.get("documents")
        if isinstance(docs, list):
            group = text_or_none(record.get("id")) or loc
            for i, doc in enumerate(docs):
                if isinstance(doc, str) and doc.strip():
                    yield clean_item(doc, f"{loc}#{i}", Hints(group=group))
            return
        body = record.get("text") or record.get("body") or record.get("content")
        if not isinstance(body, str) or not body.strip():
            yield InputError(loc, "record has no 'text' string")
            return
        hints = Hints(
            title=text_or_none(record.get("title")),
            outlet=text_or_none(record.get("outlet") or record.get("source")),
            author=text_or_none(record.get("author")),
            published=text_or_none(record.get("published") or record.get("date")),
            url=text_or_none(record.get("url")),
            group=text_or_none(record.get("story")),
        )
        name = text_or_none(record.get("id"))
        yield clean_item(body, f"{loc}" + (f" ({name})" if name else ""), hints)


def split_multinews_line(line: str) -> list[str]:
    """The documents of one Multi-News source line (``|||||`` between them, ``NEWLINE_CHAR``
    for newlines), empty ones dropped."""
    docs = (doc.replace("NEWLINE_CHAR", "\n").strip() for doc in line.split("|||||"))
    return [doc for doc in docs if doc]


class MultiNewsReader:
    """The original Multi-News source layout: one example per line."""

    extensions: tuple[str, ...] = (".src",)

    def read(self, source: str, text: str) -> Iterator[Item]:
        """Yield each document of each line, grouped by line."""
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            for i, doc in enumerate(split_multinews_line(line)):
                yield clean_item(doc, f"{source}:{n}#{i}", Hints(group=f"{Path(source).name}:{n}"))


@READERS.register("text", "plain-text article files (.txt), scraped junk and all")
def _text() -> Reader:
    return TextReader()


@READERS.register("jsonl", "JSON lines: one article per line, or Multi-News style 'documents' examples")
def _jsonl() -> Reader:
    return JsonlReader()


@READERS.register("html", "HTML pages, main text and metadata through trafilatura")
def _html() -> Reader:
    return HtmlReader()


@READERS.register("multinews", "Multi-News .src files: '|||||' between documents, NEWLINE_CHAR for newlines")
def _multinews() -> Reader:
    return MultiNewsReader()


@READERS.register("feed", "RSS/Atom feeds saved to disk (.rss .atom .xml): one article per entry")
def _feed() -> BinaryReader:
    return FeedReader()


@READERS.register("warc", "WARC/WARC.gz web archives: every HTML response record, like an .html page")
def _warc() -> BinaryReader:
    return WarcReader()


def known_extensions() -> tuple[str, ...]:
    """Every file ending some registered reader takes, in registration order."""
    return tuple(dict.fromkeys(ext for name in READERS for ext in READERS.get(name).extensions))


def reader_for(path: str, fmt: str | None = None) -> Reader | BinaryReader | None:
    """Return the reader named ``fmt``, or the one whose extensions match ``path``."""
    if fmt:
        return READERS.get(fmt)
    name_lower = Path(path).name.lower()
    for name in READERS:
        reader = READERS.get(name)
        if any(name_lower.endswith(ext) for ext in reader.extensions):
            return reader
    return None


@dataclass
class ReadResult:
    """What reading produced: the articles, and each problem met on the way."""

    articles: list[Article] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_text_file(path: str, max_mb: float = Options.max_mb) -> tuple[str, str | None]:
    """Read a file as text; return it and a warning when it was not UTF-8.

    Raises:
        InputError: missing, empty, too large or binary.
    """
    return decode_text(path, read_limited(path, max_mb))


def read_limited(path: str, max_mb: float) -> bytes:
    """A file's bytes, refused (``InputError``) when missing, unreadable or over ``max_mb``."""
    try:
        size = os.path.getsize(path)
        limit = int(max_mb * 1e6)
        if size > limit:
            raise InputError(path, errors.too_large(size, limit))
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError(path, errors.MISSING) from None
    except IsADirectoryError:
        raise InputError(path, "is a folder; pass the folder itself to read every article in it") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None


def read_data(name: str, data: bytes, fmt: str | None = None) -> Iterator[Item | str]:
    """Read one input held in memory (an upload, a record) as the file ``name`` would be read:
    yield each article, each ``InputError`` and each warning as a string. The reader is chosen
    by ``fmt``, by the name's extension, or, for an unknown extension, by sniffing (a WARC or
    ARC archive by its first record; plain text otherwise)."""
    reader = reader_for(name, fmt) or (READERS.get("warc") if looks_like_archive(data) else READERS.get("text"))
    try:
        if hasattr(reader, "read_bytes"):
            if not data:
                raise InputError(name, errors.EMPTY)
            items = reader.read_bytes(name, data)
        else:
            text, note = decode_text(name, data)
            if note:
                yield note
            items = reader.read(name, text)
        yield from _with_warnings(name, items)
    except InputError as exc:
        yield exc


def read_record(loc: str, line: str) -> Iterator[Item | str]:
    """Read one JSON-lines record (its text) found at ``loc`` ("file.jsonl:12"), as the JSONL
    reader reads each line of a file: what a job that splits files into lines calls."""
    reader = READERS.get("jsonl")
    assert isinstance(reader, JsonlReader)
    yield from _with_warnings(loc, reader.record(loc, line))


def _with_warnings(name: str, items: Iterable[Item]) -> Iterator[Item | str]:
    # one input's items are read whole under the warnings filter, then yielded: a filter held
    # open across yields would also catch the consumer's warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read = list(items)
    yield from read
    yield from (f"{name}: {w.message}" for w in caught)


def input_files(path: str) -> list[str]:
    """The article files a path stands for: itself, or the known files under a folder."""
    if not os.path.isdir(path):
        return [path]
    known = known_extensions()
    files = sorted(
        str(p)
        for p in Path(path).rglob("*")
        if p.is_file() and p.name.lower().endswith(known) and not p.name.startswith(".")
    )
    if not files:
        raise InputError(path, errors.no_articles(known))
    return files


def iter_paths(paths: Iterable[str], fmt: str | None = None, max_mb: float = Options.max_mb) -> Iterator[Item | str]:
    """Read every file (folders are walked) lazily: yield each article, each ``InputError``
    (a bad file or record; the rest is still read) and each warning as a string."""
    for path in paths:
        try:
            files = input_files(path)
        except InputError as exc:
            yield exc
            continue
        for file in files:
            try:
                data = read_limited(file, max_mb)
            except InputError as exc:
                yield exc
                continue
            yield from read_data(file, data, fmt)


def read_paths(paths: Iterable[str], fmt: str | None = None, max_mb: float = Options.max_mb) -> ReadResult:
    """Read every file (folders are walked) into articles.

    Args:
        paths: files or folders.
        fmt: a reader name to use for every file; by default chosen by extension
            (unknown extensions are read as plain text).
        max_mb: files larger than this are refused with an error.

    Returns:
        A ``ReadResult``; a bad file or record is in ``problems`` and the rest still read.
        Articles with the same content id are kept once.
    """
    result = ReadResult()
    seen: set[str] = set()
    for item in iter_paths(paths, fmt, max_mb):
        if isinstance(item, str):
            result.warnings.append(item)
        elif isinstance(item, InputError):
            result.problems.append(item)
        elif item.id not in seen:
            seen.add(item.id)
            result.articles.append(item)
    return result
