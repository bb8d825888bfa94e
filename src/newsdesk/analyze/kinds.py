"""What kind of thing a tagged name is: the tagger's spans mended where they run over a
boundary or stop short of the name, and its kinds checked against what newsdesk knows
(``analyze.knowledge``) and the words around each mention."""

from __future__ import annotations

import re

from newsdesk.analyze import knowledge
from newsdesk.model import Article, Entity, Mention

# where a tagged span runs over a boundary ("WOODLAND HILLS >> Homicide detectives")
_SEPARATOR = re.compile(
    r"\s*(?:>>|\||•|\n|-{2,}|_{2,}|={2,})\s*|(?<=[a-z]{2})\.\s+(?=[A-Z])|(?<=[a-z]{2})\.(?=[A-Z][a-z])"
)
# what may follow a name and belong to it: a possessive, then capitalised words ("['s] Sheriff's Office")
_TAIL = re.compile(r"(['’]s)?((?:\s+(?:[A-Z][\w&'’.-]*|of|and|for))+)")


def repaired(text: str, mentions: list[Mention]) -> list[Mention]:
    """The tagger's spans mended: one cut at a boundary it ran over (keeping a piece after
    it only when it has two words: a lone word there opens the next sentence), and one
    stretched over the capitalised words after it when they end it as an organisation's, a
    place's or a team's name ("Broward County" + "Sheriff's Office", "Indonesian" +
    "Geological Survey", "Queen Elizabeth National" + "park", "New York" + "Jets"); a
    possessive is crossed only after a place or a body, not after a person ("South Korea's
    Navy", never "Trump's Justice Department"); a street's kind word tagged alone ("Road")
    stretched back over its name ("Perryman Road"). A time zone after a time ("9:09 a.m. ET")
    is no name. The mentions the stretched one covers are dropped."""
    pieces: list[Mention] = []
    for m in mentions:
        at = m.start
        for i, part in enumerate(_SEPARATOR.split(m.text)):
            found = text.find(part, at, m.end) if part else -1
            if found < 0:
                continue
            at = found + len(part)
            if i == 0 or (" " in part and part[:1].isupper()):
                pieces.append(Mention(m.article_id, found, found + len(part), part, m.label))
    names = [
        _back(text, m)
        for m in pieces
        if not (_ZONE.fullmatch(m.text) and _TIME_BEFORE.search(text[max(0, m.start - 20) : m.start]))
    ]  # "9:09 a.m. ET": a time zone, not a name
    out: list[Mention] = []
    for m in sorted(names, key=lambda m: m.start):
        if out and m.start < out[-1].end:
            continue  # covered by a stretched mention
        out.append(_stretched(text, m))
    return out


def _back(text: str, m: Mention) -> Mention:
    """A street's kind word tagged alone ("Road" of "1501 Perryman Road") stretched back over
    the capitalised words of its name."""
    if not knowledge.feature_place(m.text, plain=False) or " " in m.text:
        return m
    name = _NAME_BEFORE.search(text, max(0, m.start - 60), m.start)
    if name is None:
        return m
    opener = _OPENER.match(name.group(1))  # "The Road to ...": no name before the kind word
    start = name.start(1) + (opener.end() if opener else 0)
    return m if start == m.start else Mention(m.article_id, start, m.end, text[start : m.end], "FAC")


def _stretched(text: str, m: Mention) -> Mention:
    if flight := _FLIGHT.match(text, m.end):  # "Malaysia Airlines" + "Flight 370": the flight, a thing
        return Mention(m.article_id, m.start, flight.end(), text[m.start : flight.end()], "PRODUCT")
    boundary = _SEPARATOR.search(text, m.end, min(len(text), m.end + 80))  # not over a sentence's end
    tail = _TAIL.match(text, m.end, boundary.start() if boundary else min(len(text), m.end + 80))
    if tail is None:
        if m.text.endswith(" National") and text[m.end : m.end + 5].lower() == " park":
            return Mention(m.article_id, m.start, m.end + 5, text[m.start : m.end + 5], "FAC")
        return m
    if tail.group(1) and m.label == "PERSON":
        return m
    words = list(re.finditer(r"\S+", tail.group(2)))
    for n in range(len(words), 0, -1):
        end = tail.start(2) + words[n - 1].end()
        name = text[m.start : end]
        if words[n - 1].group(0) in ("of", "and", "for"):
            continue
        if (knowledge.org_name(name) and not knowledge.org_name(m.text)) or (
            not tail.group(1) and knowledge.team_name(name)
        ):
            return Mention(m.article_id, m.start, end, name, "ORG")
        joined = " and " in text[m.end : end]  # "East Asia and East China Sea" is two places
        if knowledge.feature_place(name) and not knowledge.feature_place(m.text) and not (tail.group(1) or joined):
            return Mention(m.article_id, m.start, end, name, "FAC")
    return m


