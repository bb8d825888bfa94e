"""What a figure counts, however it is worded: "162 people on board", "155 passengers and crew"
and "carrying 162" all count the people aboard; "killed 13", "13 dead" and "a death toll of
13" count the dead. Two outlets' figures for one counted thing can then be compared even when
their sentences are worded apart, where whole-sentence similarity sees two different
sentences.

A ``Quantity`` is a counted thing (``what``), a value, and how exact it is: "about 160",
"more than 150" and "150 to 160" are approximate or ranges, and do not contradict a value
they contain. Counts that name a story's event (people aboard, passengers, crew, dead,
injured, missing, arrested, evacuated) are the figures outlets disagree on and update, and
they are unambiguous within one event. Sums of money, percentages, ages and distances
(``measures``) are kept with what they are of when the text says it ("$5 million bail", "45
percent of the vote", "the 38-year-old driver", "26 miles north of Houston"); one that does
not say ("$14 million", "33 percent") could be of anything, and is not compared
(``comparable``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "dozens": 24, "hundred": 100,
    "hundreds": 200,
}  # fmt: skip
_VAGUE = {"dozens": (24.0, 99.0), "hundreds": (200.0, 999.0)}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_WORDS = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
# a figure in digits (not the tail of "1.600" or "1,700"), or in words ("Seventy-eight",
# "twenty one", "two dozen", "half a dozen")
_NUM = (
    r"(?:(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    rf"|(?<![\w-])(?:(?:{_TENS})[- ](?:{_UNITS})\b|(?:{_UNITS}) (?:dozen|hundred)\b|half[- ](?:a )?dozen\b|{_WORDS}))"
)
_CUES = (
    r"about|around|approximately|roughly|nearly|almost|more than|over|at least|up to|some|fewer than|less than|at most"
)
_APPROX = rf"(?P<approx>{_CUES})\s+(?:an?\s+)?"
_RANGE = rf"(?P<low>{_NUM})\s*(?:-|–|to)\s*"
_FIGURE = re.compile(rf"\b(?:{_APPROX})?(?:{_RANGE})?(?P<value>{_NUM})\b(?![-–]year)", re.I)

# what follows (or, for "killed 13", precedes) a figure, and what it then counts
_AFTER: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "aboard",
        re.compile(
            r"^(?:people|persons|souls|passengers and crew|passengers and crew members)\b(?:\s+\w+){0,2}?\s+(?:on board|aboard|onboard)\b|^(?:passengers and crew|passengers and crew members|people on board|people aboard|souls on board)\b",
            re.I,
        ),
    ),
    # "155 passengers", not "two passengers were in critical condition" (some of them)
    ("passengers", re.compile(r"^passengers\b(?!\s+and\s+crew)(?!\s+(?:were|was|are|remain|had|have)\b)", re.I)),
    ("crew", re.compile(r"^(?:crew|crew members)\b", re.I)),
    (
        "dead",
        re.compile(
            r"^(?:(?!and\b|but\b|or\b)\w+\s+){0,2}(?:people\s+)?(?:were\s+|have been\s+|had been\s+)?(?:killed|dead|died|deaths|fatalities|lives lost|bodies)\b",
            re.I,
        ),
    ),
    (
        "injured",
        re.compile(
            r"^(?:(?!and\b|but\b|or\b)\w+\s+){0,2}(?:people\s+)?(?:were\s+|have been\s+)?(?:injured|wounded|hurt|injuries)\b",
            re.I,
        ),
    ),
    (
        "missing",
        re.compile(r"^(?:(?!and\b|but\b|or\b)\w+\s+){0,2}(?:people\s+)?(?:were\s+|are\s+|remain\s+)?missing\b", re.I),
    ),
    (
        "arrested",
        re.compile(
            r"^(?:(?!and\b|but\b|or\b)\w+\s+){0,2}(?:people\s+)?(?:were\s+|have been\s+)?(?:arrested|detained)\b", re.I
        ),
    ),
    (
        "evacuated",
        re.compile(
            r"^(?:(?!and\b|but\b|or\b)\w+\s+){0,2}(?:people\s+|residents\s+)?(?:were\s+|have been\s+)?evacuated\b", re.I
        ),
    ),
)
_BEFORE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("aboard", re.compile(r"\b(?:carrying|with)\s+$", re.I)),  # "carrying 162" is checked for a following noun below
    (
        "dead",
        re.compile(
            r"\b(?:killed|killing|death toll (?:rose |climbed |stood |reached |of |to |at )*|dead(?: rose)? to)\s*$",
            re.I,
        ),
    ),
    ("injured", re.compile(r"\b(?:injured|injuring|wounded|wounding|injuries to)\s+$", re.I)),
)
_NOBODY = re.compile(r"\bno\s+$", re.I)  # "no one was reported dead"
_ADDED = re.compile(r"\b(?:more|additional|further)\b", re.I)  # between a figure and what it counts
# "Another six people were wounded.": more than a count already given (but "11 died and another 12 were injured")
_ANOTHER = re.compile(r"(?:^|[.;:!?]\s+)[\"“]?(?:another|an additional|a further)\s+$", re.I)
# "four people dead or missing", "12 killed or injured": one count of two groups
_EITHER = re.compile(r"^\s*(?:or|and/or)\s+(?:were\s+)?(?:missing|injured|wounded|hurt|dead|killed|died)\b", re.I)
# "critically injuring three", "two were seriously hurt": the worst hurt, a part of the injured
_SEVERITY = r"\b(?:critically|seriously|severely|gravely|badly)\b"
_SEVERE = re.compile(_SEVERITY, re.I)
_SEVERE_BEFORE = re.compile(_SEVERITY + r"\s+(?:injur|wound|hurt)\w*\s+$", re.I)
_PEOPLE = re.compile(r"^(?:people|persons|souls|passengers and crew)\b", re.I)
# "injuring four other women and a man", "two women and a child": the figure counts one group
# of those hurt, a part of the count (a named group, "84 Palestinians and three soldiers", is
# compared as that group's count)
_AND_MORE = re.compile(
    r"^(?:other\s+)?(?!(?:killed|dead|died|injured|wounded|hurt|missing)\b)[a-z-]+\s+and\s+"
    r"(?:a|an|one|another|\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?!(?:were|was|are|have|had|killed|dead|died|injured|wounded|hurt|missing)\b)[a-z]",
    re.I,
)
# "108 people have been killed each month", "an average of 20 deaths": a rate, not a toll ("in a
# day of protests" is one day's toll)
_RATE_AFTER = re.compile(r"^[^.;,]{0,40}?\b(?:(?:each|every|per)\s+(?:day|week|month|year)\b|annually\b)", re.I)
_RATE_BEFORE = re.compile(r"\baverage of\s+$", re.I)
# "Five police officers were killed and seven were wounded": "seven" counts the officers too
_BARE = re.compile(r"^(?:were|was|are|have|had|remain|remained)\b", re.I)
# a count of those at one place ("two people died on the scene", "two died, including the
# shooter, at Bayview") counts part of the victims, not the event's toll
_PART = re.compile(
    r"^(?:(?!\band\b)[^.;]){0,30}?\b(?:(?:on|at) the scene|at (?:the |a |an |area )?hospitals?|in hospital|on arrival|(?-i:at [A-Z][a-z]+)\.?$)",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    """A figure and what it counts; ``low``..``high`` is the span of values it allows (one
    value for an exact figure, wider for "about", "more than" and ranges)."""

    what: str
    value: float
    low: float
    high: float
    text: str  # the figure as written, with its counted thing ("155 passengers and crew")
    start: int
    end: int
    subject: str = ""  # who is counted when the text says ("palestinian", "soldier"); "" for people at large
    whole: float = 0.0  # a sum written in whole millions (thousands, ...): that unit, 1e6 for "$559 million"

    @property
    def exact(self) -> bool:
        """Whether the figure is one exact value."""
        return self.low == self.high


def _number(text: str) -> float | None:
    """A figure's value; a count written with stops between thousands ("1.600 injured") is
    whole: people are not counted in fractions."""
    plain = text.lower().replace(",", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", plain):
        return float(plain.replace(".", ""))
    if re.fullmatch(r"half[- ](?:a )?dozen", plain):  # "a half dozen", "half a dozen"
        return 6.0
    if plain in _WORD_VALUES:
        return float(_WORD_VALUES[plain])
    words = re.split(r"[- ]", plain)
    if len(words) == 2 and all(w in _WORD_VALUES for w in words):  # "seventy-eight", "twenty one", "two dozen"
        first, second = _WORD_VALUES[words[0]], _WORD_VALUES[words[1]]
        return float(first * second if words[1] in ("dozen", "hundred") else first + second)
    try:
        return float(plain)
    except ValueError:
        return None


def _span(value: float, approx: str | None, low: float | None) -> tuple[float, float]:
    if low is not None:
        return min(low, value), max(low, value)
    if not approx:
        return value, value
    cue = approx.lower()
    if cue in ("more than", "over", "at least"):
        return value, value * 1.5
    if cue in ("fewer than", "less than", "at most", "up to"):
        return value * 0.5, value
    return value * 0.9, value * 1.1  # about, around, nearly, some


_GENERIC = frozenset({
    "people", "persons", "person", "souls", "passengers", "passenger", "crew", "others", "other", "victims",
    "victim", "adults", "residents", "were", "was", "are", "have", "had", "been", "more", "of", "on",
    "aboard", "board", "and", "killed", "dead", "died", "injured", "wounded", "hurt", "missing", "arrested",
    "detained", "evacuated",
})  # fmt: skip


EVENT_COUNTS = frozenset(name for name, _ in _AFTER)


def _subject(after: str) -> str:
    """The counted noun after a figure when it names a group ("Palestinians", "Israeli
    soldiers", "co-workers", "U.N. staff": its first word), "" when it names people at large."""
    words = [w.strip(",;:()\"'“”").replace(".", "").lower() for w in after.split()[:2]]
    for word in words:
        if not word or word in _GENERIC or not word.replace("-", "").isalpha():
            break
        return word[:-1] if word.endswith("s") and len(word) > 3 else word
    return ""


def quantities(text: str) -> list[Quantity]:
    """The event counts and the ``measures`` ``text`` states, in order. A year, a time of day
    and a figure that counts nothing listed above are left out."""
    out: list[Quantity] = []
    for m in _FIGURE.finditer(text):
        value = _number(m.group("value"))
        if value is None or (len(m.group("value")) == 4 and m.group("value")[:2] in ("19", "20")):
            continue  # a year
        after_at = m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip())
        after, before = text[after_at:], text[: m.start()]
        if re.match(r"of\b", after, re.I) or _NOBODY.search(before):
            continue  # "one of the people killed": a part, not the count; "no one was reported dead"
        what, shown_end = None, m.end()
        for name, pattern in _BEFORE:  # "killed 13": the verb just before the figure says what it counts
            if name != "aboard" and pattern.search(before):
                what = name
                noun = re.match(r"[A-Za-z-]+s\b|people\b", after)  # "killed 12 people", "killing 84 Palestinians"
                shown_end = after_at + noun.end() if noun else m.end()
                break
        for name, pattern in () if what else _AFTER:
            found = pattern.match(after)
            if found:
                what, shown_end = name, after_at + found.end()
                break
        people = _PEOPLE.match(after)
        if what is None and people and _BEFORE[0][1].search(before):  # "carrying 162 people"
            what, shown_end = "aboard", after_at + people.end()
        if what is None or (what in ("dead", "injured") and _PART.match(text[shown_end:])):
            continue
        if _ADDED.search(text, m.end(), shown_end) or _ANOTHER.search(before):
            continue  # "three more people died", "another six": added to a toll, not the toll
        subject = _subject(after)
        if (
            (_AND_MORE.match(after) and not subject and what in ("dead", "injured", "missing"))
            or _RATE_AFTER.match(text[shown_end:])
            or _RATE_BEFORE.search(before)
        ):
            continue  # one unnamed group of those counted ("four other women and a man"); a rate
        if _EITHER.match(text[shown_end:]) or (
            what == "injured" and (_SEVERE_BEFORE.search(before) or _SEVERE.search(text, m.end(), shown_end))
        ):
            continue  # a count of two groups together; the worst hurt, a part of the injured
        low = _number(m.group("low")) if m.group("low") else None
        lo, hi = _span(value, m.group("approx"), low)
        plural = _VAGUE.get(m.group("value").lower())
        if plural:  # "dozens", "hundreds": any number of that order
            lo, hi = plural
        if not subject and _BARE.match(after) and out and out[-1].what in EVENT_COUNTS:
            subject = out[-1].subject  # "... officers were killed and seven were wounded": the same group
        out.append(Quantity(what, value, lo, hi, text[m.start() : shown_end], m.start(), shown_end, subject))
    return sorted(out + measures(text), key=lambda q: q.start)


