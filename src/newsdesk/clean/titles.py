"""Page titles without the site's name: "Floods hit Lombardy - Golem.de" -> "Floods hit Lombardy".

A title segment is dropped when it names the site: the outlet, the page's site name, or its
domain (with or without ``www.`` and the top-level domain), compared without case, spaces
and punctuation. Only the first or the last segment can go, split at `` - ``, `` | ``,
`` — ``, `` – ``, `` · `` or ``: ``, and something of at least two words must remain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

SEPARATORS = re.compile(r"\s+[-|—–·]\s+|:\s+")


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def site_names(outlet: str | None, url: str | None) -> set[str]:
    """The forms a site's name takes: the outlet, and the URL's host without ``www.``, with and
    without its top-level domain ("golem.de", "golem")."""
    names = {_key(outlet)} if outlet else set()
    if url:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            host = ""
        host = host.removeprefix("www.")
        if host:
            names |= {_key(host), _key(host.rsplit(".", 1)[0])}
    return {n for n in names if len(n) >= 3}


def strip_site_name(title: str, names: Iterable[str]) -> str:
    """``title`` without a leading or trailing segment that names the site."""
    keys = set(names)
    if not keys:
        return title
    parts = SEPARATORS.split(title)
    seps = SEPARATORS.findall(title)
    if len(parts) < 2:
        return title
    if _key(parts[-1]) in keys or any(
        k and _key(parts[-1]).startswith(k) and len(_key(parts[-1])) <= len(k) + 4 for k in keys
    ):
        kept = title[: len(title) - len(parts[-1]) - len(seps[-1])]
    elif _key(parts[0]) in keys:
        kept = title[len(parts[0]) + len(seps[0]) :]
    else:
        return title
    return kept.strip() if len(kept.split()) >= 2 else title
