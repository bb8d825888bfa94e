"""What is new in a story since a moment, on constructed sequences: day-1 reports, then a copy
only, or a new development with a new quote and a changed casualty count."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from newsdesk.analyze.updates import parse_since
from newsdesk.cli import main
from newsdesk.service.ingest import ingest
from newsdesk.service.reports import story_report_json
from newsdesk.settings import IngestOptions, Options
from newsdesk.store.db import Store
from tests.conftest import Clock, write

FAST = Options(embedder="tfidf", splitter="rules")
DAY1 = [
    {
        "id": "a",
        "outlet": "Daily Post",
        "published": "2026-03-02",
        "title": "Floods kill 12 in Lombardy",
        "text": "Floods hit the northern province of Lombardy on Sunday after three days of heavy rain, officials said.\n\n"
        "At least 12 people died in the floods in Lombardy and 300 were evacuated from their homes, officials said.\n\n"
        "Rescue teams worked through the night to reach villages cut off by the water in the Lombardy valleys.",
    },
    {
        "id": "b",
        "outlet": "Morning Star",
        "published": "2026-03-02",
        "title": "Deadly floods in northern Italy",
        "text": "Heavy rain caused deadly floods across Lombardy in northern Italy over the weekend, officials said.\n\n"
        "At least 12 people died in the floods in Lombardy, and hundreds were evacuated, the regional government said.\n\n"
        "The regional governor of Lombardy declared a state of emergency after the deadly floods on Sunday.",
    },
]
COPY = {**DAY1[1], "id": "b-copy", "outlet": "Wire Digest", "text": "Syndicated: " + DAY1[1]["text"]}
DEVELOPMENT = {
    "id": "c",
    "outlet": "Evening News",
    "published": "2026-03-03",
    "title": "Lombardy flood toll rises to 31",
    "text": "At least 31 people died in the floods in Lombardy, officials said on Tuesday, as the waters began to recede.\n\n"
    '"We have never seen water like this in Lombardy," said Mayor Anna Rossi of Sondrio after visiting the valleys.\n\n'
    "Engineers began inspecting three bridges in the Lombardy valleys that the floods had damaged on Monday.",
}


def jsonl(path: Path, records: list[dict[str, str]]) -> str:
    return str(write(path, "\n".join(json.dumps(r) for r in records) + "\n"))


def day1_then(tmp_path: Path, later: list[dict[str, str]]) -> tuple[Store, int, str]:
    clock = Clock()
    store = Store(tmp_path / "n.db", clock=clock)
    ingest([jsonl(tmp_path / "day1.jsonl", DAY1)], store, IngestOptions(splitter="rules"))
    since = clock.advance()
    ingest([jsonl(tmp_path / "day2.jsonl", later)], store, IngestOptions(splitter="rules"))
    (story,) = store.story_ids()
    return store, story, since


def test_a_syndicated_copy_only_is_nothing_new(tmp_path):
    store, story, since = day1_then(tmp_path, [COPY])
    with store:
        data = story_report_json(store, story, FAST, since)
    assert data["updates"] == [] and "nothing new" in data["updates_note"]
    assert data["near_duplicates"] == 1


def test_a_new_development_gives_its_quote_and_the_changed_count_and_only_new_content(tmp_path):
    store, story, since = day1_then(tmp_path, [DEVELOPMENT])
    with store:
        data = story_report_json(store, story, FAST, since)
    numbers = {a["number"]: a for a in data["articles"]}
    new = next(n for n, a in numbers.items() if a["outlet"] == "Evening News")
    kinds = {u["kind"] for u in data["updates"]}
    assert {"quote", "changed", "sentence", "outlet"} <= kinds
    (changed,) = [u for u in data["updates"] if u["kind"] == "changed"]
    assert "12" in changed["text"] and "31" in changed["text"]
    assert changed["text"].index("12") < changed["text"].index("31")  # earlier value first
    assert "Evening News" in changed["text"] and ("Daily Post" in changed["text"] or "Morning Star" in changed["text"])
    quotes = [u for u in data["updates"] if u["kind"] == "quote"]
    assert len(quotes) == 1 and "never seen water like this" in quotes[0]["text"]
    for u in data["updates"]:
        if u["kind"] in ("sentence", "quote", "outlet"):
            assert {c["article"] for c in u["citations"]} == {new}, u  # only the new article says it
    sentences = [u["text"] for u in data["updates"] if u["kind"] == "sentence"]
    assert not any("evacuated" in s or "state of emergency" in s for s in sentences)  # day-1 content is not new
    assert any("bridges" in s for s in sentences)


def test_a_quotation_the_update_summary_gives_is_not_listed_again_in_the_brief(tmp_path):
    store, story, since = day1_then(tmp_path, [DEVELOPMENT])
    with store:
        data = story_report_json(store, story, FAST, since)
    summary = " ".join(u["text"] for u in data["updates"] if u["kind"] == "sentence" and u["brief"])
    (quote,) = [u for u in data["updates"] if u["kind"] == "quote"]
    assert "never seen water like this" in summary  # the summary gives the mayor's words
    assert not quote["brief"]  # listed with --all only


def test_a_changed_figure_compares_each_article_s_own_count_not_its_background_or_a_part(tmp_path):
    # the day-1 reports go on to other floods and to those found in one village; the new
    # report gives the same toll of 12: nothing changed
    background = [
        {
            **DAY1[0],
            "text": DAY1[0]["text"]
            + "\n\nFour people died in the floods in the Lombardy village of Sondrio, officials said.\n\n"
            "Floods in Piedmont last spring left 40 people dead in the Lombardy border valleys.",
        },
        DAY1[1],
    ]
    same_toll = {**DEVELOPMENT, "title": "Lombardy floods recede", "text": DEVELOPMENT["text"].replace("31", "12")}
    clock = Clock()
    store = Store(tmp_path / "n.db", clock=clock)
    ingest([jsonl(tmp_path / "day1.jsonl", background)], store, IngestOptions(splitter="rules"))
    since = clock.advance()
    ingest([jsonl(tmp_path / "day2.jsonl", [same_toll])], store, IngestOptions(splitter="rules"))
    (story,) = store.story_ids()
    with store:
        data = story_report_json(store, story, FAST, since)
    assert [u["text"] for u in data["updates"] if u["kind"] == "changed"] == []


def test_the_brief_update_is_a_short_summary_of_what_is_new_and_the_rest_waits_for_all(tmp_path, capsys):
    store, story, since = day1_then(tmp_path, [DEVELOPMENT])
    short_options = replace(FAST, words=20)  # the update takes --words when it asks for fewer than 80
    with store:
        data = story_report_json(store, story, short_options, since)
    sentences = [u for u in data["updates"] if u["kind"] == "sentence"]
    brief = [u for u in sentences if u["brief"]]
    assert brief and sum(len(u["text"].split()) for u in brief) <= 20
    assert len(sentences) > len(brief)  # the other new sentences wait for --all
    store.close()
    db = str(tmp_path / "n.db")
    args = [
        "story",
        str(story),
        "--db",
        db,
        "--since",
        since,
        "--embedder",
        "tfidf",
        "--words",
        "20",
    ]
    assert main(args) == 0
    short = capsys.readouterr().out
    assert "more new item(s): `--all` lists them" in short
    assert main([*args, "--all"]) == 0
    assert len(capsys.readouterr().out) > len(short)


def test_nothing_first_seen_since_says_so(tmp_path):
    store, story, _ = day1_then(tmp_path, [DEVELOPMENT])
    with store:
        data = story_report_json(store, story, FAST, "2999-01-01T00:00:00+00:00")
    assert data["updates"] == [] and data["updates_note"].startswith("No article first seen since")


def test_first_reported_by_names_the_earliest_article(tmp_path):
    store, story, _ = day1_then(tmp_path, [DEVELOPMENT])
    with store:
        data = story_report_json(store, story, FAST)
    for fact in data["agreement"]["corroborated"]:
        first = fact["first_reported"]
        dates = [a["published"] for a in data["articles"] if a["number"] in {c["article"] for c in fact["citations"]}]
        assert first["when"] == min(dates)


def test_story_since_in_the_cli(tmp_path, capsys):
    store, story, since = day1_then(tmp_path, [DEVELOPMENT])
    store.close()
    db = str(tmp_path / "n.db")
    assert main(["story", str(story), "--db", db, "--since", since, "--embedder", "tfidf"]) == 0
    out = capsys.readouterr().out
    assert f"## New since {since}" in out and "**changed**" in out and "never seen water like this" in out
    assert main(["story", str(story), "--db", db, "--since", "3d", "--embedder", "tfidf", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["updates"]) >= 3  # everything was first seen within 3 days
    assert main(["story", str(story), "--db", db, "--since", "yesterday"]) == 2
    assert "neither an ISO time" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-28", "2026-11-28T00:00:00+00:00"),
        ("2026-11-28T09:30+01:00", "2026-11-28T08:30:00+00:00"),
        ("2026-11-28T09:30:00 00:00", "2026-11-28T09:30:00+00:00"),
    ],
)
def test_since_reads_iso_times_as_utc(text, expected):
    assert parse_since(text) == expected


def test_digest_ranks_stories_by_new_independent_sources_and_leaves_out_copies(tmp_path, capsys):
    other = [
        {**DEVELOPMENT, "id": f"x{n}", "outlet": f"Outlet {n}", "title": f"Harbour strike day {n}",
         "text": f"Dock workers in Genoa went on strike for the {n} day running over pay, union leaders said on Tuesday.\\n\\n"
         f"The strike closed {n + 2} of the port's container terminals, the port authority said in a statement."}
        for n in (2, 3)
    ]  # fmt: skip
    clock = Clock()
    store = Store(tmp_path / "n.db", clock=clock)
    ingest([jsonl(tmp_path / "day1.jsonl", [*DAY1, other[0]])], store, IngestOptions(splitter="rules"))
    since = clock.advance()
    ingest([jsonl(tmp_path / "day2.jsonl", [COPY, DEVELOPMENT, other[1]])], store, IngestOptions(splitter="rules"))
    store.close()
    assert main(["digest", "--since", since, "--db", str(tmp_path / "n.db"), "--embedder", "tfidf", "--json"]) == 0
    stories = json.loads(capsys.readouterr().out)["stories"]
    assert [s["new_sources"] for s in stories] == sorted((s["new_sources"] for s in stories), reverse=True)
    floods = next(s for s in stories if "Lombardy" in s["headline"] or "flood" in s["headline"].lower())
    assert floods["new_sources"] == 1  # the development; the copy is not a new source
    assert main(["digest", "--since", since, "--db", str(tmp_path / "n.db"), "--embedder", "tfidf"]) == 0
    assert f"# What is new since {since}" in capsys.readouterr().out


DAM = {"id": "dam", "outlet": "Daily Post", "published": "2026-03-02", "title": "Dam at Valmora cracks after storm",
       "text": "Engineers found a crack in the Valmora dam on Sunday after the storm, and the reservoir was lowered.\n\n"
       "The Valmora dam holds water for four towns; the engineers said the crack was being watched around the clock."}  # fmt: skip
FAMILIES = {"id": "fam", "outlet": "Morning Star", "published": "2026-03-02", "title": "Families leave Castelnuovo homes",
            "text": "Hundreds of families left their homes in Castelnuovo on Sunday night, carrying what they could, as sirens sounded.\n\n"
            "Buses took the families of Castelnuovo to a sports hall in the next town, the mayor said."}  # fmt: skip
BRIDGE = {"id": "both", "outlet": "Evening News", "published": "2026-03-03", "title": "Valmora dam crack forces Castelnuovo evacuation",
          "text": "The crack in the Valmora dam forced the evacuation of Castelnuovo, where hundreds of families left their homes on Sunday night as sirens sounded.\n\n"
          "Engineers lowered the Valmora reservoir and said the dam crack was watched around the clock while the families of Castelnuovo waited in a sports hall."}  # fmt: skip


def test_an_article_that_shows_two_stories_are_one_merges_them_and_the_old_id_redirects(tmp_path, capsys):
    from fastapi.testclient import TestClient

    from newsdesk.settings import ServeOptions
    from newsdesk.web.app import create_app

    db = tmp_path / "n.db"
    with Store(db) as store:
        ingest([jsonl(tmp_path / "day1.jsonl", [DAM, FAMILIES])], store, IngestOptions(splitter="rules"))
        assert sorted(store.story_ids()) == [1, 2]
        story_report_json(store, 2, FAST)  # a cached report of the story about to be merged
        ingest([jsonl(tmp_path / "day2.jsonl", [BRIDGE])], store, IngestOptions(splitter="rules"))
        assert store.story_ids() == [1] and store.resolve_story(2) == 1
        (row,) = store.stories_table()
        assert row.articles == 3 and row.sources == 3  # the list's figures follow the merge
        assert store.conn.execute("SELECT COUNT(*) FROM reports WHERE story_id = 2").fetchone()[0] == 0
        assert store.max_story_id() == 2  # the alias keeps its number from being reused
    assert main(["story", "2", "--db", str(db), "--embedder", "tfidf", "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["story"] == 1 and "story 2 was merged into story 1" in out.err
    with TestClient(create_app(ServeOptions(str(db), FAST)), base_url="http://127.0.0.1") as client:
        page = client.get("/story/2?since=3d", follow_redirects=False)
        assert page.status_code == 301 and page.headers["location"] == "/story/1?since=3d"
        api = client.get("/api/stories/2", follow_redirects=False)
        assert api.status_code == 308 and api.headers["location"] == "/api/stories/1"
        assert client.get("/api/stories/2").json()["story"] == 1
        assert client.get("/api/stories/3").status_code == 404


def test_the_update_never_offers_page_junk_or_a_quotation_without_its_speaker():
    from newsdesk.analyze.updates import _readable

    assert _readable("Engineers began inspecting three bridges that the floods had damaged on Monday.")
    assert not _readable('"We need to move on."')  # who says so?
    assert not _readable("Indonesian officials... (Associated Press)")  # a caption cut short
    assert not _readable("Share this story: Facebook | Twitter | Email")
    assert not _readable("Too short.")
    assert not _readable(  # a photo's caption
        "Navy personnel carry a bag at sea off the coast of Pangkalan Bun, Indonesia, Saturday, Jan. 3, 2015."
    )
    assert _readable("Search teams found the wreck on Saturday, Jan. 3, after a week at sea, officials said.")
    assert not _readable("That would signal problems like a mechanical error or a stall.")  # what would?
    assert _readable("This week the airline said it would fly the route again on Sunday.")
    assert not _readable("That same procedure will be followed on Thursday.")  # which procedure?
    assert not _readable("Much of it involves computer-based simulations.")  # of what?
    assert not _readable("At last count it held nearly 1,600 inmates.")  # what held them?
    assert _readable("At last count the prison held nearly 1,600 inmates.")
    assert _readable("In a statement it issued on Friday, the company said the car was on autopilot.")


def test_a_story_that_turns_out_to_hold_two_events_splits_and_its_page_says_where_articles_went(tmp_path):
    from fastapi.testclient import TestClient

    from newsdesk.io.markdown import story_markdown
    from newsdesk.settings import ServeOptions
    from newsdesk.web.app import create_app
    from tests.cluster.test_facts import FIRST, SECOND
    from tests.service.test_ingest import synthetic_jsonl

    def quakes(name: str, texts: list[str]) -> str:
        records = [{"id": f"{name}{k}", "title": "Earthquake on Qeshm island", "published": "2026-03-01", "text": t}
                   for k, t in enumerate(texts)]  # fmt: skip
        return jsonl(tmp_path / f"{name}.jsonl", records)

    db = tmp_path / "n.db"
    with Store(db) as store:
        background = synthetic_jsonl(tmp_path / "background.jsonl", 40)  # so the quake's words are rare
        ingest([str(background), quakes("day1", FIRST[:3] + SECOND[:1])], store, IngestOptions(splitter="rules"))

        def stories_of(texts: list[str]) -> set[int | None]:
            rows = store.conn.execute("SELECT id, text FROM articles").fetchall()
            return {store.story_of(i) for i, text in rows if any(text.startswith(t[:40]) for t in texts)}

        (story,) = stories_of(FIRST[:3] + SECOND[:1])  # the second quake's first report: one story
        assert store.moves_from(story) == []
        stats = ingest([quakes("day2", FIRST[3:] + SECOND[1:])], store, IngestOptions(splitter="rules"))
        assert stats.new_stories == 1  # the part split off is a new story
        first, second = stories_of(FIRST), stories_of(SECOND)
        assert first == {story} and len(second) == 1 and second != first  # the larger part keeps the id
        (other,) = second
        # the one article readers saw in the story moved; the three new ones were never shown there
        assert [(t, n) for t, n, _ in store.moves_from(story)] == [(other, 1)]
        data = story_report_json(store, story, FAST)
    assert data["moved_out"][0]["story"] == other
    assert f"1 article moved to story {other} on " in story_markdown(data)
    with TestClient(create_app(ServeOptions(str(db), FAST)), base_url="http://127.0.0.1") as client:
        page = client.get(f"/story/{story}").text
        assert f'<a href="/story/{other}">story {other}</a>' in page and "another event" in page
