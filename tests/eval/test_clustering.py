"""Clustering scores, and ``newsdesk eval clustering`` on a tiny pool written here."""

from __future__ import annotations

import json

import pytest

from newsdesk.cli import main
from newsdesk.eval.clustering import adjusted_rand, bcubed
from tests.conftest import example


def test_bcubed_by_hand():
    assert bcubed([1, 1, 2], ["a", "a", "b"]) == (1.0, 1.0, 1.0)
    p, r, f = bcubed([1, 1, 1], ["a", "a", "b"])
    assert p == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3) and r == 1.0
    assert f == pytest.approx(2 * p / (p + 1))
    assert bcubed([], []) == (0.0, 0.0, 0.0)


def test_adjusted_rand_known_values():
    assert adjusted_rand([0, 0, 1, 1], ["a", "a", "b", "b"]) == 1.0
    assert adjusted_rand([0, 1, 0, 1], ["a", "a", "b", "b"]) == pytest.approx(-0.5)
    assert adjusted_rand([0, 0, 0, 0], ["a", "a", "b", "b"]) == 0.0


def test_cli_eval_clustering_pools_examples(tmp_path, capsys):
    docs = [example(p).read_text(encoding="utf-8") for p in ("000", "002", "004")]
    other = (
        "Rovers came from two goals down to beat United 3-2 in the cup on Saturday, with a late header from "
        "their captain settling a tense match in front of a sold-out crowd. United's coach said his players tired."
    )
    lines = [{"id": "japan", "documents": docs, "summary": "s"}, {"id": "cup", "documents": [other], "summary": "s"}]
    path = tmp_path / "pool.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert main(["eval", "clustering", "--data", str(path), "--newswcl50", str(tmp_path / "none"), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]
    assert [r["mode"] for r in rows] == ["batch (rebuild)", "incremental"]
    assert all(r["f1"] == 1.0 and r["articles"] == 4 and r["stories"] == 2 for r in rows)


def test_examples_split_into_disjoint_pools_and_their_mean():
    from newsdesk.eval.clustering import ClusteringResult, mean_results, split_pools
    from newsdesk.eval.datasets import Example

    text = "Rovers beat United 3-2 in the cup on Saturday with a late header from their captain."
    examples = [Example(f"e{k}", [f"{text} Match report {k}."]) for k in range(7)]
    pools = split_pools(examples, 3)  # 3 + 4: a remainder under half a pool joins the last
    assert [len(p.articles) for p in pools] == [3, 4]
    assert {g for p in pools for g in p.gold} == {e.id for e in examples}
    assert [len(p.articles) for p in split_pools(examples, 4)] == [4, 3]  # 3 is not under half of 4
    assert [len(p.articles) for p in split_pools(examples, 6)] == [7]  # 1 is: one pool

    rows = [
        ClusteringResult("a", "batch", 100, 50, 40, 1.0, 0.8, 0.9, 0.7, 1.0),
        ClusteringResult("b", "batch", 300, 120, 100, 0.6, 0.8, 0.7, 0.5, 2.0),
    ]
    (mean,) = mean_results(rows, "both")
    assert (mean.articles, mean.stories, mean.gold_stories, mean.seconds) == (400, 170, 140, 3.0)
    assert mean.f1 == pytest.approx((0.9 * 100 + 0.7 * 300) / 400)  # weighted by articles


def test_a_topic_is_merged_when_one_story_holds_two_articles_of_each_of_its_events():
    from newsdesk.eval.clustering import merged_topics

    gold = ["ecb-2-ecb"] * 3 + ["ecb-2-ecbplus"] * 3 + ["ecb-4-ecb"] * 2 + ["ecb-4-ecbplus"] * 2
    apart = [1, 1, 1, 2, 2, 2, 3, 3, 4, 4]
    one_stray = [1, 1, 2, 2, 2, 2, 3, 3, 4, 4]  # a single article of topic 2's first event strays: not merged
    merged = [1, 1, 1, 1, 1, 1, 3, 3, 3, 3]
    assert merged_topics(apart, gold) == (0, 2)
    assert merged_topics(one_stray, gold) == (0, 2)
    assert merged_topics(merged, gold) == (2, 2)
    assert merged_topics([1, 2], ["multinews-1", "multinews-2"]) is None  # no topics: no column
