"""Every reader, and every kind of bad input: a clear error naming the file, the rest still read."""

from __future__ import annotations

import gzip
import json

import pytest

from newsdesk.errors import InputError
from newsdesk.io.readers import READERS, known_extensions, read_paths, reader_for
from tests.conftest import EXAMPLES, write

GOOD = (
    "Officials from both countries met in Geneva on Tuesday to discuss the trade dispute, "
    "which has weighed on markets for months.\n\nThe talks will resume next week, a spokesman said."
)


def test_folder_of_examples():
    result = read_paths([str(EXAMPLES)])
    assert len(result.articles) == 3 and not result.problems
    assert {a.published for a in result.articles} == {"2017-08-18", "2017-08-19", "2017-08-20"}


def test_reader_chosen_by_extension_and_by_name(tmp_path):
    assert reader_for("a.html") is READERS.get("html")
    assert reader_for("a.jsonl") is READERS.get("jsonl")
    assert reader_for("a.src") is READERS.get("multinews")
    assert reader_for("a.weird") is None
    path = write(tmp_path / "a.weird", json.dumps({"text": GOOD}) + "\n")
    assert read_paths([str(path)], fmt="jsonl").articles[0].text.startswith("Officials")


def test_jsonl_fields_and_bad_line(tmp_path):
    lines = [
        json.dumps(
            {
                "id": "a1",
                "text": GOOD,
                "title": "Trade talks",
                "outlet": "Wire",
                "published": "2020-01-02",
                "url": "https://example.org/a1",
            }
        ),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"id": "a3"}),
        json.dumps({"id": "a2", "text": GOOD + " Extra.", "story": "s1"}),
    ]
    path = write(tmp_path / "in.jsonl", "\n".join(lines) + "\n")
    result = read_paths([str(path)])
    assert [a.title for a in result.articles] == ["Trade talks", None]
    first = result.articles[0]
    assert (first.outlet, first.published, first.url) == ("Wire", "2020-01-02", "https://example.org/a1")
    assert result.articles[1].group == "s1"
    msgs = [p.message for p in result.problems]
    assert msgs == [
        f"{path}:2: line is not valid JSON (Expecting property name enclosed in double quotes)",
        f"{path}:3: line is not a JSON object",
        f"{path}:4: record has no 'text' string",
    ]


def test_jsonl_multidocument_examples_are_grouped(tmp_path):
    rows = [
        {"id": "ex1", "documents": [GOOD, GOOD.replace("Geneva", "Paris")], "summary": "s"},
        {"id": "ex2", "documents": [GOOD.replace("trade", "water")], "summary": "s"},
    ]
    path = write(tmp_path / "mn.jsonl", "\n".join(json.dumps(r) for r in rows))
    arts = read_paths([str(path)]).articles
    assert [a.group for a in arts] == ["ex1", "ex1", "ex2"]


def test_multinews_src_layout(tmp_path):
    flat = GOOD.replace("\n\n", " NEWLINE_CHAR NEWLINE_CHAR ")
    line = flat + " ||||| " + flat.replace("Geneva", "Rome")
    other = GOOD.replace("trade", "water").replace("\n\n", " NEWLINE_CHAR ")
    path = write(tmp_path / "test.src", line + "\n" + other + "\n")
    arts = read_paths([str(path)]).articles
    assert len(arts) == 3
    assert arts[0].group == arts[1].group != arts[2].group
    assert "NEWLINE_CHAR" not in arts[0].text and "\n" in arts[0].text


HTML = """<!doctype html><html><head><title>Trade talks resume | The Wire</title>
<meta property="og:site_name" content="The Wire">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2020-01-02T10:00:00Z">
<script>alert('page script')</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Trade talks resume</h1>
<p>Officials from both countries met in Geneva on Tuesday to discuss the trade dispute, which has weighed on markets for months.</p>
<p>The talks will resume next week, a spokesman said, adding that both sides were hopeful of progress.</p>
<p>Negotiators said the main open question was the tariff on steel, which both governments want settled before the summer.</p>
<script>document.write('<b>injected</b>')</script>
<p>Share this article</p></article>
<footer>Copyright 2020 The Wire. All rights reserved.</footer></body></html>"""


