"""Header dates in the forms scraped news carries."""

from __future__ import annotations

import pytest

from newsdesk.clean.dates import find_date, is_date_line


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Published: Sat, August 19, 2017", "2017-08-19"),
        ("Fri Aug 18, 2017 5:2AM", "2017-08-18"),
        ("August 20, 2017", "2017-08-20"),
        ("20 August 2017", "2017-08-20"),
        ("Updated 3:45 p.m. ET, Sun August 20, 2017", "2017-08-20"),
        ("2017-08-20T10:00:00Z", "2017-08-20"),
        ("08/20/2017", "2017-08-20"),
        ("Sept. 3, 2019", "2019-09-03"),
    ],
)
def test_date_lines(line, iso):
    found = find_date(line)
    assert found is not None and found[0].isoformat() == iso
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Casey Dawson",
        "On Aug. 18, U.S. Joint Chiefs of Staff Chairman Joseph Dunford reaffirmed the commitment",
        "February 30, 2017",  # not a date
    ],
)
def test_not_date_lines(line):
    assert not is_date_line(line)
