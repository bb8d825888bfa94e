"""The general-news annotation set: full-length articles of many kinds of story, for the quote
and entity evaluations beside NewsWCL50 (how it was chosen and labelled:
``data/annotations/README.md``, "General news").

Articles are named ``mnfull:C:D`` (document D of cluster C, 0-based, of
``multinews-full/dev.jsonl``) or ``examples:FILE`` (a bundled example). The split is by story,
fixed before any rule was changed: ``TUNING`` stories may be looked at while writing rules,
the others are held out.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.clean.cleaner import clean_text
from newsdesk.errors import InputError
from newsdesk.eval.datasets import default_examples, shared_data
from newsdesk.model import Article

ANNOTATIONS = Path(__file__).resolve().parents[3] / "data" / "annotations"
GENERAL_QUOTES = ANNOTATIONS / "general_quotes.jsonl"
GENERAL_QUOTES_SECOND = ANNOTATIONS / "general_quotes_second.jsonl"  # a second held-out sample, labelled later
GENERAL_QUOTES_THIRD = ANNOTATIONS / "general_quotes_third.jsonl"  # labelled before the second's errors were read
GENERAL_QUOTES_FOURTH = ANNOTATIONS / "general_quotes_fourth.jsonl"  # labelled after the third's errors were printed
GENERAL_QUOTES_FIFTH = ANNOTATIONS / "general_quotes_fifth.jsonl"  # labelled before the fourth's errors were used
GENERAL_ENTITIES = ANNOTATIONS / "general_entities.jsonl"  # the entity rules were written looking at these
GENERAL_ENTITIES_HELDOUT = ANNOTATIONS / "general_entities_heldout.jsonl"  # drawn and typed after the rules
GENERAL_ENTITIES_THIRD = ANNOTATIONS / "general_entities_third.jsonl"  # typed before the held-out's errors were read
GENERAL_ENTITIES_FOURTH = ANNOTATIONS / "general_entities_fourth.jsonl"  # typed before the third's errors were read
GENERAL_ENTITIES_FIFTH = ANNOTATIONS / "general_entities_fifth.jsonl"  # typed before the fourth's errors were read
GENERAL_ENTITIES_SIXTH = ANNOTATIONS / "general_entities_sixth.jsonl"  # typed before the fifth's errors were read
GENERAL_ENTITIES_SEVENTH = ANNOTATIONS / "general_entities_seventh.jsonl"  # typed before the sixth's errors were read
GENERAL_ENTITIES_EIGHTH = ANNOTATIONS / "general_entities_eighth.jsonl"  # typed before the seventh's errors were read
GENERAL_ENTITIES_NINTH = ANNOTATIONS / "general_entities_ninth.jsonl"  # typed after the rules on the seventh's errors
# the typed samples held out from the entity rules, in the order they were typed
ENTITY_SAMPLES = (
    ("heldout", GENERAL_ENTITIES_HELDOUT),
    ("third", GENERAL_ENTITIES_THIRD),
    ("fourth", GENERAL_ENTITIES_FOURTH),
    ("fifth", GENERAL_ENTITIES_FIFTH),
    ("sixth", GENERAL_ENTITIES_SIXTH),
    ("seventh", GENERAL_ENTITIES_SEVENTH),
    ("eighth", GENERAL_ENTITIES_EIGHTH),
    ("ninth", GENERAL_ENTITIES_NINTH),
)

# cluster -> kind of story; every document of a chosen cluster with a quotation is annotated
CHOSEN = {
    73: "disaster",  # an airliner lost at sea
    75: "disaster",  # a girl survives a plane crash
    38: "disaster",  # a toddler taken by a leopard
    5: "crime",  # a hairstylist murdered at home
    58: "crime",  # a woman locked in a car's trunk
    65: "crime",  # a police chief arrested in a sting
    3: "court",  # a cold-case conviction vacated
    29: "court",  # a sentencing
    49: "court",  # a custody ruling
    19: "business",  # an oil company's bonuses
    67: "business",  # a drug price reversed
    18: "science",  # a buried monument
    88: "science",  # images read from the brain
    7: "sport",  # cheerleaders' wages
    48: "politics",  # a weapons test
    96: "politics",  # an ambassador's visit
}
# the second held-out sample: stories chosen and labelled after every rule measured on the
# first, never looked at while writing rules
SECOND = {
    40: "crime",  # a couple shot while buying a car
    97: "disaster",  # the Boston Marathon bombing's victims
    27: "court",  # an employee sues over a tracking app
    53: "business",  # a board's statement on going private
    69: "science",  # ears grown from a boy's ribs
    4: "politics",  # a congressman's assault and a rally
    89: "politics",  # a senator questions a bank's chief
}
# the third held-out sample: stories drawn at random (seed 2026) from those in no earlier sample
# and labelled before the second sample's errors were read; only scored
THIRD = {
    36: "politics",  # a government shutdown looms
    60: "business",  # a renovation firm fined by the EPA
    95: "crime",  # a murder suspect on the run
    11: "science",  # a games console's motion sensor unveiled
    80: "business",  # a lottery jackpot
    59: "people",  # an actress's will
}
# the fourth held-out sample: stories drawn at random (seed 2027) from those in no earlier
# sample nor the test web, labelled after the third sample's errors had been printed; only scored
FOURTH = {
    45: "disaster",  # a hurricane forecaster's bulletin
    66: "crime",  # a war-crimes suspect dies
    43: "health",  # a child dies after a dentist's sedation
    78: "people",  # a celebrity in a gun scare
    98: "people",  # a letter between celebrities
}
# the fifth held-out sample: stories drawn at random (seed 2028) from those in no earlier sample
# nor the test web until they held 60 quotations, labelled before any rule was written on the
# fourth sample's errors; only scored
FIFTH = {
    24: "accident",  # a walker's fall on a mountain, an inquest
    14: "crime",  # a nerve agent in an airport killing
    35: "politics",  # a security agency's scandal
}
# stories drawn for a typed entity sample alone (their quotations are not labelled), by sample:
# the fifth from a seeded shuffle (seed 2029), the sixth (seed 2030), the seventh (seed 2031), of
# those in no sample nor the test web
TYPED_ONLY = {
    "fifth": {
        62: "people",  # a rapper's tweets about money
        16: "politics",  # a bomb in Northern Ireland
        37: "business",  # a retailer's data breach
        46: "media",  # a radio prank and a nurse's death
        61: "business",  # a newspaper's sale
    },
    "sixth": {
        90: "science",  # where a lost airliner is
        2: "military",  # a navy's port calls
        63: "politics",  # a presidential resort
        79: "people",  # an actress's posts
        68: "people",  # a mother and her son
        34: "accident",  # a climber falls from a tower
    },
    "seventh": {
        91: "crime",  # a body found in a house
        87: "business",  # a trade war threatened
        6: "politics",  # letters to a new president
        42: "health",  # weight cycling and the heart
        74: "court",  # habeas corpus explained
        70: "court",  # a man sues over a panda's attack
    },
    "eighth": {
        31: "politics",  # a campaign lawyer's interview
        0: "protest",  # an encampment told to leave
        52: "court",  # a hazing death and a lawsuit
        81: "business",  # a chocolate bar's shape in court
        82: "crime",  # a teacher arrested for a double murder
        32: "court",  # a parole hearing refused
    },
    "ninth": {
        83: "people",  # a police officer replaces a lost ring
        47: "crime",  # a woman posing as a store's employee
        26: "people",  # a missing woman seen on television
        21: "court",  # abuse claims against a film director
        9: "politics",  # a medal for veterans
        92: "court",  # a real-estate heir sentenced
        93: "court",  # a hearing after a student's disappearance
    },
}
# the held-out samples after the first, in the order they were labelled: name, stories, annotations
SAMPLES = (
    ("second", SECOND, GENERAL_QUOTES_SECOND),
    ("third", THIRD, GENERAL_QUOTES_THIRD),
    ("fourth", FOURTH, GENERAL_QUOTES_FOURTH),
    ("fifth", FIFTH, GENERAL_QUOTES_FIFTH),
)
EXAMPLE_FILES = ("000_28d413e17f128467.txt", "002_d8c668ea1319dfb9.txt", "004_6180b9bbd26698b1.txt")
TUNING = frozenset(
    {"mnfull:73", "mnfull:5", "mnfull:58", "mnfull:3", "mnfull:19", "mnfull:18", "mnfull:48", "examples"}
)


def story_of(doc: str) -> str:
    """The story an annotated article belongs to (``mnfull:C`` or ``examples``)."""
    if doc.startswith("mnfull:"):
        return ":".join(doc.split(":")[:2])
    return "examples"


def is_tuning(doc: str) -> bool:
    """Whether ``doc``'s story is one the rules may be tuned on."""
    return story_of(doc) in TUNING


