"""Plain text for a terminal: what a person reads in a shell, with nothing escaped for
Markdown or HTML (Markdown output keeps its escapes; a table for a terminal has none)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for the annotations only
    from newsdesk.store.feeds import FeedRow


def _one_line(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def feeds_text(rows: Sequence[FeedRow]) -> str:
    """``newsdesk feeds list``: each feed on its own lines, its last error as the server gave it."""
    if not rows:
        return "No feeds yet: `newsdesk feeds add URL` or `newsdesk feeds add --opml FILE`.\n"
    out = []
    for r in rows:
        title = f"{r.title}" if r.title else "(no title yet)"
        folder = f" [{r.folder}]" if r.folder else ""
        out.append(f"{title}{folder}\n  {r.url}")
        status = "never fetched" if not r.checked_at else f"fetched {r.checked_at}, status {r.status or 'no answer'}"
        out.append(f"  {status}; {r.articles} articles; next due {r.next_due}")
        if r.error:
            out.append(f"  last error: {_one_line(r.error, 200)}")
    return "\n".join(out) + "\n"


def for_terminal(markdown: str) -> str:
    """Markdown as a terminal shows it: escaped brackets and HTML entities given back as the
    characters they stand for (article text is safe in a terminal; escapes only confuse)."""
    import html

    return html.unescape(markdown.replace("\\[", "[").replace("\\]", "]"))
