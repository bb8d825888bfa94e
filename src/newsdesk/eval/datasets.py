"""Multi-document summarization data sets with human reference summaries.

Two layouts: JSONL (``id``, ``documents``: list of strings, ``summary``; the layout of
``../shared/data/multinews/``) and the original Multi-News pair of files (``X.src``: one example
a line, documents separated by ``|||||``, newlines as ``NEWLINE_CHAR``; ``X.tgt``: the
reference, starting with "– "). With no data, the bundled examples form one example with no
reference, and the harness says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.errors import InputError
from newsdesk.io.readers import split_multinews_line


@dataclass(frozen=True)
class Example:
    """One story: its documents and, when known, the human reference summary."""

    id: str
    documents: list[str]
    reference: str | None = None
    silver_irrelevant: list[int] = field(default_factory=list)


def _clean_reference(text: str) -> str:
    return text.replace("NEWLINE_CHAR", "\n").strip().lstrip("–").strip()


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[Example]:
    """Yield examples from a JSONL file; a malformed line is an ``InputError`` naming it."""
    with open(path, encoding="utf-8") as fh:
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
