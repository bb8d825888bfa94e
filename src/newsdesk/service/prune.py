"""``newsdesk prune``: a store that stays healthy for a year. Old stories go with their
articles, entries and reports, and the file gives the space back."""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsdesk.errors import InputError
from newsdesk.store.db import Store

_KEEP = re.compile(r"^(\d+)\s*([dwmy])$")
_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def cutoff(store: Store, before: str | None, keep: str | None) -> str:
    """The first day kept (ISO): ``before`` as given, or ``keep`` ("90d", "12w", "6m", "1y")
    counted back from the store's today.

    Raises:
        InputError: neither or both given, or one that is not a date or a span.
    """
    if (before is None) == (keep is None):
        raise InputError("prune", "give --before DATE or --keep SPAN (90d, 12w, 6m, 1y), one of them")
    if before is not None:
        try:
            return date.fromisoformat(before).isoformat()
        except ValueError:
            raise InputError(before, "--before needs a date as YYYY-MM-DD") from None
    found = _KEEP.match((keep or "").strip().lower())
    if found is None:
        raise InputError(str(keep), "--keep needs a span such as 90d, 12w, 6m or 1y")
    today = date.fromisoformat(store.clock()[:10])
    return (today - timedelta(days=int(found.group(1)) * _DAYS[found.group(2)])).isoformat()


def prune(store: Store, before: str) -> tuple[int, int, int, int]:
    """Remove the stories whose newest article is older than ``before`` and compact the file.
    Returns ``(stories, articles, bytes before, bytes after)``."""
    size = store.size()
    with store.batch() as conn:
        stories, articles = store.prune(conn, before)
    store.compact()
    return stories, articles, size, store.size()
