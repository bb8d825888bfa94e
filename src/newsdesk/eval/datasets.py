"""Multi-document summarization data sets with human reference summaries.

Two layouts: JSONL (``id``, ``documents``: list of strings, ``summary``; the layout of
``../shared/data/multinews/``) and the original Multi-News pair of files (``X.src``: one example
a line, documents separated by ``|||||``, newlines as ``NEWLINE_CHAR``; ``X.tgt``: the
reference, starting with "– "). With no data, the bundled examples form one example with no
reference, and the harness says so.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from newsdesk.clean.cleaner import clean_text
from newsdesk.errors import InputError
from newsdesk.io.readers import split_multinews_line
from newsdesk.model import Article, Paragraph, content_id

CHECKOUT = Path(__file__).resolve().parents[3]


def shared_data(*parts: str) -> Path | None:
    """``../shared/data/<parts>`` beside the working folder or the checkout, when present."""
    for base in (Path.cwd(), CHECKOUT):
        candidate = base.parent.joinpath("shared", "data", *parts)
        if candidate.exists():
            return candidate
    return None


def default_examples() -> Path | None:
    """The bundled example articles: ``../shared/examples``, else the checkout's ``examples``."""
    for base in (Path.cwd(), CHECKOUT):
        for candidate in (base.parent / "shared" / "examples", base / "examples"):
            if candidate.is_dir():
                return candidate
    return None


@dataclass(frozen=True)
class Example:
    """One story: its documents and, when known, the human reference summary."""

    id: str
    documents: list[str]
    reference: str | None = None
    silver_irrelevant: list[int] = field(default_factory=list)


def _clean_reference(text: str) -> str:
    return text.replace("NEWLINE_CHAR", "\n").strip().lstrip("–").strip()


def read_annotations(path: Path, fields: tuple[str, ...]) -> list[dict[str, object]]:
    """The JSON objects of a hand-annotation file, one a line, each holding ``fields``.

    Raises:
        InputError: a missing file, or a line that is not such an object (named by its number).
    """
    if not path.is_file():
        raise InputError(str(path), "no such annotation file")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or any(f not in row for f in fields):
                raise KeyError
        except (json.JSONDecodeError, KeyError):
            raise InputError(f"{path}:{n}", f"not an annotation ({', '.join(fields)})") from None
        rows.append(row)
    return rows