# a time zone after a time ("9:09 a.m. ET"), and capitalised words right before a kind word
_ZONE = re.compile(r"(?:E|C|M|P|AK|H)[SD]?T|GMT|UTC|BST|CET|CEST")
_TIME_BEFORE = re.compile(r"\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?\s*$", re.I)
_NAME_BEFORE = re.compile(r"(?<![\w'’])((?:[A-Z][\w'’-]*\s+){1,3})$")
_OPENER = re.compile(r"(?:(?:The|A|An|On|In|At|Along|Near|Off)\s+)*")
# what follows a person's name: an age, "who", or an apposition naming a person
_PERSONAL = re.compile(
    r"^(?:,\s+\d{1,3}[,.)]|,?\s+who\b|,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:student|teacher|man|woman|girl|boy|"
    r"mother|father|son|daughter|wife|husband|resident|driver|officer|worker|employee|engineer|nurse|doctor|teen|"
    r"teenager|friend|neighbou?r|victim|survivor|passenger|pilot|official|spokes(?:man|woman|person)|director|"
    r"minister|executive|lawyer|attorney|professor|analyst|economist|researcher|scientist|manager|lawmaker|"
    r"senator|judge|captain|commander|founder|actor|actress|singer|player|coach)\b)"
)
_SPEAKS = re.compile(r"^\s+(?:\w+ly\s+)?(?:said|says|told|added|tells|wrote|tweeted)\b")  # "Hama said"
# "Wella, a major German hair-care company", "the Chimerix pharmaceutical company"
_DESCRIBED = re.compile(
    r"^(?:,\s+(?:a|an|the)\s+(?:(?!at\b|of\b|for\b|in\b|with\b|from\b)[\w-]+\s+){0,4}|\s+(?:(?!the\b|a\b|an\b)[a-z][\w-]*\s+){0,2})"
    r"(?:company|firm|group|agency|network|newspaper|broadcaster|carrier|airline|"
    r"bank|retailer|maker|manufacturer|giant|charity|publisher|organi[sz]ation|regulator|lender|chain|brand)\b"
)
_ADDRESSED = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+$")
_MODIFIER = re.compile(r"\b(?:[Aa]n?)\s+$")  # "an Edgewood granite company": a company in Edgewood
_STATEMENT = re.compile(r"^\s+(?:said|says) in (?:a|an) (?:statement|email|release|news release)\b")
# the words after a body's name ("Rite Aid spokesman Peter Strella", "Clorox employees", "The Clorox Company")
_ORG_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:spokes(?:man|woman|person)|executives?|employees|shareholders|headquarters|stores|"
    r"chief executive|CEO|board of directors|Company|Corporation|Inc|Corp|Ltd|LLC)\b"
)
# the words around a place's name ("the Dumair area", "the neighbourhood Midan", "the town of Hit")
_PLACE_AFTER = re.compile(r"^\s+(?:area|region|neighbou?rhood|district|province|suburb)\b")
_PLACE_BEFORE = re.compile(r"\b(?:neighbou?rhood|suburb|village|town|city|province|district|region|river)(?: of)?\s+$")
_PLACE_WORDS_BEFORE = re.compile(
    r"\b(?:from|in|near|to|outside|(?:north|south|east|west) of)\s+$"
)  # "kidnapped from Raleigh"
_FOLK_AFTER = re.compile(r"^\s+(?:man|woman|resident|native|couple|family|teen|teenager|boy|girl)\b")  # "a Laurel man"
# a model number after a maker's name or before a model's ("The Airbus A320", "Porsche 911 Carrera")
_MODEL_AFTER = re.compile(r"^\s+[A-Z]{0,2}\d{3}\b")
_FLIGHT = re.compile(r"\s+Flight\s+[A-Z]{0,2}\d+\b")
_MODEL_BEFORE = re.compile(r"\b[A-Z]{0,2}\d{3}\s+$")
# a ship ("navy vessel KRI Banda Aceh", "the USS Cole") or a hashtag ("#MeToo")
_SHIP = re.compile(r"(?:\b(?:vessel|ship|warship|frigate|destroyer|submarine|(?:KRI|USS|HMS|HMAS|INS))\s+|#)$")
# a page's own words run together ("Follow Embed List Rules Vote", "JUST WATCHED Nurse found dead")
_PAGE_WORDS = re.compile(r"\b(?:Embed|Follow|Vote|Replay|Subscribe|Share|WATCHED|WATCH|Videos|Comments)\b")
# a title of nobility is a person's ("the Duchess of Cambridge")
_NOBLE = re.compile(r"^(?:[Tt]he\s+)?(?:Duchess|Duke|Princess|Prince|Queen|King|Countess|Earl|Baroness|Baron)\b")
_ANIMAL = re.compile(
    r"\b(?:dog|cat|puppy|kitten|horse|pony|pet|parrot|gorilla|elephant|bear|cub)\s*,?\s+$"
)  # "her dog, Sophie"
_THE_ONE = re.compile(r"\b[Tt]he\s+(?:[a-z][\w-]*\s+)?$")  # "the abandoned Hyundai": the thing named before
_DETERMINER = re.compile(r"(?<![\w'’])(?:[Tt]he|[Oo]ur|[Ii]ts|[Tt]heir|[Yy]our|[Mm]y)\s+$")
_WORK = re.compile(r"^[”\"]?\s+(?:movies?|films?|franchise|trilogy|sitcom|novels?|albums?|documentary|musical)\b")
_EPONYM = re.compile(r"^(?:['’]s)?\s+(?:disease|syndrome)\b")  # "Lou Gehrig's disease"
# a model year before a maker's or a model's name ("a white 2007 four-door Hyundai Sonesta")
_YEAR_BEFORE = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?:[a-z][\w-]*\s+)?(?:19|20)\d\d\s+(?:[a-z][\w-]*\s+)?$"
)
# a title in quote marks after what it is ("the HGTV series “Fixer Upper”")
_TITLE_BEFORE = re.compile(
    r"\b(?:series|show|sitcom|programme|program|film|movie|book|novel|memoir|album|song|single|musical|play|"
    r"documentary|podcast|column|game)\s+[“\"‘]$"
)
_QUOTED_AFTER = re.compile(r"^[”\"’]")
# a word for a person right before a name ("co-star Chip Gaines", "board member Ira Ehrenpreis")
_PERSON_BEFORE = re.compile(
    r"\b(?:co-star|star|actor|actress|member|founder|co-founder|host|singer|rapper|player|coach|author|writer|"
    r"brother|sister|son|daughter|mother|father|wife|husband|friend|partner|colleague|boss)\s+$"
)


