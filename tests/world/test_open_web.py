"""Following a small news web as a user does: three outlets' feeds over three days, through
the CLI, then reading what the user reads (``tests/world/build.py`` describes the world and
writes its truth beside it). Everything is checked against that truth: one story per event,
every date and outlet, every copy named, the reprint and the teaser never counted as
sources, the page junk gone, one headline per story, and each way a feed fails giving one
line and an exit status that says so."""

from __future__ import annotations

import contextlib
import io
import json
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsdesk.cli import main
from newsdesk.fetch.urls import canonical_url
from newsdesk.service.reports import story_report_json
from newsdesk.settings import Options
from newsdesk.store.db import Store
from tests.world.build import FEED_PATHS, NAMES
from tests.world.server import NewsWeb, refused_port

pytestmark = pytest.mark.slow  # twenty real pages fetched, cleaned, stored and grouped over three days

FAST = ["--delay", "0.01", "--splitter", "rules"]
REPORT = Options(embedder="tfidf", splitter="rules", words=120)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NewsWeb]:
    with NewsWeb(tmp_path_factory.mktemp("world")) as news:
        yield news


@pytest.fixture(scope="module")
def followed(web: NewsWeb, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The user subscribes on day 1 (two home pages and one feed) and updates once a day."""
    db = str(tmp_path_factory.mktemp("user") / "news.db")
    web.day = 1
    code, out, subscribed = run("feeds", "add", web.url("ledger", "/"), web.url("metro", FEED_PATHS["metro"]),
                                web.url("courier", "/"), "--db", db)  # fmt: skip
    assert code == 0, subscribed
    lines, after = {}, {}
    for day in (1, 2, 3):
        web.day = day
        code, out, err = run("update", "--all", "--db", db, *FAST)
        assert code == 0, err
        lines[day] = (out, err)
        with Store(db) as store:
            after[day] = store.conn.execute("SELECT MAX(ingested_at) FROM articles").fetchone()[0]
        time.sleep(1.05)  # the next day's articles are first seen at a later second (first_seen's resolution)
    return {"db": db, "subscribed": subscribed, "lines": lines, "after": after}


def truth_of(web: NewsWeb) -> dict[str, dict[str, Any]]:
    """The world's truth, keyed by the canonical URL the user's store holds."""
    truth = json.loads((web.folder / "truth.json").read_text())["articles"]
    return {canonical_url(web.base(key.split("/", 1)[0]) + "/" + key.split("/", 1)[1]): t for key, t in truth.items()}


def all_ids(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT id FROM articles")]


def bcubed(pairs: list[tuple[str, str]]) -> float:
    """B-cubed F1 of (story, event) labels, one pair an article."""
    by_story, by_event = defaultdict(set), defaultdict(set)
    for n, (story, event) in enumerate(pairs):
        by_story[story].add(n)
        by_event[event].add(n)
    p = sum(len(by_story[s] & by_event[e]) / len(by_story[s]) for s, e in pairs) / len(pairs)
    r = sum(len(by_story[s] & by_event[e]) / len(by_event[e]) for s, e in pairs) / len(pairs)
    return 2 * p * r / (p + r)


def test_home_pages_lead_to_their_feeds(web, followed):
    said = followed["subscribed"]
    assert f"subscribed to the feed it links to, {web.url('ledger', FEED_PATHS['ledger'])}" in said
    assert f"subscribed to the feed it links to, {web.url('courier', FEED_PATHS['courier'])}" in said
    with Store(followed["db"]) as store:
        assert {f.url for f in store.feeds()} == {web.url(o, FEED_PATHS[o]) for o in FEED_PATHS}


def test_every_article_arrives_and_stories_are_the_events(web, followed):
    truth = truth_of(web)
    with Store(followed["db"]) as store:
        rows = store.conn.execute("SELECT id, url FROM articles").fetchall()
        assert {url for _, url in rows} == set(truth), "every article of the world, once, by its canonical URL"
        pairs = [(store.story_of(i), truth[url]["event"]) for i, url in rows]
    assert bcubed(pairs) == 1.0, sorted(pairs)


def test_every_date_comes_from_the_most_trusted_place_and_is_right(web, followed):
    truth = truth_of(web)
    with Store(followed["db"]) as store:
        for article_id, url in store.conn.execute("SELECT id, url FROM articles"):
            art = store.article(article_id)
            want = truth[url]
            assert (art.published, art.date_source) == (want["date"], want["date_source"]), url


def test_every_outlet_is_its_name_never_a_host_or_a_headline(web, followed):
    truth = truth_of(web)
    with Store(followed["db"]) as store:
        outlets = {url: store.article(i).outlet for i, url in store.conn.execute("SELECT id, url FROM articles")}
    assert outlets == {url: t["outlet"] for url, t in truth.items()}


def test_a_page_read_on_its_own_names_its_outlet_from_its_markup(web, tmp_path):
    db = str(tmp_path / "pages.db")
    ledger = next(s for s in web.world.stories if s.outlet == "ledger")
    metro = next(s for s in web.world.stories if s.outlet == "metro")
    web.day = 3
    code, _, err = run(
        "ingest", web.url("ledger", ledger.path), web.url("metro", metro.path), "--db", db, "--splitter", "rules"
    )
    assert code == 0, err
    with Store(db) as store:
        found = {a.outlet: (a.published, a.date_source) for a in (store.article(i) for i in all_ids(store))}
    assert found == {NAMES["ledger"]: (ledger.date, "meta"), NAMES["metro"]: (metro.date, "dateline")}


def test_the_reprint_is_named_as_a_copy_and_the_teaser_is_partial_and_neither_is_a_source(web, followed):
    truth = truth_of(web)
    reprint = next(url for url, t in truth.items() if t["kind"] == "reprint")
    original = next(url for url, t in truth.items() if t["outlet"] == NAMES["ledger"] and t["event"] == "tesla-crash")
    members = next(url for url, t in truth.items() if t["kind"] == "members")
    with Store(followed["db"]) as store:
        ids = {url: i for i, url in store.conn.execute("SELECT id, url FROM articles")}
        teaser = store.article(ids[members])
        assert teaser.partial and "robots.txt" in teaser.partial
        for url in (reprint, members):
            story = store.story_of(ids[url])
            row = next(r for r in store.stories_table() if r.id == story)
            copies = len(store.copies_in_story(story))
            partial = sum(1 for a in store.story_articles(story) if a.partial)
            assert row.sources == row.articles - copies - partial
        data = story_report_json(store, store.story_of(ids[reprint]), REPORT)
    (copy,) = data["copies_left_out"]
    assert copy["article_id"] == ids[reprint] and copy["outlet"] == NAMES["courier"]
    assert copy["copy_of"]["article_id"] == ids[original] and copy["copy_of"]["outlet"] == NAMES["ledger"]
    cited = data["articles"][copy["copy_of"]["article"] - 1]
    assert cited["id"] == ids[original]


def test_the_story_page_json_and_markdown_name_the_copy_and_mark_the_teaser(web, followed):
    with Store(followed["db"]) as store:
        url_of = dict(store.conn.execute("SELECT id, url FROM articles").fetchall())
        reprint_story = next(store.story_of(i) for i, u in url_of.items() if "reprint" in u)
        members_story = next(store.story_of(i) for i, u in url_of.items() if "/members/" in u)
    code, out, _ = run("story", str(reprint_story), "--db", followed["db"], "--embedder", "tfidf")
    assert code == 0 and "## Copies left out" in out and f"{NAMES['courier']}" in out and "a copy of [" in out
    code, out, _ = run("story", str(members_story), "--db", followed["db"], "--embedder", "tfidf")
    assert code == 0 and "partial: the feed's text only, not an independent source" in out


def test_page_junk_goes_with_its_rule_named(followed):
    with Store(followed["db"]) as store:
        arts = [store.article(i) for i in all_ids(store)]
    text = "\n".join(a.text for a in arts)
    for junk in ("EMBED More News Videos", "pic.twitter.com", "#ABC7now", "CLOSE If", "(Photo:", "toggle caption"):
        assert junk not in text, junk
    reasons = {r.reason for a in arts for r in a.removed}
    assert {"video embed", "tweet embed", "image caption or credit"} <= reasons


def test_one_headline_per_story_in_the_list_the_report_and_the_page(followed):
    db = followed["db"]
    code, out, _ = run("stories", "--db", db, "--json")
    assert code == 0
    for row in json.loads(out):
        code, out, _ = run("story", str(row["id"]), "--db", db, "--embedder", "tfidf", "--json")
        assert code == 0 and json.loads(out)["headline"] == row["headline"]


def test_a_second_update_says_when_feeds_are_due_and_how_to_poll_now(followed):
    code, out, _ = run("update", "--db", followed["db"], *FAST)
    assert code == 0 and "0 feeds checked" in out and "the next is due at" in out and "--all" in out


# --- feeds that fail, fail loudly ------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("{ledger}/missing.rss", "HTTP 404"),
        ("http://127.0.0.1:{refused}/feed.xml", "127.0.0.1"),
        ("htp://127.0.0.1/feed.xml", "is not an http(s) URL"),
        ("127.0.0.1:{refused}/feed.xml", "has no scheme"),
        ("{metro}/", "links to 2 feeds; name one"),
        ("{ledger}/news/", "is a web page that links to no feed"),
    ],
)
def test_feeds_add_refuses_what_gives_no_feed_in_one_line_and_exit_2(web, tmp_path, url, says):
    web.day = 1
    url = url.format(ledger=web.base("ledger"), metro=web.base("metro"), refused=refused_port())
    db = str(tmp_path / "f.db")
    code, out, err = run("feeds", "add", url, "--db", db, "--connect-timeout", "2")
    assert code == 2 and "not subscribed" in out
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("newsdesk: not subscribed: ") and says in lines[0], err
    assert "Traceback" not in err
    with Store(db) as store:
        assert store.feed_count() == 0


def test_anyway_subscribes_and_then_an_update_where_every_feed_fails_exits_2(web, tmp_path):
    db = str(tmp_path / "f.db")
    code, _, _ = run("feeds", "add", web.url("ledger", "/missing.rss"), "--anyway", "--db", db)
    assert code == 0
    code, out, err = run("update", "--db", db, *FAST)
    assert code == 2 and "1 failed" in out
    assert err.count("HTTP 404") == 1 and "every feed polled failed" in err  # each failure said once


def test_update_refuses_a_feed_not_subscribed_and_a_store_with_none(web, tmp_path):
    db = str(tmp_path / "f.db")
    code, _, err = run("update", "--db", db)
    assert code == 2 and "no such database" in err and not Path(db).exists()  # no empty store made
    code, _, err = run("serve", "--db", db)
    assert code == 2 and "no such database" in err and not Path(db).exists()
    run("feeds", "add", web.url("ledger", FEED_PATHS["ledger"]), "--db", db)
    code, _, err = run("update", "--feed", web.url("metro", FEED_PATHS["metro"]), "--db", db)
    assert code == 2 and "is not a subscribed feed" in err
    run("feeds", "remove", web.url("ledger", FEED_PATHS["ledger"]), "--db", db)
    code, _, err = run("update", "--db", db)
    assert code == 2 and "follows no feed yet" in err


def test_a_damaged_opml_is_reported_with_what_could_be_read(web, tmp_path):
    whole = (
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
        f'<outline type="rss" text="Ledger" xmlUrl="{web.url("ledger", FEED_PATHS["ledger"])}"/>'
        f'<outline type="rss" text="Courier" xmlUrl="{web.url("courier", FEED_PATHS["courier"])}"/>'
        "</outline></body></opml>"
    )
    opml = tmp_path / "subs.opml"
    opml.write_text(whole[: whole.index('<outline type="rss" text="Courier"') + 30])  # cut short mid-outline
    code, out, err = run("feeds", "add", "--opml", str(opml), "--db", str(tmp_path / "o.db"))
    assert code == 0 and "1 feeds added" in out
    assert "is damaged or cut short" in err and "subs.opml" in err


def test_the_figure_one_outlet_gives_otherwise_is_a_conflict_naming_both_outlets(web, followed):
    truth = truth_of(web)
    with Store(followed["db"]) as store:
        ids = {url: i for i, url in store.conn.execute("SELECT id, url FROM articles")}
        story = store.story_of(ids[next(u for u, t in truth.items() if t["event"] == "airasia-wreck")])
    for embedder in ("minilm", "tfidf"):
        code, out, _ = run("story", str(story), "--db", followed["db"], "--embedder", embedder, "--json")
        data = json.loads(out)
        outlet = {a["number"]: a["outlet"] for a in data["articles"]}
        found = [c for c in data["agreement"]["conflicts"] if "155" in c["values"][0] + c["values"][1]]
        assert found, (embedder, data["agreement"]["conflicts"])
        (c,) = found
        assert "162" in c["values"][1] and "155" in c["values"][0]
        assert {outlet[x["article"]] for x in c["first"]["citations"]} == {NAMES["metro"]}
        assert NAMES["ledger"] in {outlet[x["article"]] for x in c["second"]["citations"]}


def test_what_is_new_after_day_one_is_brief_names_the_changed_figure_and_holds_no_junk(web, followed):
    truth = truth_of(web)
    since = followed["after"][1]
    with Store(followed["db"]) as store:
        ids = {url: i for i, url in store.conn.execute("SELECT id, url FROM articles")}
        stories = {store.story_of(ids[u]) for u, t in truth.items() if t["day"] >= 2}
        airasia = store.story_of(ids[next(u for u, t in truth.items() if t["event"] == "airasia-wreck")])
    for story in stories:
        code, out, _ = run("story", str(story), "--db", followed["db"], "--since", since, "--json")
        data = json.loads(out)
        brief = [u for u in data["updates"] if u["brief"]]
        assert data["updates"] and len(brief) <= 15, (story, len(brief))
        summary_words = sum(len(u["text"].split()) for u in brief if u["kind"] == "sentence")
        assert summary_words <= 80
        text = " ".join(u["text"] for u in data["updates"])
        for junk in ("EMBED More News Videos", "pic.twitter.com", "CLOSE If", "(Photo:", "Share this story"):
            assert junk not in text, (story, junk)
    code, out, _ = run("story", str(airasia), "--db", followed["db"], "--since", since, "--json")
    changed = [u["text"] for u in json.loads(out)["updates"] if u["kind"] == "changed"]
    assert any("155" in c and "162" in c and NAMES["metro"] in c and NAMES["courier"] in c for c in changed), changed
    code, out, _ = run("story", str(airasia), "--db", followed["db"], "--since", since)
    assert code == 0 and "## New since" in out and "→" in out
    code, out, _ = run("digest", "--since", since, "--db", followed["db"])
    for section in out.split("\n## ")[1:]:
        assert len([line for line in section.splitlines() if line.startswith("- ")]) <= 9  # 8 and a "more" line
