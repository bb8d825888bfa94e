"""The collected real junk lines: how many the cleaner's rules drop, and prose they must keep."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.clean.boilerplate import match_rule, strip_junk_prefix
from newsdesk.clean.cleaner import clean_text

JUNK_FILE = Path(__file__).parent / "data" / "junk_lines.txt"
# the share of collected junk lines the rules must drop; raise it when rules improve, never
# lower it without saying why in the commit message
MIN_DROPPED = 0.95

# real sentences, each with a word a junk rule keys on (Multi-News input documents and the
# bundled examples): none may be dropped
PROSE_WITH_TRIGGER_WORDS = [
    "Subscription radio company siriusxm says it's buying music streaming service pandora media inc.",
    "This was due mainly to an increase in subscription charges for prime.",
    "Will consider making fox content subscription-only, an exec from the company said on monday.",
    "Readers who subscribe to the paper's print edition will see the changes next week.",
    "The bank's credit rating fell sharply last year.",
    "More than 200 people attended the vigil on Sunday.",
    "Related charges were filed against two other men.",
    "Watch parties were held across the city.",
    "Shares of Getty Images rose 4% in early trading.",
    "Follow-up talks are planned for next month in Tokyo, officials said.",
    "The video was shared thousands of times on Facebook before it was removed.",
    "Police said the photo was taken at a private residence in June.",
    "He did not respond to requests for comment.",
    "The Internet Archive said it had stored more than 600 billion web pages.",
]


def junk_lines() -> list[str]:
    lines = JUNK_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def test_collected_junk_lines_are_dropped():
    lines = junk_lines()
    missed = [line for line in lines if match_rule(line) is None]
    dropped = len(lines) - len(missed)
    print(f"\njunk lines dropped: {dropped} of {len(lines)}; missed: {missed}")
    assert len(lines) >= 100
    assert dropped / len(lines) >= MIN_DROPPED, missed


@pytest.mark.parametrize("sentence", PROSE_WITH_TRIGGER_WORDS)
def test_prose_with_trigger_words_is_kept(sentence):
    assert match_rule(sentence) is None


def test_glued_site_notice_is_cut_and_the_sentence_kept():
    line = (
        "Please enable javascript to watch this video CHICAGO -- Supporters of a local army veteran spoke out Monday."
    )
    rest, notice = strip_junk_prefix(line)
    assert notice == "Please enable javascript to watch this video"
    assert rest.startswith("CHICAGO --")
    art = clean_text(line + "\n\nThe veteran is scheduled to be deported next month, his lawyer said on Monday.", "t")
    assert "Supporters of a local army veteran" in art.text
    assert "javascript" not in art.text
    assert any(r.reason == "site notice" for r in art.removed)
    assert strip_junk_prefix("Media coverage of the trial was intense.") == (
        "Media coverage of the trial was intense.",
        None,
    )