def checked_kind(entity: Entity, by_id: dict[str, Article], uses: Uses | None = None) -> str:
    """The entity's kind checked against what newsdesk knows (``analyze.knowledge``) and the
    words around every use of its name in the story (``uses``, from ``name_uses``; built here
    when not given): things (a product, a flight, an award, a name beside a model number or a
    ship's prefix) are other; teams and names ending in an organisation's word are
    organisations; a given name the text calls a person, addresses ("Mr") or has speak by
    surname makes a person; a geographic feature, a known place or town in a place's words
    ("in Annapolis", "Pangkalan Bun, Indonesia", "the Dumair area") makes a place; a name
    described as a company, written before "spokesman" or "Inc", or after "firm", or one
    that says things in a statement is an organisation; a one-word name the story also
    writes in lower case, or someone only ever called "the ...", is no person. Otherwise the
    tagger's kind stands."""
    name, kind = entity.name, entity.kind
    texts = _written(entity, by_id)
    uses = name_uses(by_id) if uses is None else uses
    seen = texts + _occurrences(entity, by_id, texts, uses)  # the words around every use of the name
    if knowledge.thing_name(name) or (texts and all(_EPONYM.match(t[m.end : m.end + 20]) for t, m in texts)):
        return "other"
    if texts and all(_WORK.match(t[m.end : m.end + 20]) for t, m in texts) and not knowledge.org_name(name):
        return "other"  # "the popular Naked Gun movies": a work, not a body
    if _PAGE_WORDS.search(name):
        return "other"  # page junk run together
    if kind in ("person", "organisation", "group", "entity") and _NOBLE.match(name) and _plain_name(name):
        return "person"  # "the Duchess of Cambridge"
    if kind != "place" and any(_ANIMAL.search(t[max(0, m.start - 16) : m.start]) for t, m in seen):
        return "other"  # an animal: "her beloved dog, Sophie"
    things = [_thing_at(t, m) for t, m in texts]
    if any(things) and all(
        thing or _THE_ONE.search(t[max(0, m.start - 24) : m.start]) for thing, (t, m) in zip(things, texts, strict=True)
    ):
        return "other"  # "The Airbus A320", "KRI Banda Aceh", "#MeToo"; "a 2007 Hyundai" then "fled in the Hyundai"
    if any(_TITLE_BEFORE.search(t[max(0, m.start - 16) : m.start]) for t, m in seen) or (
        " " in name
        and texts
        and all(_QUOTED_AFTER.match(t[m.end : m.end + 1]) and t[m.start - 1 : m.start] in '“"‘' for t, m in texts)
    ):
        return "other"  # "the HGTV series “Fixer Upper”": a title, in quote marks wherever it is tagged
    if kind in ("person", "entity", "place", "group") and knowledge.team_name(name):
        return "organisation"  # "Buffalo Bills", "New York Jets"
    if (
        kind == "place"
        and knowledge.org_name(name)
        and not (knowledge.known_place(name) or knowledge.feature_place(name))
    ):
        return "organisation"
    if kind in ("person", "entity", "group") and knowledge.org_name(name):
        return "organisation"
    words = name.split()
    given = len(words) > 1 and knowledge.first_name(words[0])
    other_kind = kind in ("organisation", "place", "entity")
    plain = _plain_name(name)
    if other_kind and given and plain and any(_PERSONAL.match(text[m.end : m.end + 80]) for text, m in texts):
        return "person"  # "Chiara Natasya Tanus, a Surabaya-born student," tagged ORG
    if (
        other_kind
        and given
        and plain
        and any(_addressed(t, m) or (" " not in m.text.strip() and _speaks(t, m)) for t, m in seen)
    ):
        return "person"  # "Andrew M Calamari" tagged ORG, then "Mr Calamari said", "Brockelmeyer said"
    if kind == "organisation" and given and plain and _named_like_a_person(name, seen):
        return "person"  # "Ira Ehrenpreis" in a list of board members, "co-star Chip Gaines", tagged ORG
    lone_given = " " not in name and knowledge.first_name(name) and plain
    if (
        kind in ("place", "organisation")
        and lone_given
        and any(_PERSONAL.match(t[m.end : m.end + 80]) for t, m in seen)
    ):
        return "person"  # "their two children, Hannah, 13, and Greyson, 9."
    if kind in ("person", "entity", "organisation") and knowledge.feature_place(name, plain=bool(given)):
        return "place"
    if kind in ("person", "entity", "organisation") and not given and not knowledge.org_name(name):
        around = [(text[max(0, m.start - 30) : m.start], text[m.end : m.end + 30]) for text, m in seen]
        if any(
            _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(after) or _in_place(after) for before, after in around
        ):
            return "place"  # "the Dumair area", "Pangkalan Bun, Indonesia"
        from_place = any(
            _PLACE_WORDS_BEFORE.search(before) or (_MODIFIER.search(before) and _FOLK_AFTER.match(after))
            for before, after in around
        )
        # a town's name may be anyone's ("Jackson") or an acronym's ("UWA")
        town = knowledge.known_town(name) and not (knowledge.first_name(name) or name.isupper())
        if from_place and (knowledge.known_place(name) or town):
            return "place"  # "kidnapped from Raleigh", "the newsroom in Annapolis", tagged ORG
    speaks = any(_speaks(text, m) for text, m in texts)
    if (
        kind in ("person", "entity")
        and knowledge.known_place(name)
        and not (given or knowledge.first_name(name) or speaks)
    ):
        return "place"
    if kind == "organisation" and knowledge.known_place(name) and not (given or knowledge.team_name(name)):
        return "place"  # a country or a large city tagged as a body ("London newspaper The Sun", "North Korea is ...")
    nationality = re.search(r"(?:an|ans|ese|ish|i|ch|s)$", name)  # "Syrian", "Japanese", "Israelis"
    if kind == "group" and not nationality and any(_STATEMENT.match(t[m.end : m.end + 40]) for t, m in seen):
        return "organisation"  # "Tesla said in a statement", tagged as a nationality
    if kind in ("person", "entity", "place") and not (kind == "place" and knowledge.known_place(name)):
        # a country or a large city tagged as one stays one: "London newspaper The Sun" describes the Sun
        if any(_DESCRIBED.match(t[m.end : m.end + 80]) and not _MODIFIER.search(t[: m.start]) for t, m in seen):
            return "organisation"
        if not (given or knowledge.known_place(name)) and any(_ORG_AFTER.match(t[m.end : m.end + 40]) for t, m in seen):
            return "organisation"
        if any(knowledge.org_before(text[max(0, m.start - 40) : m.start]) for text, m in seen):
            return "organisation"
        alone = all(" " not in n for n in entity.names) and not knowledge.first_name(name)
        if kind != "place" and alone and any(_STATEMENT.match(text[m.end : m.end + 40]) for text, m in seen):
            return "organisation"
    if kind in ("person", "entity", "group") and " " not in name and _lower_case_too(name, texts):
        return "other"  # "our Maintenance team", where the story also writes "maintenance"
    if kind == "person" and not given and texts and all(_after_the(text, m) for text, m in texts):
        return "other"  # "the Deepwater Horizon", "our Maintenance team": nobody is called "the ..."
    return kind


