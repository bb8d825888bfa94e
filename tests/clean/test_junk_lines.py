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


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("EMBED More News Videos A 38-year-old man was killed when his car crashed in Mountain View.", "video embed"),
        (
            "CLOSE If the hearing goes as expected, he would be eligible to leave prison on Oct. 1. USA TODAY Sports",
            "video embed",
        ),
        (
            "The investigation continued today with the #CHP digging through the wreck https://t.co/x pic.twitter.com/vd2YzFmAZ0 — Dean C. Smith (@DeanCSmith) March 29, 2018",
            "tweet embed",
        ),
        ("Family says he complained #ABC7now — Dan Noyes (@dannoyes) March 29, 2018", "tweet embed"),
        (
            "He could be released as soon as Oct. 1 if parole is granted on Thursday. (Photo: Ethan Miller, AP)",
            "image caption or credit",
        ),
        ("Enlarge this image toggle caption Ethan Miller/AP Ethan Miller/AP", "image caption or credit"),
        (
            "What you need to know about the parole hearing in Nevada (Elaine Wilson/Las Vegas Review-Journal)",
            "image caption or credit",
        ),
    ],
)
def test_embeds_and_caption_runs_go_with_their_rule(line, reason):
    rule = match_rule(line)
    assert rule is not None and rule.reason == reason


@pytest.mark.parametrize(
    "line",
    [
        "Close to 300 people died in the floods, officials said on Monday.",
        "The company (NYSE: TSLA) said profits rose 20 percent in the quarter that ended in March.",
        "He said the deal (worth $3 billion a year/in total) was good for the region and its workers.",
    ],
)
def test_news_sentences_like_them_are_kept(line):
    assert match_rule(line) is None
