"""Entities of the bundled story: one canonical entity per real person, place, organisation."""

from __future__ import annotations

import pytest

from newsdesk.analyze.entities import _name_entity, _spacy, fallback_mentions, merge, story_entities
from newsdesk.clean.cleaner import clean_text
from newsdesk.io.markdown import to_markdown
from newsdesk.io.report_json import to_json
from newsdesk.model import Mention
from newsdesk.pipeline import build_report, read
from newsdesk.settings import Options
from tests.conftest import EXAMPLES

PEOPLE = ["Dunford", "Tillerson", "Mattis", "Kono", "Onodera", "Kawano", "Fan Changlong", "Trump"]
needs_spacy = pytest.mark.skipif(_spacy() is None, reason="spaCy's English pipeline is not installed")


def entity_of(entities, surname):
    found = [e for e in entities if any(surname in n for n in e.names)]
    assert found, surname
    return found


@needs_spacy
def test_each_person_of_the_example_story_is_one_entity():
    entities, finder = story_entities(read([str(EXAMPLES)]).articles)
    assert finder == "spacy"
    for surname in PEOPLE:
        found = entity_of(entities, surname)
        assert len(found) == 1 and found[0].kind == "person", (surname, [e.name for e in found])
    dunford = entity_of(entities, "Dunford")[0]
    assert dunford.name == "Joseph Dunford" and {"Joe Dunford", "Dunford"} <= set(dunford.names)
    assert len(dunford.articles) == 3
    onodera = entity_of(entities, "Onodera")[0]
    assert any("Minister" in r for r in onodera.roles)
    tillerson = entity_of(entities, "Tillerson")[0]
    assert tillerson.roles[0] == "Secretary of State"


@needs_spacy
def test_country_aliases_are_one_place():
    entities, _ = story_entities(read([str(EXAMPLES)]).articles)
    us = [e for e in entities if e.name == "United States"]
    assert len(us) == 1 and {"US", "USA"} <= set(us[0].names)
    assert not [e for e in entities if e.name in ("US", "USA", "U.S.")]


def test_merge_rules_without_a_model():
    def m(text, label="PERSON"):
        return Mention("a", 0, len(text), text, label)

    entities = merge(
        [
            m("Gen. Joe Dunford"),
            m("Joseph Dunford"),
            m("Dunford"),
            m("Stephen K. Bannon"),
            m("Steve Bannon"),
            m("John Smith"),
            m("Mary Smith"),
            m("Smith"),  # two Smiths: a bare surname is left out, not guessed
            m("Trump", "ORG"),
            m("Donald Trump"),
            m("U.S.", "GPE"),
            m("the United States", "GPE"),
            m("Peter Strella"),
            m("Pete Strella"),
            m("Fransiskus Bambang Soelistyo"),
            m("Henry Bambang Soelistyo"),
            m("Bambang Soelistyo"),
            m("Djoko Murdjatmodjo"),
            m("Djoko Murjatmodjo"),
            m("Ann Lee"),
            m("Ann Lees"),  # a short surname one letter apart is another name
        ]
    )
    names = {e.name: e for e in entities}
    assert len(names["Joseph Dunford"].mentions) == 3
    assert len(names["Stephen K. Bannon"].mentions) == 2
    assert {"John Smith", "Mary Smith"} <= set(names) and all(
        len(names[n].mentions) == 1 for n in ("John Smith", "Mary Smith")
    )
    assert len(names["Donald Trump"].mentions) == 2
    assert len(names["United States"].mentions) == 2
    strella = [e for e in entities if "Strella" in e.name]
    assert len(strella) == 1 and set(strella[0].names) == {"Peter Strella", "Pete Strella"}
    # outlets giving more or fewer of a person's given names, or spelling the surname two ways
    assert [len(e.mentions) for e in entities if "Soelistyo" in e.name] == [3]
    assert [len(e.mentions) for e in entities if "jatmodjo" in e.name] == [2]
    assert {"Ann Lee", "Ann Lees"} <= set(names)


