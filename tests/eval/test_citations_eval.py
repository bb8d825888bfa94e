"""The labelled citation set and ``newsdesk eval citations``: arithmetic on hand-made pairs,
the set's shape, and the shipped bars against the ones the tuning split gives."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from newsdesk.embed import get_embedder
from newsdesk.errors import InputError
from newsdesk.eval.citations import LABELS, Pair, calibrate, judge, load_labels, score
from newsdesk.eval.datasets import shared_data


def pair(label: str, similarity: float, split: str = "tuning", clash: bool = False) -> Pair:
    return Pair("s", split, "s/a/0", "text", "b", label, similarity, clash)


def test_precision_partial_and_recall_by_hand():
    pairs = [
        pair("full", 0.9),
        pair("full", 0.5),
        pair("partial", 0.8),
        pair("none", 0.75),
        pair("full", 0.95, clash=True),
    ]
    s = score(pairs, "x", "tuning", 0.7)
    assert (s.cited, s.cited_full, s.cited_partial) == (3, 1, 1)  # the clashing figure is never cited
    assert s.precision == pytest.approx(1 / 3) and s.partial == pytest.approx(1 / 3)
    assert s.recall == pytest.approx(1 / 3)  # one of three full pairs cited


def test_calibration_picks_the_lowest_bar_that_keeps_citations_supported():
    fulls = [pair("full", 0.9 - k * 0.01) for k in range(12)]
    pairs = [*fulls, pair("partial", 0.6), pair("none", 0.5), pair("none", 0.45), pair("none", 0.4)]
    same, full = calibrate(pairs, "x", target=0.9)
    assert same == 0.46  # from 0.46, 13 of 14 citations are supported (0.93); at 0.45, 13 of 15 (0.87)
    assert full == 0.51  # from 0.51, 12 of 13 are full (0.92); at 0.50, 12 of 14 (0.86)


def test_the_set_has_300_pairs_a_split_and_events_in_one_split_only():
    rows = load_labels(LABELS)
    splits = Counter(r["split"] for r in rows)
    assert splits["tuning"] >= 300 and splits["heldout"] >= 300
    story_splits: dict[str, set[str]] = {}
    for r in rows:
        story_splits.setdefault(r["story"], set()).add(r["split"])
    assert all(len(s) == 1 for s in story_splits.values())
    assert {r["label"] for r in rows} == {"full", "partial", "none"}


def test_a_label_outside_the_guideline_is_refused(tmp_path):
    path = tmp_path / "labels.csv"
    with open(path, "w", newline="") as fh:
        csv.writer(fh).writerows(
            [["story", "split", "sentence", "article", "label"], ["s", "tuning", "s/a/0", "b", "maybe"]]
        )
    with pytest.raises(InputError, match="maybe"):
        load_labels(path)


@pytest.mark.slow
@pytest.mark.skipif(shared_data("newswcl50") is None, reason="../shared/data/newswcl50 is missing")
def test_the_shipped_tfidf_bars_are_the_ones_the_tuning_split_gives():
    """Change the labels or the citation rule and this fails until the bars are calibrated again."""
    pairs = judge(load_labels(LABELS), "tfidf")
    cal = get_embedder("tfidf").calibration
    assert calibrate(pairs, "tfidf") == (cal.citation, cal.full_support)
    held = score(pairs, "tfidf", "heldout", cal.citation)
    assert held.precision + held.partial >= 0.85  # the held-out events keep most citations supported


@pytest.mark.slow
@pytest.mark.skipif(shared_data("newswcl50") is None, reason="../shared/data/newswcl50 is missing")
def test_the_shipped_minilm_lexical_weight_and_bars_are_the_ones_the_tuning_split_gives():
    """The lexical weight with the best tuning recall at 90% supported, and its bars."""
    from newsdesk.eval.citations import best_lexical, lexical_trials

    cal = get_embedder("minilm").calibration
    trials = lexical_trials(load_labels(LABELS), "minilm", (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 1.0))
    best = best_lexical(trials)
    assert (best.weight, best.citation, best.full_support) == (cal.lexical, cal.citation, cal.full_support)
    assert best.tuning.recall > trials[0].tuning.recall  # the lexical share is worth having on tuning
