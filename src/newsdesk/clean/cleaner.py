"""Turning a scraped article's raw text into clean paragraphs plus metadata.

``clean_text`` is the one entry point: it splits the header from the body, reads metadata
from the header, drops boilerplate lines (recording each with its reason), strips a leading
dateline, and assembles paragraphs with offsets into the cleaned text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from newsdesk.clean.boilerplate import (
    END_MARKER_REASONS,
    ends_like_sentence,
    looks_like_prose,
    match_rule,
    strip_junk_prefix,
)
from newsdesk.clean.header import Header, parse_header
from newsdesk.errors import NO_TEXT, InputError
from newsdesk.model import Article, Paragraph, Removed, content_id

MAX_HEADER_LINES = 15
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z .,'’-]{1,40}?)(?:,\s*[A-Z][\w.]+)?\s*(?:\((?P<agency>[A-Za-z .]{2,30})\))?\s*[-–—]+\s+(?=\S)"
    # one whose agency and dash were taken out: places in capitals (two or more), then the
    # country or state, then the sentence ("JAKARTA/PANGKALAN BUN, Indonesia Search teams ...")
    r"|^(?P<places>[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+)+),\s+[A-Z][a-z.]+(?: [A-Z][a-z.]+)?\s+(?=[A-Z][a-z])"
)


@dataclass(frozen=True)
class Hints:
    """Metadata the reader already knows (from JSONL fields or HTML meta tags)."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    date_source: str = "meta"  # where ``published`` came from ("feed", "meta", "dateline")
    url: str | None = None
    group: str | None = None
    # the text came from an extractor that already found the article's paragraphs (HTML):
    # the header is not guessed from the first lines, and repeated short lines (recipe
    # steps, list items) are kept
    structured: bool = False


# two sentences a page's markup had apart, glued when it was taken away ("... national news.A
# shooting at an office complex ...", "in Mountain View Friday.The ABC7 I-Team", "home in
# 2004.Officials say", "when he died.ABC7 News"): not an initial ("Mr.Smith"), a domain
# ("Salesforce.com") or capitals ("WSJ.D")
_GLUED_RE = re.compile(r"(?:(?<=[a-z]{2}[.!?])|(?<=\d{2}[.!?]))(?=[A-Z](?:[a-z]|\s|[A-Z0-9]{1,5}\b))")


# a quote mark between two glued sentences ('... classification process."We are taking ...',
# '... his incarceration."Cosby spent ...'): it opens the next sentence or closes this one
_GLUED_QUOTE_RE = re.compile(r"(?<=[a-z0-9]{2}[.!?,])([\"“”])(?=[A-Z])")


def _unglue_quotes(line: str) -> str:
    """A space on the right side of each quote mark glued between two sentences: before a
    mark that opens a quotation ("“", or a straight one when none is open in the paragraph),
    after one that closes it."""

    def part(m: re.Match[str]) -> str:
        mark = m.group(1)
        opens = mark == "“" or (mark == '"' and line.count('"', 0, m.start()) % 2 == 0)
        return f" {mark}" if opens else f"{mark} "

    return _GLUED_QUOTE_RE.sub(part, line)