_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_CURRENCY_NAMES = {"dollars": "$", "euros": "€", "pounds": "£"}
_MONEY = re.compile(
    r"(?P<cur>[$€£])\s?(?P<value>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?P<scale>thousand|million|billion|trillion|mn|bn|m|k)\b)?"
    r"|(?<![\d.,])\b(?P<value2>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<scale2>thousand|million|billion|trillion)?\s*(?P<cur2>dollars|euros|pounds)\b",
    re.I,
)
_PERCENT = re.compile(
    r"(?<![\d.,])\b(?P<value>\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)(?:\s+of\s+(?:the\s+|all\s+|its\s+|their\s+|his\s+|her\s+|our\s+)?(?P<of>[a-z]+))?",
    re.I,
)
_AGE = re.compile(
    r"(?<![\d.,])\b(?P<value>\d{1,3})[- ]year[- ]old\s+(?P<who>(?:[A-Z][\w'-]+\s+)*[A-Za-z][\w'-]+)"
    r"|(?P<name>(?:[A-Z][\w'-]+\s)?[A-Z][\w'-]+),\s+(?P<value2>\d{1,3}),"
    r"|\baged\s+(?P<value3>\d{1,3})\b",
)
_DISTANCE = re.compile(
    r"(?<![\d.,])\b(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>miles?|kilometers?|kilometres?|km|feet|foot|meters?|metres?)\b(?:\s+(?P<dir>north|south|east|west|northeast|northwest|southeast|southwest)\b"
    r"(?:-(?:east|west)\b)?(?:\s+of\s+(?:the\s+|downtown\s+)?(?P<of>[A-Za-z]+))?)?",
    re.I,
)
_THEN = re.compile(r"\bthen[- ]$", re.I)
_NOT_SUBJECT = frozenset({
    "in", "of", "worth", "for", "to", "and", "a", "an", "the", "from", "by", "on", "at", "per", "or", "was",
    "is", "a-year", "each", "over", "than",
})  # fmt: skip
# words after "N-year-old" that do not name who is that old
_NOT_WHO = frozenset({
    "and", "or", "but", "was", "is", "were", "are", "who", "whose", "had", "has", "have", "said", "says", "will",
    "would", "could", "can", "from", "in", "on", "at", "of", "with", "to", "for", "as", "by", "his", "her", "their",
    "its", "the", "a", "an", "that", "this", "when", "after", "before", "also", "then", "still", "now", "not",
    "been", "being",
})  # fmt: skip
_APPROX_BEFORE = re.compile(rf"\b(?P<cue>{_CUES})\s+(?:an?\s+)?$", re.I)  # "about $2 million"


