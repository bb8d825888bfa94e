"""A small news web built the way real sites are, for following as a user would.

Three outlets, each with its own page template and feed, publish six events over three
simulated days, from the full-length articles of ``../shared/data/multinews-full/dev.jsonl``
and the bundled examples (``../shared/examples/``):

- **The Daily Ledger**: ``og:site_name``, ``article:published_time`` and JSON-LD on every
  page, the site name in the title ("Headline | The Daily Ledger"); its RSS feed ("The
  Daily Ledger - Top stories") gives no dates; a footer "© 2026 The Daily Ledger".
- **Metro Wire**: no metadata at all; the name only in the masthead and the feed's title
  ("World | Metro Wire"); a visible "Published Nov. 24, 2026 at 08:05 UTC" line; a footer
  with "© 2026 Metro Wire" and a syndication credit "Copyright 2014 KCTV"; its home page links
  two feeds; its RSS gives no dates.
- **Valley Courier**: no date and no name on its pages; its Atom feed ("Valley Courier -
  Latest news") dates every entry; robots.txt keeps a members' page from crawlers (its entry
  arrives as the feed's teaser only); it reprints a Ledger article word for word.

Feed links carry ``utm_`` tracking parameters. One AirAsia report gives "155 passengers and
crew" where the others say "162 people on board" (a figure that disagrees). The article
texts carry their real junk: video embeds, tweets, photo captions, copyright lines and the
dates of their first publication years ago, none of which may date an article.

``build_world(folder)`` writes one site folder per outlet and day (``day1/ledger/...``) and
``truth.json``: the event, outlet, date and kind of every article, keyed by its canonical URL
path. The news is real; the outlets, days and URLs are this world's.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from tests.conftest import EXAMPLES, SHARED

FULL = SHARED / "data" / "multinews-full" / "dev.jsonl"
DAYS = {1: "2026-11-23", 2: "2026-11-24", 3: "2026-11-25"}
# the events: Multi-News test clusters chosen for the page junk and figures they carry
# (position in dev.jsonl), and the bundled example
EVENTS = {
    "tesla-crash": 94,  # video embeds, tweets, "Friday.The", a company statement
    "airasia-wreck": 73,  # "162 people on board"
    "oj-parole": 72,  # "CLOSE ...", "(Photo: ...)", "O.J.", a fourth report for the members' page
    "cosby-sentence": 29,  # "EMBED More News Videos"
    "rite-aid-shooting": 28,  # "three people" killed, "three others" wounded
    "japan-us-defence": None,  # ../shared/examples
}
OUTLETS = ("ledger", "metro", "courier")
NAMES = {"ledger": "The Daily Ledger", "metro": "Metro Wire", "courier": "Valley Courier"}
FEED_TITLES = {
    "ledger": "The Daily Ledger - Top stories",
    "metro": "World | Metro Wire",
    "courier": "Valley Courier - Latest news",
}
FEED_PATHS = {"ledger": "/rss/top.xml", "metro": "/feeds/world.rss", "courier": "/atom.xml"}
DATE_SOURCE = {"ledger": "meta", "metro": "dateline", "courier": "feed"}  # what each outlet's articles are dated by
ROBOTS = {"courier": "User-agent: *\nDisallow: /members/\n"}
CHANGED_FIGURE = ("162 people", "155 passengers and crew")


@dataclass
class Story:
    """One article of the world."""

    key: str
    event: str
    outlet: str
    day: int
    headline: str
    paragraphs: list[str]
    kind: str = "report"  # "report", "reprint" (a copy of another outlet's) or "members" (robots-disallowed)
    copy_of: str | None = None
    path: str = ""
    date: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.date = DAYS[self.day]
        folder = "members" if self.kind == "members" else "news"
        slug = re.sub(r"[^a-z0-9]+", "-", self.headline.lower()).strip("-")[:60]
        self.path = f"/{folder}/{self.key}-{slug}.html"


def _documents(event: str) -> list[str]:
    position = EVENTS[event]
    if position is None:
        return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    with FULL.open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n == position:
                return list(json.loads(line)["documents"])
    raise LookupError(f"{FULL} has no line {position}")


def _headline_and_body(text: str, example: bool) -> tuple[str, list[str]]:
    """A page's headline and paragraphs. An example's title is its first line of four words
    or more that is no date, byline or promotion (its header lines are left out: the world
    dates it). A Multi-News document's first short line without a full stop is its title
    (a leading "By ..." line skipped), else its first ten words are."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    if example:
        title = next(
            n
            for n, line in enumerate(lines)
            if len(line.split()) >= 4
            and not re.match(r"(Published|By )", line)
            and "|" not in line
            and "JOIN NOW" not in line
        )
        body = [line for line in lines[title + 1 :] if len(line.split()) >= 8 and line != lines[title]]
        return lines[title], body
    while lines and lines[0].startswith("By "):
        lines = lines[1:]
    if len(lines[0].split()) <= 14 and not lines[0].endswith((".", '"', "”")):
        return lines[0], lines[1:]
    first = re.sub(r"^(EMBED More News Videos|CLOSE)\s+", "", lines[0])  # a video player's words are no headline
    words = re.sub(r"\s*\([^)]*\)", "", first).split()
    return " ".join(words[:10]).rstrip(",;:"), lines