def normalize(raw: str) -> str:
    """Normalise newlines, Unicode form and invisible characters; keep the words as they are."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", text).replace("\u00a0", " ").replace("\t", " ")
    return text


def _body_start(lines: list[str]) -> int:
    """Index of the first line of running text (a prose line no rule calls boilerplate)."""
    seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        if looks_like_prose(line) and match_rule(line) is None:
            return i
        seen += 1
        if seen > MAX_HEADER_LINES:
            break
    # no prose line near the top (e.g. text cut mid-sentence): the body starts at the first
    # long line; failing that, after the first line, which is then the title
    long_line = next((i for i, line in enumerate(lines) if len(line.split()) >= 8 and not match_rule(line)), None)
    if long_line is not None:
        return long_line
    return next((i + 1 for i, line in enumerate(lines) if line), 0)


def clean_text(raw: str, source: str, hints: Hints | None = None) -> Article:
    """Clean one article's raw text.

    Args:
        raw: the text as scraped, junk included.
        source: where it came from (named in errors and reports).
        hints: metadata already known; it wins over what the header says.

    Returns:
        An ``Article`` with cleaned text, paragraphs, metadata and the removed lines.

    Raises:
        InputError: when no article text is left after cleaning.
    """
    hints = hints or Hints()
    text = normalize(raw)
    ident = content_id(text.strip())  # of the text as it came: a stored article keeps its id
    lines = [_unglue_quotes(line.strip()) for line in _GLUED_RE.sub(" ", text).split("\n")]
    notices = []
    for i, line in enumerate(lines):
        lines[i], notice = strip_junk_prefix(line)
        if notice:
            notices.append(Removed(i + 1, notice, "site notice"))
    start = _body_start(lines)
    header_idx = [i for i in range(start) if lines[i]]
    head = parse_header([lines[i] for i in header_idx])
    if hints.structured:
        head, start = _structured_header(head), next((i for i, line in enumerate(lines) if line), 0)
    removed = notices + [
        Removed(header_idx[j] + 1, lines[header_idx[j]], why) for j, why in sorted(head.consumed.items())
    ]
    consumed = {header_idx[j] for j in head.consumed}

    if not _believable(head.published):  # a date after today is a misread, not a publication date
        head.published = head.date_source = None
    if not _believable(hints.published):
        hints = replace(hints, published=None)
    title = hints.title or head.title
    kept = _filter_body(lines, start, title, head.outlet, removed, consumed, repeats=not hints.structured)
    kept = _strip_dateline(kept, removed)
    paragraphs, body = _assemble(kept, wrapped=not hints.structured)
    if not body.strip():
        raise InputError(source, NO_TEXT)
    return Article(
        id=ident,
        source=source,
        text=body,
        title=title,
        outlet=hints.outlet or head.outlet,
        author=hints.author or head.author,
        published=hints.published or head.published,
        date_source=hints.date_source if hints.published else head.date_source if head.published else "none",
        url=hints.url,
        group=hints.group,
        paragraphs=paragraphs,
        removed=sorted(removed, key=lambda r: r.line_no),
    )


def _believable(published: str | None) -> bool:
    """Whether a publication date can be one: not after tomorrow (UTC; time zones run ahead)."""
    if not published:
        return True
    return published[:10] <= (datetime.now(UTC).date() + timedelta(days=1)).isoformat()


# what a header line of extracted (structured) text may be dropped as; anything else in the
# first lines of an extractor's output is body text, not a guessed title
_STRUCTURED_DROPS = ("metadata: date", "metadata: byline", "headline repeated", "outlet repeated")


def _structured_header(head: Header) -> Header:
    """Keep from ``head`` only what is safe to take out of an extractor's text: bylines, date
    lines, boilerplate and repeats; a line it guessed to be the title or an author is body."""
    consumed = {
        j: why
        for j, why in head.consumed.items()
        if not why.startswith(("metadata", "header")) or why in _STRUCTURED_DROPS
    }
    reasons = set(consumed.values())
    byline = "metadata: byline" in reasons
    dated = byline or "metadata: date" in reasons
    return Header(
        author=head.author if byline else None,
        published=head.published if dated else None,
        date_source=head.date_source if dated else None,
        consumed=consumed,
    )


def _filter_body(
    lines: list[str],
    start: int,
    title: str | None,
    outlet: str | None,
    removed: list[Removed],
    consumed: AbstractSet[int] = frozenset(),
    repeats: bool = True,
) -> list[tuple[int, str]]:
    """Keep body lines as ``(line_no, text)``; blank lines kept as paragraph breaks.

    ``consumed`` lines were already taken as header metadata; ``repeats`` drops a short line
    seen before (page furniture repeated around a scraped text).
    """
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    title_n = norm(title) if title else None
    outlet_n = norm(outlet) if outlet else None
    seen_short: set[str] = set()
    tail_after: str | None = None
    kept: list[tuple[int, str]] = []
    for i in range(start, len(lines)):
        line = lines[i]
        if not line or i in consumed:
            kept.append((i + 1, ""))
            continue
        n = norm(line)
        rule = match_rule(line)
        reason = None
        if title_n and n == title_n:
            reason = "headline repeated"
        elif outlet_n and n == outlet_n:
            reason = "outlet repeated"
        elif rule is not None:
            reason = rule.reason
            if rule.reason in END_MARKER_REASONS:
                tail_after = line
        elif tail_after is not None and not looks_like_prose(line, min_words=12):
            reason = f"after end of article ('{tail_after[:40]}')"
        elif repeats and not ends_like_sentence(line) and n in seen_short:
            reason = "repeated line"
        if reason:
            removed.append(Removed(i + 1, line, reason))
            continue
        if looks_like_prose(line, min_words=12):
            tail_after = None
        if not ends_like_sentence(line):
            seen_short.add(n)
        kept.append((i + 1, line))
    return kept


def _strip_dateline(kept: list[tuple[int, str]], removed: list[Removed]) -> list[tuple[int, str]]:
    """Remove a leading "WASHINGTON (Reuters) -" dateline from the first body line."""
    for k, (line_no, line) in enumerate(kept):
        if not line:
            continue
        match = _DATELINE_RE.match(line)
        place = (match.group("place") or match.group("places") or "").strip() if match else ""
        if match and place.isupper() and len(place) > 1:
            removed.append(Removed(line_no, match.group(0).strip(), "dateline"))
            kept[k] = (line_no, line[match.end() :])
        break
    return kept


_INNER_END_RE = re.compile(r"[.!?][\"'”’]?\s+[\"“]?[A-Z]")


def _is_heading(line: str) -> bool:
    """A short line with no sentence punctuation: a sub-heading (or another story's headline)."""
    return (
        not ends_like_sentence(line)
        and len(line.split()) <= 20
        and not line.endswith((",", ";", ":"))
        and not _INNER_END_RE.search(line)
    )


def _continues(previous: str, line: str, wrapped: bool = True) -> bool:
    """True when ``line`` continues a hard-wrapped ``previous`` line.

    In text that may be hard-wrapped, a long line or one holding a sentence end is taken to
    go on; otherwise (``wrapped=False``) only a line that starts in lower case does.
    """
    if ends_like_sentence(previous):
        return False
    return line[:1].islower() or (wrapped and (bool(_INNER_END_RE.search(previous)) or len(previous) >= 72))


def _assemble(kept: list[tuple[int, str]], wrapped: bool = True) -> tuple[list[Paragraph], str]:
    """Turn kept lines into paragraphs: one per line, hard-wrapped lines re-joined with a space."""
    logical: list[str] = []
    joinable = False  # a blank line ends any wrapped run
    for _, line in kept:
        if not line:
            joinable = False
            continue
        if joinable and logical and _continues(logical[-1], line, wrapped):
            logical[-1] += " " + line
        else:
            logical.append(line)
        joinable = True
    units = [("heading" if _is_heading(line) else "body", line) for line in logical]

    paragraphs: list[Paragraph] = []
    parts: list[str] = []
    offset = 0
    for kind, chunk in units:
        if parts:
            offset += 2
        paragraphs.append(Paragraph(offset, offset + len(chunk), kind))
        parts.append(chunk)
        offset += len(chunk)
    return paragraphs, "\n\n".join(parts)
