"""Figures read by what they count, however they are worded."""

from __future__ import annotations

import pytest

from newsdesk.text.quantities import comparable, disagree, quantities


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
        ("A 38-year-old man drove home in 2018 at 9:27 a.m.", [("age", 38)]),
        ("She was identified as Snochia Moseley, 26, of Baltimore.", [("age", 26)]),
        (
            "Bail was set at $5 million; jewels worth 2.6 million euros were taken.",
            [("money $", 5e6), ("money €", 2.6e6)],
        ),
        (
            "He won 45 percent of the vote, 3.5% more, 26 miles north of the city.",
            [("percent", 45), ("percent", 3.5), ("distance mile", 26)],
        ),
        ("Only 1.4 million infections were recorded.", []),
        ("He had 5 minutes left, with 2 goals.", []),
        # those at one place are part of the toll, not the toll
        ("Two people died on the scene.", []),
        ("Two died, including the shooter, at Bayview.", []),
        ("Three were injured and taken to a hospital in Newark.", [("injured", 3)]),
        ("Four people were wounded at a hospital.", []),
        ("It killed three people and left 29 more injured in hospital.", [("dead", 3)]),
        ("Twelve people were killed at Rite Aid on Thursday.", [("dead", 12)]),
        # numbers in words of two parts, and figures whose first digits are not left behind
        ("Seventy-eight other people were injured.", [("injured", 78)]),
        ("Eighty-four people were killed; twenty one passengers, shaken, flew on.", [("dead", 84), ("passengers", 21)]),
        ("Steps of the 1,700-year-old ritual pool were found.", []),
        ("308 people were killed, 1.600 injured.", [("dead", 308), ("injured", 1600)]),
        ("At least three more people died, and two additional passengers were hurt.", []),  # added to a toll
        ("More than 50 people were killed.", [("dead", 50)]),
        ("No one was reported dead at the hotel.", []),
        # a count added to a toll, of two groups together, or of the worst hurt only
        ("Another six people were wounded, he said.", []),
        ("At least 11 people died and another 12 were injured.", [("dead", 11), ("injured", 12)]),
        ("The storm has left four people dead or missing.", []),
        ("A car struck four people, killing one and critically injuring three.", [("dead", 1)]),
        ("The crash injured 30 people, two of them critically.", [("injured", 30)]),
        (
            "Turbulence injured nearly two dozen passengers; three hundred people were evacuated.",
            [("injured", 24), ("evacuated", 300)],
        ),
        ("At least a half dozen people died; half a dozen were hurt.", [("dead", 6), ("injured", 6)]),
        # one unnamed group of those hurt ("and a man" more), a rate, not a toll
        ("She killed two women, injuring four other women and a man.", [("dead", 2)]),
        ("There are four dead and 29 people were treated in hospital.", [("dead", 4)]),
        ("An average of 108 people have been killed each month in the state.", []),
        ("Protests left up to 19 people dead in a day of unrest.", [("dead", 19)]),
        ("It had 29 passengers and two crew members aboard.", [("passengers", 29), ("crew", 2)]),
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


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ("bail of $5 million bail", "a $6 million bail", True),
        ("the $14.3 trillion debt ceiling", "the $14.294 trillion debt ceiling", False),  # rounded, it holds the other
        ("the 38-year-old driver", "the 39-year-old driver", True),
        ("45 percent of the vote", "about 44 percent of the vote", False),
        ("a $5 million bail", "a $6 million fine", False),  # other things paid
        ("a $559 million deal", "a $559.7 million deal", False),  # written short, it holds the other
        ("a $559 million deal", "a $561 million deal", True),
        ("a $559 million deal", "a $558.2 million deal", True),  # neither rounded nor cut short to 559
        ("paid $1,200 damages", "paid $1203.27 damages", False),  # a round sum holds the finer one
        ("a $340k scam", "a $341,000 scam", False),
        ("a $1,200 fine", "a $1,260 fine", True),
        ("a $50,000 bail", "a $100,000 bail", True),  # one figure: not written round, written so
        ("a $500 million deal", "a $550 million deal", True),
        ("about 75 miles north of Houston", "about 100 miles north of Houston", True),
        ("300km north-west of Alice Springs", "400km north of Alice Springs", True),
        ("200 kilometres northeast of Mayo", "400 km northeast of Whitehorse", False),  # from other places
    ],
)
def test_measures_disagree_by_what_they_are_of(a, b, clash):
    (qa,), (qb,) = quantities(a), quantities(b)
    assert disagree(qa, qb) is clash


def test_a_measure_that_does_not_say_what_it_is_of_is_not_compared():
    bare, said = quantities("It took $14 million, up 33 percent, with a $9 million bail.")[0::2]
    assert not comparable(bare) and comparable(said)
    assert all(comparable(q) for q in quantities("12 people were killed and 30 wounded."))
    (share,) = quantities("Only 30 % of his supporters are committed.")
    assert share.subject == "supporters"
    (age,) = quantities("Now the 19-year-old and her family owe $40,000 in fees.")[:1]
    assert age.what == "age" and not comparable(age)  # whose age is not said
    (named,) = quantities("The 38-year-old Charles Ridulph was charged on Monday.")
    assert named.subject == "charles ridulph" and named.text == "38-year-old Charles Ridulph"


def test_an_age_at_another_time_is_not_read():
    assert quantities("Prosecutors say the then-17-year-old Carter pressured him.") == []
    assert [q.value for q in quantities("Carter, 20, is on trial; the then 17-year-old sent texts.")] == [20]


def test_a_count_with_no_noun_counts_the_group_the_clause_named():
    killed, wounded = quantities("Five police officers were killed and seven were wounded, officials said.")
    assert killed.subject == wounded.subject == "police"
    (other,) = quantities("The gunman injured nine other people.")
    assert not disagree(wounded, other)  # seven officers and nine people: two groups
    _, hurt = quantities("Two people were killed and 20 were wounded.")
    assert hurt.subject == ""