def in_sample(doc: str, sample: dict[int, str]) -> bool:
    """Whether ``doc``'s story is one of ``sample``'s (``SECOND``, ``THIRD``, ...)."""
    return doc.startswith("mnfull:") and int(story_of(doc).split(":")[1]) in sample


def load_general(data: Path | None = None, examples: Path | None = None) -> dict[str, str]:
    """The raw text of every article of the set, by name, in story order.

    Raises:
        InputError: the data or the examples are missing.
    """
    path = data or shared_data("multinews-full", "dev.jsonl")
    folder = examples or default_examples()
    if path is None or not path.is_file():
        raise InputError(str(path or "../shared/data/multinews-full/dev.jsonl"), "not found; pass --data FILE")
    if folder is None:
        raise InputError("../shared/examples", "not found")
    rows = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n in CHOSEN or any(n in t for t in TYPED_ONLY.values()) or any(n in s for _, s, _ in SAMPLES):
                rows[n] = json.loads(line)["documents"]
    out: dict[str, str] = {}
    for cluster in (*CHOSEN, *(n for _, s, _ in SAMPLES for n in s), *(n for t in TYPED_ONLY.values() for n in t)):
        if cluster not in rows:
            raise InputError(str(path), f"holds no cluster {cluster}")
        for d, text in enumerate(rows[cluster]):
            out[f"mnfull:{cluster}:{d}"] = text
    for name in EXAMPLE_FILES:
        file = folder / name
        if not file.is_file():
            raise InputError(str(file), "not found")
        out[f"examples:{name}"] = file.read_text(encoding="utf-8")
    return out


def general_stories(
    data: Path | None = None, examples: Path | None = None
) -> tuple[dict[str, dict[str, Article]], str]:
    """Every article of the set cleaned as a user's input would be, grouped by story (its
    articles by name), and where the Multi-News part came from. An article that cleaning
    leaves empty is absent, as it would be for a user.

    Raises:
        InputError: the data or the examples are missing.
    """
    stories: dict[str, dict[str, Article]] = {}
    for doc, raw in load_general(data, examples).items():
        try:
            article = clean_text(raw, doc)
        except InputError:
            continue
        stories.setdefault(story_of(doc), {})[doc] = article
    return stories, str(data or shared_data("multinews-full", "dev.jsonl"))