def stories() -> list[Story]:
    """Every article of the world: each event reported by each outlet (its first, second and
    third document), three events breaking on day 1 and three on day 2, the third report a
    day later; the members' page and the reprint on day 2."""
    out: list[Story] = []
    for e, event in enumerate(EVENTS):
        docs = _documents(event)
        start = 1 if e < 3 else 2
        for k, outlet in enumerate(OUTLETS):
            headline, body = _headline_and_body(docs[k], EVENTS[event] is None)
            if event == "airasia-wreck" and outlet == "metro":
                body = [p.replace(*CHANGED_FIGURE) for p in body]
                assert any(CHANGED_FIGURE[1] in p for p in body), "the planted figure must be in the text"
            out.append(Story(f"{event}-{outlet}", event, outlet, start + (k == 2), headline, body))
    oj = _documents("oj-parole")[3]
    headline, body = _headline_and_body(oj, False)
    out.append(Story("oj-parole-members", "oj-parole", "courier", 2, headline, body, kind="members"))
    tesla = next(s for s in out if s.key == "tesla-crash-ledger")
    out.append(
        Story(
            "tesla-crash-reprint",
            "tesla-crash",
            "courier",
            2,
            tesla.headline,
            [*tesla.paragraphs, "This article originally appeared in The Daily Ledger."],
            kind="reprint",
            copy_of=tesla.path,
        )
    )
    return out


# --- page templates -------------------------------------------------------------------------


def _paras(story: Story) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)


def ledger_page(story: Story) -> str:
    h = html.escape(story.headline)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.headline,
        "datePublished": f"{story.date}T08:05:00Z",
        "publisher": {"@type": "Organization", "name": "The Daily Ledger"},
    }
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{h} | The Daily Ledger</title>'
        '<meta property="og:site_name" content="The Daily Ledger">'
        f'<meta property="og:title" content="{h}">'
        f'<meta property="article:published_time" content="{story.date}T08:05:00Z">'
        f'<link rel="alternate" type="application/rss+xml" title="Top stories" href="{FEED_PATHS["ledger"]}">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
        '<header><a class="logo" href="/">The Daily Ledger</a><nav><a href="/">Home</a> | <a href="/world">World</a></nav></header>'
        f'<main><article><h1>{h}</h1><p class="byline">By Staff Reporter</p>{_paras(story)}</article>'
        '<aside><h2>Most read</h2><ul><li><a href="/x">Council approves budget</a></li></ul></aside></main>'
        "<footer><p>© 2026 The Daily Ledger. All rights reserved.</p></footer></body></html>"
    )


def metro_page(story: Story) -> str:
    h = html.escape(story.headline)
    day = story.date.split("-")
    stamp = f"Published Nov. {int(day[2])}, {day[0]} at 08:05 UTC"
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{h}</title></head><body>'
        '<header><div class="masthead">Metro Wire</div><ul class="menu"><li>World</li><li>Sport</li></ul></header>'
        f'<div class="story"><h1>{h}</h1><p class="dateline">{stamp}</p>{_paras(story)}</div>'
        "<footer><p>© 2026 Metro Wire</p><p>Some video Copyright 2014 KCTV. All rights reserved.</p></footer>"
        "</body></html>"
    )


def courier_page(story: Story) -> str:
    h = html.escape(story.headline)
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{h}</title></head><body>'
        '<div id="top"><a href="/">Home</a> <a href="/local">Local</a></div>'
        f"<section><h2>{h}</h2>{_paras(story)}"
        "<p>Share this story: Facebook | Twitter | Email</p></section>"
        '<div class="footer">Contact us · Advertise · Terms of use</div></body></html>'
    )


TEMPLATES = {"ledger": ledger_page, "metro": metro_page, "courier": courier_page}


def _teaser(story: Story) -> str:
    text = " ".join(story.paragraphs[:3])
    return " ".join(text.split()[:60])


