"""Direct quotations of a story, with their speakers, merged across outlets.

A quotation is text between matching quote marks (straight or curly) inside one paragraph; a
paragraph whose marks do not pair up is skipped with a warning, never failing the article.
Its speaker is read from the attribution around it, in this order:

- after the quote: ``"...", Onodera told reporters`` / ``"...", said Mintaro Oba`` /
  ``"...", according to the statement``;
- before it, in the same sentence: the person or organisation nearest before the last speech
  verb (``Bannon said there was "no military solution"``, ``Trump's campaign manager Brad
  Parscale called the lawsuit "frivolous"``), skipping names after a preposition or with a
  possessive (``Trump alluded to Pompeo's mission when he said ...``);
- a quote with no attribution of its own continues the last attributed quote of its
  paragraph (``"...," he said. "..."``).

A pronoun (``he added``) is the person last mentioned as a subject before it: not after a
preposition, not in a possessive. The speaker is then the story's canonical entity whose names
include it, titles dropped ("Mr. Kim" -> "Kim Jong-un"); a non-person source ("the
statement") is kept as written. The same quotation reported by several outlets (other
punctuation, "US" for "USA", one cut short) is one quote citing each.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

from newsdesk.model import Article, Citation, Entity, Quote

_VERBS = (
    r"said|says|added|adds|told(?: \w+)?|tells|stated|noted|explained|warned|insisted|argued|wrote|writes|tweeted|"
    r"declared|continued|asked|replied|stressed|cited [\w ]+ as saying|according to|called|calling|calls|"
    r"described|describing|dubbed|labell?ed|branded|promised|vowed|pledged|urged|claimed|alleged|acknowledged|"
    r"conceded|suggested|predicted|recalled|recounted|reported|confirmed|announced|accused|complained|"
    r"praised|quipped|remarked|agreed|responded|posted|saying|telling|adding|noting|warning|arguing|"
    r"explaining|referred to [\w ]+ as|referring to [\w ]+ as|reaffirmed|reaffirms|reiterated|reiterates"
)
_NAME = r"(?P<who>(?:[Tt]he\s+)?(?:[A-Z][\w.'’-]*\s+){0,5}[A-Z][\w.'’-]*|he|she|they|(?:[Tt]he|[Aa]n?) (?:joint )?(?:statement|ministry|department|spokesman|spokeswoman|official|release|lawsuit|suit|complaint|announcement|agency|adviser|memo)[\w ]{0,20})"
_AFTER = (
    # "...", China's Defence Ministry cited Fan as saying: the words are Fan's, the ministry reports them
    re.compile(r"^[,.]?\s*[^\"“”.]{0,60}?\bcited\s+(?P<who>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s+as\s+saying\b"),
    # "...", a press release from the State Department issued on Thursday reads
    re.compile(
        r"^[,.]?\s*(?:[Aa]n?|[Tt]he)\s+(?:joint\s+|press\s+|news\s+|written\s+)?(?:statement|release|communiqu\w+)\s+"
        r"(?:from|by|of)\s+(?P<who>(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)[^\"“”.]{0,50}?\b(?:reads|read|says|said|stated)\b"
    ),
    re.compile(rf"^[,.]?\s*{_NAME}\s+(?:\w+ly\s+)?(?:{_VERBS})\b"),  # "...", Onodera told reporters
    re.compile(rf"^[,.]?\s*(?:{_VERBS})\s+{_NAME}"),  # "...", said Mintaro Oba
    # "...", Larry Kudlow, Mr. Trump's chief economic adviser, told reporters
    re.compile(rf"^[,.]?\s*{_NAME},[^\"“”.]{{0,150}}?,\s+(?:\w+ly\s+)?(?:{_VERBS})\b"),
)
_BEFORE = re.compile(rf"{_NAME}\s+(?:\w+ly\s+)?(?:{_VERBS})\b[^.\"“”]*$")
_SPEECH = re.compile(rf"\b(?:{_VERBS})\b")
_PRONOUN = re.compile(r"\b(?:he|she|they|He|She|They)\b")
_PREPOSITION = re.compile(
    r"\b(?:with|to|of|for|from|about|by|at|on|in|against|between|toward|towards|than|like|into|over|under|"
    r"after|before|during|via|as|and|or|told|asked|met|meet|thanked|praised)"
    r"(?:\s+(?:the|a|an|his|her|its|their|visiting|new|former|top|fellow))*\s*$",  # "told the visiting"
    re.I,
)
# a sentence ends at . ! ? followed by a space, unless it closes a title or an initial ("Mr.", "U.S.")
_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\bGen)(?<!\bSen)(?<!\bRep)(?<![A-Z])[.!?]\s"
)
_TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Adm|Lt|Col|Sgt|Prof)\.?|President|Prime Minister|Minister|Secretary|"
    r"Senator|Representative|Governor|Chairman|Chairwoman|Director|Ambassador|Mayor|General|Admiral)\s+"
)
# "Japanese Prime Minister " or "U.S. Joint Chiefs of Staff Chairman " before a name
_TITLE_WORDS = re.compile(r"(?:\b[A-Z][\w.'’-]*\s+(?:(?:of|for|and|the)\s+)*)+$")
_PAIRS = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
_PRONOUNS = {"he", "she", "they"}
_WORD = re.compile(r"\w+")
_SAME_WORD = {"usa": "us", "u": "us", "s": "", "united": "us", "states": ""}
SPEAKER_KINDS = ("person", "organisation", "entity")


# British and American spellings of one word ("defence"/"defense", "recognise"/"recognize"):
# house style, not a different quotation. Both sides are rewritten alike, so a rule that also
# rewrites a word with no other spelling ("advise" -> "advize") changes nothing.
_SPELLING = [
    (re.compile(r"(?<=\w{3})our(?=s?$|ed$|ing$|ite)"), "or"),  # honour, labour, colour, favourite (not four, hour)
    (re.compile(r"(?<=\w{2})([iy])s(e|ed|es|ing|ation|ations)$"), r"\1z\2"),  # recognise, analyse, organisation
    (re.compile(r"(?<=\w{2})ence$"), "ense"),  # defence, offence, licence
    (re.compile(r"(?<=\w{2})tre(s?)$"), r"ter\1"),  # centre, theatre
    (re.compile(r"^programme(s?)$"), r"program\1"),
]


def _american(word: str) -> str:
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    return word


def norm_words(text: str) -> list[str]:
    """Lower-cased words of ``text``, with one spelling for British and American variants and
    one form of "U.S."/"USA"."""
    words = (_SAME_WORD.get(w, w) for w in _WORD.findall(text.lower()))
    return [_american(w) for w in words if w]


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


def wording_variants(quote: Quote) -> list[tuple[str, list[str]]]:
    """The outlets' wordings of ``quote`` that differ beyond punctuation and case, each with
    the articles that print it (the fullest wording of a group shown); a wording that is a
    cut-short part of another is not a variant of it. More than one entry: a possible misquote."""
    groups: list[tuple[str, list[str], str]] = []  # (wording, article ids, normalised words)
    for article_id, text in quote.wording.items():
        words = " ".join(norm_words(text))
        for k, (_, ids, seen) in enumerate(groups):
            if words in seen or seen in words:  # the same words, or part of them
                if len(words) > len(seen):
                    groups[k] = (text, ids, words)
                ids.append(article_id)
                break
        else:
            groups.append((text, [article_id], words))
    return [(text, ids) for text, ids, _ in groups]


def _quotes_in(chunk: str) -> list[tuple[int, int]] | None:
    """Spans of quoted text in a paragraph, or ``None`` when its quote marks do not pair up."""
    straight = chunk.count('"')
    curly_open, curly_close = chunk.count("“"), chunk.count("”")
    if straight % 2 or curly_open != curly_close:
        return None
    return [(m.start(m.lastindex or 1), m.end(m.lastindex or 1)) for m in _PAIRS.finditer(chunk)]


def _masked(chunk: str, spans: list[tuple[int, int]]) -> str:
    """The paragraph with every quotation blanked, so no verb or name inside a quote is read
    as an attribution."""
    out = list(chunk)
    for start, end in spans:
        out[start:end] = " " * (end - start)
    return "".join(out)


class _Speakers:
    """Who is named where in one article: its person and organisation mentions, resolved to the
    story's canonical entities."""

    def __init__(self, article: Article, entities: Sequence[Entity], quoted: Sequence[tuple[int, int]]) -> None:
        self.article = article
        self.entities = [e for e in entities if e.kind in SPEAKER_KINDS]
        found = [
            (m.start, m.end, e)
            for e in self.entities
            for m in e.mentions
            if m.article_id == article.id and not any(s <= m.start < t for s, t in quoted)  # named inside a quote
        ]
        self.mentions = sorted(found, key=lambda t: t[0])

    def subject_like(self, start: int, end: int) -> bool:
        """Whether the mention at ``start:end`` could be a sentence's subject: not the object
        of a preposition ("next to Prime Minister Abe": titles are looked past), not a possessive."""
        text = self.article.text
        before = re.split(r"\n", text[max(0, start - 96) : start])[-1]
        before = _SENTENCE_END.split(before)[-1]  # only the mention's own sentence
        before = _TITLE_WORDS.sub("", before)
        return not _PREPOSITION.search(before) and not re.match(r"['’]s\b", text[end : end + 2])

    def last_subject(self, before: int, person_only: bool = True) -> str | None:
        """The last person (or organisation) mentioned as a subject before ``before``."""
        fallback = None
        for start, end, entity in reversed(self.mentions):
            if end > before or (person_only and entity.kind not in ("person", "entity")):
                continue
            if self.subject_like(start, end):
                return self._fullest(entity)
            fallback = fallback or self._fullest(entity)
        return fallback

    def named(self, who: str, at: int) -> str | None:
        """The canonical name for ``who`` as written at ``at`` (a pronoun, a name, "the statement")."""
        who = who.strip()
        if who.lower() in _PRONOUNS:
            return self.last_subject(at)
        bare = _TITLES.sub("", who).strip(" ,.")
        for entity in self.entities:
            if any(n.lower() == bare.lower() or n.lower() == who.lower() for n in entity.names):
                return self._fullest(entity)
        surname = bare.split()[-1].strip(".,").lower() if bare.split() else ""
        for entity in self.entities:
            if entity.kind == "person" and any(n.split()[-1].lower().strip("'’s") == surname for n in entity.names):
                return entity.name
        if surname and " " not in bare:
            named = self._by_one_name(surname)
            if named:
                return named
        words = who.split()
        if words[0].lower() in ("the", "a", "an") and len(words) > 1:
            head = next((w for w in words[1:] if w.lower() != "joint"), words[1])
            return "the " + head.lower()  # "A joint statement from ..." and "the statement" alike
        return bare or who

    def _by_one_name(self, word: str) -> str | None:
        """The story's most mentioned person whose full name starts or ends with ``word``
        ("Kim" for "Kim Jong-un", where entity merging could not tell the Kims apart)."""
        fuller = [
            e
            for e in self.entities
            if e.kind == "person" and " " in e.name and word in (e.name.split()[0].lower(), e.name.split()[-1].lower())
        ]
        return max(fuller, key=lambda e: len(e.mentions)).name if fuller else None

    def _fullest(self, entity: Entity) -> str:
        """The entity's name, or for a one-word person the fuller name it stands for."""
        if entity.kind != "person" or " " in entity.name:
            return entity.name
        return self._by_one_name(entity.name.lower()) or entity.name

    def before(self, masked: str, offset: int, start: int) -> str | None:
        """The speaker named before a quote starting at ``start`` in its sentence, if any.

        ``masked`` is the paragraph with quotations blanked, ``offset`` where it starts in the article.
        """
        head = masked[:start]
        ends = list(_SENTENCE_END.finditer(head))
        sentence_start = ends[-1].end() if ends else 0
        sentence = head[sentence_start:]
        verbs = list(_SPEECH.finditer(sentence))
        if not verbs:
            return None
        verb_at = offset + sentence_start + verbs[-1].start()
        lo = offset + sentence_start
        best: tuple[int, str | None] | None = None
        for m_start, m_end, entity in self.mentions:
            if lo <= m_start and m_end <= verb_at and self.subject_like(m_start, m_end):
                best = (m_start, self._fullest(entity))
        for pronoun in _PRONOUN.finditer(sentence[: verbs[-1].start()]):
            at = lo + pronoun.start()
            if best is None or at > best[0]:
                best = (at, self.last_subject(at))
        if best is not None:
            return best[1]
        regex = _BEFORE.search(sentence[: verbs[-1].end()] + " ")
        return self.named(regex.group("who"), lo + regex.start()) if regex else None

    def after(self, chunk: str, start: int, end: int, at: int) -> str | None:
        """The speaker named right after a quote ending at ``end`` (``at``: its place in the
        article); none when the quote closes its sentence with a full stop (what follows is a
        new sentence: ``"... North Korea." Aides said ...``)."""
        if chunk[start:end].rstrip().endswith("."):
            return None
        for pattern in _AFTER:
            found = pattern.match(chunk[end + 1 : end + 80])
            if found:
                return self.named(found.group("who"), at)
        return None


