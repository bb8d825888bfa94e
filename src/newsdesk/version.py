"""The installed newsdesk's version, read from its package metadata: ``pyproject.toml`` is the
one place it is written (the web API, the User-Agent and ``newsdesk.__version__`` read it here)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsdesk")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
