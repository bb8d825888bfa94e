"""``newsdesk eval extraction`` on a tiny benchmark folder written here (own pages, own gold)."""

from __future__ import annotations

import gzip
import json

import pytest

from newsdesk.cli import main
from newsdesk.errors import InputError, UnknownMethodError
from newsdesk.eval.extraction import (
    EXTRACTORS,
    evaluate_extraction,
    format_table,
    load_pages,
    overlap,
    precision_recall_f1,
    shingle_bag,
    token_bag,
)

BODY = [
    "The city council approved the new budget on Tuesday after a long debate about road repairs.",
    "Council members voted seven to two in favour, with both dissenting members citing the cost of the plan.",
    "Work on the first roads is expected to begin in the spring, the mayor's office said in a statement.",
]
PAGE = """<html><head><title>Council passes budget | City Times</title>
<meta property="og:site_name" content="City Times"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council passes budget</h1>
{paragraphs}
<p>Share this article</p><p>Related: Mayor opens new library</p></article>
<footer>Copyright 2021 City Times. All rights reserved.</footer></body></html>"""


@pytest.fixture
def bench(tmp_path):
    (tmp_path / "html").mkdir()
    truth = {}
    for i in range(2):
        paragraphs = "\n".join(f"<p>{p}</p>" for p in BODY[i:] + BODY[:i])
        html = PAGE.format(paragraphs=paragraphs)
        (tmp_path / "html" / f"p{i}.html.gz").write_bytes(gzip.compress(html.encode()))
        truth[f"p{i}"] = {"articleBody": "\n".join(BODY[i:] + BODY[:i]), "url": f"https://example.org/{i}"}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth))
    return tmp_path


def test_overlap_counts_are_normalised():
    gold, pred = token_bag("a b c d"), token_bag("a b x")
    tp, fp, fn = overlap(gold, pred)
    assert (tp, fp, fn) == pytest.approx((2 / 5, 1 / 5, 2 / 5))
    assert overlap(token_bag(""), token_bag("")) == (0.0, 0.0, 0.0)


def test_shingles_punish_wrong_order_tokens_do_not():
    gold = "one two three four five six"
    shuffled = "four five six one two three"
    assert overlap(token_bag(gold), token_bag(shuffled))[0] == 1.0
    assert overlap(shingle_bag(gold), shingle_bag(shuffled))[0] < 0.5


def test_precision_recall_f1_is_mean_of_pages():
    p, r, f = precision_recall_f1([(0.5, 0.5, 0.0), (1.0, 0.0, 0.0)])
    assert p == pytest.approx(0.75) and r == pytest.approx(1.0)
    assert f == pytest.approx(2 * 0.75 / 1.75)
    assert precision_recall_f1([]) == (0.0, 0.0, 0.0)


def test_newsdesk_and_trafilatura_on_the_same_pages(bench):
    pages = load_pages(bench)
    assert [p.id for p in pages] == ["p0", "p1"]
    results = evaluate_extraction(pages, ["newsdesk", "trafilatura"])
    by_name = {r.name: r for r in results}
    nd = by_name["newsdesk"].scores("tokens")
    assert nd[1] == pytest.approx(1.0)  # every gold token found
    assert nd[0] > 0.9
    assert by_name["newsdesk"].pages_per_second > 0
    table = format_table(results)
    assert table.count("\n") == 3 and "| newsdesk |" in table


def test_a_missing_extractor_is_reported_not_fatal(bench, monkeypatch):
    def missing():
        raise ImportError("no", name="not_a_package")

    monkeypatch.setitem(EXTRACTORS._factories, "absent", missing)
    results = evaluate_extraction(load_pages(bench), ["absent"])
    assert results[0].unavailable == "not installed (not_a_package)"
    assert "not installed" in format_table(results)


def test_bad_folder_and_unknown_extractor(tmp_path, bench):
    with pytest.raises(InputError, match="ground-truth.json"):
        load_pages(tmp_path / "nowhere")
    with pytest.raises(UnknownMethodError):
        EXTRACTORS.get("nope")


def test_cli_json(bench, capsys):
    assert main(["eval", "extraction", "--data", str(bench), "--extractors", "newsdesk", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pages"] == 2
    row = data["results"][0]
    assert row["extractor"] == "newsdesk" and row["tokens"]["recall"] == 1.0


def test_cli_unknown_extractor_is_one_line_error(bench, capsys):
    assert main(["eval", "extraction", "--data", str(bench), "--extractors", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsdesk: error: [E201] unknown extractor 'nope'") and err.count("\n") == 1
