"""Inputs other projects wrote (``../shared/data/robustness``): feedparser's 2,106 test feeds
and warcio's 16 test archives. Every file gives articles or a ``newsdesk:`` line naming it,
nothing else reaches stderr, a second ingest adds nothing, and the encoding feeds give the
characters their encodings give."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from newsdesk.errors import InputError
from newsdesk.io.readers import read_data
from newsdesk.model import Article
from tests.conftest import ROOT, SHARED

CORPUS = SHARED / "data" / "robustness"
FEEDS = sorted((CORPUS / "feedparser" / "feeds").rglob("*.xml")) if CORPUS.is_dir() else []
ARCHIVES = (
    sorted(p for p in (CORPUS / "warcio").iterdir() if p.name not in ("LICENSE", "NOTICE")) if CORPUS.is_dir() else []
)

pytestmark = [
    pytest.mark.slow,  # the robustness corpora: real feeds and archives
    pytest.mark.skipif(not FEEDS, reason=f"{CORPUS} not present (shared data is not beside the repo)"),
]


def test_every_feed_and_archive_gives_articles_or_a_problem_naming_it():
    for path in [*FEEDS, *ARCHIVES]:
        items = list(read_data(str(path), path.read_bytes(), "feed" if path.suffix == ".xml" else None))
        articles = [i for i in items if isinstance(i, Article)]
        problems = [i for i in items if isinstance(i, InputError)]
        assert articles or problems, path
        assert all(str(path) in p.message for p in problems), path
        assert all("\n" not in p.message for p in problems), path


def test_encoding_feeds_give_the_characters_feedparser_decodes():
    import feedparser

    from newsdesk.io.feeds import html_fragment_text

    checked = 0
    for path in FEEDS:
        if "encoding" not in path.parts:
            continue
        parsed = feedparser.parse(path.read_bytes())
        expected = " ".join(
            html_fragment_text((e.get("content") or [{}])[0].get("value") or e.get("summary") or "")
            for e in parsed.entries
        )
        words = " ".join(expected.split())
        for art in (i for i in read_data(str(path), path.read_bytes(), "feed") if isinstance(i, Article)):
            assert " ".join(art.text.split())[:40] in words, path  # the same characters, not mojibake
            checked += 1
    assert checked >= 10  # every encoding feed whose entries have text (big5, euc-kr, koi8-r, UTF-16 ...)


@pytest.mark.slow
def test_ingest_of_the_whole_corpus_says_everything_in_newsdesk_lines_and_twice_adds_nothing(tmp_path):
    db = tmp_path / "corpus.db"
    cmd = [sys.executable, "-m", "newsdesk.cli", "ingest", str(CORPUS / "feedparser" / "feeds"), str(CORPUS / "warcio"),
           "--db", str(db), "--splitter", "rules", "--format", "feed"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    feeds = subprocess.run(cmd[:5] + cmd[6:], capture_output=True, text=True, env=env, timeout=900)
    assert feeds.returncode == 0, feeds.stderr[-2000:]
    archives = subprocess.run([*cmd[:4], str(CORPUS / "warcio"), "--db", str(db), "--splitter", "rules"],
                              capture_output=True, text=True, env=env, timeout=900)  # fmt: skip
    for run in (feeds, archives):
        lines = [line for line in run.stderr.splitlines() if line.strip()]
        assert lines and all(line.startswith("newsdesk: ") for line in lines), [
            line for line in lines if not line.startswith("newsdesk: ")
        ][:5]
        assert "Traceback" not in run.stderr
    again = subprocess.run(cmd[:5] + cmd[6:], capture_output=True, text=True, env=env, timeout=900)
    assert ", 0 stored " in again.stdout, again.stdout
