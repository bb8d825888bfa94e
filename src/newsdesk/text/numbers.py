"""Counted things a sentence states ("13 people", "four missiles"), to tell a sentence from
one that reports other figures: "killed 13" and "killed 31" embed alike but do not say the
same thing."""

from __future__ import annotations

import re

from newsdesk.text.tokens import content_terms

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NUMBER_WORDS = {
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "dozen": "12",
}


def numbers(text: str) -> dict[str, str]:
    """Counted things stated in ``text``: ``{stemmed noun after the number: number}``
    ("2,000 US Marines" -> marin: 2000; "four missiles" -> missil: 4). Years are dates, not
    counts, and are left out."""
    words = text.split()
    out: dict[str, str] = {}
    for k, word in enumerate(words):
        token = word.strip("()[]\"'“”;:").rstrip(".,").lower()
        plain = re.sub(r"(?<=\d),(?=\d{3}\b)", "", token)
        value = _NUMBER_WORDS.get(plain) or (plain if _NUMBER.fullmatch(plain) else None)
        if value is None or (token == plain and len(value) == 4 and value.startswith(("19", "20"))):
            continue  # not a number, or a year
        window = [w.strip("()[]\"'“”,.;:") for w in words[k + 1 : k + 4]]
        plural = [w for w in window if len(w) > 3 and w.endswith("s") and content_terms(w)]
        nouns = [t for w in (plural or window) for t in content_terms(w) if not t[0].isdigit()]
        if nouns:
            out.setdefault(nouns[0], value)
    return out


def numbers_clash(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """The counted things (stemmed nouns) that ``a`` and ``b``, two ``numbers`` results, give
    different figures for."""
    return sorted(noun for noun in a.keys() & b.keys() if a[noun] != b[noun])
