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


# what a feed's or a page's title segment names when it names a section, not the site
SECTION_WORDS = frozenset(
    [
        "top",
        "stories",
        "latest",
        "news",
        "headlines",
        "home",
        "front",
        "page",
        "breaking",
        "all",
        "world",
        "us",
        "u.s.",
        "local",
        "national",
        "politics",
        "business",
        "money",
        "economy",
        "tech",
        "technology",
        "science",
        "health",
        "sport",
        "sports",
        "entertainment",
        "culture",
        "arts",
        "opinion",
        "lifestyle",
        "travel",
        "weather",
        "rss",
        "feed",
        "atom",
        "most",
        "recent",
        "popular",
        "main",
        "edition",
    ]
)


def is_section(segment: str) -> bool:
    """Whether a title segment names a section ("Top stories", "World"), not a site."""
    words = re.findall(r"[\w.]+", segment.lower())
    return bool(words) and all(w in SECTION_WORDS for w in words)


def feed_outlet(title: str | None) -> str | None:
    """The outlet a feed's title names, without its section ("The Daily Ledger - Top stories"
    -> "The Daily Ledger", "World | Metro Wire" -> "Metro Wire"); None for a title that names
    only a section ("Top stories")."""
    if not title or not title.strip():
        return None
    parts = [p.strip() for p in SEPARATORS.split(title.strip()) if p.strip()]
    names = [p for p in parts if not is_section(p)]
    if not names:
        return None
    name = re.sub(r"\s+(?:rss|atom)(?:\s+feed)?$|\s+feed$", "", names[0], flags=re.I).strip()
    return name or None


def title_site_name(title: str) -> str | None:
    """The site name a page title carries as its last segment ("Floods hit Lombardy | Metro
    Wire" -> "Metro Wire"), or None: the segment must follow `` | ``, `` - ``, `` — `` or
    `` – `` (not a colon, which starts a headline's second half), be short (one to four
    capitalised words), name no section, and leave a headline of at least four words; a
    title without such a segment gives None, never its headline."""
    parts = SEPARATORS.split(title.strip())
    seps = SEPARATORS.findall(title.strip())
    if len(parts) < 2 or seps[-1].strip() == ":":
        return None
    segment, words = parts[-1].strip(), parts[-1].split()
    if (
        1 <= len(words) <= 4
        and all(w[:1].isupper() or w[:1].isdigit() or not w[:1].isalpha() for w in words)
        and not is_section(segment)
        and len(" ".join(parts[:-1]).split()) >= 4
    ):
        return segment
    return None
