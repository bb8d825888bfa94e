"""End to end in a real browser: ``newsdesk serve`` in its own process, Debian's chromium
driven headless by Playwright. Open the list, open a story, follow a citation to its
highlighted sentence, upload an article, and check hostile article text runs nothing.

A screenshot of the story page is saved as ``artifacts/story-page.png``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import ONERROR, SCRIPT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HIGHLIGHT = "rgb(255, 224, 102)"  # .sent:target in style.css

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM), reason="chromium is not installed (make test installs it with apt)"
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def server(web_db: Path) -> Iterator[str]:
    from tests.web.conftest import running_server

    with running_server(web_db, "--embedder", "tfidf", "--words", "100") as (_, url):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def test_list_story_citation_highlight_and_screenshot(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/")
    links = page.locator("a.story-link")
    assert links.count() >= 2
    page.get_by_role("link", name="Japan, US agree to increase military cooperation").click()
    page.wait_for_selector("section.summary")
    assert page.locator("article.source").count() == 3

    cite = page.locator(".summary a.cite").nth(1)
    anchor = cite.get_attribute("href").lstrip("#")
    cite.click()
    page.wait_for_function("id => location.hash === '#' + id", arg=anchor)
    target = page.locator(":target")
    assert target.get_attribute("id") == anchor
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == HIGHLIGHT
    assert target.is_visible() and target.inner_text().strip()
    # the highlighted sentence really is in the cited article's column
    number = anchor[1:].split("-")[0]
    assert page.locator(f"#article-{number} :target").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(server + page.url.split(server)[1].split("#")[0])
    page.screenshot(path=str(ARTIFACTS / "story-page.png"), full_page=True)
    assert (ARTIFACTS / "story-page.png").stat().st_size > 10_000
    page.close()


def test_upload_an_article_and_see_it_listed(server, browser):
    page = browser.new_page()
    page.goto(server + "/upload")
    page.fill("input[name=title]", "Lighthouse keeper retires after forty years")
    page.fill("input[name=outlet]", "Coast Weekly")
    page.fill("input[name=published]", "2022-06-01")
    page.fill(
        "textarea[name=text]",
        "The keeper of the north lighthouse retired on Tuesday after forty years of service.\n\n"
        "He said he would miss the storms most of all, and the town held a party on the pier.",
    )
    page.click("button[type=submit]")
    page.wait_for_url("**/story/*")
    assert "Lighthouse keeper retires" in page.locator("h1").inner_text()
    page.goto(server + "/?q=lighthouse")
    assert page.get_by_role("link", name="Lighthouse keeper retires after forty years").is_visible()
    page.close()


def test_hostile_article_runs_no_script_even_without_csp(server, browser):
    # with the Content Security Policy bypassed, only escaping stands between the text and the page
    context = browser.new_context(bypass_csp=True)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/?q=warehouses+destroyed")
    page.locator("a.story-link").first.click()
    page.wait_for_selector("section.summary")
    body = page.locator("body").inner_text()
    assert SCRIPT in body or ONERROR in body  # shown as text, so it was escaped, not dropped
    page.locator("article.source h3 a").first.hover()
    page.locator("article.source h3 a").first.click()
    page.wait_for_url("**/article/*")
    article_text = page.locator("body").inner_text()
    assert SCRIPT in article_text and ONERROR in article_text
    page.locator("h1").hover()
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("a[href^='javascript:']").count() == 0
    assert dialogs == []
    context.close()
