"""Sentence splitting with character offsets.

Two splitters are registered: ``pysbd`` (default; it keeps quotations with inner full stops
and abbreviations such as "U.S.", "Adm." and "Aug. 18" whole) and ``rules``, a fast
dependency-free fallback with the same contract. Both return ``(start, end)`` spans into the
text they were given, trimmed of surrounding white space.
"""

from __future__ import annotations

import re
import warnings
from typing import Protocol

from newsdesk.model import Article, Sentence
from newsdesk.registry import Registry

Span = tuple[int, int]


class Splitter(Protocol):
    """Splits one paragraph into sentence spans."""

    def split(self, text: str) -> list[Span]:
        """Return ``(start, end)`` offsets of each sentence in ``text``."""
        ...


SPLITTERS: Registry[Splitter] = Registry("sentence splitter")

ABBREVIATIONS = frozenset(
    [
        "adm",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "sgt",
        "cpl",
        "pvt",
        "gov",
        "sen",
        "rep",
        "rev",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "ft",
        "mt",
        "pres",
        "supt",
        "est",
        "approx",
        "fig",
        "al",
    ]
)
_CLOSERS = "\"'”’)]"
_BOUNDARY_RE = re.compile(r"[.!?]+[\"'”’)\]]*\s+")


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _inside_quote(text: str, pos: int) -> bool:
    """True when ``pos`` lies inside a double quotation that closes later in ``text``."""
    before = text[:pos]
    straight_open = before.count('"') % 2 == 1 and '"' in text[pos:]
    curly_open = before.count("“") > before.count("”") and "”" in text[pos:]
    return straight_open or curly_open


class RuleSplitter:
    """Regex splitter aware of abbreviations, initials ("U.S."), decimals and quotations."""

    def split(self, text: str) -> list[Span]:
        """Return sentence spans of ``text``."""
        spans: list[Span] = []
        start = 0
        for match in _BOUNDARY_RE.finditer(text):
            end = match.end()
            if not self._is_boundary(text, match.start(), end):
                continue
            s, e = _trim(text, start, end)
            if e > s:
                spans.append((s, e))
            start = end
        s, e = _trim(text, start, len(text))
        if e > s:
            spans.append((s, e))
        return spans

    @staticmethod
    def _is_boundary(text: str, punct: int, after: int) -> bool:
        nxt = text[after : after + 1]
        if not nxt:
            return True
        if _inside_quote(text, after):
            return False
        if text[punct] == "." and text[punct - 1 : punct] != ".":
            token = text[:punct].rsplit(None, 1)[-1] if text[:punct].strip() else ""
            core = token.lstrip("\"'“‘(").lower()
            if core in ABBREVIATIONS or core.replace(".", "") in ABBREVIATIONS:
                return False
            if len(core) == 1 or re.fullmatch(r"(?:[a-z]\.)+[a-z]", core):
                # initials ("J." / "U.S") end a sentence only before a clear new start
                return bool(re.match(r"[\"“]?[A-Z][a-z]+\s", text[after:])) and core in {"u.s", "u.k", "u.n"}
        # a new sentence starts with a capital letter, a digit or an opening quote
        return bool(re.match(r"[\"“‘'(\[]?[A-Z0-9]", nxt + text[after + 1 : after + 2]))


class PysbdSplitter:
    """pysbd's rule-based segmenter, with offsets recovered by search."""

    def __init__(self) -> None:
        import pysbd  # imported here: optional at run time, falls back to rules

        self._seg = pysbd.Segmenter(language="en", clean=False)
        self._fallback = RuleSplitter()

    def split(self, text: str) -> list[Span]:
        """Return sentence spans of ``text``; a span pysbd garbles falls back to rules."""
        spans: list[Span] = []
        cursor = 0
        try:
            pieces = self._seg.segment(text)
        except Exception as exc:  # pysbd has known crashes on odd input; never fail the article
            warnings.warn(f"pysbd failed ({exc!r}); using the rule splitter", stacklevel=2)
            return self._fallback.split(text)
        for piece in pieces:
            piece = piece.strip()
            if not piece:
                continue
            found = text.find(piece, cursor)
            if found < 0:  # pysbd altered the text: keep offsets honest, use the fallback
                return self._fallback.split(text)
            spans.append((found, found + len(piece)))
            cursor = found + len(piece)
        return spans


@SPLITTERS.register("pysbd", "pysbd rules (default): keeps quotes and abbreviations whole")
def _pysbd() -> Splitter:
    try:
        return PysbdSplitter()
    except ImportError:
        warnings.warn("pysbd is not installed; using the rule splitter", stacklevel=2)
        return RuleSplitter()


@SPLITTERS.register("rules", "dependency-free regex splitter")
def _rules() -> Splitter:
    return RuleSplitter()


# a stop glued to the next sentence ("in Mountain View Friday.The ABC7 I-Team"): after a
# lower-case word, before a capitalised one
_GLUED_RE = re.compile(r"(?<=[a-z]{2}[.!?])[”’]?(?=[\"“]?[A-Z][a-z])")
# initials that close a span ('acquitted Orenthal James "O.J."' + 'Simpson of ...'): a name's
# initials, not a place's ("U.S.", "D.C." do end sentences)
_INITIALS_END_RE = re.compile(r"(?<![\w.])[\"“]?((?:[A-Z]\.){2,3})[\"”]?$")
_PLACE_INITIALS = frozenset({"U.S.", "U.K.", "U.N.", "D.C.", "E.U.", "L.A."})


def repair(text: str, spans: list[Span]) -> list[Span]:
    """What both splitters miss on scraped text: split where a stop is glued to the next
    sentence, and join a span that ends in a name's initials to the name that follows."""
    out: list[Span] = []
    for start, end in spans:
        cut = start
        for match in _GLUED_RE.finditer(text, start, end):
            if match.end() - cut > 1 and end - match.end() > 1:
                out.append(_trim(text, cut, match.end()))
                cut = match.end()
        out.append(_trim(text, cut, end))
    joined: list[Span] = []
    for span in out:
        if joined:
            initials = _INITIALS_END_RE.search(text[joined[-1][0] : joined[-1][1]])
            if initials and initials.group(1) not in _PLACE_INITIALS and text[span[0] : span[0] + 1].isupper():
                joined[-1] = (joined[-1][0], span[1])
                continue
        joined.append(span)
    return [s for s in joined if s[1] > s[0]]


def split_article(article: Article, splitter: str = "pysbd") -> list[Sentence]:
    """Split each body paragraph of ``article`` into sentences and store them on it.

    Headings, paragraphs flagged off-topic and articles flagged off-topic get no sentences.
    Returns the sentences.
    """
    seg = SPLITTERS.get(splitter)
    sentences: list[Sentence] = []
    if article.offtopic:
        article.sentences = sentences
        return sentences
    for p_index, para in enumerate(article.paragraphs):
        if para.kind != "body" or para.offtopic:
            continue
        chunk = article.text[para.start : para.end]
        for s, e in repair(chunk, seg.split(chunk)):
            sentences.append(
                Sentence(
                    article_id=article.id,
                    index=len(sentences),
                    start=para.start + s,
                    end=para.start + e,
                    text=chunk[s:e],
                    paragraph=p_index,
                )
            )
    article.sentences = sentences
    return sentences
