"""Figures read by what they count, however they are worded."""

from __future__ import annotations

import pytest

from newsdesk.text.quantities import disagree, quantities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The jet crashed with 162 people on board.", [("aboard", 162)]),
        ("It vanished with 155 passengers and crew on board.", [("aboard", 155)]),
        ("The plane was carrying 162 people.", [("aboard", 162)]),
        ("It carried 155 passengers, two pilots and five crew members.", [("passengers", 155), ("crew", 5)]),
        ("A woman killed three people and wounded three others.", [("dead", 3), ("injured", 3)]),
        ("At least 13 people were killed and 20 injured.", [("dead", 13), ("injured", 20)]),
        ("The death toll rose to 31 on Thursday.", [("dead", 31)]),
        ("One of the people killed was a child.", []),
        ("A 38-year-old man drove home in 2018 at 9:27 a.m.", []),
        ("He had 5 minutes left, with 2 goals.", []),
    ],
)
def test_what_a_figure_counts(text, expected):
    assert [(q.what, q.value) for q in quantities(text)] == expected


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ("with 162 people on board", "with 155 passengers and crew on board", True),
        ("with 162 people on board", "with about 160 people on board", False),  # about 160 allows 162
        ("with 162 people on board", "with 150 to 170 people on board", False),  # a range holding it
        ("killed 84 Palestinians", "killed three soldiers", False),  # other groups
        ("162 people on board", "155 passengers", False),  # another count: passengers alone
    ],
)
def test_figures_disagree_only_when_they_cannot_both_be_true(a, b, clash):
    (qa,), (qb,) = quantities(a), quantities(b)
    assert disagree(qa, qb) is clash
