"""Decoding as a browser would, the binary judgement, ARC sniffing, WARC resource records, and
page titles without the site's name."""

from __future__ import annotations

import io

import pytest

from newsdesk.clean.titles import site_names, strip_site_name
from newsdesk.errors import InputError
from newsdesk.io.decode import decode_text, looks_binary, sniff_utf16_32
from newsdesk.io.readers import read_data
from newsdesk.io.warc import looks_like_archive
from newsdesk.model import Article

CHINESE = "一个约定：两国同意加强合作。"
KOREAN = "년 동안 양국은 협력을 강화하기로 합의했다."
RUSSIAN = "Министр сказал, что сотрудничество очень важно."


@pytest.mark.parametrize(
    ("text", "encoding", "how"),
    [
        (CHINESE, "gb2312", "meta"),
        (KOREAN, "euc-kr", "meta"),
        (RUSSIAN, "koi8-r", "meta"),
        (CHINESE, "gb2312", "xml"),
        ("Le ministre a déclaré « très important ».", "windows-1252", "meta"),
    ],
)
def test_a_declared_encoding_is_read(text, encoding, how):
    if how == "meta":
        page = f'<html><head><meta charset="{encoding}"><title>t</title></head><body><p>{text}</p></body></html>'
    else:
        page = f'<?xml version="1.0" encoding="{encoding}"?><rss><channel><title>{text}</title></channel></rss>'
    decoded, note = decode_text("page", page.encode(encoding))
    assert text in decoded and note is None


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-16", "utf-32", "utf-8-sig"])
def test_utf16_and_utf32_with_and_without_bom(codec):
    text = f'<?xml version="1.0"?><rss><channel><title>Floods hit Lombardy</title><item><title>{RUSSIAN} {CHINESE}</title></item></channel></rss>'
    decoded, note = decode_text("page", text.encode(codec))
    assert decoded.lstrip("\ufeff") == text and note is None


def test_the_transport_charset_wins_over_a_wrong_page_declaration():
    data = '<meta charset="utf-8"><p>Le ministre a déclaré</p>'.encode("cp1252")
    assert "déclaré" in decode_text("page", data, declared="windows-1252")[0]


def test_undeclared_non_utf8_text_is_detected_with_a_warning():
    data = (RUSSIAN * 20).encode("koi8-r")
    decoded, note = decode_text("page.txt", data)
    assert RUSSIAN in decoded and note is not None and "detected" in note


def test_a_stray_nul_byte_does_not_make_text_binary():
    text = ("The minister said cooperation was very important. " * 400).encode()
    data = text[:5000] + b"\x00" + text[5000:] + b"\x00"
    assert not looks_binary(data)
    decoded, _ = decode_text("page.txt", data)
    assert "\x00" not in decoded and "cooperation" in decoded


@pytest.mark.parametrize(
    "head", [b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff\xe0", b"PK\x03\x04", b"\x7fELF"]
)
def test_binary_formats_by_their_magic_numbers(head):
    data = head + b"some bytes that could pass for text otherwise " * 50
    assert looks_binary(data)
    with pytest.raises(InputError, match="binary"):
        decode_text("file.txt", data)


def test_utf16_without_bom_is_sniffed_not_called_binary():
    assert sniff_utf16_32("Floods hit Lombardy on Sunday.".encode("utf-16-le")) == "utf-16-le"
    assert sniff_utf16_32(b"plain ascii text, nothing wide about it") is None


def test_a_text_resource_record_is_read_as_text():
    text = (
        b"Floods hit the northern province of Lombardy on Sunday after three days of heavy rain, officials said. " * 3
    )
    data = _warc([("resource-text", "https://example.org/t.txt", text)], compress=True)
    (item,) = [i for i in read_data("crawl.warc.gz", data) if isinstance(i, Article)]
    assert item.url == "https://example.org/t.txt" and "Lombardy" in item.text


def _warc(records: list[tuple[str, str, bytes]], compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for kind, url, payload in records:
        if kind.startswith("resource"):
            media = "text/plain; charset=utf-8" if kind == "resource-text" else "text/html; charset=utf-8"
            record = writer.create_warc_record(url, "resource", payload=io.BytesIO(payload), warc_content_type=media)
        else:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
        writer.write_record(record)
    return out.getvalue()


PAGE = ("<html><head><title>Floods hit Lombardy - Example News</title></head><body><article>"
        + "<p>Floods hit the northern province of Lombardy on Sunday after three days of heavy rain, officials said.</p>" * 4
        + "</article></body></html>").encode()  # fmt: skip


@pytest.mark.parametrize("compress", [True, False])
def test_warc_resource_records_with_html_are_read_like_responses(compress):
    data = _warc([("resource", "https://example.org/a", PAGE)], compress)
    items = list(read_data("crawl.warc" + (".gz" if compress else ""), data))
    assert [i.url for i in items if isinstance(i, Article)] == ["https://example.org/a"]


@pytest.mark.parametrize("compress", [True, False])
def test_archives_are_sniffed_whatever_their_name(compress):
    data = _warc([("response", "https://example.org/a", PAGE)], compress)
    assert looks_like_archive(data)
    items = list(read_data("download.bin", data))
    assert [i.url for i in items if isinstance(i, Article)] == ["https://example.org/a"]


def test_arc_files_are_read_by_extension_and_by_sniffing():
    arc = b"filedesc://x.arc 0.0.0.0 20140101000000 text/plain 77\n1 0 Example\nURL IP-address Archive-date Content-type Archive-length\n\n\n"
    assert looks_like_archive(arc) and not looks_like_archive(b"<html>not an archive</html>")


@pytest.mark.parametrize(
    ("title", "outlet", "url", "expected"),
    [
        ("Floods hit Lombardy - Golem.de", None, "https://www.golem.de/news/x.html", "Floods hit Lombardy"),
        ("Floods hit Lombardy | CBC News", "CBC News", None, "Floods hit Lombardy"),
        ("CBC News: Floods hit Lombardy", "CBC News", None, "Floods hit Lombardy"),
        ("Floods hit Lombardy — The Guardian", "The Guardian", None, "Floods hit Lombardy"),
        ("Floods hit Lombardy · Example", None, "https://example.org/a", "Floods hit Lombardy"),
        ("Floods hit Lombardy – TechCrunch", None, "https://techcrunch.com/a", "Floods hit Lombardy"),
        ("Floods: What We Know", None, "https://example.org/a", "Floods: What We Know"),  # no site named
        ("Example - News", "Example", None, "Example - News"),  # one word would remain
    ],
)
def test_site_names_are_stripped_from_titles(title, outlet, url, expected):
    assert strip_site_name(title, site_names(outlet, url)) == expected


def test_feed_titles_are_unescaped_and_stripped_of_tags():
    from newsdesk.io.feeds import plain_title

    assert plain_title("&lt;div>Example &lt;a href='x'>link&lt;/a>&lt;/div>") == "Example link"
    assert plain_title("Floods &amp;amp; rain") == "Floods & rain"