def test_html_page_text_and_metadata(tmp_path):
    path = write(tmp_path / "page.html", HTML)
    result = read_paths([str(path)])
    assert not result.problems
    art = result.articles[0]
    assert art.text.startswith("Officials from both countries")
    assert "tariff on steel" in art.text
    for junk in ("alert", "injected", "Share this", "Copyright", "Home"):
        assert junk not in art.text
    assert art.title == "Trade talks resume"
    assert art.outlet == "The Wire" and art.author == "Jane Roe" and art.published == "2020-01-02"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", "", "file is empty"),
        ("blank.txt", "  \n\n ", "file is empty"),
        ("binary.txt", bytes(range(256)) * 10, "looks like a binary file"),
        ("archive.txt", gzip.compress(GOOD.encode() * 50), "looks like a binary file"),
        ("junk_only.txt", "Share this\nLike this:\nAdvertisement\n", "no article text found"),
        ("bad.html", "<html><body><script>x()</script></body></html>", "no article text found"),
    ],
)
def test_bad_file_is_reported_and_others_still_read(tmp_path, name, content, problem):
    bad = write(tmp_path / name, content)
    good = write(tmp_path / "good.txt", GOOD)
    result = read_paths([str(bad), str(good)])
    assert [a.source for a in result.articles] == [str(good)]
    assert len(result.problems) == 1
    assert result.problems[0].message.startswith(str(bad)) and problem in result.problems[0].message


def test_missing_file_and_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    result = read_paths([str(tmp_path / "nope.txt"), str(tmp_path / "empty")])
    assert [p.problem for p in result.problems] == [
        "no such file or folder",
        "folder holds no readable articles (" + ", ".join(known_extensions()) + ")",
    ]


def test_non_utf8_is_read_with_a_warning(tmp_path):
    path = write(tmp_path / "latin.txt", GOOD.replace("Geneva", "Genève").encode("cp1252"))
    result = read_paths([str(path)])
    assert "Genève" in result.articles[0].text
    assert result.warnings and "not valid UTF-8" in result.warnings[0] and str(path) in result.warnings[0]


def test_huge_file_refused_with_size_in_message(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "w") as fh:  # 50 MB of real sentences
        fh.write((GOOD + "\n\n") * (50_000_000 // (len(GOOD) + 2)))
    result = read_paths([str(path)], max_mb=20)
    assert not result.articles
    assert "file is too large (50.0 MB > 20.0 MB limit)" in result.problems[0].message


def test_same_article_twice_is_read_once(tmp_path):
    a = write(tmp_path / "a.txt", GOOD)
    b = write(tmp_path / "b.txt", GOOD)
    assert len(read_paths([str(a), str(b)]).articles) == 1


def test_input_error_names_file():
    err = InputError("x.txt", "file is empty")
    assert str(err) == "[E100] x.txt: file is empty"


RECIPE_HTML = """<html><head><title>Pear jam | Kitchen Notes</title></head><body><article>
<h1>Pear jam</h1>
<p>Short intro line</p>
<p>This jam keeps for a year in a cool cupboard, and it takes about an hour to make from start to finish.</p>
<h2>Ingredients</h2>
<ul><li>Eat every two hours</li><li>Pears</li></ul>
<p>Stir the pears often while they boil so that nothing sticks to the bottom of the pot at all.</p>
<ul><li>Eat every two hours</li></ul>
<table><tr><td>Jars</td><td>Weight</td></tr><tr><td>6</td><td>2 kg</td></tr></table>
<p>Related: Pickled sprouts recipe</p><p>2 comments</p>
</article></body></html>"""


def test_html_first_lines_are_body_not_a_guessed_header(tmp_path):
    # text from an HTML extractor is already the article: a short first paragraph is not a
    # title, a repeated list item is not page furniture, and tables are kept
    path = write(tmp_path / "jam.html", RECIPE_HTML)
    art = read_paths([str(path)]).articles[0]
    assert art.title == "Pear jam"
    assert art.text.startswith("Short intro line")
    assert art.text.count("Eat every two hours") == 2
    assert "2 kg" in art.text
    assert "Pickled sprouts" not in art.text and "comments" not in art.text
