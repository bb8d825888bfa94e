"""OPML subscription lists, as feed readers (Feedly, Inoreader, NetNewsWire, Miniflux) export
them: OPML 1.0 and 2.0, feeds nested in folders."""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.errors import InputError
from newsdesk.fetch.urls import canonical_url


@dataclass(frozen=True)
class Subscription:
    """One feed of an OPML file, with its title and the folder path it sits in."""

    url: str
    title: str | None = None
    folder: str | None = None


def read_opml(path: str, data: bytes) -> tuple[list[Subscription], list[InputError]]:
    """The feeds of an OPML file, and a problem for each outline that looks like a feed but
    has no usable ``xmlUrl``.

    Raises:
        InputError: not an OPML file.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"not an OPML file ({exc})") from None
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise InputError(path, "not an OPML file (no <opml> root)")
    body = next((c for c in root if isinstance(c.tag, str) and etree.QName(c).localname.lower() == "body"), None)
    if body is None:
        raise InputError(path, "OPML file has no <body>")
    found: list[Subscription] = []
    problems: list[InputError] = []

    def walk(node: etree._Element, folders: tuple[str, ...]) -> None:
        for n, child in enumerate(node, start=1):
            if not isinstance(child.tag, str) or etree.QName(child).localname.lower() != "outline":
                continue
            attrs = {k.lower(): (v or "").strip() for k, v in child.attrib.items()}
            title = attrs.get("title") or attrs.get("text") or None
            url = attrs.get("xmlurl", "")
            if url:
                if url.lower().startswith(("http://", "https://")):
                    found.append(Subscription(canonical_url(url), title, "/".join(folders) or None))
                else:
                    problems.append(
                        InputError(f"{path}: outline {title or n}", f"feed URL '{url[:80]}' is not http(s)")
                    )
            elif attrs.get("type", "").lower() in ("rss", "atom", "feed"):
                problems.append(InputError(f"{path}: outline {title or n}", "a feed outline with no xmlUrl"))
            walk(child, (*folders, title) if not url and title else folders)

    walk(body, ())
    damage = [e for e in parser.error_log if e.level_name in ("ERROR", "FATAL")]
    if damage:  # recovered: what came before the damage was read
        first = damage[0]
        problems.append(
            InputError(
                path, f"is damaged or cut short (line {first.line}: {first.message}); the feeds before it were read"
            )
        )
    if not found and not problems:
        raise InputError(path, "holds no feed (no outline with an xmlUrl)")
    return list({s.url: s for s in found}.values()), problems
