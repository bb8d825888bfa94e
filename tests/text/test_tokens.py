"""The light stemmer does what its docstring says, no more."""

from __future__ import annotations

import pytest

from newsdesk.text.tokens import stem


@pytest.mark.parametrize(
    ("a", "b"), [("talks", "talk"), ("countries", "country"), ("Trump's", "Trump"), ("reported", "reports")]
)
def test_pairs_that_stem_alike(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize(("a", "b"), [("defense", "defenses"), ("agree", "agreed")])
def test_a_final_e_is_kept_so_these_do_not(a, b):
    assert stem(a) != stem(b)
