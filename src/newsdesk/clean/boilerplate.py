"""Line rules that recognise boilerplate in scraped news text.

Each rule has a name (the reason shown to the user), a pattern matched against the whole
stripped line, and a word limit above which the rule does not apply: a real paragraph that
happens to contain "subscribe" is not a subscribe prompt. ``END_MARKERS`` are the rules after
which a page's article is over (comment prompts, share bars, mailing-list prompts): short
lines that follow them are page furniture too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One boilerplate pattern."""

    reason: str
    pattern: re.Pattern[str]
    max_words: int = 12
    ends_article: bool = False


def _rule(reason: str, regex: str, max_words: int = 12, ends_article: bool = False) -> Rule:
    return Rule(reason, re.compile(regex, re.I), max_words, ends_article)


RULES: tuple[Rule, ...] = (
    _rule(
        "share prompt",
        r"(share|share this( article| story| post)?|tweet|pin it|e-?mail|print|"
        r"whatsapp|reddit|linkedin|facebook|twitter|flipboard|copy link|click to (share|email|print)\b.*|"
        r"share (on|via) \w+.*|share (this|the|our) (article|story|post|page)\b.*|(share|tweet|email)( \| (share|tweet|email|print|comment)s?)+)[:.!]?",
        max_words=8,
        ends_article=True,
    ),
    _rule("like prompt", r"(like this|like us on \w+|loading\.*)[:.]?", ends_article=True),
    _rule(
        "subscription prompt",
        r".*\b(subscribe|subscription|sign up|newsletter|mailing list|"
        r"join now|join us|register now|create (a free )?account|log ?in to)\b.*",
        max_words=16,
        ends_article=True,
    ),
    _rule(
        "follow prompt",
        r"follow (us|me|@\w+|.{1,40} on (twitter|facebook|instagram|x|linkedin|"
        r"tiktok|google news)).*",
        ends_article=True,
    ),
    _rule(
        "comment prompt",
        r"(discuss this( article| story)?|comments?( \(\d+\))?|\d+ comments?|"
        r"(leave|post|add|write) a (comment|reply|response)|view( all)? comments|show comments|"
        r"join the (conversation|discussion)|comment on this( story| article)?|"
        r"we welcome your comments.*|conversation guidelines.*)[:.]?",
        ends_article=True,
    ),
    _rule(
        "other-reports teaser",
        r"(other|more) (reports|stories|articles|news|posts) (by|from|about)\b.*",
        ends_article=True,
    ),
    _rule(
        "related-content teaser",
        r"(related( stories| articles| coverage| content| news)?|read more|"
        r"read also|also read|see also|more from [\w ]+|recommended( for you)?|you may (also )?like|"
        r"most (read|popular|viewed)|trending( now)?|top stories|must read|what to read next|"
        r"more on this story|watch|video|listen|more)\s*[:|»>\-–—]?(\s.*)?",
        max_words=14,
    ),
    _rule(
        "advertisement",
        r"(advertisement|advertising|ad|ads|sponsored( content| post| by .*)?|"
        r"promoted( content| stories)?|paid (content|post)|partner content|"
        r"story continues below( advertisement)?|article continues below.*|continue reading( below| the main story)?|"
        r"scroll (down )?to continue.*|skip (to|this) (content|ad|advertisement))[:.]?",
    ),
    _rule(
        "promotional line",
        r".*\b(click here|download (our|the) app|get the app|buy now|shop now|"
        r"limited time offer|free trial|join now|learn more)\b.*",
        max_words=20,
    ),
    _rule("promotional line", r".{3,120}\s[-–—]\s*by\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}"),
    _rule(
        "copyright line",
        r"(©|\(c\)|copyright\b|all rights reserved\b).*|.*\ball rights reserved\.?"
        r"|this (material|article) may not be (published|reproduced).*",
        max_words=40,
    ),
    _rule(
        "image caption or credit",
        r"((image|photo|picture|video) (copyright|caption|credit|source)"
        r"|(photo|image|picture|credit|caption)s?\s*[:|]).*",
        max_words=30,
    ),
    _rule(
        "image caption or credit",
        r".*\((ap|afp|reuters|getty|epa|ap photo|afp photo|getty images|"
        r"reuters photo|photo)[/ ][^)]{0,60}\)\.?",
        max_words=40,
    ),
    _rule(
        "image caption or credit",
        r"(getty images|shutterstock|ap photo|reuters|afp|epa)"
        r"(/[\w .]+)?",
        max_words=5,
    ),
    _rule(
        "page furniture",
        r"(skip to (main )?content|menu|search|home|back to top|close|"
        r"cookie (policy|settings)|we use cookies.*|accept( all)? cookies|privacy policy|"
        r"terms of (use|service)|posted in .*|filed under.*|tags?:.*|categories?:.*|"
        r"next( article| story| post)?|previous( article| story| post)?|print this (page|article)|"
        r"(font|text) size|a\+? a-?)[:.]?",
        max_words=12,
    ),
)

END_MARKER_REASONS = frozenset(r.reason for r in RULES if r.ends_article)


def match_rule(line: str) -> Rule | None:
    """Return the first boilerplate rule the stripped ``line`` matches, or ``None``."""
    stripped = line.strip()
    if not stripped:
        return None
    n_words = len(stripped.split())
    for rule in RULES:
        if n_words <= rule.max_words and rule.pattern.fullmatch(stripped):
            return rule
    return None


_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”]$")


def ends_like_sentence(line: str) -> bool:
    """True when ``line`` ends with sentence-final punctuation (possibly inside a closing quote)."""
    return bool(_SENTENCE_END_RE.search(line.strip()))


def looks_like_prose(line: str, min_words: int = 8) -> bool:
    """True for a line of running text: enough words and sentence-final punctuation."""
    return len(line.split()) >= min_words and ends_like_sentence(line)
