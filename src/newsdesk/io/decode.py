"""Bytes to text as a browser would decode them: BOM, declared charset, UTF-16/32 sniffing,
the document's own declaration, UTF-8, detection, and only then Windows-1252; and the
judgement of what is binary rather than text."""

from __future__ import annotations

import re

from newsdesk import errors
from newsdesk.errors import InputError

BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
# the first bytes of formats that are never text (PDF, images, archives, executables, office files)
MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\x7fELF",
         b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc\xaf", b"OggS")  # fmt: skip
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""")


def sniff_utf16_32(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, told by where the zero bytes of mostly-ASCII text fall."""
    head = data[: 4096 // 4 * 4]
    if len(head) < 16:
        return None
    n4 = len(head) // 4
    zeros = [head[k::4][:n4].count(0) for k in range(4)]
    if zeros[2] >= 0.9 * n4 and zeros[3] >= 0.9 * n4 and zeros[0] < n4 // 2:
        return "utf-32-le"  # every character of the Basic Multilingual Plane has two zero high bytes
    if zeros[0] >= 0.9 * n4 and zeros[1] >= 0.9 * n4 and zeros[3] < n4 // 2:
        return "utf-32-be"
    n2 = len(head) // 2
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if odd > n2 * 0.4 and even < n2 * 0.05:
        return "utf-16-le"  # ASCII markup and Latin text: every other byte zero
    if even > n2 * 0.4 and odd < n2 * 0.05:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """Whether bytes are not text: a known binary format's first bytes, or more than 1% NUL
    bytes or 5% other control bytes in the first 64 KiB (a stray NUL or two is not enough)."""
    head = data[:65536]
    if head.startswith(MAGIC):
        return True
    nuls = head.count(0)
    controls = sum(b < 9 or 13 < b < 32 for b in head) - nuls
    return nuls > len(head) * 0.01 or controls > len(head) * 0.05


def decode_text(name: str, data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Decode an input's bytes as a browser would: a BOM; then the ``declared`` charset (an
    HTTP header's); UTF-16/32 told by its zero bytes; the document's own declaration (XML
    prolog, HTML ``<meta charset>``); UTF-8; detection (charset_normalizer); and only then
    Windows-1252. Returns the text and a warning when the encoding was guessed.

    Raises:
        InputError: empty, or binary rather than text.
    """
    if not data.strip():
        raise InputError(name, errors.EMPTY)
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), None
            except UnicodeDecodeError:
                break  # a BOM on bytes of another encoding: read on as if it were absent
    wide = sniff_utf16_32(data)
    if wide:
        try:
            return data.decode(wide), None
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise InputError(name, errors.BINARY)
    head = data[:4096]
    found = _XML_ENCODING_RE.search(head) or _META_CHARSET_RE.search(head)
    own = found.group(1).decode("ascii", "replace") if found else None
    for charset in (declared, own, "utf-8"):
        if not charset:
            continue
        try:
            return data.decode(charset).replace("\x00", ""), None
        except (LookupError, UnicodeDecodeError):
            continue
    high = sum(b >= 0x80 for b in data[:65536])
    # a few accented letters in Western text: Windows-1252 reads them; detection guesses wildly
    guess = _detect(data) if high > 0.1 * min(len(data), 65536) else None
    if guess:
        text = data.decode(guess, errors="replace").replace("\x00", "")
        return text, f"{name}: declares no encoding it is in, and is not UTF-8; read as {guess} (detected)"
    note = f"{name}: not valid UTF-8 and no encoding detected; read as Windows-1252"
    try:
        return data.decode("cp1252").replace("\x00", ""), note
    except UnicodeDecodeError:
        return data.decode("latin-1").replace("\x00", ""), note.replace("Windows-1252", "Latin-1")


def _detect(data: bytes) -> str | None:
    """The encoding charset_normalizer finds most likely (None when it finds none)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in ("ascii", "utf_8"):
        return None
    return str(best.encoding)


def decode_markup(name: str, data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Decode a fetched page's bytes: ``decode_text`` with the transport's ``declared`` charset."""
    return decode_text(name, data, declared)
