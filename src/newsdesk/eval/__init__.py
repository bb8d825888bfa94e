"""Evaluation: data sets with references, metrics, and the harnesses behind ``newsdesk eval``."""

from __future__ import annotations

from typing import Any


def rounded_row(result: Any, digits: int = 4) -> dict[str, object]:
    """A result dataclass as a JSON-ready dict, floats rounded."""
    return {k: round(v, digits) if isinstance(v, float) else v for k, v in vars(result).items()}
