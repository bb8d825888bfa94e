"""The command line as a user runs it: exit codes, one-line errors, what is printed. Commands
run in-process through ``main()`` (as sqlite-utils and datasette test theirs with a runner);
``test_the_command_runs_as_a_process`` runs one as a real process."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.clean.boilerplate import match_rule
from newsdesk.cli import main
from newsdesk.text.tokens import content_terms
from tests.conftest import EXAMPLES, HONG_KONG, example, write


def run(*args: str, check_ok: bool = True) -> subprocess.CompletedProcess[str]:
    """``newsdesk ARGS`` through ``main()``, its output captured (an exception is a bug: it
    fails the test with its traceback, as a traceback on stderr would)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: --help, or a usage error
            code = exc.code if isinstance(exc.code, int) else 2
    proc = subprocess.CompletedProcess(["newsdesk", *args], code, out.getvalue(), err.getvalue())
    if check_ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_the_command_runs_as_a_process():
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", "clean", str(example("000"))],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout.strip()
    missing = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", "clean", "no-such-file.txt"], capture_output=True, text=True, env=env
    )
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr and "Traceback" not in missing.stderr


def overlap(a: str, b: str) -> float:
    ta, tb = set(content_terms(a)), set(content_terms(b))
    return len(ta & tb) / max(min(len(ta), len(tb)), 1)


def check_demo_summary(data: dict) -> None:
    """What `make demo` must show, checked against the raw example files."""
    raw = {a["number"]: (a, Path(a["source"]).read_text(encoding="utf-8")) for a in data["articles"]}
    junk = [line.strip() for _, text in raw.values() for line in text.splitlines() if match_rule(line)]
    hk = next(line for _, text in raw.values() for line in text.splitlines() if HONG_KONG in line)
    assert data["summary"]
    for sent in data["summary"]:
        assert sent["citations"], sent
        assert not any(j and j in sent["text"] for j in junk)
        assert HONG_KONG not in sent["text"] and "Wong" not in sent["text"] and hk not in sent["text"]
        cited = {c["article"] for c in sent["citations"]}
        # any article holding a near-verbatim copy of this sentence must be cited (independent check)
        for number, (art, _) in raw.items():
            spans = [art["text"][s["start"] : s["end"]] for s in art["sentences"]]
            if any(overlap(sent["text"], other) >= 0.8 for other in spans):
                assert number in cited, (sent["text"], number)
    assert data["words"] <= data["budget_words"]


def test_summarize_examples_tfidf_json():
    data = json.loads(run("summarize", str(EXAMPLES), "--embedder", "tfidf", "--json").stdout)
    check_demo_summary(data)
    offtopic = [o["text"] for a in data["articles"] for o in a["offtopic"]]
    assert any(HONG_KONG in t for t in offtopic)


@pytest.mark.slow
def test_summarize_examples_default_embedder_like_make_demo():
    proc = run("summarize", str(EXAMPLES), "--json")
    data = json.loads(proc.stdout)
    check_demo_summary(data)
    assert any(s["support"] >= 2 for s in data["summary"])  # something reported by several outlets
    md = run("summarize", str(EXAMPLES)).stdout
    assert re.search(r"\.\"? (\[\d\])+", md) and "## Sources" in md and "off-topic" in md


def test_words_budget_option():
    data = json.loads(run("summarize", str(EXAMPLES), "--embedder", "tfidf", "--json", "--words", "60").stdout)
    assert 0 < data["words"] <= 60


@pytest.mark.parametrize(
    ("prefix", "expect"),
    [
        ("000", ["Casey Dawson", "2017-08-20"]),
        ("002", ["Global Media", "Meredith Barber", "2017-08-19"]),
        ("004", ["Iran Press TV", "2017-08-18"]),
    ],
)
def test_clean_prints_metadata(prefix, expect):
    out = run("clean", str(example(prefix)), "--embedder", "tfidf").stdout
    for item in expect:
        assert item in out


def test_clean_flags_hong_kong_paragraph_json():
    data = json.loads(run("clean", str(example("000")), "--embedder", "tfidf", "--json").stdout)
    assert any(HONG_KONG in o["text"] for o in data["offtopic"])
    assert any(r["reason"] == "comment prompt" for r in data["removed"])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "", "file is empty"),
        ("binary.bin.txt", bytes(range(256)), "looks like a binary file"),
        ("missing.txt", None, "no such file or folder"),
    ],
)
def test_one_bad_file_alone_exits_2_with_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        write(path, content)
    proc = run("summarize", str(path), "--embedder", "tfidf", check_ok=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert any(str(path) in line and message in line for line in lines)
    assert lines[-1].startswith("newsdesk: error:")


def test_bad_file_among_good_is_skipped(tmp_path):
    bad = write(tmp_path / "bad.txt", b"\x00\x01\x02binary")
    proc = run("summarize", str(bad), str(EXAMPLES), "--embedder", "tfidf", "--json")
    assert f"newsdesk: skipped {bad}: looks like a binary file" in proc.stderr
    assert len(json.loads(proc.stdout)["articles"]) == 3


def test_empty_folder(tmp_path):
    proc = run("summarize", str(tmp_path), check_ok=False)
    assert proc.returncode == 2 and "holds no readable articles" in proc.stderr


def test_single_article_summary():
    data = json.loads(run("summarize", str(example("004")), "--embedder", "tfidf", "--json").stdout)
    assert data["summary"] and all(len(s["citations"]) == 1 for s in data["summary"])


def test_hostile_text_is_escaped_in_markdown(tmp_path):
    body = (
        "The council met on Monday <script>alert('x')</script> and approved the budget for the new "
        "school, officials said.\n\nIt will open in <img src=x onerror=alert(1)> September next year, "
        "the mayor said in a statement."
    )
    path = write(tmp_path / "hostile.txt", body)
    out = run("summarize", str(path), "--embedder", "tfidf").stdout
    assert "<script" not in out and "<img" not in out and "&lt;script" in out


def test_unknown_method_is_one_line_error():
    proc = run("summarize", str(EXAMPLES), "--method", "nope", check_ok=False)
    assert proc.returncode == 2 and "unknown summarizer 'nope'" in proc.stderr


def test_methods_and_help():
    out = run("methods").stdout
    assert "centroid" in out and "tfidf" in out and "multinews" in out
    assert "examples:" in run("summarize", "--help").stdout
