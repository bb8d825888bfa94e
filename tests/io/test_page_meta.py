"""A page's date and site name, read as publishers mark them up; never a copyright year, a
date after the fetch, a headline or a host name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdesk.clean.titles import feed_outlet, title_site_name
from newsdesk.io.html import extract_html
from newsdesk.io.page_meta import page_meta

BODY = "".join(
    f"<p>Paragraph {n} of the report says the river rose by {n} metres overnight and crews worked until dawn.</p>"
    for n in range(1, 9)
)
NOW = datetime(2026, 12, 6, tzinfo=UTC)


def page(head: str = "", header: str = "", article_top: str = "", footer: str = "") -> str:
    return (
        f"<html><head><title>River floods the valley towns</title>{head}</head><body>"
        f"<header>{header}<nav>Home | World</nav></header><article><h1>River floods the valley towns</h1>"
        f"{article_top}{BODY}</article><footer>{footer}</footer></body></html>"
    )


@pytest.mark.parametrize(
    ("html", "published", "source"),
    [
        (page(head='<meta property="article:published_time" content="2026-11-24T08:05:00Z">'), "2026-11-24", "meta"),
        (
            page(
                head='<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-11-23"}</script>'
            ),
            "2026-11-23",
            "meta",
        ),
        (page(article_top='<time datetime="2026-11-22T10:00:00Z">Nov 22</time>'), "2026-11-22", "meta"),
        (page(article_top='<p class="dateline">Published Dec. 4, 2026 at 08:05 UTC</p>'), "2026-12-04", "dateline"),
        (page(article_top="<p>Updated Nov. 30, 2026</p><p>Published Nov. 29, 2026</p>"), "2026-11-29", "dateline"),
        (page(footer="© 2026 Metro Wire. Copyright 2014 KCTV. All rights reserved."), None, None),
        (page(footer='<time datetime="2014-01-01">2014</time>'), None, None),  # a footer's year is no date
        (page(head='<meta property="article:published_time" content="2027-03-01T00:00:00Z">'), None, None),  # after now
    ],
)
def test_dates_in_order_of_trust_and_never_a_copyright_year_or_the_future(html, published, source):
    meta = page_meta(html, NOW)
    assert (meta.published, meta.date_source) == (published, source)


@pytest.mark.parametrize(
    ("html", "site"),
    [
        (page(head='<meta property="og:site_name" content="The Daily Ledger">'), "The Daily Ledger"),
        (
            page(
                head='<script type="application/ld+json">{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Valley Courier"}}</script>'
            ),
            "Valley Courier",
        ),
        (page(header='<div class="masthead">Metro Wire</div>'), "Metro Wire"),
        (page(header='<a class="site-logo" href="/"><img src="l.png" alt="Harbor Times"></a>'), "Harbor Times"),
        (page(), None),
    ],
)
def test_the_site_name_from_its_markup_never_a_guess(html, site):
    assert page_meta(html, NOW).site_name == site


def test_an_html_page_names_its_outlet_and_dates_itself_but_a_feed_wins():
    from newsdesk.clean.cleaner import Hints

    html = page(
        head='<meta property="og:site_name" content="The Daily Ledger"><meta property="article:published_time" content="2026-11-24">',
        footer="© 2026 The Daily Ledger",
    )
    art = extract_html(html, "http://127.0.0.1:8123/a.html")
    assert (art.outlet, art.published, art.date_source) == ("The Daily Ledger", "2026-11-24", "meta")
    from_feed = extract_html(html, "x", Hints(outlet="Ledger Feeds", published="2026-11-25", date_source="feed"))
    assert (from_feed.outlet, from_feed.published, from_feed.date_source) == ("Ledger Feeds", "2026-11-25", "feed")
    bare = extract_html(page(), "http://127.0.0.1:8123/b.html")
    assert bare.outlet is None and bare.date_source == "none"  # never the host


@pytest.mark.parametrize(
    ("title", "outlet"),
    [
        ("The Daily Ledger - Top stories", "The Daily Ledger"),
        ("World | Metro Wire", "Metro Wire"),
        ("Valley Courier RSS feed", "Valley Courier"),
        ("Top stories", None),
        ("", None),
    ],
)
def test_a_feeds_title_without_its_section(title, outlet):
    assert feed_outlet(title) == outlet


@pytest.mark.parametrize(
    ("title", "site"),
    [
        ("River floods the valley towns | Metro Wire", "Metro Wire"),
        ("O.J. Simpson parole hearing could lead to his release", None),  # a headline is never an outlet
        ("Trump: Iran deal is dead now", None),
        ("Floods | World", None),
    ],
)
def test_a_site_name_from_a_page_title_only_when_it_is_one(title, site):
    assert title_site_name(title) == site


def test_the_publishers_calendar_day_in_the_url_settles_a_utc_time_and_dates_a_bare_page():
    late = page(head='<meta property="article:published_time" content="2019-11-19T02:34:30Z">')
    assert page_meta(late, NOW, "https://example.com/2019/11/18/markets/index.html").published == "2019-11-18"
    far = page(head='<meta property="article:published_time" content="2019-11-25T02:34:30Z">')
    assert page_meta(far, NOW, "https://example.com/2019/11/18/markets/index.html").published == "2019-11-25"
    bare = page_meta(page(), NOW, "https://example.com/statements/2019/nov/18/claim/")
    assert (bare.published, bare.date_source) == ("2019-11-18", "url")


@pytest.mark.parametrize(
    ("og", "publisher", "site"),
    [
        ("TheHill", "The Hill", "The Hill"),
        ("WSJ", "Wall Street Journal", "Wall Street Journal"),
        ("usatoday", "USA TODAY", "USA TODAY"),
        ("SFGate", "Associated Press", "SFGate"),  # another name, not the handle's: the site's own stays
        ("The Jerusalem Post | JPost.com", None, "The Jerusalem Post"),
        ("U.S.", "Reuters", "Reuters"),  # a section is no site name
    ],
)
def test_a_handle_yields_to_the_publishers_name_when_it_abbreviates_it(og, publisher, site):
    ld = (
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "publisher": {{"name": "{publisher}"}}}}</script>'
        if publisher
        else ""
    )
    assert page_meta(page(head=f'<meta property="og:site_name" content="{og}">{ld}'), NOW).site_name == site
