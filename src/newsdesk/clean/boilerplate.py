"""Line rules that recognise boilerplate in scraped news text.

Each rule has a name (the reason shown to the user), a pattern matched against the whole
stripped line, and a word limit above which the rule does not apply: a real paragraph that
happens to contain "subscribe" is not a subscribe prompt. ``END_MARKERS`` are the rules after
which a page's article is over (comment prompts, share bars, mailing-list prompts): short
lines that follow them are page furniture too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from newsdesk.clean.dates import MONTHS


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
        r"share (this )?(on|via) \w+.*|share (this|the|our) (article|story|post|page)\b.*|(share|tweet|email)( \| (share|tweet|email|print|comment)s?)+)[:.!]?",
        max_words=8,
        ends_article=True,
    ),
    _rule(
        "like prompt",
        r"(like this|like us on \w+|loading\.*)[:.]?|like this:? ?like loading\.*|like this (story|article|post)\?.*",
        ends_article=True,
    ),
    _rule(
        "subscription prompt",
        r".*\b(subscribe (now|today|here|to (our|my))|(click|tap) here to (subscribe|sign up)|your subscription"
        r"|sign up (now|today|here|for (our|the|free|breaking))|e?-?newsletters?|mailing list"
        r"|join now|join us|register now|create (a free )?account|log ?in to)\b.*",
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
        "subscription prompt",
        r"(sign up|subscribe)\b.*|.*\b(delivered )?(straight |right )?(to|in) your inbox\b.*",
        max_words=30,
        ends_article=True,
    ),
    _rule(
        "follow prompt",
        r"follow [^.]{1,60} on (twitter|facebook|instagram|x|linkedin|youtube|tiktok)\b.*"
        r"|.*\bfollow (him|her|them|us|me) (on (twitter|facebook|instagram|x)\b|@\w+).*"
        r"|(have a tip|got a (news |confidential )?tip|have a story idea)\?.*"
        r"|follow (our|\w+'s|\w+’s) (full |live |latest )?coverage\b.*",
        max_words=30,
        ends_article=True,
    ),
    _rule(
        "comment prompt",
        r"\[?\s*((read|view|show|load|see|hide|post)( all| new)? comments?|(all|user|reader|top rated|recent|latest) comments"
        r"|comments( comments)?|comments are (closed|disabled)|comments powered by \w+|loading comments"
        r"|you must (be )?log(ged)? ?in to (post a )?comment|post comment)\b[^.]{0,20}\.*\s*\]?"
        r"|(note: )?we (are|have) temporarily (moderating|disabled|closed)( all)? comments.*"
        r"|this will appear next to all of your comments.*|tell us what you think.*",
        max_words=25,
        ends_article=True,
    ),
    _rule(
        "related-content teaser",
        r"\[?(related( post| posts| story| stories| article| articles| roundup| video)?|read more|see more|don'?t miss)"
        r"(\s*[:|»>\-–—].*)?|\[(related|read more|see also)\b[^\]]*\]|also on [\w-]+\.(com|net|org|co\.uk)\b.*",
        max_words=25,
    ),
    _rule(
        "related-content teaser",
        r".*\[(insight|video|pictures?|pics|reaction|poll|latest|analysis|revealed|warning|update|map|live|watch)\]\s*\|?",
        max_words=25,
    ),
    _rule(
        "web archive or site notice",
        r"(these crawls are part of an effort to archive pages|starting in \d{4}, alexa internet has been donating"
        r"|focused crawls are collections of|the seed for (this crawl|wide\d+) was|this is a set of web collections"
        r"|this collection contains (collaborative |web )?(election )?crawls|crawl of outlinks from|web wide crawl with"
        r"|warczone is a collection of|tweet with a location you can add location|add a location to your tweets"
        r"|add this (tweet|video) to your website by copying the code"
        r"|just one more thing\.\.\. we have sent you"
        r"|sorry, this zipcode is not in our deliverable area|watch queue queue|(notice )?you must log in to continue"
        r"|sign in using you(r)? account with|have an account\? sign in|please enable cookies"
        r"|to help personalize content, tailor and measure ads|× remaining of thank you for reading"
        r"|the interactive transcript could not be loaded)\b.*",
        max_words=400,
    ),
    _rule(
        "affiliate disclosure",
        r".*\b(if you (buy|purchase) (something|anything|a product)|we may (earn|receive|get) (a )?(small )?(commission|share)"
        r"|may (earn|get|receive) a (small )?(commission|share of the sale)|affiliate (links?|commission))\b.*",
        max_words=45,
    ),
    _rule(
        "site notice",
        r".*\b(javascript is (disabled|required|turned off)|enable javascript|(site|website) uses cookies|by using this (site|website)"
        r"|crawls? performed by|data is currently not publicly accessible|page (you are|you're|you were) looking for|has expired and is (no|not) longer available"
        r"|is not available right now|please try again later|playback (is )?(unsupported|not supported)|your browser (does not|doesn't) support"
        r"|this (document|material|content|article) is (subject to|protected by) copyright"
        r"|by (submitting|posting) (this|a|your) (form|comment))\b.*|.*\b(privacy|data protection|cookie) policy\.?",
        max_words=40,
    ),
    _rule(
        "related-content teaser",
        r"(related( stories| articles| coverage| content| news)?|read more|"
        r"read also|also read|see also|more from [\w ]+|recommended( for you)?|you may (also )?like|"
        r"most (read|popular|viewed)|trending( now)?|top stories|must read|what to read next|"
        r"more on this story|watch|video|listen|more|photos|gallery)(\s*[:|»>\-–—].*)?",
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
        r".*\b(click here|clicking here|download (our|the) app|get the app|buy now|shop now|"
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
        "reporter credit",
        r"\(?(.{0,160}\bcontribut(ed|ing)( additional)?( reporting)?( to)? (this|the|today's) (report|story|article|coverage)"
        r"|(additional |contributing )?(reporting|writing) by [^.;]{1,80}(;|,| and) ?(additional reporting|editing|writing|reporting) by [^)]*"
        r"|(additional )?reporting by [^.;()]{1,80}|editing by [^.;()]{1,80})[.)]*\.?",
        max_words=45,
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
        "image caption or credit",
        r"(image|photo|picture|slide)s? \d+ (of|/) \d+|(image|photo|picture|getty|getty images|image caption|image copyright)[:.]?"
        r"|(photo|photograph|illustration|image|video)( illustration)? (by|courtesy( of)?) .*"
        r"|.{0,80}\b(getty( images)?|shutterstock|istock(photo)?|alamy( stock photo)?)( for [\w .]+)?\)?\.?",
        max_words=14,
    ),
    _rule(
        "image caption or credit",
        r".*(\((photo |image )?credits?:?\s*[^()]{1,60}\)|credits?:\s*[^.()]{1,60}"
        r"|\b(photos?|images?|pictures?)\s*(©|\(c\)|copyright)\s*[^.]{1,60})\.?",
        max_words=45,
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

_URL_RE = re.compile(r"(https?://|www\.)\S+", re.I)
# a video player's caption ("EMBED More News Videos A 38-year-old man ...", USA Today's
# "CLOSE If the hearing goes ..."): the player's words, in capitals, then its caption
_VIDEO_EMBED_RE = re.compile(r"(EMBED More News Videos|CLOSE)(\s|$)")
# an embedded tweet flattened into the text by a scraper: the tweet's words glued to its
# signature "— Name (@handle) March 29, 2018" on one line. A tweet quoted as its own
# paragraph above its author's line is kept: it is what someone said (and the extraction
# benchmark's annotators keep it as article text)
_TWEET_RE = re.compile(r"\S.{10,}?\s[—–]\s*[^()—–]{1,60}\(@\w{1,30}\)\s+[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$")
# a caption that ends on its photographer's credit: "(Elaine Wilson/Las Vegas Review-Journal)",
# "(Photo: Ethan Miller, AP)", "Enlarge this image toggle caption Ethan Miller/AP"
_CAPTION_RE = re.compile(
    r".*\((photo|image|video)s?:\s*[^()]{2,60}\)\.?"
    r"|.*\([A-Z][\w.'-]+(\s[A-Z][\w.'-]+){0,3}\s?/\s?[^()]{2,60}\)\.?"
    r"|(enlarge this image|toggle caption|hide caption)\b.*",
    re.I,
)
_SHORTCODE_RE = re.compile(r"\[/?(button|caption|embed|video|audio|gallery|tweet|instagram)\b[^\]]*\]", re.I)
_CLICK_TO_TWEET_RE = re.compile(r".*click to tweet\W*", re.I)


def _link_line(line: str) -> bool:
    """A short line that is mostly web addresses ("Listen: http://… Download: http://…")."""
    words = line.split()
    return len(words) <= 15 and len(_URL_RE.findall(line)) * 3 >= len(words)


# rules that are tests rather than one pattern: (reason, test)
CHECKS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("video embed", lambda line: len(line.split()) <= 60 and bool(_VIDEO_EMBED_RE.match(line))),
    # the length caps come first: they keep the patterns' backtracking off pathological lines
    ("tweet embed", lambda line: len(line) <= 1200 and len(line.split()) <= 80 and bool(_TWEET_RE.search(line))),
    (
        "image caption or credit",
        lambda line: len(line) <= 600 and len(line.split()) <= 40 and bool(_CAPTION_RE.fullmatch(line)),
    ),
    ("link line", _link_line),
    ("page furniture", lambda line: bool(_SHORTCODE_RE.search(line))),
    ("share prompt", lambda line: bool(_CLICK_TO_TWEET_RE.fullmatch(line))),
)

END_MARKER_REASONS = frozenset(r.reason for r in RULES if r.ends_article)
_CHECK_RULES = {reason: Rule(reason, re.compile(""), 0) for reason, _ in CHECKS}


def match_rule(line: str) -> Rule | None:
    """Return the first boilerplate rule the stripped ``line`` matches, or ``None``."""
    stripped = line.strip()
    if not stripped:
        return None
    n_words = len(stripped.split())
    for rule in RULES:
        if n_words <= rule.max_words and rule.pattern.fullmatch(stripped):
            return rule
    for reason, check in CHECKS:
        if check(stripped):
            return _CHECK_RULES[reason]
    return None


# a news photo's caption as a sentence of the text: what the picture shows, then where and the
# full date ("... off the coast of Pangkalan Bun, Indonesia, Saturday, Jan. 3, 2015."), cut
# short into its agency's credit ("... in Surabaya, Saturday,... (Associated Press)"), or
# opening as captions do ("This image provided by the ... Correctional Facility shows ...",
# "In this Oct. 6, 2013 photo, ...")
_CAPTION_SENTENCE = re.compile(
    r",\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),\s+"
    rf"(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+\d{{1,2}},\s+\d{{4}}\.?$"
    r"|(?:\.\.\.?|…)\s*\([^)]*\)$"
    r"|^[\"“]?(?:in\s+)?this\b.{0,50}?\b(?:image|photo|photograph|picture|frame grab)\b"
    r"(?:\s+(?:provided|released|taken|made available|obtained)\b|,)",
    re.I,
)


def photo_caption(sentence: str) -> bool:
    """Whether a sentence is a news photo's caption left in the text (see ``_CAPTION_SENTENCE``)."""
    return bool(_CAPTION_SENTENCE.search(sentence.strip()))