def body_of(entity: Entity, bodies: list[Entity], by_id: dict[str, Article]) -> Entity | None:
    """The one organisation of ``bodies`` whose name opens with the entity's name ("Stony Brook"
    of "Stony Brook University", "WinCo" of "Winco Foods", "Bloomberg" of "Bloomberg News"),
    which is then what the name stands for. Not a known place, a place named by its kind or a
    town taken for a place ("New York" of "New York Times", "Seminole County" of "Seminole
    County Sheriff's Office", "Medford" of a Medford school), not a people's name ("Syrian" of
    "Syrian Observatory ..."), and not someone the tagger took for a person unless it also
    took the name for a body once and the story never has it speak or addresses it ("Trump"
    of "Trump Organization" says things)."""
    name = entity.name.removeprefix("the ").strip()
    if entity.kind == "group" or knowledge.known_place(name) or knowledge.feature_place(name):
        return None
    if entity.kind == "place" and knowledge.known_town(name):
        return None
    if entity.kind == "person":
        spoken = any(_speaks(t, m) or _addressed(t, m) for t, m in _written(entity, by_id))
        if spoken or all(m.label == "PERSON" for m in entity.mentions):
            return None
    found = [b for b in bodies if b is not entity and b.name.lower().startswith(name.lower() + " ")]
    return found[0] if len(found) == 1 else None


