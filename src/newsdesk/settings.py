"""The pipeline's user-facing options: one table of name, default and help.

The library reads defaults from ``Options``; the CLI builds its flags from the same fields
(``cli.add_option_flags``), and a test checks the README documents each one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def _opt(default: Any, help: str, flag: str | None = None) -> Any:
    return field(default=default, metadata={"help": help, "flag": flag})


@dataclass(frozen=True)
class Options:
    """Options of ``pipeline.build_report`` (and the CLI flags of the same names)."""

    words: int = _opt(150, "summary length budget in words")
    method: str = _opt("learned", "summarization method (see `newsdesk methods`)")
    embedder: str = _opt("auto", "sentence embedder: auto, minilm or tfidf")
    splitter: str = _opt("pysbd", "sentence splitter: pysbd or rules")
    format: str | None = _opt(None, "reader to use for every input (default: by file extension)")
    max_mb: float = _opt(20.0, "refuse input files larger than this many megabytes")
    keep_offtopic: bool = _opt(False, "keep articles and paragraphs flagged as belonging to another story")


def option_table() -> list[tuple[str, Any, str]]:
    """Return ``(name, default, help)`` for every option, in declaration order."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(Options)]
