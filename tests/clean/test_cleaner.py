"""The plain-text cleaner on the real examples and on hand-made noisy articles."""

from __future__ import annotations

import pytest

from newsdesk.clean.cleaner import Hints, clean_text
from newsdesk.errors import InputError
from newsdesk.text.sentences import split_article
from tests.conftest import example

BODY = (
    "The finance ministers of the G7 agreed on Monday to coordinate a response to the crisis in the "
    "bond markets, officials said after the meeting in Rome."
)


@pytest.mark.parametrize(
    ("prefix", "title", "outlet", "author", "published"),
    [
        ("000", "US, Japan Agree to Boost Defenses Against North Korea", None, "Casey Dawson", "2017-08-20"),
        ("002", "Japan and US to step up defense cooperation", "Global Media", "Meredith Barber", "2017-08-19"),
        ("004", "Japan, US agree to increase military cooperation", "Iran Press TV", None, "2017-08-18"),
    ],
)
def test_examples_metadata(prefix, title, outlet, author, published):
    art = clean_text(example(prefix).read_text(), str(example(prefix)))
    assert (art.title, art.outlet, art.author, art.published) == (title, outlet, author, published)


@pytest.mark.parametrize(
    ("prefix", "junk"),
    [
        ("000", ["Other reports by", "Discuss This Article", "Casey Dawson"]),
        ("002", ["Like this:", "Published: Sat, August 19, 2017", "Global Media | By Meredith Barber"]),
        ("004", ["JOIN NOW", "Join the mailing list", "One Billion Americans", "Iran Press TV", "5:2AM"]),
    ],
)
def test_examples_boilerplate_removed_and_recorded(prefix, junk):
    art = clean_text(example(prefix).read_text(), "x")
    removed = " ".join(r.text for r in art.removed)
    for piece in junk:
        assert piece not in art.text
        assert piece in removed


def test_repeated_headline_dropped_once_kept_as_title():
    art = clean_text(example("002").read_text(), "x")
    assert "step up defense cooperation" not in art.text
    assert any(r.reason == "headline repeated" for r in art.removed)


def test_body_keeps_real_paragraphs_whole():
    art = clean_text(example("004").read_text(), "x")
    assert "Ulchi-Freedom Guardian" in art.text
    assert art.text.startswith("Japan and the United States have agreed")
    # paragraph offsets cover the text exactly
    assert all(art.text[p.start : p.end].strip() == art.text[p.start : p.end] for p in art.paragraphs)
    assert "Drills with South Korea 'to go ahead'" in [
        art.text[p.start : p.end] for p in art.paragraphs if p.kind == "heading"
    ]


NOISY = f"""Skip to content
Markets slide as G7 ministers meet
By Anna Keller and Tom Ruiz
Updated 3:45 p.m. ET, Mon October 2, 2023

ROME (Reuters) - {BODY}

Advertisement
Story continues below advertisement

Image copyright Getty Images
The talks were the first since the summer, and several ministers arrived early to prepare. They said
the statement would be short and would name no country.

Related: Ten charts that explain the bond rout
Share this article
Follow us on Twitter
© 2023 Reuters. All rights reserved.

Comments (12)
Sign up for our newsletter
Great piece
"""


def test_handmade_noisy_article():
    art = clean_text(NOISY, "noisy.txt")
    assert art.title == "Markets slide as G7 ministers meet"
    assert art.author == "Anna Keller and Tom Ruiz"
    assert art.published == "2023-10-02"
    assert art.text.startswith("The finance ministers of the G7")  # dateline stripped
    for junk in [
        "Advertisement",
        "Story continues",
        "Getty",
        "Related:",
        "Share this",
        "Follow us",
        "©",
        "Comments",
        "newsletter",
        "Great piece",
        "Skip to content",
    ]:
        assert junk not in art.text, junk
    # a hard-wrapped paragraph is joined back into one paragraph
    assert "prepare. They said the statement would be short" in art.text
    reasons = {r.reason for r in art.removed}
    assert {"dateline", "advertisement", "image caption or credit", "copyright line"} <= reasons


def test_hints_win_over_header():
    art = clean_text(NOISY, "x", Hints(title="Given title", outlet="Given outlet", published="2023-10-03"))
    assert (art.title, art.outlet, art.published) == ("Given title", "Given outlet", "2023-10-03")


def test_article_without_header_is_all_body():
    art = clean_text(BODY, "x")
    assert art.text == BODY and art.title is None and art.removed == []


def test_text_cut_mid_sentence_is_kept():
    cut = BODY + " Then the ministers went on to say that the"
    art = clean_text(cut, "x")
    assert art.text == cut


def test_nothing_left_is_an_input_error():
    with pytest.raises(InputError, match="no article text"):
        clean_text("Share this\nLike this:\n", "junk.txt")


def test_same_text_same_id_and_changed_text_new_id():
    a, b = clean_text(BODY, "a"), clean_text(BODY, "b")
    c = clean_text(BODY + " More.", "a")
    assert a.id == b.id != c.id


def test_sentences_glued_where_markup_was_taken_away_are_parted():
    from newsdesk.clean.cleaner import normalize
    from newsdesk.model import content_id

    raw = (
        "The shooting came a day after two others that made national news.A shooting at an office "
        "complex in Middleton left three people hurt.\n\nThe crash was in Mountain View Friday.The ABC7 "
        "I-Team has learned more. Mr.Smith wrote to Salesforce.com and WSJ.D about it.\n\nHe was at home in "
        "2004.Officials say 3.5 percent of No.1 seeds lose.\n\nHe saw it on Wednesday.NTSB investigators came the day "
        "he died.ABC7 News learned more."
    )
    art = clean_text(raw, "t")
    assert art.id == content_id(normalize(raw).strip())  # the id of the text as it came, as before
    assert "national news. A shooting" in art.text and "Friday. The ABC7" in art.text
    assert "Mr.Smith" in art.text and "Salesforce.com" in art.text and "WSJ.D" in art.text
    assert "in 2004. Officials say 3.5 percent of No.1 seeds" in art.text  # a year then a sentence; figures kept
    assert "on Wednesday. NTSB investigators" in art.text and "he died. ABC7 News" in art.text  # a name in capitals
    assert any(s.text.startswith("A shooting at an office complex") for s in split_article(art))


def test_a_dateline_whose_agency_and_dash_were_taken_out_is_removed():
    body = "The crew was found on the sea bed, the head of the search agency said on Saturday."
    art = clean_text(f"JAKARTA/PANGKALAN BUN, Indonesia Search teams hunting for the wreck said so.\n\n{body}", "t")
    assert art.text.startswith("Search teams hunting")
    assert any(r.reason == "dateline" and r.text == "JAKARTA/PANGKALAN BUN, Indonesia" for r in art.removed)
    # one word in capitals may open a sentence ("NASA, Boeing ..."): left alone
    kept = clean_text(f"NASA, Boeing Co and SpaceX said the launch would go ahead.\n\n{body}", "t")
    assert kept.text.startswith("NASA, Boeing Co")


def test_a_quote_mark_glued_between_two_sentences_opens_the_next_or_closes_this_one():
    raw = (
        'Officials said he would be classified during the process."We are taking all precautions," '
        'Secretary John Wetzel said. "The goal is general population during his incarceration."Cosby '
        "spent a few hours at the county jail. He said it was over.“It is done,” she said."
    )
    text = clean_text(raw, "t").text
    assert 'the process. "We are taking' in text and 'his incarceration." Cosby spent' in text
    assert "was over. “It is done,” she said." in text
