"""The HTTP API and pages through the real app over a real store: lists, filters, reports,
ingest, errors as JSON with the right status, size limits, escaping."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from newsdesk.settings import ServeOptions
from newsdesk.web.app import create_app
from tests.web.conftest import FAST, ONERROR, SCRIPT


@pytest.fixture(scope="module")
def client(web_db):
    with TestClient(create_app(ServeOptions(str(web_db), FAST, max_upload_mb=0.2)), base_url="http://127.0.0.1") as c:
        yield c


def _form(client) -> dict[str, str]:
    """The upload form's CSRF token (its cookie is kept by the client), as the page gives it."""
    page = client.get("/upload")
    assert page.status_code == 200
    return {"csrftoken": client.cookies["newsdesk_csrf"]}


def _story_with(client, words: str) -> int:
    stories = client.get("/api/stories", params={"q": words}).json()["stories"]
    assert len(stories) == 1, stories
    return stories[0]["id"]


def test_stories_list_newest_first_with_filters(client):
    data = client.get("/api/stories").json()
    assert data["total"] == 2
    firsts = [s["last"] for s in data["stories"]]
    assert firsts == sorted(firsts, reverse=True)  # the 2021 harbour fire before the 2017 talks
    assert client.get("/api/stories", params={"q": "harbour warehouses"}).json()["total"] == 1
    assert client.get("/api/stories", params={"q": "harbour Dunford"}).json()["total"] == 0
    assert client.get("/api/stories", params={"outlet": "iran press tv"}).json()["total"] == 1
    assert client.get("/api/stories", params={"since": "2018-01-01"}).json()["total"] == 1
    assert client.get("/api/stories", params={"until": "2017-08-18"}).json()["total"] == 1
    assert client.get("/api/stories", params={"since": "2017-08-19", "until": "2017-08-19"}).json()["total"] == 1
    assert client.get("/api/stories", params={"since": "2030-01-01"}).json()["total"] == 0


def test_story_report_cites_sentences_and_entity_search_uses_it(client):
    story = _story_with(client, "Onodera")
    report = client.get(f"/api/stories/{story}").json()
    assert report["story"] == story and len(report["articles"]) == 3
    for sent in report["summary"]:
        for c in sent["citations"]:
            art = report["articles"][c["article"] - 1]
            assert art["text"][c["start"] : c["end"]].strip()
    names = {n for e in report["entities"] for n in e["names"]}
    assert "Dunford" in " ".join(names)
    # with the report built, the entity filter reads its merged names ("Joe Dunford" is one of them)
    assert [s["id"] for s in client.get("/api/stories", params={"entity": "Joe Dunford"}).json()["stories"]] == [story]
    assert client.get("/api/stories", params={"entity": "Nobody Atall"}).json()["total"] == 0


def test_story_page_links_each_citation_to_an_anchored_sentence(client):
    story = _story_with(client, "Onodera")
    html = client.get(f"/story/{story}").text
    import re

    targets = set(re.findall(r'class="cite" href="#(s\d+-\d+)"', html))
    anchors = set(re.findall(r'class="sent" id="(s\d+-\d+)"', html))
    assert targets and targets <= anchors


def test_article_api_and_page(client):
    story = _story_with(client, "Onodera")
    article_id = client.get(f"/api/stories/{story}").json()["articles"][0]["id"]
    data = client.get(f"/api/articles/{article_id}").json()
    assert data["story"] == story and data["text"] and data["removed"]
    page = client.get(f"/article/{article_id}")
    assert page.status_code == 200 and "Removed (" in page.text


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/api/stories/9999", {}, 404),
        ("get", "/api/stories/abc", {}, 422),
        ("get", "/api/articles/nope", {}, 404),
        ("get", "/api/nothing-here", {}, 404),
        ("get", "/api/stories?limit=0", {}, 422),
        ("post", "/api/ingest", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 400),
        ("post", "/api/ingest", {"json": {"articles": []}}, 422),
        ("post", "/api/ingest", {"json": {"articles": [{"title": "no text"}]}}, 422),
        ("post", "/api/ingest", {"json": [1, 2]}, 422),
        ("delete", "/api/stories/1", {}, 405),
    ],
)
def test_api_errors_are_json_with_a_message(client, method, path, kwargs, status):
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status and isinstance(body["error"], str) and body["error"]


