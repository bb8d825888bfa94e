"""Boilerplate line rules: junk collected from real scraped news is dropped, prose is kept."""

from __future__ import annotations

import pytest

from newsdesk.clean.boilerplate import match_rule

JUNK = [
    "Like this:",
    "Join the mailing list",
    "Discuss This Article",
    "Other reports by",
    "The Largest Security-Cleared Career Network for Defense and Intelligence Jobs - JOIN NOW",
    "One Billion Americans: The Case for Thinking Bigger - by Matthew Yglesias",
    "Share this article",
    "Share on Facebook",
    "Tweet",
    "Email",
    "Print",
    "Sign up for our daily newsletter",
    "Subscribe now",
    "Follow us on Twitter",
    "Advertisement",
    "Sponsored content",
    "Story continues below advertisement",
    "Continue reading the main story",
    "Related: How the talks broke down",
    "Read more: Five things to know",
    "See also",
    "Most read",
    "© 2017 The Associated Press. All rights reserved.",
    "Copyright 2017 Reuters",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Image copyright Getty Images",
    "Photo: Reuters",
    "(AP Photo/Evan Vucci)",
    "Leave a comment",
    "Comments (12)",
    "Click here to download our app",
    "Skip to content",
    "Tags: North Korea, Japan",
    "The Associated Press contributed to this report.",
    "AP writers Margie Mason in Jakarta, Indonesia, and Eric Talmadge in Tokyo contributed to this report.",
    "—Joshua Mitnick in Kiryat Malachi, Israel, contributed to this article.",
    "Additional reporting by Natalie Musumeci and Kevin Fasick.",
    "(Reporting by Will Dunham; Editing by Tom Brown)",
]

PROSE = [
    "Japan and the United States have agreed to increase their military cooperation.",
    "Readers who subscribe to the paper's print edition will see the changes next week, the editor said.",
    "Share prices fell sharply on Monday after the announcement.",
    "The photo, taken by a Reuters photographer in 2016, shows the two leaders shaking hands.",
    "More than 2,000 US Marines plus some 1,500 Japanese troops are participating in the drills.",
    "Follow-up talks are planned for next month in Tokyo, officials said.",
    "Investigators said the fire had contributed to the collapse of the roof, the report said.",
    "The Associated Press reported that 12 people had been killed by the storm.",
]


@pytest.mark.parametrize("line", JUNK)
def test_junk_line_dropped(line):
    assert match_rule(line) is not None


@pytest.mark.parametrize("line", PROSE)
def test_prose_kept(line):
    assert match_rule(line) is None


def test_a_sentence_about_a_photo_is_not_its_caption():
    from newsdesk.clean.boilerplate import photo_caption

    assert photo_caption("This image provided by the navy shows divers on Friday, Jan. 2, 2015, at the site.")
    assert photo_caption("In this Jan. 1, 2015 photo, families wait at the airport in Surabaya.")
    assert not photo_caption("This photo went viral on Friday, Jan. 2, after the rescue.")  # news about a photo
