"""The few typed records that pass between pipeline stages.

Every span is a pair of character offsets into ``Article.text`` (the cleaned text), so a
summary sentence, a flagged paragraph or a citation always points back at the exact words it
came from. Ids are content hashes: the same input always gets the same id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

Progress = Callable[[int, int], None]
"""What a long stage calls as it works: ``progress(done, total)`` (the doors draw bars with it)."""


def content_id(*parts: str, length: int = 16) -> str:
    """Return a stable hexadecimal id for the given text parts."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:length]


@dataclass(frozen=True)
class Removed:
    """A line the cleaner dropped, with the rule that dropped it."""

    line_no: int  # 1-based line number in the raw input
    text: str
    reason: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the cleaned text.

    ``kind`` is ``"body"`` for running text and ``"heading"`` for a sub-heading kept for
    reading but never used as a summary sentence. ``offtopic`` holds the reason when the
    paragraph looks like it belongs to another story, else ``None``.
    """

    start: int
    end: int
    kind: str = "body"
    offtopic: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of one article, as offsets into its cleaned text."""

    article_id: str
    index: int  # position among the article's sentences
    start: int
    end: int
    text: str
    paragraph: int  # index into Article.paragraphs

    @property
    def words(self) -> int:
        """Number of whitespace-separated words."""
        return len(self.text.split())


@dataclass
class Article:
    """One news article after reading and cleaning."""

    id: str
    source: str  # file path, ``path:line`` or URL it was read from
    text: str  # cleaned main text; paragraphs separated by a blank line
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date, ``YYYY-MM-DD``
    # where the date came from: "feed" (the feed entry), "meta" (the page's or record's
    # metadata), "dateline" (a visible "Published ..." line), "text" (a date line in the
    # header), "none"
    date_source: str | None = None
    url: str | None = None
    group: str | None = None  # story id given by the input (Multi-News example, JSONL field)
    offtopic: str | None = None  # why the whole article looks like it is about another story
    partial: str | None = None  # why only a feed entry's text is held (its page could not be had)
    first_seen: str | None = None  # when newsdesk first stored it (UTC ISO time); None for files
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def label(self) -> str:
        """A short human name: outlet and title when known, else the source."""
        bits = [b for b in (self.outlet, self.title) if b]
        return " — ".join(bits) if bits else self.source

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (sentences left out; they are derivable)."""
        data = asdict(self)
        data.pop("sentences")
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], sentences: Iterable[Sequence[int]] = ()) -> Article:
        """The article ``to_dict`` gave ``data`` for (paragraphs and removed lines as dicts, or
        as the ``[start, end, kind, offtopic]`` and ``[line_no, text, reason]`` lists a store
        row holds), with its sentences given as ``(start, end)`` or ``(start, end, paragraph)``
        offsets; a sentence's paragraph, when not given, is the one it starts in."""
        paragraphs = [Paragraph(**p) if isinstance(p, Mapping) else Paragraph(*p) for p in data.get("paragraphs", ())]
        removed = [Removed(**r) if isinstance(r, Mapping) else Removed(*r) for r in data.get("removed", ())]
        known = {f.name for f in fields(cls)} - {"paragraphs", "removed", "sentences"}
        art = cls(**{k: v for k, v in data.items() if k in known}, paragraphs=paragraphs, removed=removed)
        starts = [p.start for p in paragraphs]
        for k, (start, end, *para) in enumerate(sorted(tuple(s) for s in sentences)):
            paragraph = para[0] if para else max((i for i, p in enumerate(starts) if p <= start), default=0)
            art.sentences.append(Sentence(art.id, k, start, end, art.text[start:end], paragraph))
        return art