# what cannot speak: a vehicle, a product, a flight, a sea or other place named as if it did
# (not "street": Downing Street and Wall Street speak for institutions)
_MUTE = re.compile(
    r"\b(?:flight|model [a-z0-9]|sea|ocean|island|river|lake|bay|gulf|strait|mount|mountains?|airport|"
    r"highway|freeway|interstate|road|bridge|valley|desert)\b",
    re.I,
)


def can_speak(name: str) -> bool:
    """Whether ``name`` is someone who can speak (a person, an organisation, a group, an
    office such as "the statement"), not a vehicle, a product, a flight or a place named by its
    kind (a sea, a highway): such a name found where a speaker stands leaves the quote's speaker
    unknown rather than wrong. (A place entity as such is not refused: "the White House said".)"""
    return not _MUTE.search(name)


def story_quotes(articles: Sequence[Article], entities: Sequence[Entity] = ()) -> list[Quote]:
    """Every quotation of the story with its speaker, merged across articles; most reported first."""
    quotes: list[Quote] = []
    for art in articles:
        if art.offtopic:
            continue
        paragraphs = [p for p in art.paragraphs if p.kind == "body" and not p.offtopic]
        found = [_quotes_in(art.text[p.start : p.end]) for p in paragraphs]
        quoted = [
            (p.start + s, p.start + e) for p, spans in zip(paragraphs, found, strict=True) for s, e in spans or []
        ]
        speakers = _Speakers(art, entities, quoted)
        previous: str | None = None
        for para, spans in zip(paragraphs, found, strict=True):
            chunk = art.text[para.start : para.end]
            if spans is None:
                warnings.warn(f"{art.source}: unmatched quote marks in a paragraph; its quotes skipped", stacklevel=2)
                previous = None
                continue
            masked = _masked(chunk, [(s - 1, e + 1) for s, e in spans])
            # a paragraph that opens with a quote and never names its speaker goes on with the last one
            last: str | None = previous if chunk.lstrip()[:1] in ('"', "“") else None
            for start, end in spans:
                text = chunk[start:end].strip(" ,.")
                if len(text.split()) < 2:
                    continue
                speaker = (
                    speakers.after(chunk, start, end, para.start + end)
                    or speakers.before(masked, para.start, start)
                    or last
                )
                speaker = speaker if speaker is None or can_speak(speaker) else None
                last = speaker or last
                cite = Citation(art.id, para.start + start, para.start + end, 1.0)
                _add(quotes, Quote(text, speaker, [cite], {art.id: speaker} if speaker else {}, {art.id: text}))
            previous = last
    return sorted(quotes, key=lambda q: -len(q.citations))


def _add(quotes: list[Quote], new: Quote) -> None:
    words = norm_words(new.text)
    for quote in quotes:
        if same_quote(norm_words(quote.text), words) and all(
            c.article_id != new.citations[0].article_id for c in quote.citations
        ):
            quote.citations += new.citations
            quote.credited.update(new.credited)
            quote.wording.update(new.wording)
            if quote.speaker is None:
                quote.speaker = new.speaker
            if len(new.text) > len(quote.text):
                quote.text = new.text
            return
    quotes.append(new)