def _lines(path: Path) -> IO[str]:
    """The file's text, unpacked first when it is gzipped (``multinews-train/train.jsonl.gz``)."""
    with open(path, "rb") as fh:
        packed = fh.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rt", encoding="utf-8") if packed else open(path, encoding="utf-8")


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[Example]:
    """Yield examples from a JSONL file, plain or gzipped; a malformed line is an
    ``InputError`` naming it, and so is a file that is not UTF-8 text."""
    try:
        yield from _examples(path, limit)
    except (UnicodeDecodeError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(str(path), f"not UTF-8 JSON lines ({type(exc).__name__})") from None


def _examples(path: Path, limit: int | None) -> Iterator[Example]:
    with _lines(path) as fh:
        count = 0
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                docs = [d for d in row["documents"] if isinstance(d, str) and d.strip()]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{n}", f"not a multi-document example ({exc})") from None
            summary = row.get("summary")
            yield Example(
                id=str(row.get("id", f"{path.name}:{n}")),
                documents=docs,
                reference=_clean_reference(summary) if isinstance(summary, str) else None,
                silver_irrelevant=list(row.get("silver_irrelevant") or []),
            )
            count += 1
            if limit is not None and count >= limit:
                return


def read_multinews_pair(src: Path, limit: int | None = None) -> Iterator[Example]:
    """Yield examples from Multi-News ``.src``/``.tgt`` files (the ``.tgt`` is optional)."""
    tgt = src.with_suffix(".tgt")
    refs = tgt.read_text(encoding="utf-8").splitlines() if tgt.exists() else []
    with open(src, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            ref = _clean_reference(refs[n]) if n < len(refs) else None
            yield Example(id=f"{src.name}:{n + 1}", documents=split_multinews_line(line), reference=ref)


def load_examples(path: Path | None, limit: int | None = None, fallback: Path | None = None) -> list[Example]:
    """Load examples from ``path`` (JSONL or ``.src``); without it, the ``fallback`` folder
    of plain-text articles becomes one example with no reference."""
    if path is not None and path.is_dir():
        fallback, path = path, None  # a folder of articles: one story, no reference
    if path is not None and path.exists():
        if path.suffix == ".src":
            return list(read_multinews_pair(path, limit))
        return list(read_jsonl(path, limit))
    if fallback is None or not fallback.is_dir():
        return []
    docs = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(fallback.glob("*.txt"))]
    if not docs:
        raise InputError(str(fallback), "folder holds no .txt articles to evaluate on")
    return [Example(id=fallback.name, documents=docs)]


def clean_documents(example: Example) -> tuple[list[Article], list[int | None]]:
    """Clean each document of ``example`` as a user's input would be; return the articles
    and, per document, its index among them (``None`` when nothing was left after cleaning:
    such a document is simply absent, as for a user)."""
    articles: list[Article] = []
    where: list[int | None] = []
    for i, doc in enumerate(example.documents):
        try:
            articles.append(clean_text(doc, f"{example.id}#{i}"))
            where.append(len(articles) - 1)
        except InputError:
            where.append(None)
    return articles, where


NAMED_KINDS = ("ACTOR", "COUNTRY", "GROUP", "ORGANIZATION", "ORG")
# the token file splits "Jong-un" and "Trump's": glue such tokens back (offsets follow)
_NO_SPACE_BEFORE = {"-", "'s", "’s", "n't", "'", ",", ".", ";", ":", "!", "?", ")", "%"}
_NO_SPACE_AFTER = {"-", "(", "$"}
_TAG = re.compile(r"\(?([^()|\s]+)\)?")


@dataclass
class GoldMention:
    """A tagged span of one NewsWCL50 article."""

    doc: str
    start: int
    end: int
    concept: str


def load_newswcl50(folder: Path) -> tuple[dict[str, Article], list[GoldMention]]:
    """Articles rebuilt from the tokens (space-joined, one paragraph a sentence) and every
    gold mention of a named kind, as character spans of those texts."""
    path = folder / "conll.csv"
    if not path.is_file():
        raise InputError(str(folder), "has no conll.csv (expected the NewsWCL50 layout)")
    rows: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows[row["doc_id"]].append((int(row["sent_id"]), row["token"], row.get("reference") or "-"))
    articles: dict[str, Article] = {}
    gold: list[GoldMention] = []
    for doc, tokens in rows.items():
        text_parts: list[str] = []
        paragraphs: list[Paragraph] = []
        open_at: dict[str, list[int]] = defaultdict(list)
        offset, sentence, para_start = 0, None, 0
        for sent_id, token, tag in tokens:
            if sentence is not None and sent_id != sentence:
                paragraphs.append(Paragraph(para_start, offset - 1))
                para_start = offset
            sentence = sent_id
            glue = bool(text_parts) and (token in _NO_SPACE_BEFORE or text_parts[-2] in _NO_SPACE_AFTER)
            if glue and text_parts[-1] == " ":
                text_parts.pop()
                offset -= 1
            start, end = offset, offset + len(token)
            text_parts += [token, " "]
            offset = end + 1
            for part in tag.split("|"):
                part = part.strip()
                if not part or part == "-":
                    continue
                name = _TAG.fullmatch(part)
                if name is None:
                    continue
                concept = name.group(1)
                if part.startswith("("):
                    open_at[concept].append(start)
                if part.endswith(")") and open_at[concept]:
                    first = open_at[concept].pop()
                    if concept.rsplit("_", 1)[-1] in NAMED_KINDS:
                        gold.append(GoldMention(doc, first, end, concept))
        paragraphs.append(Paragraph(para_start, offset - 1))
        text = "".join(text_parts).rstrip()
        articles[doc] = Article(content_id(doc, text), f"newswcl50:{doc}", text, paragraphs=paragraphs)
    return articles, gold
