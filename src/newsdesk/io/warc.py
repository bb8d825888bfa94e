"""WARC and ARC web archives of news pages (warcio), plain or gzipped: the formats of crawls
such as CC-NEWS and of older web archives.

Each HTML ``response`` record, and each ``resource`` or ``conversion`` record holding HTML or
plain text, is one page, extracted like an ``.html`` file (decoded by its declared charset, else its own);
its target URI becomes the article's URL. ARC records are read as warcio converts them. A
corrupt record ends the file with an error naming the record; the records before it are
kept. What warcio prints about a damaged record becomes one warning naming the file.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import warnings
import zlib
from collections.abc import Iterator

from newsdesk.clean.cleaner import Hints
from newsdesk.errors import InputError
from newsdesk.io.base import Item, clean_item
from newsdesk.io.decode import decode_markup
from newsdesk.io.html import extract_html
from newsdesk.model import Article


def _archive_errors() -> tuple[type[BaseException], ...]:
    """What warcio raises on a damaged archive: its own load failure, a broken chunk, and the
    decompression and stream errors underneath."""
    from warcio.bufferedreaders import ChunkedDataException
    from warcio.exceptions import ArchiveLoadFailed

    return (ArchiveLoadFailed, ChunkedDataException, zlib.error, EOFError, OSError, ValueError)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def looks_like_archive(data: bytes) -> bool:
    """Whether bytes are a WARC or ARC archive, gzipped or not (by their first record)."""
    head = data[:64]
    if head.startswith(b"\x1f\x8b"):
        try:
            head = gzip.GzipFile(fileobj=io.BytesIO(data[:65536])).read(64)
        except (OSError, EOFError, zlib.error):
            return False
    return head.lstrip().startswith((b"WARC/", b"filedesc://"))


class WarcReader:
    """WARC archives; reads bytes, not text."""

    extensions: tuple[str, ...] = (".warc", ".warc.gz", ".arc", ".arc.gz")

    def read_bytes(self, source: str, data: bytes) -> Iterator[Item]:
        """Yield an article per HTML page record."""
        said = io.StringIO()
        with contextlib.redirect_stderr(said):  # warcio prints its complaints: gather them
            items = list(self._records(source, data))
        yield from items
        lines = [line.strip() for line in said.getvalue().splitlines() if line.strip()]
        if lines:
            warnings.warn(f"warcio: {'; '.join(lines)[:300]}", stacklevel=2)

    def _records(self, source: str, data: bytes) -> Iterator[Item]:
        from warcio.archiveiterator import ArchiveIterator

        archive_errors = _archive_errors()
        n = pages = 0
        records = ArchiveIterator(io.BytesIO(data), arc2warc=True)
        stream = iter(records)
        while True:
            try:  # only reading the archive is guarded: a bug in extraction must surface, not pass as damage
                record = next(stream)
                n += 1
                if record.rec_type not in ("response", "resource", "conversion"):
                    continue
                http = record.http_headers if record.rec_type == "response" else None
                headers = http or record.rec_headers
                content_type = headers.get_header("Content-Type", "") if headers else ""
                kind = content_type.split(";")[0].strip().lower()
                if "html" not in kind and not (kind == "text/plain" and record.rec_type != "response"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                payload = record.content_stream().read()
            except StopIteration:
                break
            except archive_errors as exc:
                reason = str(exc).splitlines()[0][:160] if str(exc) else ""
                yield InputError(
                    f"{source}#{n + 1}",
                    f"corrupt WARC record ({type(exc).__name__}: {reason}); stopped reading this file",
                )
                return
            pages += 1
            where = f"{source}#{n} {url or ''}".strip()
            try:
                html, _ = decode_markup(where, payload, _charset(content_type))
            except InputError as exc:
                yield exc
                continue
            item = extract_html(html, where) if "html" in kind else clean_item(html, where, Hints(url=url))
            if isinstance(item, Article) and url and not item.url:
                item.url = url
            yield item
        if n == 0 or (not pages and records.offset >= len(data)):
            yield InputError(source, "holds no HTML pages (not a WARC archive of web pages?)")
        elif records.offset < len(data):  # warcio stops quietly at a truncated gzip member
            yield InputError(
                f"{source}#{n + 1}",
                f"corrupt WARC record (truncated at byte {records.offset} of {len(data)}); stopped reading this file",
            )