Uses = dict[str, list[tuple[str, int, int]]]  # a name as written -> (article id, start, end) of each use
_RUN = re.compile(r"[A-Z][\w'’.&-]*(?:[ \t]+(?:[A-Z][\w'’.&-]*|of|and|for|de|the))*")


def name_uses(by_id: dict[str, Article], longest: int = 6) -> Uses:
    """Every run of capitalised words in the story's articles and every part of one (up to
    ``longest`` words), by its text: where each name is written, found in one pass."""
    uses: Uses = {}
    for article_id, article in by_id.items():
        for run in _RUN.finditer(article.text):
            words = list(re.finditer(r"\S+", run.group(0)))
            for i in range(len(words)):
                for j in range(i, min(len(words), i + longest)):
                    start, end = run.start() + words[i].start(), run.start() + words[j].end()
                    uses.setdefault(article.text[start:end].rstrip(".,"), []).append((article_id, start, end))
    return uses


def _occurrences(
    entity: Entity, by_id: dict[str, Article], texts: list[tuple[str, Mention]], uses: Uses
) -> list[tuple[str, Mention]]:
    """The name written again where the tagger saw nothing, or saw it inside a longer span
    ("Rite Aid spokeswoman Susan Henderson"): one name keeps one sense in a story, so the words
    around each use tell its kind. Names of two words or more, or of one word of four letters
    or more; at most 40 uses."""
    tagged = {(m.article_id, m.start) for _, m in texts}
    out: list[tuple[str, Mention]] = []
    for name in {re.sub(r"^[Tt]he\s+", "", n.strip()) for n in entity.names}:
        if " " not in name and len(name) < 4:
            continue
        for article_id, start, end in uses.get(name, ()):
            text = by_id[article_id].text
            whole = not (text[end : end + 1].isalnum() or text[max(0, start - 1) : start].isalnum())
            if whole and (article_id, start) not in tagged and len(out) < 40:
                out.append((text, Mention(article_id, start, end, text[start:end], "")))
    return out