def test_pages_answer_errors_as_pages(client):
    response = client.get("/story/9999")
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert "no story 9999" in response.text


def test_huge_bodies_are_refused_whether_declared_or_streamed(client):
    big = json.dumps({"articles": [{"text": "word " * 60_000}]}).encode()  # 300 kB > 0.2 MB limit
    declared = client.post("/api/ingest", content=big, headers={"content-type": "application/json"})
    assert declared.status_code == 413 and "limit" in declared.json()["error"]

    def chunks():
        for i in range(0, len(big), 16_384):
            yield big[i : i + 16_384]

    streamed = client.post("/api/ingest", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_ingest_api_stores_groups_and_is_idempotent(client):
    article = {
        "title": "Harbour warehouses rebuilt",
        "outlet": "Port News",
        "published": "2021-03-05",
        "text": "A day after the harbour fire destroyed two warehouses, the harbour master said both warehouses "
        "will be rebuilt. Firefighters fought the harbour blaze for six hours on Wednesday night.",
    }
    first = client.post("/api/ingest", json={"articles": [article]}).json()
    assert first["stored"] == 1 and first["story"] is not None and not first["problems"]
    again = client.post("/api/ingest", json={"articles": [article]}).json()
    assert again["stored"] == 0 and again["already_stored"] == 1 and again["story"] == first["story"]
    assert client.get(f"/api/stories/{first['story']}").json()["articles"]


def test_upload_form_refuses_unknown_files_and_keeps_only_the_file_name(client):
    bad = client.post(
        "/upload", data=_form(client), files={"files": ("evil.exe", b"MZ\x00\x00", "application/octet-stream")}
    )
    assert bad.status_code == 415 and "evil.exe" in bad.text
    text = "Cyclists rode through the old town square on Sunday to open the new bike lanes. " * 3
    response = client.post(
        "/upload",
        data=_form(client),
        files={"files": ("../../etc/lanes.txt", text.encode(), "text/plain")},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/story/")
    story = int(response.headers["location"].split("/")[2].split("?")[0])
    report = client.get(f"/api/stories/{story}").json()
    assert report["articles"][0]["source"] == "upload 1: lanes.txt"
    assert client.post("/upload", data={"text": "   ", **_form(client)}).status_code == 400


def test_hostile_text_is_escaped_and_scripts_are_forbidden(client):
    story = _story_with(client, "warehouses destroyed")
    page = client.get(f"/story/{story}")
    html = page.text
    assert "<script>window" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;window.__xss" in html and "&lt;img src=x onerror=" in html
    assert 'href="javascript:' not in html
    assert "script-src 'none'" in page.headers["content-security-policy"]
    article_id = client.get(f"/api/stories/{story}").json()["articles"][0]["id"]
    article_page = client.get(f"/article/{article_id}").text
    assert SCRIPT not in article_page and ONERROR not in article_page


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/ingest"} <= set(
        schema["paths"]
    )
    assert "/story/{story_id}" not in schema["paths"]


def test_serve_refuses_a_file_that_is_not_a_store_in_one_line(tmp_path, capsys):
    from newsdesk.cli import main

    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database\n" * 100)
    assert main(["serve", "--db", str(bad), "--port", "9"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "notes.db" in err[0] and "not a newsdesk database" in err[0]


def _upload_body(ext: str, n: int) -> bytes:
    """A small real input of the kind the reader taking ``ext`` reads, its words unique to ``n``."""
    import gzip
    import io

    from newsdesk.io.readers import reader_for

    prose = f"Volunteers number {n} planted oak trees along the river bank in the old mill town on Saturday. " * 3
    page = (
        f"<html><head><title>Oaks {n}</title></head><body><article><p>{prose}</p><p>{prose}</p></article></body></html>"
    )
    kind = type(reader_for(f"x{ext}")).__name__
    if kind == "JsonlReader":
        return json.dumps({"id": f"oak{n}", "text": prose}).encode()
    if kind == "HtmlReader":
        return page.encode()
    if kind == "MultiNewsReader":
        return (prose + " ||||| " + prose.replace("oak", "ash")).encode()
    if kind == "FeedReader":
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Oak news {n}</title>'
            f"<item><title>Oaks {n}</title><link>https://example.org/oaks/{n}</link>"
            f"<description>{prose}</description></item></channel></rss>"
        ).encode()
    if kind == "WarcReader":
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        out = io.BytesIO()
        writer = WARCWriter(out, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://example.org/oaks/{n}", "response", payload=io.BytesIO(page.encode()), http_headers=headers
        )
        writer.write_record(record)
        return gzip.compress(out.getvalue()) if ext.endswith(".gz") else out.getvalue()
    assert kind == "TextReader", kind
    return prose.encode()


def test_an_upload_of_every_extension_a_reader_takes_is_accepted(client):
    from newsdesk.io.readers import known_extensions

    for n, ext in enumerate(known_extensions()):
        name = f"oaks{n}{ext}"
        response = client.post("/upload", data=_form(client), files={"files": (name, _upload_body(ext, n), "application/octet-stream")},
                               follow_redirects=False)  # fmt: skip
        assert response.status_code == 303, f"{name}: {response.status_code} {response.text[:300]}"


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories/99999999999999999999999",
        "/story/99999999999999999999999",
        "/story/99999999999999999999999/feed.atom",
    ],
)
def test_an_id_too_large_for_sqlite_is_the_clients_mistake_not_a_500(client, path):
    response = client.get(path)
    assert response.status_code == 422
    if path.startswith("/api/"):
        assert set(response.json()) == {"error", "status"}


