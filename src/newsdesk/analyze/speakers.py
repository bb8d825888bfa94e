"""Who said a quotation: the attribution around it, read against the story's entities.

A quotation's speaker is read in this order:

- after the quote: ``"...", Onodera told reporters`` / ``"...", said Mintaro Oba`` /
  ``"...", search agency chief Bambang Soelistyo told reporters`` / ``"...", said director
  general Simon Walker`` / ``"...", Smith, a retired U.S. Postal Service inspector, said`` /
  ``"...", the weather bureau said`` / ``"...", police said``;
- before it, in the same sentence: the person or organisation nearest before the last speech
  verb (``Bannon said there was "no military solution"``), the one before an apposition
  (``Mark Freebairn, partner at recruitment firm Odgers Berndtson, told Today: "..."``), skipping
  names after a preposition or with a possessive; a passive verb (``what was dubbed the
  "shareholder spring"``) names nobody; a participle (``..., telling him, "..."``) and a verb
  after "but" or "and" with no subject of its own take the main verb's subject;
- a quote with no attribution of its own continues the paragraph's last speaker, and a
  paragraph that opens with a quote continues the previous paragraph's speaker: its last
  quote's, or the speaker its last sentence opens with (``McCullough said that ... .`` then
  ``"And I was on the other end of that phone ..."``). A quote goes on with the last speaker
  only past an attribution, not right after another quote.

A description ("the weather bureau", "a BP spokesman", "one senior investor") is kept as
"the" and its noun; one naming an office a person of the story holds ("the president") is
that person, and one naming a body ("the police") the one organisation of the story whose
name holds that word. A pronoun (``he added``) is the nearest compatible person before it: walking back
sentence by sentence, in the nearest sentence that names someone of the right gender (a
given name tells it, through ``analyze.knowledge``), its subject, else the first person it
names (in the pronoun's own sentence, the nearest before it); a sentence whose subject is the same pronoun passes the question on to the sentence
before. A person the sentence reports dead or killed is not taken as the antecedent.

A speaker is someone who can speak: a vehicle, a product, a flight or a place named by its kind
(a sea, a highway) found where a speaker stands leaves the quote's speaker unknown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.analyze import knowledge
from newsdesk.model import Article, Entity

_VERBS = (
    r"said|says|added|adds|told(?: \w+)?|tells|stated|noted|explained|warned|insisted|argued|wrote|writes|tweeted|"
    r"states|notes|explains|warns|insists|argues|recounts|recalls|claims|asks|replies|stresses|declares|tweets|"
    r"admits|admitted|concedes|jokes|joked|quips|remarks|responds|confirms|announces|texted|emailed|messaged|"
    r"declared|continued|asked|replied|stressed|cited [\w ]+ as saying|according to|called|calling|calls|"
    r"described|describing|dubbed|labell?ed|branded|promised|vowed|pledged|urged|claimed|alleged|acknowledged|"
    r"conceded|suggested|predicted|recalled|recounted|reported|confirmed|announced|accused|complained|"
    r"praised|quipped|remarked|agreed|responded|posted|saying|telling|adding|noting|warning|arguing|"
    r"explaining|referred to [\w ]+ as|referring to [\w ]+ as|reaffirmed|reaffirms|reiterated|reiterates|"
    r"shared|revealed|confided|divulged"
)
_ADVERB = r"(?:\w+ly|later|also|then|again|once|previously|earlier|recently|first|further)"
_NOUNS, _GROUPS = knowledge.SPEAKING_NOUNS, knowledge.SPEAKING_GROUPS
_CAPS = r"(?:[A-Z][\w.'’-]*\s+){0,5}[A-Z][\w.'’-]*"
_NAME = (
    rf"(?P<who>(?:[Tt]he\s+)?{_CAPS}|he|she|they|"
    rf"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[\w.'’-]+\s+){{0,5}}?(?:{_NOUNS})\b|{_GROUPS})"
)
# lower-case words before a name ("search and rescue agency chief Bambang Soelistyo"), not a preposition
_DESCRIPTOR = r"(?:(?!(?:on|in|at|to|of|for|with|after|before|during|from|by|about|that|this|last)\b)[a-z][\w-]*\s+)"
# ", a retired U.S. Postal Service inspector,", ", Mr. Trump's chief economic adviser,"
_APPOSITION = r",(?:[^\"“”.]|(?<=[A-Z])\.|(?<=\bMr)\.|(?<=\bMrs)\.|(?<=\bMs)\.|(?<=\bDr)\.|(?<=\bSt)\.|(?<=\bJr)\.)*?,"
_AFTER = (
    # "...", China's Defence Ministry cited Fan as saying: the words are Fan's, the ministry reports them
    re.compile(r"^,?\s*[^\"“”.]{0,60}?\bcited\s+(?P<who>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s+as\s+saying\b"),
    # "...", a press release from the State Department issued on Thursday reads
    re.compile(
        r"^,?\s*(?:[Aa]n?|[Tt]he)\s+(?:joint\s+|press\s+|news\s+|written\s+)?(?:statement|release|communiqu\w+)\s+"
        r"(?:from|by|of)\s+(?P<who>(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)[^\"“”.]{0,50}?\b(?:reads|read|says|said|stated)\b"
    ),
    # "...", Onodera told reporters; "...", Jeffrey Stenger from Polson, Montana, told ABC News
    re.compile(rf"^,?\s*{_NAME}(?:\s+(?:of|from)\s+{_CAPS}(?:,\s+{_CAPS})?,?)?\s+(?:{_ADVERB}\s+)?(?:{_VERBS})\b"),
    re.compile(
        rf"^,?\s*{_NAME}\s+(?:was|were)\s+quoted\s+(?:as\s+(?:saying|telling)|by)\b"
    ),  # Mr. Kim was quoted as telling
    # "...", proxy advisory firm Glass Lewis said; "...", Rite Aid spokesman Peter Strella said
    re.compile(
        rf"^,?\s*(?:[Tt]he\s+|[Aa]n?\s+)?(?:{_CAPS}(?:['’]s)?\s+)?{_DESCRIPTOR}{{1,6}}(?P<who>{_CAPS})\s+(?:{_ADVERB}\s+)?(?:{_VERBS})\b"
    ),
    # "...", said director general Simon Walker; "...", said State Department spokeswoman Victoria Nuland
    re.compile(rf"^,?\s*(?:{_VERBS})\s+(?:(?:[Tt]he\s+)?{_CAPS}\s+)?{_DESCRIPTOR}{{1,4}}(?P<who>{_CAPS})"),
    re.compile(rf"^,?\s*(?:{_VERBS})\s+{_NAME}"),  # "...", said Mintaro Oba
    # "...", the Sun's royal editor, Duncan Larcombe, said: the name, not the description
    re.compile(rf"^,?\s*(?:[Tt]he|[Aa]n?)\s+[^\"“”.,]{{1,60}},\s+(?P<who>{_CAPS}),\s+(?:{_ADVERB}\s+)?(?:{_VERBS})\b"),
    # "...", Larry Kudlow, Mr. Trump's chief economic adviser, told reporters
    re.compile(rf"^,?\s*{_NAME}{_APPOSITION}\s+(?:{_ADVERB}\s+)?(?:{_VERBS})\b"),
)
# an attribution that goes on to report other words ("..., Johnson said he was willing to pay")
_REPORTS_ON = re.compile(
    r"^,?\s*(?:[A-Z][\w.'’-]*\s+){1,3}(?:said|says|told \w+)\s+"
    r"(?:that\s+|(?:he|she|they|we|I)\s+(?:was|were|is|are|had|has|would|will|could|did|wanted|planned)\b)"
)
# a verb whose subject is the one of the verb before it ("..., but then recalled")
_ELIDED = re.compile(rf"(?:,\s*|\s)(?:but|and)\s+(?:{_ADVERB}\s+)?$")
# a sentence that says who issued the statement quoted next ("The school released a statement Tuesday.")
_RELEASED = re.compile(
    rf"^\s*{_NAME}\s+(?:{_ADVERB}\s+)?(?:released|issued|put out|posted|sent)\s+(?:a|an)\s+(?:\w+\s+)?(?:statement|release)\b"
)
# a clause boundary between a name and a speech verb: the name is not the verb's subject
_CLAUSE = re.compile(r"(?:,\s*(?:while|but|and|whereas|although|as|when)\b|;|\bwhile\b|\bwhereas\b)")
# a description right before the verb ("the president told him")
_DESCRIBED_BEFORE = re.compile(
    rf"(?P<who>\b(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[\w.'’-]+\s+){{0,4}}?(?:{_NOUNS})|\b(?:{_GROUPS}))"
    rf"(?:{_APPOSITION})?\s+(?:{_ADVERB}\s+)?$"
)
# a sentence that opens with its speaker: "McCullough said that ...", "A spokesman for BP said ..."
_OPENS = re.compile(
    rf"^\s*{_NAME}(?:\s+(?:for|of|at|from|with)\s+(?:the\s+)?{_CAPS})?(?:{_APPOSITION})?\s+(?:{_ADVERB}\s+)?(?:{_VERBS})\b"
)
# "A joint statement issued after the meeting said, "...""
_ISSUED = re.compile(
    r"(?P<who>\b(?:[Tt]he|[Aa]n?)\s+(?:joint\s+|press\s+|news\s+|written\s+)?(?:statement|release|report|communiqu\w+))"
    r"\s+(?:issued|released|published|posted|sent|read out|made public)\b[^,.\"“”]{0,60}?\s+(?:said|says|reads|read|stated)\b[^.\"“”]*$"
)
_BEFORE = re.compile(rf"{_NAME}\s+(?:{_ADVERB}\s+)?(?:{_VERBS})\s*$")  # right before the last speech verb
_SPEECH = re.compile(rf"\b(?:{_VERBS})\b")
_PASSIVE = re.compile(r"(?:\b(?:was|were|been|being|is|are|be|as)|\bwhat['’]s)\s+(?:\w+ly\s+)?$")  # "as reported in"
_PRONOUN = re.compile(r"\b(?:he|she|they|He|She|They)\b")
_PREPOSITION = re.compile(
    r"\b(?:with|to|of|for|from|about|by|at|on|in|against|between|toward|towards|than|like|into|over|under|"
    r"after|before|during|via|as|and|or|told|asked|met|meet|thanked|praised)"
    r"(?:\s+(?:the|a|an|his|her|its|their|visiting|new|former|top|fellow))*\s*$",  # "told the visiting"
    re.I,
)
# a sentence ends at . ! ? followed by a space, unless it closes a title or an initial ("Mr.", "U.S.")
SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\bGen)(?<!\bSen)(?<!\bRep)(?<![A-Z])[.!?]\s"
)
_TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Adm|Lt|Col|Sgt|Prof)\.?|President|Prime Minister|Minister|Secretary|"
    r"Senator|Representative|Governor|Chairman|Chairwoman|Director|Ambassador|Mayor|General|Admiral)\s+"
)
# "Japanese Prime Minister " or "U.S. Joint Chiefs of Staff Chairman " before a name
_TITLE_WORDS = re.compile(r"(?:\b[A-Z][\w.'’-]*\s+(?:(?:of|for|and|the)\s+)*)+$")
# a person the text reports dead: "Walter Huang, 38, died", "the body of X", "killed X"
_DIED = re.compile(
    r"^(?:,[^,.]{0,60},)?\s+(?:\w+ly\s+)?(?:died|dies|has died|was killed|were killed|was shot dead|was found dead|"
    r"is dead|was pronounced dead)\b"
)
_KILLED = re.compile(
    r"\b(?:killed|killing|death of|body of|remains of|the late|murdered|victim)\s+(?:\w+\s+){0,2}$", re.I
)
_NOT_NAMES = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Today|Tonight|Yesterday|It|This|That|These|Those|There|Here|We|"
    r"I|You)$"
)
_PRONOUNS = {"he": "male", "she": "female", "they": None}
_POSSESSIVE = re.compile(r"['’]s?$")  # "Giffords'" and "Obama's", not the s of "Giffords"
# words that open a clause inside a sentence ("Even if she shut down the app, ..., Glick said")
_SUBORDINATE = re.compile(r"\b(?:if|when|whenever|while|although|though|because|since|unless|after|before|as)\b", re.I)
SPEAKER_KINDS = ("person", "organisation", "entity")

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


def speaks_in(text: str) -> bool:
    """Whether ``text`` holds a speech verb (an attribution between two quotes)."""
    return bool(_SPEECH.search(text))


def _gender_of(entity: Entity) -> str | None:
    for name in entity.names:
        words = _TITLES.sub("", name).split()
        if len(words) > 1 and (found := knowledge.gender(words[0])):
            return found
    return None


class Speakers:
    """Who is named where in one article: its person and organisation mentions, resolved to the
    story's canonical entities."""

    def __init__(self, article: Article, entities: Sequence[Entity], quoted: Sequence[tuple[int, int]]) -> None:
        self.article = article
        self.entities = [e for e in entities if e.kind in SPEAKER_KINDS]
        self.genders = {id(e): _gender_of(e) for e in self.entities if e.kind in ("person", "entity")}
        found = [
            (m.start, m.end, e)
            for e in self.entities
            for m in e.mentions
            if m.article_id == article.id and not any(s <= m.start < t for s, t in quoted)  # named inside a quote
        ]
        self.mentions = sorted(found, key=lambda t: t[0])
        self.by_pronoun = False  # whether the last speaker named came through a pronoun

    def subject_like(self, start: int, end: int) -> bool:
        """Whether the mention at ``start:end`` could be a sentence's subject: not the object
        of a preposition ("next to Prime Minister Abe": titles are looked past), not a possessive."""
        text = self.article.text
        before = re.split(r"\n", text[max(0, start - 96) : start])[-1]
        before = SENTENCE_END.split(before)[-1]  # only the mention's own sentence
        before = _TITLE_WORDS.sub("", before)
        return not _PREPOSITION.search(before) and not re.match(r"['’]s\b", text[end : end + 2])

    def _sentence_start(self, at: int) -> int:
        text = self.article.text
        floor = text.rfind("\n", 0, at) + 1
        ends = list(SENTENCE_END.finditer(text, floor, at))
        return ends[-1].end() if ends else floor

    def resolve(self, pronoun: str, at: int) -> str | None:
        """The person a pronoun at ``at`` stands for (see the module docstring)."""
        want = _PRONOUNS.get(pronoun.lower())
        text = self.article.text
        end = at
        for _ in range(6):  # sentences back
            start = self._sentence_start(end)
            people = [
                (s, e, entity)
                for s, e, entity in self.mentions
                if start <= s
                and e <= end
                and entity.kind in ("person", "entity")
                and (want is None or self.genders.get(id(entity)) in (want, None))
                and not self.dead(s, e)
            ]
            opens = re.match(rf"^(?:\W*\w+\W+){{0,2}}?{pronoun}\b", text[start:end], re.I)
            if end != at and opens and not _SUBORDINATE.search(opens.group(0)):
                people = []  # "He also tamped down ...": the same pronoun's sentence asks the one before
            subjects = [p for p in people if self.subject_like(p[0], p[1])]
            if subjects or people:
                # in the pronoun's own sentence the nearest before it, in an earlier one its subject
                nearest = end == at
                self.by_pronoun = True
                return self._fullest((subjects or people)[-1 if nearest else 0][2])
            if start == 0:
                break
            end = start - 1
            while end > 0 and text[end - 1] in " \n":
                end -= 1
        return None  # nobody of the right kind nearby: unknown rather than wrong

    def dead(self, start: int, end: int) -> bool:
        """Whether the mention at ``start:end`` is of someone its sentence reports dead."""
        text = self.article.text
        return bool(_DIED.match(text[end : end + 90]) or _KILLED.search(text[max(0, start - 40) : start]))

    def named(self, who: str, at: int) -> str | None:
        """The canonical name for ``who`` as written at ``at`` (a pronoun, a name, "the statement")."""
        who = re.sub(r"^(?:And|But|So|Or|Yet|Then)\s+", "", who.strip())  # "And I said": no name
        if who.lower() in _PRONOUNS:
            return self.resolve(who, at)
        if _NOT_NAMES.match(who):
            return None
        bare = _TITLES.sub("", who).strip(" ,.")
        for entity in self.entities:
            if any(n.lower() == bare.lower() or n.lower() == who.lower() for n in entity.names):
                return self._fullest(entity)
        surname = bare.split()[-1].strip(".,").lower() if bare.split() else ""
        for entity in self.entities:
            if entity.kind == "person" and any(
                _POSSESSIVE.sub("", n.split()[-1].lower()) == surname for n in entity.names
            ):
                return entity.name
        words = who.split()
        if words[0].lower() in ("the", "a", "an", "one", "another") and len(words) > 1:
            return self._described(words, at)
        if surname and " " not in bare and bare[:1].isupper():
            named = self._by_one_name(surname)
            if named:
                return named
        return bare or who

    def _described(self, words: list[str], at: int) -> str:
        """ "the weather bureau" -> "the bureau"; "the president" -> the story's president, if one;
        "the father" -> the person named before ``at`` as a father, if one."""
        head = words[-1].lower().strip(".,")
        if words[0].lower() == "the" and head in knowledge.ONE_PERSON and (person := self._named_as(head, at)):
            return person
        if head in ("statement", "release") or words[1].lower() == "joint":
            return "the statement"
        if words[0].lower() == "the" and head in knowledge.BODIES and (body := self._body_named(head)):
            return body
        if head in knowledge.OFFICES:
            short = knowledge.SHORT_TITLES.get(head, head)  # "Sen. Elizabeth Warren" is the senator
            holders = [
                e
                for e in self.entities
                if e.kind == "person" and any(head in r.lower() or r.lower().startswith(short) for r in e.roles)
            ]
            if holders:
                return max(holders, key=lambda e: len(e.mentions)).name
        return "the " + head

    def _body_named(self, head: str) -> str | None:
        """The one organisation of the story whose name holds ``head`` ("the agency": the
        Environmental Protection Agency; "the police": the Kansas City Police Department); None
        when none or several do; not one named by the word alone ("the Agency's inquiry")."""
        word = re.compile(rf"\b{head}\b", re.I)
        found = {
            e.name
            for e in self.entities
            if e.kind == "organisation" and e.name.lower() != head and any(word.search(n) for n in e.names)
        }
        return found.pop() if len(found) == 1 else None

    def _named_as(self, noun: str, at: int) -> str | None:
        """The last person named before ``at`` with ``noun`` beside the name: before it ("her
        father, David Veatch", "teenager Chiara Tanus") or in an apposition after it ("David
        Veatch, the girl's father,")."""
        text = self.article.text
        near = re.compile(rf"\b{noun}(?:,)?\s+$", re.I)
        apposed = re.compile(rf"^,\s+[^,.;\"“”]{{0,60}}?\b{noun}\b", re.I)
        found = None
        for start, end, entity in self.mentions:
            if start >= at:
                break
            if entity.kind == "person" and (
                near.search(text[max(0, start - 40) : start]) or apposed.match(text[end : end + 90])
            ):
                found = entity
        return self._fullest(found) if found is not None else None

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

    def before(self, masked: str, offset: int, start: int, pronouns: bool = True, floor: int = 0) -> str | None:
        """The speaker named before a quote starting at ``start`` in its sentence: the subject
        of the last speech verb, in that verb's own clause. ``None`` when the sentence has no
        speech verb, or only a participle ("adding that"), so the quote may go on with the last
        speaker; ``""`` when a verb's subject cannot be named (unknown, not the last speaker).

        ``masked`` is the paragraph with quotations blanked, ``offset`` where it starts in the
        article; ``pronouns``: whether a pronoun may stand for the speaker; ``floor``: where the
        paragraph's previous quote ended (its attribution is not this one's).
        """
        if owner := self._owner(offset + start):
            return owner  # "Gary Szatkowski's "personal plea""
        head = masked[:start]
        ends = list(SENTENCE_END.finditer(head))
        sentence_start = max(ends[-1].end() if ends else 0, floor)
        sentence = head[sentence_start:]
        verbs = list(_SPEECH.finditer(sentence))
        if not verbs:
            return None
        if len(verbs) > 1 and _ELIDED.search(sentence[: verbs[-1].start()]):
            verbs = verbs[:-1]  # "Trump said he was afraid ..., but then recalled, "..."": Trump's verb
        finite = [v for v in verbs if not v.group(0).endswith("ing")]
        if finite and verbs[-1].group(0).endswith("ing"):
            # "She said Stumpf made millions, telling him, "..."": the participle's subject is the main verb's
            verbs = verbs[: verbs.index(finite[-1]) + 1]
        # a finite verb whose subject cannot be named: nobody ("", not the paragraph's last speaker)
        unknown = None if verbs[-1].group(0).endswith("ing") else ""
        if _PASSIVE.search(sentence[: verbs[-1].start()]):
            return unknown
        verb_at = offset + sentence_start + verbs[-1].start()
        lo = offset + sentence_start
        text = self.article.text
        best: tuple[int, str | None] | None = None
        for m_start, m_end, entity in self.mentions:
            if lo <= m_start and m_end <= verb_at and self.subject_like(m_start, m_end):
                between = text[m_end:verb_at]
                if re.match(rf"^{_APPOSITION}\s+(?:{_ADVERB}\s+)?$", between):
                    return self._fullest(entity)  # "Name, partner at firm X, told"
                if not _CLAUSE.search(between):  # "Trump referred to Kim as ..., while the dictator described"
                    best = (m_start, self._fullest(entity))
        for pronoun in _PRONOUN.finditer(sentence[: verbs[-1].start()]) if pronouns else ():
            at = lo + pronoun.start()
            if (best is None or at > best[0]) and not _CLAUSE.search(text[at:verb_at]):
                best = (at, self.resolve(pronoun.group(0), at))
        described = _DESCRIBED_BEFORE.search(sentence[: verbs[-1].start()])
        if described and (best is None or lo + described.start() > best[0]):
            return self.named(described.group("who"), lo + described.start())  # "the president told him"
        if best is not None:
            return best[1]
        issued = _ISSUED.search(sentence)
        if issued:
            return self.named(issued.group("who"), lo + issued.start())
        regex = _BEFORE.search(sentence[: verbs[-1].end()] + " ")
        if regex and (pronouns or regex.group("who").lower() not in _PRONOUNS):
            return self.named(regex.group("who"), lo + regex.start())
        inverted = re.match(rf"\s+{_NAME}", sentence[verbs[-1].end() :])  # "..., said Mintaro Oba, "...""
        if inverted and inverted.group("who").lower() not in _PRONOUNS:
            return self.named(inverted.group("who"), lo + verbs[-1].end() + inverted.start("who"))
        return unknown

    def _owner(self, at: int) -> str | None:
        """The person whose words a quote is called, written right before it ("Gary Szatkowski's
        "personal plea""), else None."""
        for _, m_end, entity in self.mentions:
            near = at - 5 <= m_end < at  # only a mention ending right before the quote is read
            if near and entity.kind == "person" and re.fullmatch(r"['’]s?\s+[\"“]?", self.article.text[m_end:at]):
                return self._fullest(entity)
        return None

    def after(self, chunk: str, start: int, end: int, at: int, inside: bool = False) -> str | None:
        """The speaker named right after a quote ending at ``end`` (``at``: its place in the
        article); none when the quote closes its sentence with a full stop, inside or right
        after its closing mark (what follows is a new sentence: ``"... North Korea." Aides said
        ...``, ``... from "armed gangs". An activist told ...``); none either for a quote ``inside``
        a sentence (words of it before the quote) whose attribution goes on to report other
        words (``about the "two-girl special," Johnson said he was willing``). Starts a quote's search for its
        speaker: ``by_pronoun`` then tells whether this or the ``before`` that follows it named
        the speaker through a pronoun."""
        self.by_pronoun = False
        if chunk[start:end].rstrip().endswith("."):
            return None  # a full stop inside the closing mark (one after it matches no pattern): a new sentence
        if inside and _REPORTS_ON.match(chunk[end + 1 : end + 120]):
            return None  # '... about the "two-girl special," Johnson said he was willing': his next words
        for pattern in _AFTER:
            found = pattern.match(chunk[end + 1 : end + 160])
            if found:
                return self.named(found.group("who"), at)
        return None

    def indirect(self, masked: str, offset: int) -> str | None:
        """The speaker of a paragraph with no quotation whose last sentence opens with its
        speaker ("McCullough said that ...", "A spokesman for BP said ..."): a following
        paragraph may go on to quote them. Not a speaker named inside someone else's words
        ("the chairmen said Comey told ..."), and not a pronoun."""
        text = masked.rstrip()
        ends = list(SENTENCE_END.finditer(text))
        start = ends[-1].end() if ends else 0
        found = _OPENS.match(text[start:]) or _RELEASED.match(text[start:])
        if found is None or found.group("who").lower() in _PRONOUNS:
            return None
        return self.named(found.group("who"), offset + start) or None
