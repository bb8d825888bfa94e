"""Near-duplicate chains: every copy leads to its first original."""

from __future__ import annotations

from newsdesk.cluster.dedup import roots


def test_a_copy_of_a_copy_follows_the_chain_to_the_first_original():
    assert roots({"c": "b", "b": "a", "x": "y"}) == {"c": "a", "b": "a", "x": "y"}


def test_a_cycle_stops_instead_of_looping():
    found = roots({"a": "b", "b": "a"})
    assert set(found) == {"a", "b"} and set(found.values()) <= {"a", "b"}
