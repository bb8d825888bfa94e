"""Direct quotations of a story, with their speakers, merged across outlets.

A quotation is text between matching quote marks (straight or curly) inside one paragraph,
opening and closing marks taken in turn; a quote still open at the paragraph's end runs to it
(the convention for a quotation that goes on into the next paragraph). A paragraph whose marks
cannot pair up (a closing curly mark with none open) is skipped with a warning, never failing
the article. Its speaker is read by ``analyze.speakers`` from the attribution around it and
resolved to the story's canonical entity whose names include it, titles dropped ("Mr. Kim" ->
"Kim Jong-un"); a non-person source ("the statement") is kept as written. A quote credited
through a pronoun that holds the words of a shorter quote credited by name is that speaker's
(one utterance, quoted in part and in full). The same quotation reported by several outlets
(other punctuation, "US" for "USA", one cut short) is one quote citing each; where outlets
name different speakers, the one most of them name is the quote's.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

from newsdesk.analyze.speakers import SENTENCE_END, Speakers, can_speak, speaks_in
from newsdesk.model import Article, Citation, Entity, Quote

__all__ = ["can_speak", "norm_words", "same_quote", "story_quotes", "wording_variants"]

_WORD = re.compile(r"\w+")
_SMALL = frozenset({"of", "the", "and", "a", "an", "in", "to", "for", "on", "at", "or", "&"})
# a name given by someone: "referred to Kim as "Rocket Man"", "nicknamed him "Little Rocket Man""
_NAMED_BY = re.compile(
    r"\b(?:referred|referring|refers)\s+to\b[^.]{0,40}?\bas\s*$"
    r"|\b(?:called|calling|calls|dubbed|dubbing|nicknamed|branded|labell?ed)\s+(?:\w+\s+){1,3}(?:as\s+)?$"
)
_SAME_WORD = {"usa": "us", "u": "us", "s": "", "united": "us", "states": ""}


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
    """Spans of quoted text in a paragraph: marks taken in turn as opening and closing (a curly
    mark must agree with its turn); a quote still open at the end runs to the paragraph's end.
    ``None`` when the marks cannot pair up."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for found in re.finditer(r"[\"“”]", chunk):
        mark, at = found.group(0), found.start()
        if opened is None:
            if mark == "”":
                return None
            opened = at
        else:
            if mark == "“":
                return None
            spans.append((opened + 1, at))
            opened = None
    if opened is not None:
        spans.append((opened + 1, len(chunk)))
    return spans


def is_title(text: str) -> bool:
    """Whether quoted words are a name or a title ("Minority Report", "Save Josh", "A Higher
    Loyalty"): two to five words, each capitalised but for small words, not a question or an
    exclamation, and no word in capitals (a tweet's "NO COLLUSION" is someone's words)."""
    words = text.split()
    if not 2 <= len(words) <= 5 or text.rstrip().endswith(("!", "?")) or not words[0][:1].isupper():
        return False
    if any(len(w.strip(".,'’")) > 1 and w.strip(".,'’").isupper() for w in words):
        return False
    return all(w[:1].isupper() or w.lower() in _SMALL or not w[:1].isalpha() for w in words)


def _inside_sentence(masked: str, start: int) -> bool:
    """Whether a quote starting at ``start`` has words of its sentence before it."""
    head = masked[: max(start - 1, 0)]
    ends = list(SENTENCE_END.finditer(head))
    return bool(re.search(r"[A-Za-z]", head[ends[-1].end() if ends else 0 :]))


def _masked(chunk: str, spans: list[tuple[int, int]]) -> str:
    """The paragraph with every quotation blanked, so no verb or name inside a quote is read
    as an attribution."""
    out = list(chunk)
    for start, end in spans:
        out[start:end] = " " * (end - start)
    return "".join(out)