def test_a_missing_model_is_the_servers_condition_503(web_db, monkeypatch):
    from newsdesk.errors import ModelUnavailableError
    from newsdesk.settings import Options

    def unavailable(*args, **kwargs):
        raise ModelUnavailableError(
            "embedder 'minilm' needs onnxruntime (onnxruntime is missing); use --embedder tfidf"
        )

    monkeypatch.setattr("newsdesk.service.reports.story_report", unavailable)
    with TestClient(
        create_app(ServeOptions(str(web_db), Options(embedder="minilm", words=77))), base_url="http://127.0.0.1"
    ) as c:
        story = c.get("/api/stories").json()["stories"][0]["id"]
        response = c.get(f"/api/stories/{story}")
    assert response.status_code == 503 and "onnxruntime" in response.json()["error"]


def test_the_story_list_page_shows_a_new_story_at_once(web_db, tmp_path):
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(web_db, db)
    with TestClient(create_app(ServeOptions(str(db), FAST)), base_url="http://127.0.0.1") as c:
        first = c.get("/").text
        assert first == c.get("/").text  # the second answer comes from the rendered page
        text = "The old ferry across the lake made its last crossing on Friday after ninety years of service. " * 3
        body = {"articles": [{"text": text, "title": "Lake ferry makes its last crossing"}]}
        assert c.post("/api/ingest", json=body).json()["stored"] == 1
        assert "Lake ferry makes its last crossing" in c.get("/").text


def test_story_page_marks_partial_citations_as_the_json_does(client):
    import re

    story = _story_with(client, "Onodera")
    report = client.get(f"/api/stories/{story}").json()
    html = client.get(f"/story/{story}").text
    summary = html[html.index('class="summary-sentence"') :]
    partial = {c["article"] for s in report["summary"] for c in s["citations"] if c["strength"] == "partial"}
    full = {c["article"] for s in report["summary"] for c in s["citations"] if c["strength"] == "full"}
    assert partial, "the bundled story's summary has partial citations at the shipped bars"
    marked = {int(n) for n in re.findall(r'class="cite partial"[^>]*>\[(\d+)~\]', summary)}
    assert marked and marked <= partial
    assert full & {int(n) for n in re.findall(r'class="cite" [^>]*>\[(\d+)\]', summary)}