def test_initials_a_shared_surname_and_a_nickname_in_quotes_find_the_person_the_story_is_about():
    def m(text, label="PERSON", at=0):
        return Mention("a", at, at + len(text), text, label)

    entities = merge(
        [
            m('Orenthal James "O.J." Simpson'),
            m("O.J. Simpson"),
            m("O.J. Simpson", at=40),
            m("Nicole Brown Simpson"),
            m("Simpson", "ORG", at=60),  # tagged a body: the Simpson the story names most
            m("O.J.", "GPE", at=80),  # "as with all things O.J."
            m("O.J.", at=100),  # tagged a person alone: the same
        ]
    )
    for e in entities:
        _name_entity(e, {})
    names = {e.name: len(e.mentions) for e in entities}
    # the bare surname goes to the Simpson the story names most; the initials to their owner
    assert names == {"O.J. Simpson": 6, "Nicole Brown Simpson": 1}

    # initials that stand before a title ("U.S. Rep.") or are written otherwise ("U.S Border") are nobody's
    others = merge([m("U.S. Rep. Gabrielle Giffords"), m("U.S Border"), m("U.S.", "GPE", at=40)])
    assert [e.name for e in others if any(x.text == "U.S." for x in e.mentions)] == ["United States"]


def test_a_married_name_is_the_person_of_the_maiden_name_but_a_title_after_a_name_is_not():
    def m(text, at=0):
        return Mention("a", at, at + len(text), text, "PERSON")

    entities = merge([m("O.J. Simpson"), m("Nicole Brown Simpson"), m("Nicole Brown", at=30), m("Brown", at=50)])
    assert sorted(len(e.mentions) for e in entities) == [1, 3]  # Nicole: her married name, maiden name, "Brown"
    # "Memos" is nobody's surname: "the James Comey Memos" is no fuller form of James Comey
    entities = merge([m("James Comey Memos"), m("James Comey", at=30), m("Comey", at=50)])
    assert sorted(len(e.mentions) for e in entities) == [1, 2]


def test_a_title_and_its_place_before_a_name_are_not_the_name():
    def m(text):
        return Mention("a", 0, len(text), text, "PERSON")

    entities = merge(
        [
            m("U.S. Rep. Gabrielle Giffords"),
            m("Gabrielle Giffords"),
            m("Miami Gardens Police Chief Stephen Johnson"),
            m("Stephen Johnson"),
            m("Secretary of State Rex Tillerson"),
            m("Rex Tillerson"),
            m("Stephen King"),  # a title word last is a name
        ]
    )
    assert sorted((e.name, len(e.mentions)) for e in entities) == [
        ("Gabrielle Giffords", 2),
        ("Rex Tillerson", 2),
        ("Stephen Johnson", 2),
        ("Stephen King", 1),
    ]


def test_fallback_finds_and_merges_names():
    art = clean_text(
        "Secretary of State Rex Tillerson met his counterpart in Tokyo on Monday, officials said.\n\n"
        "The talks went well, Tillerson said after the meeting with Japanese officials in the capital.",
        "t",
    )
    mentions = fallback_mentions(art)
    assert all(art.text[x.start : x.end] == x.text for x in mentions)
    entities = merge(mentions, [art])
    tillerson = [e for e in entities if "Tillerson" in e.name]
    assert len(tillerson) == 1 and len(tillerson[0].mentions) == 2
    assert story_entities([art], use_model=False)[1] == "fallback"


def test_report_lists_entities_with_offsets():
    report = build_report(read([str(EXAMPLES)]).articles, Options(embedder="tfidf", words=60))
    data = to_json(report)
    assert data["entities"] and data["entity_finder"] in ("spacy", "fallback")
    first = data["entities"][0]["mentions"][0]
    art = next(a for a in data["articles"] if a["number"] == first["article"])
    assert art["text"][first["start"] : first["end"]] == first["text"]
    assert "## Entities" in to_markdown(report)