def _noun_after(after: str) -> str:
    word = after.split()[0].strip(".,;:()\"'“”").lower() if after.split() else ""
    if not word.isalpha() or word in _NOT_SUBJECT:
        return ""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _figure(
    what: str, subject: str, value: float, text: str, start: int, end: int, places: int = 0, scale: float = 1.0
) -> Quantity:
    """A measure; a figure written with decimals allows what rounds to it ("$14.3 trillion"
    allows $14.294 trillion), and one in whole millions (a ``scale``) keeps its unit."""
    cue = _APPROX_BEFORE.search(text[max(0, start - 30) : start])
    lo, hi = _span(value, cue.group("cue") if cue else None, None)
    if places:
        half = 0.5 * 10**-places * scale
        lo, hi = min(lo, value - half), max(hi, value + half)
    whole = scale if scale > 1 and not places else 0.0
    return Quantity(what, value, lo, hi, text[start:end], start, end, subject, whole)


def _places(raw: str) -> int:
    return len(raw.partition(".")[2])


def measures(text: str) -> list[Quantity]:
    """Sums of money (by currency: "$2.6 million", "2 million euros"), percentages ("45
    percent of the vote"), ages ("the 38-year-old driver", "Huang, 38,") and distances ("26
    miles north of Houston"), each with what it is of when the text says (the noun after a
    sum, the person whose age it is, the direction and the place it is measured from), in
    order; an age at another time ("the then-17-year-old") is left out."""
    out: list[Quantity] = []
    for m in _MONEY.finditer(text):
        raw = m.group("value") or m.group("value2")
        cur = m.group("cur") or _CURRENCY_NAMES[(m.group("cur2") or "").lower()]
        scale = (m.group("scale") or m.group("scale2") or "").lower()
        factor = _SCALES.get(scale, 1.0)
        value = float(raw.replace(",", "")) * factor
        subject = _noun_after(text[m.end() :])
        out.append(_figure(f"money {cur}", subject, value, text, m.start(), m.end(), _places(raw), factor))
    for m in _PERCENT.finditer(text):
        raw = m.group("value")
        subject = (m.group("of") or "").lower()
        out.append(_figure("percent", subject, float(raw), text, m.start(), m.end(), _places(raw)))
    for m in _AGE.finditer(text):
        if _THEN.search(text, 0, m.start()):
            continue  # "the then-17-year-old": an age at another time
        raw = m.group("value") or m.group("value2") or m.group("value3")
        who = (m.group("who") or m.group("name") or "").split()
        named = [w for w in who if w[0].isupper()]  # "Charles Ridulph" of "Charles Ridulph was"
        subject = " ".join(named[-2:] if named else who[-1:]).lower()  # "charles ridulph", "driver"
        if subject in _NOT_WHO or subject.endswith("ly"):
            subject = ""  # "the 19-year-old and her family", "the 18 year old was taken": whose age is not said
        end = m.end()
        if m.group("who") and named:  # the figure as written ends on the name
            end = m.start("who") + m.group("who").rfind(named[-1]) + len(named[-1])
        out.append(_figure("age", subject, float(raw), text, m.start(), end))
    for m in _DISTANCE.finditer(text):
        unit = m.group("unit").lower().rstrip("s")
        unit = {"kilometer": "km", "kilometre": "km", "foot": "feet", "feet": "feet", "metre": "meter"}.get(unit, unit)
        subject = " of ".join(x.lower() for x in (m.group("dir"), m.group("of")) if x)  # "north of houston"
        out.append(_figure(f"distance {unit}", subject, float(m.group("value")), text, m.start(), m.end()))
    return sorted(out, key=lambda q: q.start)


