"""Shared fixtures: the bundled example articles and small helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# the real examples: ../shared/examples when present, else the copy bundled in the repo
EXAMPLES = SHARED / "examples" if (SHARED / "examples").is_dir() else ROOT / "examples"
HONG_KONG = "Hong Kong democracy leader"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def example(prefix: str) -> Path:
    """Path of the example file whose name starts with ``prefix``."""
    return next(EXAMPLES.glob(f"{prefix}*.txt"))


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


def write(path: Path, text: str | bytes) -> Path:
    """Write ``text`` to ``path`` (bytes as they are) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


class Clock:
    """A store's clock that moves only when told (``Store(path, clock=Clock())``): tests move it
    a day instead of sleeping past first_seen's one-second resolution."""

    def __init__(self, days_ago: float = 2) -> None:
        from datetime import UTC, datetime, timedelta

        self.now = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)

    def __call__(self) -> str:
        return self.now.isoformat(timespec="seconds")

    def advance(self, hours: float = 24) -> str:
        """Move on ``hours``; return the time before the move (a ``since`` for what follows)."""
        from datetime import timedelta

        before = self()
        self.now += timedelta(hours=hours)
        return before


def version_1_store(path: Path, title: str | None, text: str, terms: str = "{}") -> Path:
    """A store file as the first release wrote it, holding one article ``a1``."""
    import sqlite3

    from newsdesk.store.db import MIGRATIONS

    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[1]:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO articles (id, source, title, text, paragraphs, removed, terms, ingested_at) "
        "VALUES ('a1', 'x.txt', ?, ?, '[]', '[]', ?, '2020-01-01')",
        (title, text, terms),
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    return path


def ingest_command(source: Path, db: Path, batch: int = 25) -> list[str]:
    """``newsdesk ingest`` as another process runs it (the repository's source on its path:
    pass ``env=cli_env()``)."""
    import sys

    return [
        sys.executable,
        "-m",
        "newsdesk.cli",
        "ingest",
        str(source),
        "--db",
        str(db),
        "--batch",
        str(batch),
        "--splitter",
        "rules",
    ]


def cli_env() -> dict[str, str]:
    """The environment for ``ingest_command``."""
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}
