"""ROUGE wrapper and bootstrap intervals, checked against hand-computed values."""

from __future__ import annotations

import pytest

from newsdesk.eval.rouge import bootstrap, rouge


def test_rouge_matches_hand_computation():
    # summary "the cat sat" vs reference "the cat sat on the mat":
    # ROUGE-1 P = 3/3, R = 3/6 -> F = 2/3; ROUGE-2 P = 2/2, R = 2/5 -> F = 4/7
    scores = rouge("the cat sat", "the cat sat on the mat")
    assert scores["rouge1"] == pytest.approx(100 * 2 / 3)
    assert scores["rouge2"] == pytest.approx(100 * 4 / 7)


def test_rouge_stems_and_ignores_case():
    assert rouge("Ministers AGREED", "the minister agrees")["rouge1"] == pytest.approx(
        100 * 2 * (1 * 2 / 3) / (1 + 2 / 3)
    )


def test_rouge_lsum_is_order_free_across_sentence_lines():
    ref = "a b c d.\ne f g h."
    assert rouge("e f g h.\na b c d.", ref)["rougeLsum"] == pytest.approx(100.0)
    assert rouge("e f g h.\na b c d.", ref)["rouge2"] < 100.0  # the bigram "d e" is missing


def test_bootstrap_interval_brackets_mean_and_is_repeatable():
    values = [10.0, 12.0, 14.0, 9.0, 11.0, 13.0] * 5
    one, two = bootstrap(values), bootstrap(values)
    assert one == two
    assert one.low < one.mean < one.high
    assert one.mean == pytest.approx(sum(values) / len(values))
    assert bootstrap([5.0] * 10).low == bootstrap([5.0] * 10).high == 5.0
