"""Property-based tests (hypothesis): random bytes and Unicode (right-to-left, combining
marks, lone surrogates where Python allows them), huge lines and deeply nested or unclosed
HTML through the readers, the cleaner, the splitters, the date resolver and the writers.

Invariants: only ``InputError`` escapes a reader; every sentence's offsets index the cleaned
text and slice back to the sentence; the cleaned text holds only characters of the input (and
the spaces and newlines it lays out); the Markdown writer leaves no tag-like string unescaped.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.analyze.timeline import find_dates
from newsdesk.clean.cleaner import clean_text
from newsdesk.errors import InputError
from newsdesk.io.markdown import md_escape
from newsdesk.io.readers import known_extensions, read_data
from newsdesk.model import Article
from newsdesk.text.sentences import split_article

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORDS = st.sampled_from(
    [
        "Floods",
        "hit",
        "Lombardy",
        "on",
        "Sunday.",
        "مرحبا",
        "שלום",
        "e\u0301",
        "\u202eevil",
        "<script>",
        "</p>",
        "&amp;",
        "\u200b",
        "Mr.",
        "U.S.",
        "“quoted”",
        "12",
        "\t",
        "\u00a0",
        "Feb.",
        "29,",
        "2017",
        "last",
        "week",
    ]  # fmt: skip
)
PROSE = st.lists(WORDS, min_size=1, max_size=80).map(" ".join)
TEXT = st.one_of(st.text(max_size=400), PROSE, st.lists(PROSE, min_size=1, max_size=6).map("\n\n".join))


def nested_html(depth: int, text: str, closed: bool) -> str:
    opened = "".join(f"<div><p><b>{'<i>' if k % 3 else ''}" for k in range(depth))
    shut = "".join(f"{'</i>' if k % 3 else ''}</b></p></div>" for k in range(depth)) if closed else ""
    return f"<html><body>{opened}{text}{shut}"


@FAST
@given(data=st.binary(max_size=2000), ext=st.sampled_from(known_extensions()))
def test_only_input_errors_escape_a_reader_given_random_bytes(data, ext):
    for item in read_data(f"random{ext}", data):  # raising anything is the failure
        assert isinstance(item, Article | InputError | str)


@FAST
@given(text=TEXT, ext=st.sampled_from([".txt", ".html", ".jsonl", ".src", ".rss"]))
def test_only_input_errors_escape_a_reader_given_random_text(text, ext):
    data = text.encode("utf-8", "surrogatepass")
    for item in read_data(f"random{ext}", data):
        assert isinstance(item, Article | InputError | str)


@FAST
@given(depth=st.integers(0, 300), text=PROSE, closed=st.booleans())
def test_deeply_nested_or_unclosed_html_reads_or_is_refused(depth, text, closed):
    items = list(read_data("page.html", nested_html(depth, text, closed).encode()))
    assert items and all(isinstance(i, Article | InputError | str) for i in items)


@FAST
@given(text=TEXT, splitter=st.sampled_from(["rules", "pysbd"]))
def test_sentence_offsets_slice_back_and_cleaned_characters_come_from_the_input(text, splitter):
    try:
        art = clean_text(text, "random.txt")
    except InputError:
        return
    allowed = set(unicodedata.normalize("NFC", text)) | {" ", "\n"}
    assert set(art.text) <= allowed
    for s in split_article(art, splitter):
        assert 0 <= s.start < s.end <= len(art.text) and art.text[s.start : s.end] == s.text
    for p in art.paragraphs:
        assert 0 <= p.start <= p.end <= len(art.text)


def test_a_huge_line_is_cleaned_and_split():
    art = clean_text("Floods hit Lombardy on Sunday, officials said " * 20000 + ".", "huge.txt")
    sentences = split_article(art, "rules")
    assert sentences and all(art.text[s.start : s.end] == s.text for s in sentences)


@FAST
@given(text=TEXT, year=st.integers(1990, 2030), month=st.integers(1, 12), day=st.integers(1, 28))
def test_dates_resolve_to_real_days_within_the_text(text, year, month, day):
    for found in find_dates(text, date(year, month, day)):
        assert 0 <= found.start < found.end <= len(text) and text[found.start : found.end] == found.text
        assert found.granularity in ("day", "week", "month", "year")


@FAST
@given(text=TEXT)
def test_markdown_escapes_every_tag_like_string(text):
    out = md_escape(text)
    assert not re.search(r"<[A-Za-z/!?]", out)
    assert "[" not in out.replace("\\[", "") and "]" not in out.replace("\\]", "")


def test_lone_surrogates_are_read_not_raised():
    data = "Floods hit Lombardy \udcff on Sunday, officials said.\n\nMore rain fell.".encode("utf-8", "surrogatepass")
    items = list(read_data("odd.txt", data))
    assert items and all(isinstance(i, Article | InputError | str) for i in items)


@pytest.mark.parametrize("text", ["\u202eevil.exe — مرحبا שלום", "e\u0301\u0301\u0301 combining " * 50])
def test_right_to_left_and_combining_marks_survive_cleaning(text):
    art = clean_text(text + "\n\nFloods hit Lombardy on Sunday, officials said.", "rtl.txt")
    assert set(art.text) <= set(
        unicodedata.normalize("NFC", text + "\n\nFloods hit Lombardy on Sunday, officials said.")
    ) | {" ", "\n"}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(words=st.lists(st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=y>", "</article>", "<!--",
                                       "javascript:void(0)", "Floods", "hit", "Lombardy.", "&lt;b&gt;", "\u202e"]),
                      min_size=8, max_size=40))  # fmt: skip
def test_the_html_pages_escape_every_tag_like_string(words, tmp_path_factory):
    from fastapi.testclient import TestClient

    from newsdesk.settings import Options, ServeOptions
    from newsdesk.web.app import create_app

    text = " ".join(words) + ". Floods hit the northern province of Lombardy on Sunday, officials said."
    db = tmp_path_factory.mktemp("html") / "h.db"
    with TestClient(
        create_app(ServeOptions(str(db), Options(embedder="tfidf", splitter="rules", analysis=False))),
        base_url="http://127.0.0.1",
    ) as client:
        answer = client.post("/api/ingest", json={"articles": [{"text": text, "title": " ".join(words[:4])}]}).json()
        if not answer["stored"]:
            return
        article = client.get(f"/api/stories/{answer['story']}").json()["articles"][0]["id"]
        for page in (f"/story/{answer['story']}", f"/article/{article}", "/"):
            html = client.get(page).text
            body = html.split("<main>", 1)[-1]
            assert "<script>" not in body and "<img" not in body and "<!--" not in body, page