@dataclass(frozen=True)
class Citation:
    """Where a summary sentence's content appears in one article."""

    article_id: str
    start: int
    end: int
    similarity: float  # the embedder's cosine of the two sentences; 1.0 for the sentence the summary copied
    strength: str = "full"  # "partial": the article states part of the sentence (below full_support)


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of a summary with every article that reports its content."""

    text: str
    source: Citation  # the sentence that was copied
    citations: tuple[Citation, ...]  # the source first, then supporting articles
    score: float

    @property
    def support(self) -> int:
        """How many distinct articles report this content."""
        return len({c.article_id for c in self.citations})


@dataclass
class Summary:
    """A story's summary: the chosen sentences in reading order."""

    method: str
    sentences: list[SummarySentence]
    budget_words: int

    @property
    def words(self) -> int:
        """Total words in the summary."""
        return sum(len(s.text.split()) for s in self.sentences)

    @property
    def text(self) -> str:
        """The summary as plain text, one sentence per line."""
        return "\n".join(s.text for s in self.sentences)


@dataclass
class TimelineEvent:
    """One dated event of a story with every sentence that reports it."""

    date: date
    granularity: str  # "day", "week", "month" or "year": how precisely the text dates it
    text: str  # the first report's sentence
    expression: str  # the date expression as written there ("on Thursday")
    citations: list[Citation] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The date as precisely as the text gives it."""
        if self.granularity == "day":
            return self.date.isoformat()
        if self.granularity == "week":
            return f"week of {self.date.isoformat()}"
        if self.granularity == "month":
            return self.date.strftime("%Y-%m")
        return str(self.date.year)


@dataclass
class Mention:
    """One mention of an entity in an article."""

    article_id: str
    start: int
    end: int
    text: str
    label: str  # spaCy label (PERSON, ORG, GPE, ...), or ENTITY from the fallback


@dataclass
class Entity:
    """One real entity of the story and where it is mentioned."""

    name: str
    kind: str  # person, organisation, place, group, or entity (fallback: type unknown)
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # every form used

    @property
    def articles(self) -> list[str]:
        """Ids of the articles that mention it, in first-mention order."""
        return list(dict.fromkeys(m.article_id for m in self.mentions))


@dataclass
class Quote:
    """One quotation and who said it, with every article that reports it."""

    text: str
    speaker: str | None  # canonical entity name, a source as written, or None when unknown
    citations: list[Citation] = field(default_factory=list)
    credited: dict[str, str] = field(default_factory=dict)  # article id -> the speaker that article names
    wording: dict[str, str] = field(default_factory=dict)  # article id -> the words inside its quote marks


@dataclass
class Fact:
    """A statement with the articles that make it (several when corroborated)."""

    text: str
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Conflict:
    """Two reports of the same thing that disagree on a value."""

    kind: str  # "number", "date", "place" or "speaker"
    values: tuple[str, str]
    first: Fact
    second: Fact


@dataclass
class Agreement:
    """The story's facts by how many outlets report them, and its conflicts."""

    corroborated: list[Fact] = field(default_factory=list)
    single_source: list[Fact] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class Update:
    """One thing a story gained since a moment: its kind (``sentence``, ``quote``, ``entity``,
    ``changed``, ``outlet``), what it says, and the articles that say it."""

    kind: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    brief: bool = True  # part of the short update a returning reader is shown first; the rest with --all


@dataclass
class Report:
    """Everything newsdesk says about one story."""

    articles: list[Article]
    summary: Summary
    story_id: str = ""
    headline: str | None = None  # ``summarize.headline.choose_headline`` of the articles and summary
    warnings: list[str] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    entity_finder: str = ""  # "spacy" or "fallback"
    quotes: list[Quote] = field(default_factory=list)
    agreement: Agreement = field(default_factory=Agreement)
    updates: list[Update] = field(default_factory=list)  # what is new since ``updates_since``
    updates_since: str = ""  # UTC ISO time; empty: no "what is new" was asked for
    updates_note: str = ""
    # a near-duplicate's id -> its original's id, among the report's articles (``dedup.copies_among``)
    copy_of: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.story_id:
            self.story_id = content_id(*sorted(a.id for a in self.articles))

    def independent(self, article_ids: Iterable[str]) -> int:
        """How many independent reports ``article_ids`` hold: a copy counts with its original,
        and a partial article (a feed's teaser, its page not had) not at all."""
        return len({self.copy_of.get(a, a) for a in article_ids if a not in self.partial_ids})

    @property
    def partial_ids(self) -> set[str]:
        """Ids of the articles that hold only a feed entry's text."""
        return {a.id for a in self.articles if a.partial}
