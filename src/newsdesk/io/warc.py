"""WARC / WARC.gz web archives of news pages (warcio), the format of crawls such as CC-NEWS.

Each HTML ``response`` record is one page, extracted like an ``.html`` file; its target URI
becomes the article's URL. A corrupt record ends the file with an error naming the record;
the records before it are kept.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

from newsdesk.errors import InputError
from newsdesk.io.base import Item
from newsdesk.io.html import extract_html
from newsdesk.model import Article


def _archive_errors() -> tuple[type[BaseException], ...]:
    """What warcio raises on a damaged archive: its own load failure, a broken chunk, and the
    decompression and stream errors underneath."""
    from warcio.bufferedreaders import ChunkedDataException
    from warcio.exceptions import ArchiveLoadFailed

    return (ArchiveLoadFailed, ChunkedDataException, zlib.error, EOFError, OSError, ValueError)


def _charset(content_type: str) -> str:
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return "utf-8"


class WarcReader:
    """WARC archives; reads bytes, not text."""

    extensions: tuple[str, ...] = (".warc", ".warc.gz")

    def read_bytes(self, source: str, data: bytes) -> Iterator[Item]:
        """Yield an article per HTML response record."""
        from warcio.archiveiterator import ArchiveIterator

        archive_errors = _archive_errors()
        n = pages = 0
        records = ArchiveIterator(io.BytesIO(data))
        stream = iter(records)
        while True:
            try:  # only reading the archive is guarded: a bug in extraction must surface, not pass as damage
                record = next(stream)
                n += 1
                if record.rec_type != "response":
                    continue
                http = record.http_headers
                content_type = http.get_header("Content-Type", "") if http else ""
                if "html" not in content_type.lower():
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
            try:
                html = payload.decode(_charset(content_type), errors="replace")
            except LookupError:
                html = payload.decode("utf-8", errors="replace")
            item = extract_html(html, f"{source}#{n} {url or ''}".strip())
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