def story_quotes(articles: Sequence[Article], entities: Sequence[Entity] = ()) -> list[Quote]:
    """Every quotation of the story with its speaker, merged across articles; most reported first."""
    quotes: list[Quote] = []
    by_pronoun: list[tuple[Quote, str]] = []  # credits that came through a pronoun ("..., he said")
    # a person's given name and surname as words: nobody speaks of themselves so
    people = {
        e.name: rf"\b(?:{'|'.join(re.escape(w) for w in e.name.split() if len(w) > 2 and w[0].isupper())})\b"
        for e in entities
        if e.kind == "person" and len(e.name.split()) > 1
    }
    for art in articles:
        if art.offtopic:
            continue
        paragraphs = [p for p in art.paragraphs if p.kind == "body" and not p.offtopic]
        found = [_quotes_in(art.text[p.start : p.end]) for p in paragraphs]
        quoted = [
            (p.start + s, p.start + e) for p, spans in zip(paragraphs, found, strict=True) for s, e in spans or []
        ]
        speakers = Speakers(art, entities, quoted)
        previous: str | None = None
        for para, spans in zip(paragraphs, found, strict=True):
            chunk = art.text[para.start : para.end]
            if spans is None:
                warnings.warn(f"{art.source}: unmatched quote marks in a paragraph; its quotes skipped", stacklevel=2)
                previous = None
                continue
            masked = _masked(chunk, [(s - 1, e + 1) for s, e in spans])
            if not spans:  # its last speech verb's subject may go on speaking in the next paragraph
                previous = speakers.indirect(masked, para.start)
                continue
            # a paragraph that opens with a quote and never names its speaker goes on with the last one
            last: str | None = previous if chunk.lstrip()[:1] in ('"', "“") else None
            gap_from: int | None = None  # where the paragraph's previous quote ended
            closed = False  # whether it ended a sentence
            for start, end in spans:
                text = chunk[start:end].strip(" ,.")
                # a quote goes on with the last speaker only past an attribution ('," he said. "'), not
                # right after another quote (a question and its answer) or after a sentence naming no speaker
                if gap_from is not None and not speaks_in(masked[gap_from:start]):
                    last = None
                # after a quote that closed its sentence ('...there.""The family...'), its attribution is not this one's
                floor = gap_from if gap_from is not None and closed else 0
                gap_from, closed = end + 1, chunk[start:end].rstrip()[-1:] in (".", "?", "!")
                if len(text.split()) < 2:
                    continue
                speaker = speakers.after(chunk, start, end, para.start + end, _inside_sentence(masked, start))
                if speaker is None:
                    named = speakers.before(masked, para.start, start, floor=floor)
                    speaker = last if named is None else named or None  # "": a speaker this sentence names
                speaker = speaker if speaker is None or can_speak(speaker) else None
                if speaker in people and re.search(people[speaker], text):
                    speaker = None  # "Walter took it into dealership": the words name him, someone else's
                if is_title(text) and not _NAMED_BY.search(masked[max(0, start - 80) : start - 1]):
                    speaker = None  # a name or a title quoted, nobody's words
                last = speaker or last
                cite = Citation(art.id, para.start + start, para.start + end, 1.0)
                quote = _add(quotes, Quote(text, speaker, [cite], {art.id: speaker} if speaker else {}, {art.id: text}))
                if speaker is not None and speakers.by_pronoun:
                    by_pronoun.append((quote, art.id))
            previous = last
    _same_words_same_speaker(quotes, by_pronoun)
    for quote in quotes:  # outlets that name different speakers: the one most of them name
        credits = [who for who in quote.credited.values() if who]
        if credits:
            quote.speaker = max(credits, key=credits.count)  # ties: the first outlet's
    return sorted(quotes, key=lambda q: (-len(q.citations), q.speaker is None))  # named before unknown


def _same_words_same_speaker(quotes: list[Quote], by_pronoun: list[tuple[Quote, str]]) -> None:
    """A quotation credited through a pronoun that holds the words of a shorter one credited by
    name ("Bannon said there was "no military solution"" ... ""..., there's no military
    solution here, they got us," he said") is the named speaker's: one utterance, quoted in
    part and in full. Only phrases of three words or more count."""
    weak = {(id(q), article_id) for q, article_id in by_pronoun}
    named = [
        (words, who)
        for q in quotes
        if len(words := norm_words(q.text)) >= 3
        for article_id, who in q.credited.items()
        if who and (id(q), article_id) not in weak
    ]
    for quote, article_id in by_pronoun:
        whole = norm_words(quote.wording.get(article_id, quote.text))
        padded = f" {' '.join(whole)} "
        for part, who in named:
            if who != quote.credited.get(article_id) and f" {' '.join(part)} " in padded and len(part) < len(whole):
                quote.credited[article_id] = who
                break


def _add(quotes: list[Quote], new: Quote) -> Quote:
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
            return quote
    quotes.append(new)
    return new
