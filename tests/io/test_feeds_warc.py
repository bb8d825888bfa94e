"""RSS/Atom feeds and WARC archives, read like any other input."""

from __future__ import annotations

import gzip
import io

from newsdesk.io.readers import read_paths
from tests.conftest import write

PARAS = [
    "The city council approved the new budget on Tuesday after a long debate about road repairs.",
    "Council members voted seven to two in favour, with both dissenting members citing the cost of the plan.",
]
RSS = f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>City Times</title>
<item><title>Council passes budget</title><link>https://example.org/budget</link>
<pubDate>Tue, 02 Mar 2021 10:00:00 GMT</pubDate><author>jane@example.org (Jane Roe)</author>
<content:encoded><![CDATA[<p>{PARAS[0]}</p><p>{PARAS[1]}</p><p>Share this article</p><script>alert(1)</script>]]></content:encoded></item>
<item><title>Empty item</title><link>https://example.org/empty</link></item>
</channel></rss>"""
ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley News</title>
<entry><title>Budget approved</title><link href="https://example.org/v/1"/><updated>2021-03-03T08:00:00Z</updated>
<summary type="html">&lt;p&gt;{PARAS[0]}&lt;/p&gt;</summary></entry></feed>"""


def test_rss_entries_become_articles_with_metadata(tmp_path):
    result = read_paths([str(write(tmp_path / "city.rss", RSS))])
    assert len(result.articles) == 1
    art = result.articles[0]
    assert (art.title, art.outlet, art.published, art.url) == (
        "Council passes budget",
        "City Times",
        "2021-03-02",
        "https://example.org/budget",
    )
    assert PARAS[1] in art.text and "Share this" not in art.text and "alert" not in art.text
    assert any("#entry2" in p.message and "no text" in p.message for p in result.problems)


def test_atom_summary_is_read(tmp_path):
    art = read_paths([str(write(tmp_path / "valley.atom", ATOM))]).articles[0]
    assert art.outlet == "Valley News" and art.published == "2021-03-03" and art.text == PARAS[0]


def warc_bytes(pages: list[tuple[str, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
        )
    return out.getvalue()


def page(title: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def test_warc_records_are_pages(tmp_path):
    data = warc_bytes(
        [("https://example.org/a", page("Budget passes")), ("https://example.org/b", page("Budget vote"))]
    )
    result = read_paths([str(write(tmp_path / "crawl.warc.gz", data))])
    assert [a.url for a in result.articles] == ["https://example.org/a", "https://example.org/b"]
    assert all(PARAS[0] in a.text for a in result.articles) and not result.problems


def test_corrupt_warc_record_keeps_the_records_before_it(tmp_path):
    good = warc_bytes([("https://example.org/a", page("Budget passes"))])
    bad = warc_bytes([("https://example.org/b", page("Budget vote"))])
    damaged = good + bad[: len(bad) // 2]  # the second record is cut off mid-stream
    result = read_paths([str(write(tmp_path / "cut.warc.gz", damaged))])
    assert [a.url for a in result.articles] == ["https://example.org/a"]
    assert any("cut.warc.gz#2" in p.message and "corrupt WARC record" in p.message for p in result.problems)


def test_not_a_warc_is_an_error(tmp_path):
    result = read_paths([str(write(tmp_path / "fake.warc.gz", gzip.compress(b"hello world, not an archive")))])
    assert not result.articles and "fake.warc.gz" in result.problems[0].message


def test_a_bug_in_extraction_surfaces_instead_of_passing_as_a_corrupt_record(tmp_path, monkeypatch):
    import pytest

    import newsdesk.io.warc as warc

    def broken(html: str, source: str) -> object:
        raise RuntimeError("a bug in newsdesk's extraction")

    monkeypatch.setattr(warc, "extract_html", broken)
    data = warc_bytes([("https://example.org/a", page("Budget passes"))])
    with pytest.raises(RuntimeError, match="a bug in newsdesk"):
        read_paths([str(write(tmp_path / "crawl.warc.gz", data))])
