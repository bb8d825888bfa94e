"""Atom feeds out (RFC 4287): what the server publishes for feed readers to follow stories.

Every text is escaped; entry contents are HTML carried as escaped text (``type="html"``), so
an article's words can never become markup in a reader. Entry ids are stable URNs chosen by
the caller, so a reader shows an entry once however often it polls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr


@dataclass(frozen=True)
class AtomEntry:
    """One entry: a stable id, a title, when it last changed (ISO 8601 UTC), a link and HTML."""

    id: str
    title: str
    updated: str
    link: str
    html: str


def html_list(items: Sequence[str]) -> str:
    """Plain texts as an HTML list, each escaped."""
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>" if items else ""


def atom_feed(
    title: str, feed_id: str, self_url: str, alternate: str, updated: str, entries: Sequence[AtomEntry]
) -> bytes:
    """The feed as UTF-8 XML."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{xml_escape(title)}</title>",
        f"<id>{xml_escape(feed_id)}</id>",
        f"<updated>{xml_escape(updated)}</updated>",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(self_url)}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(alternate)}/>',
        "<author><name>newsdesk</name></author>",
        "<generator>newsdesk</generator>",
    ]
    for e in entries:
        parts += [
            "<entry>",
            f"<id>{xml_escape(e.id)}</id>",
            f"<title>{xml_escape(e.title)}</title>",
            f"<updated>{xml_escape(e.updated)}</updated>",
            f'<link rel="alternate" type="text/html" href={quoteattr(e.link)}/>',
            f'<content type="html">{xml_escape(e.html)}</content>',
            "</entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts).encode("utf-8")