# site notices that scrapers glue in front of the article's first sentence ("Please enable
# JavaScript to watch this video WASHINGTON -- The ..."): cut off, the rest is kept
_JUNK_PREFIX_RE = re.compile(
    r"^((please )?enable javascript to (watch|view|play) this video|media playback is unsupported on your device"
    r"( media caption)?|sign up thank you for signing up! sign up for more newsletters here"
    r"|image copyright [\w ]{1,40}? image caption"
    r"|breaking news emails get breaking news alerts and special reports\. the news and stories that matter, delivered weekday mornings"
    r"|dow jones reprints: this copy is for your personal, non-commercial use only\. to order presentation-ready copies for"
    r" distribution to your colleagues, clients or customers,? use the order reprints tool at the bottom of any article"
    r" or visit www\.djreprints\.com)[\s:.!\"/-]*(?=\S|$)",
    re.I,
)


def strip_junk_prefix(line: str) -> tuple[str, str | None]:
    """Split a glued site notice off the start of ``line``: (rest, notice or ``None``)."""
    match = _JUNK_PREFIX_RE.match(line)
    if match is None:
        return line, None
    return line[match.end() :], match.group(0).strip()


_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”]$")


def ends_like_sentence(line: str) -> bool:
    """True when ``line`` ends with sentence-final punctuation (possibly inside a closing quote)."""
    return bool(_SENTENCE_END_RE.search(line.strip()))


def looks_like_prose(line: str, min_words: int = 8) -> bool:
    """True for a line of running text: enough words and sentence-final punctuation."""
    return len(line.split()) >= min_words and ends_like_sentence(line)
