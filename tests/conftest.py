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
