"""Direct quotations of a story, with their speakers, merged across outlets.

A quotation is text between matching quote marks (straight or curly) inside one paragraph; a
paragraph whose marks do not pair up is skipped with a warning, never failing the article.
Its speaker is read from the attribution around it, in this order:

- after the quote: ``"...", Onodera told reporters`` / ``"...", said Mintaro Oba``;
- before it, in the same sentence: ``Bannon said there was "no military solution"``;
- a pronoun (``he added``) is the person mentioned last before the quote in the article.

The speaker is then the story's canonical entity whose names include it ("Onodera" ->
"Itsunori Onodera"); a non-person source ("the statement") is kept as written. The same
quotation reported by several outlets (other punctuation, "US" for "USA", one cut short) is
one quote citing each.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

from newsdesk.model import Article, Citation, Entity, Quote

_VERBS = (
    r"said|says|added|adds|told(?: \w+)?|stated|noted|explained|warned|insisted|argued|wrote|tweeted|declared|"
    r"continued|asked|replied|stressed|cited [\w ]+ as saying|according to"
)
_NAME = r"(?P<who>(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*|he|she|they|(?:[Tt]he|[Aa]n?) (?:joint )?(?:statement|ministry|department|spokesman|spokeswoman|official|release)[\w ]{0,20})"
_AFTER = (
    re.compile(rf"^[,.]?\s*{_NAME}\s+(?:{_VERBS})\b"),  # "...", Onodera told reporters
    re.compile(rf"^[,.]?\s*(?:{_VERBS})\s+{_NAME}"),  # "...", said Mintaro Oba
)
_BEFORE = re.compile(rf"{_NAME}\s+(?:{_VERBS})\b[^.\"“”]*$")
_PAIRS = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
_PRONOUNS = {"he", "she", "they"}
_WORD = re.compile(r"\w+")
_SAME_WORD = {"usa": "us", "u": "us", "s": "", "united": "us", "states": ""}


def norm_words(text: str) -> list[str]:
    words = (_SAME_WORD.get(w, w) for w in _WORD.findall(text.lower()))
    return [w for w in words if w]


def same_quote(a: list[str], b: list[str]) -> bool:
    """One is (nearly) the other, or a cut-short part of it."""
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    joined = " ".join(long_)
    if short == long_:
        return True
    if " ".join(short) in joined:
        return len(short) >= 5
    shared = len(set(short) & set(long_))
    return shared / len(set(short)) >= 0.9 and len(short) >= 5


def _quotes_in(chunk: str) -> list[tuple[int, int]] | None:
    """Spans of quoted text in a paragraph, or ``None`` when its quote marks do not pair up."""
    straight = chunk.count('"')
    curly_open, curly_close = chunk.count("“"), chunk.count("”")
    if straight % 2 or curly_open != curly_close:
        return None
    return [(m.start(m.lastindex or 1), m.end(m.lastindex or 1)) for m in _PAIRS.finditer(chunk)]


def _speaker_text(chunk: str, start: int, end: int) -> str | None:
    for pattern in _AFTER:
        after = pattern.match(chunk[end + 1 : end + 80])
        if after:
            return after.group("who")
    sentence_start = max(chunk.rfind(". ", 0, start - 1) + 1, 0)
    before = _BEFORE.search(chunk[sentence_start : max(start - 1, 0)])
    if before:
        return before.group("who")
    return None


def _resolve(who: str, article: Article, at: int, entities: Sequence[Entity]) -> str | None:
    who = who.strip()
    if who.lower() in _PRONOUNS:
        last = None
        for entity in entities:
            if entity.kind != "person":
                continue
            for m in entity.mentions:
                if m.article_id == article.id and m.end <= at and (last is None or m.end > last[0]):
                    last = (m.end, entity.name)
        return last[1] if last else None
    surname = who.split()[-1].strip(".,").lower()
    for entity in entities:
        if entity.kind == "person" and any(n.split()[-1].lower().strip("'’s") == surname for n in entity.names):
            return entity.name
    if who.split()[0].lower() in ("the", "a", "an"):
        return "the " + " ".join(who.split()[1:]).lower()  # "A joint statement ..." and "the statement" alike
    return who


def story_quotes(articles: Sequence[Article], entities: Sequence[Entity] = ()) -> list[Quote]:
    """Every quotation of the story with its speaker, merged across articles; most reported first."""
    quotes: list[Quote] = []
    for art in articles:
        if art.offtopic:
            continue
        for para in art.paragraphs:
            if para.kind != "body" or para.offtopic:
                continue
            chunk = art.text[para.start : para.end]
            spans = _quotes_in(chunk)
            if spans is None:
                warnings.warn(f"{art.source}: unmatched quote marks in a paragraph; its quotes skipped", stacklevel=2)
                continue
            for start, end in spans:
                text = chunk[start:end].strip(" ,.")
                if len(text.split()) < 2:
                    continue
                who = _speaker_text(chunk, start, end)
                speaker = _resolve(who, art, para.start + start, entities) if who else None
                _add(quotes, Quote(text, speaker, [Citation(art.id, para.start + start, para.start + end, 1.0)]))
    return sorted(quotes, key=lambda q: -len(q.citations))


def _add(quotes: list[Quote], new: Quote) -> None:
    words = norm_words(new.text)
    for quote in quotes:
        if same_quote(norm_words(quote.text), words) and all(
            c.article_id != new.citations[0].article_id for c in quote.citations
        ):
            quote.citations += new.citations
            if quote.speaker is None:
                quote.speaker = new.speaker
            if len(new.text) > len(quote.text):
                quote.text = new.text
            return
    quotes.append(new)
