"""Summaries that read in order: a sentence that leans on another ("..., Tillerson added.",
"He said ...") comes after a sentence that names its subject; the summary opens with the news.

A sentence *leans* when it starts with a pronoun or a connective ("He", "They", "This",
"But", "However") or ends on an attribution to a bare surname or a pronoun (", Tillerson
added.", ", he said."): its reader must already know who or what it means. Reading order
(each sentence's place in its article, then the article's) is kept otherwise; a leaning
sentence moves to just after the first sentence that names its subject (the surname), or for
a pronoun just after the first sentence that does not lean. Nothing is left out, so what the
summary says (and its ROUGE) is unchanged. A sentence that opens on a person's bare surname
("Hagerty takes his post ...", ``unintroduced``) leans on the one that names them in full: an
update summary leaves it out unless it shows that one too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_OPENERS = re.compile(
    r"^[\"“‘']?(?:he|she|they|it|his|her|their|its|this|these|those|that|him|them|but|however|also|"
    r"meanwhile|still|yet|instead|then|moreover|furthermore|besides)\b",
    re.I,
)
_VERBS = r"(?:added|said|says|told|noted|explained|continued|wrote|stated|insisted|argued|warned|concluded)"
# ", Tillerson added." / ", he said." / ', Tillerson told reporters.'
_ATTRIBUTION = re.compile(
    rf",[\"”’']?\s+(?P<who>[A-Z][a-z'’-]+|he|she|they)\s+{_VERBS}\b[^.?!]{{0,40}}[.?!][\"”’']?$"
    rf"|,[\"”’']?\s+{_VERBS}\s+(?P<who2>[A-Z][a-z'’-]+|he|she|they)\b[^.?!]{{0,40}}[.?!][\"”’']?$"
)
_PRONOUNS = frozenset({"he", "she", "they"})
_VERB_AFTER = (
    r"(?:is|was|are|were|would|will|could|can|may|might|has|had|have|means|meant"
    r"|makes|made|comes|came|includes|included|leads|led|left|prompted|marks|marked|follows|followed|suggests"
    r"|suggested|shows|showed|brings|brought|gives|gave|holds|held|involves|involved)\b"
)
# a subject that stands for what the sentence before named: a demonstrative alone ("That
# would signal problems like a stall.", "This is ..."; not one that goes with a noun, "This
# week the airline said ..."), "that same procedure", "much of it", or "it" after an opening
# phrase ("At last count it held nearly 1,600 inmates.")
_REFERS_BACK = re.compile(
    rf"^[\"“]?(?:(?:that|this|these|those)\s+{_VERB_AFTER}|(?:that|this|these|those)\s+same\b"
    r"|(?:much|most|some|all|many|none|part|each|both)\s+of\s+(?:it|them|this|that|these|those)\b"
    rf"|(?:at|in|on|by|after|since|for|as of|during|until)\s+(?:\S+\s+){{0,3}}?\S+,?\s+it\s+{_VERB_AFTER})",
    re.I,
)


def leans_on(text: str) -> str | None:
    """What a sentence leans on: a surname it names bare (``"Tillerson"``), ``"pronoun"`` for a
    pronoun or connective it opens with or ends on, or None for a sentence that stands alone."""
    stripped = text.strip()
    found = _ATTRIBUTION.search(stripped)
    if found:
        who = found.group("who") or found.group("who2") or ""
        return "pronoun" if who.lower() in _PRONOUNS else who
    if _OPENERS.match(stripped):
        return "pronoun"
    return None


def refers_back(text: str) -> bool:
    """Whether a sentence's subject is the sentence before it ("That would signal ..."): it
    leans (``leans_on``) on what no other sentence can stand in for, so a summary that does
    not show that sentence cannot show it either."""
    return bool(_REFERS_BACK.match(text.strip()))


_OPENING_NAME = re.compile(r"^[\"“]?(?P<name>[A-Z](?:[\w-]|['’](?!s\b))+)(?:['’]s)?\s+[a-z]")


def unintroduced(text: str, persons: Sequence[str]) -> str | None:
    """The full name of the person a sentence opens on by surname alone ("Hagerty takes his
    post ..." of "Bill Hagerty"), when it does not name them in full: a reader of it alone
    does not know who that is; None otherwise."""
    opening = _OPENING_NAME.match(text.strip())
    if opening is None:
        return None
    word = opening.group("name")
    return next((n for n in persons if len(n.split()) > 1 and n.split()[-1] == word and n not in text), None)


def _names(text: str, surname: str, skip: int | None = None) -> bool:
    """Whether ``text`` names ``surname`` (the attribution itself, at ``skip``, aside)."""
    return any(m.start() != skip for m in re.finditer(rf"\b{re.escape(surname)}\b", text))


def read_in_order(texts: Sequence[str]) -> list[int]:
    """Indices of ``texts`` (already in reading order) with every leaning sentence moved after
    the sentence it leans on (see the module docstring)."""
    order = list(range(len(texts)))
    for _ in range(len(texts)):  # each pass settles at least one sentence; a few passes at most
        moved = False
        for pos, k in enumerate(order):
            subject = leans_on(texts[k])
            if subject is None:
                continue
            before = order[:pos]
            if subject == "pronoun":
                if any(leans_on(texts[j]) is None for j in before):
                    continue
                target = next((p for p in range(pos + 1, len(order)) if leans_on(texts[order[p]]) is None), None)
            else:
                own = texts[k].rfind(subject)
                if any(_names(texts[j], subject) for j in before) or _names(texts[k], subject, own):
                    continue
                target = next((p for p in range(pos + 1, len(order)) if _names(texts[order[p]], subject)), None)
                if target is None:
                    target = next((p for p in range(pos + 1, len(order)) if leans_on(texts[order[p]]) is None), None)
            if target is None:
                continue
            order.insert(target, order.pop(pos))  # after the sentence at ``target`` (it shifted left by one)
            moved = True
            break
        if not moved:
            break
    return order