def rss(outlet: str, base: str, items: list[Story]) -> str:
    body = "".join(
        f"<item><title>{html.escape(s.headline)}</title>"
        f"<link>{html.escape(base + s.path)}?utm_source=rss&amp;utm_medium=feed</link>"
        f'<guid isPermaLink="false">{s.key}</guid><description>{html.escape(_teaser(s))}</description></item>'
        for s in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(FEED_TITLES[outlet])}</title><link>{base}/</link>"
        f"<description>News</description>{body}</channel></rss>"
    )


def atom(outlet: str, base: str, items: list[Story]) -> str:
    body = "".join(
        f"<entry><title>{html.escape(s.headline)}</title>"
        f'<link rel="alternate" href="{html.escape(base + s.path)}?utm_source=atom&amp;utm_campaign=daily"/>'
        f"<id>urn:courier:{s.key}</id><published>{s.date}T09:30:00Z</published><updated>{s.date}T09:30:00Z</updated>"
        f"<summary>{html.escape(_teaser(s))}</summary></entry>"
        for s in items
    )
    updated = max((s.date for s in items), default=DAYS[1])
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{html.escape(FEED_TITLES[outlet])}</title><id>urn:courier</id>"
        f"<updated>{updated}T09:30:00Z</updated>{body}</feed>"
    )


def home(outlet: str) -> str:
    links = {
        "ledger": f'<link rel="alternate" type="application/rss+xml" title="Top stories" href="{FEED_PATHS["ledger"]}">',
        "metro": f'<link rel="alternate" type="application/rss+xml" title="World" href="{FEED_PATHS["metro"]}">'
        '<link rel="alternate" type="application/rss+xml" title="Sport" href="/feeds/sport.rss">',
        "courier": f'<link rel="alternate" type="application/atom+xml" title="Latest" href="{FEED_PATHS["courier"]}">',
    }[outlet]
    return f"<!doctype html><html><head><title>{NAMES[outlet]}</title>{links}</head><body><h1>{NAMES[outlet]}</h1></body></html>"


@dataclass(frozen=True)
class World:
    """The world on disk: ``folder/dayN/OUTLET/...`` and ``truth.json``."""

    folder: Path
    stories: tuple[Story, ...]

    def truth(self) -> dict[str, dict[str, object]]:
        """Each article's event, outlet (its name), date, kind and what it copies, by URL path
        and outlet."""
        return {
            f"{s.outlet}{s.path}": {
                "event": s.event,
                "outlet": NAMES[s.outlet],
                "date": s.date,
                "date_source": "feed" if s.kind == "members" else DATE_SOURCE[s.outlet],
                "kind": s.kind,
                "copy_of": f"ledger{s.copy_of}" if s.copy_of else None,
                "day": s.day,
            }
            for s in self.stories
        }


def build_world(folder: Path, bases: dict[str, str]) -> World:
    """Write the three outlets' sites for each day under ``folder`` (``bases``: each outlet's
    ``http://127.0.0.1:PORT``, which its feeds link to) and ``truth.json``."""
    everything = stories()
    for day in DAYS:
        for outlet in OUTLETS:
            site = folder / f"day{day}" / outlet
            published = [s for s in everything if s.outlet == outlet and s.day <= day]
            for s in published:
                page = site / s.path.lstrip("/")
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(TEMPLATES[outlet](s), encoding="utf-8")
            newest = sorted(published, key=lambda s: (-s.day, s.key))
            feed = atom(outlet, bases[outlet], newest) if outlet == "courier" else rss(outlet, bases[outlet], newest)
            (site / FEED_PATHS[outlet].lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
            (site / FEED_PATHS[outlet].lstrip("/")).write_text(feed, encoding="utf-8")
            (site / "index.html").write_text(home(outlet), encoding="utf-8")
            if outlet == "metro":
                (site / "feeds" / "sport.rss").write_text(rss(outlet, bases[outlet], []), encoding="utf-8")
            (site / "robots.txt").write_text(ROBOTS.get(outlet, "User-agent: *\nAllow: /\n"), encoding="utf-8")
        when = datetime.fromisoformat(f"{DAYS[day]}T10:00:00+00:00").timestamp()
        for path in (folder / f"day{day}").rglob("*"):  # Last-Modified is the day's: a conditional GET sees the news
            os.utime(path, (when, when))
    world = World(folder, tuple(everything))
    (folder / "truth.json").write_text(
        json.dumps({"articles": world.truth(), "stories": [asdict(s) for s in everything]}, indent=1)
    )
    return world