def comparable(q: Quantity) -> bool:
    """Whether a figure says what it is of clearly enough to be compared with another: an
    event count, or a measure whose subject the text names (a bare "$14 million" or "33
    percent" could be of anything)."""
    return q.what in EVENT_COUNTS or bool(q.subject)


def disagree(a: Quantity, b: Quantity) -> bool:
    """Whether two figures for one counted thing (the same count of the same group) cannot
    both be true: their spans do not meet ("about 160" allows 162; "155" and "162" do not; a
    whole percentage, or a sum in whole millions set against a finer one, allows what rounds
    to it)."""
    (a_below, a_above), (b_below, b_above) = _rounding(a, b), _rounding(b, a)
    return (
        a.what == b.what
        and a.subject == b.subject
        and (a.high + a_above < b.low - b_below or b.high + b_above < a.low - a_below)
    )


def _rounding(q: Quantity, other: Quantity) -> tuple[float, float]:
    """How far below and above its value a figure written short may stand for: a share
    written as a whole number is that share rounded ("2 percent" is 2.1%; "30%" and "31%"
    may both be 30.5%); a sum written in whole millions (thousands, billions) may be a finer
    ``other`` rounded or cut short ("$559 million" of "$559.7 million", not of "$558.2
    million"; "$5 million" and "$6 million" differ); and a sum written round to two figures
    or more may be a finer ``other`` rounded ("$1,200" of "$1,203.27", "$340k" of
    "$341,000"; "$50,000" and "$100,000", "$500 million" and "$550 million" differ)."""
    if q.what == "percent" and q.exact and q.value.is_integer():
        return 0.5, 0.5
    if not q.what.startswith("money") or not q.exact or not q.value.is_integer():
        return 0.0, 0.0
    round_unit = q.whole or 1.0  # the place of its last figure written: $1,200 is to the hundred
    while round_unit * 100 <= q.value and (q.value / (round_unit * 10)).is_integer():
        round_unit *= 10
    if round_unit > (q.whole or 1.0) and not (other.value / round_unit).is_integer():
        return 0.5 * round_unit, 0.5 * round_unit
    if q.whole and not (other.value / q.whole).is_integer():
        return 0.5 * q.whole, 0.99 * q.whole
    return 0.0, 0.0