def _in_place(after: str) -> bool:
    """Whether the words after a name put it in a country or state ("Pangkalan Bun, Indonesia,")."""
    # not a possessive: "Djoko Murdjatmodjo, Indonesia's acting Director General" describes a person
    found = re.match(r"^,\s+((?:[A-Z][\w.-]*\s?){1,3})(?![\w'’])(?=[,.;]|\s+[a-z]|$)", after)
    return found is not None and knowledge.known_place(found.group(1).strip())


def _thing_at(text: str, m: Mention) -> bool:
    before, after = text[max(0, m.start - 16) : m.start], text[m.end : m.end + 8]
    model = _MODEL_AFTER.match(after) or _MODEL_BEFORE.search(before) or _SHIP.search(before)
    return bool(model or _YEAR_BEFORE.search(text[max(0, m.start - 40) : m.start]))


def _lower_case_too(word: str, texts: list[tuple[str, Mention]]) -> bool:
    """Whether the story also writes ``word`` in lower case: a common word, not a name."""
    lower = re.compile(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])")
    return word[1:].islower() and any(lower.search(text) for text in dict.fromkeys(t for t, _ in texts))


def _written(entity: Entity, by_id: dict[str, Article]) -> list[tuple[str, Mention]]:
    """Each of the entity's mentions with the text of its article."""
    return [(a.text, m) for m in entity.mentions if (a := by_id.get(m.article_id))]


def _speaks(text: str, m: Mention) -> bool:
    """Whether the name says something ("Hama said")."""
    return bool(_SPEAKS.match(text[m.end : m.end + 30]))


def _addressed(text: str, m: Mention) -> bool:
    """Whether the name is addressed as a person's ("Mr Calamari")."""
    return bool(_ADDRESSED.search(text[max(0, m.start - 6) : m.start]))


def _plain_name(name: str) -> bool:
    """Whether ``name`` ends in no place's or organisation's word and is no known place."""
    return not (knowledge.feature_place(name) or knowledge.org_name(name) or knowledge.known_place(name))


def _after_the(text: str, m: Mention) -> bool:
    """Whether the name is written after "the" or a possessive ("our Maintenance team"): nobody's name."""
    return m.text.lower().startswith("the ") or bool(_DETERMINER.search(text[max(0, m.start - 7) : m.start]))


def _named_like_a_person(name: str, seen: list[tuple[str, Mention]]) -> bool:
    """Whether an organisation's tag on a name that opens with a given name is wrong: two or
    three plain words whose last is no given name ("Harry Winston", "Morgan Stanley" are firms
    too), written after a word for a person ("co-star Chip Gaines") or among people's names
    ("Brad Buss, Robyn Denholm, Ira Ehrenpreis"), never beside an organisation's words."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(w.isalpha() and w[:1].isupper() for w in words):
        return False
    if knowledge.first_name(words[-1]) or knowledge.known_town(name) or knowledge.team_name(name):
        return False
    if any(
        _DESCRIBED.match(t[m.end : m.end + 80])
        or _ORG_AFTER.match(t[m.end : m.end + 40])
        or _STATEMENT.match(t[m.end : m.end + 40])
        or knowledge.org_before(t[max(0, m.start - 40) : m.start])
        for t, m in seen
    ):
        return False
    return any(
        _PERSON_BEFORE.search(t[max(0, m.start - 20) : m.start]) or _among_people(t[max(0, m.start - 80) : m.start])
        for t, m in seen
    )


def _among_people(before: str) -> bool:
    """Whether a name follows a list of people's names ("Brad Buss, Robyn Denholm, ")."""
    found = re.search(r"((?:[A-Z][a-z]+ [A-Z][\w'’-]+, )+)$", before)
    return found is not None and all(knowledge.first_name(n.split()[0]) for n in found.group(1).split(", ") if n)
