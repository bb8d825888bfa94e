"""Look-alike events: the facts that tell them apart, and the split of a story that holds two."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import numpy as np

from newsdesk.clean.cleaner import clean_text
from newsdesk.cluster.facts import event_facts, split_events
from newsdesk.cluster.stories import ClusterOptions, Doc, article_terms, rebuild
from newsdesk.eval.clustering import docs_of, incremental_labels, merged_topics, pool_examples
from newsdesk.eval.datasets import load_examples, shared_data
from newsdesk.eval.metrics import bcubed

# two earthquakes on one island, each told by four outlets in their own words: the reports
# of both share the island, the quake and the villages; only the weekday, the magnitude, the
# toll and how many villages differ
FIRST = [
    "A magnitude 5.6 earthquake struck Qeshm island off southern Iran on Sunday, injuring five people "
    "and damaging homes in three villages, state media said.",
    "Five people were hurt on Sunday when a 5.6 magnitude quake shook Qeshm, the Gulf island, cracking "
    "walls in three villages.",
    "Iran: three villages on Qeshm damaged, five injured. The earthquake on Sunday measured magnitude 5.6, "
    "the seismological centre said.",
    "Sunday's earthquake, magnitude 5.6, left five people injured on Qeshm island; three villages lost "
    "power, the Red Crescent said.",
]
SECOND = [
    "Officials said ten people died on Tuesday after a 6.1 magnitude earthquake hit Qeshm island in "
    "southern Iran and flattened seven villages.",
    "The quake that shook Qeshm on Tuesday had a magnitude of 6.1; ten people were killed and seven "
    "villages on the island were levelled.",
    "Seven villages were destroyed and ten people killed when an earthquake of magnitude 6.1 struck the "
    "Iranian island of Qeshm on Tuesday.",
    "Rescuers dug through seven villages on Qeshm island on Tuesday; the magnitude 6.1 earthquake in "
    "southern Iran killed ten people.",
]


def sub(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def docs(texts: list[str], days: list[date | None] | None = None) -> list[Doc]:
    arts = [clean_text(t, f"a{k}") for k, t in enumerate(texts)]
    days = days or [None] * len(arts)
    return [Doc(a.id, article_terms(a), day, None, event_facts(a)) for a, day in zip(arts, days, strict=True)]


def split(ds: list[Doc], options: ClusterOptions | None = None) -> set[frozenset[int]]:
    """The parts ``split_events`` makes of ``ds`` taken as one story: the first four and the
    rest a little more alike among themselves (0.35) than across (0.25), all above the cut."""
    n = len(ds)
    side = np.array([k >= 4 for k in range(n)])
    sims = np.where(side[:, None] == side[None, :], 0.35, 0.25)
    np.fill_diagonal(sims, 1.0)
    labels = split_events(sims, [0] * n, [d.facts for d in ds], [d.published for d in ds], options or ClusterOptions())
    return parts(labels)


def parts(labels: list[int]) -> set[frozenset[int]]:
    out: dict[int, set[int]] = {}
    for k, label in enumerate(labels):
        out.setdefault(label, set()).add(k)
    return {frozenset(v) for v in out.values()}


def test_event_facts_are_read_from_the_lead():
    facts = event_facts(clean_text(FIRST[0], "a"))
    assert facts["day"] == "sunday" and facts["mag"] == "5.6"
    assert facts["n:people"] == "5" and facts["n:villag"] == "3"
    facts = event_facts(clean_text("Hugh Jackman, 40, will host the 81st Academy Awards in February.", "b"))
    assert facts["ord"] == "81" and facts["age"] == "40" and "day" not in facts


def test_the_sum_an_event_is_about_is_read_from_the_title_and_first_sentence():
    def money(text: str, title: str = "") -> str | None:
        article = replace(clean_text(text, "m"), title=title)
        return event_facts(article).get("money")

    # one sum in other currencies and roundings keeps its order of magnitude
    assert money("Armed robbers stole diamonds worth 85 million euros ($108 million) from a Paris store.") == "8"
    assert money("Jewellery worth more than $160 million has been stolen from a Paris boutique.") == "8"
    assert money("Four men rammed their car into a store and took $2. 6 million (two million euros).") == "6"
    assert (
        money(
            "Thieves took watches and rings from a store near Place Vendome at dawn.",
            title="Ram-raiders hit Paris jewellery store for €2m",
        )
        == "6"
    )
    assert money("The Red Sox offered an eight-year, $200MM deal on Tuesday.") == "8"
    # a weight is no sum; a sum after the first sentence is background, not the event's
    assert money("The new laptop weighs 4.46 pounds and is thinner than ever.") is None
    assert money("Ross will not direct the sequel. The first film grossed $363 million.") is None


def test_a_story_holding_two_look_alike_events_is_split_in_two():
    assert split(docs(FIRST + SECOND)) == {frozenset(range(4)), frozenset(range(4, 8))}
    assert split(docs(FIRST + SECOND), ClusterOptions(split_evidence=0)) == {frozenset(range(8))}


def test_an_article_that_states_no_fact_goes_with_the_part_it_is_most_like():
    tents = "Aid agencies sent tents, blankets and water to the island, where families slept outside."
    ds = docs(FIRST + SECOND + [tents])
    sims = np.full((9, 9), 0.25)
    sims[:4, :4] = 0.35
    sims[4:, 4:] = 0.35
    np.fill_diagonal(sims, 1.0)
    labels = split_events(sims, [0] * 9, [d.facts for d in ds], [None] * 9, ClusterOptions())
    assert parts(labels) == {frozenset(range(4)), frozenset(range(4, 9))}


def test_the_split_does_not_depend_on_the_order_articles_come_in():
    ds = docs(FIRST + SECOND)
    facts = [d.facts for d in ds]
    side = np.arange(8) >= 4
    noise = np.random.default_rng(0).uniform(-0.04, 0.04, (8, 8))
    sims = np.where(side[:, None] == side[None, :], 0.35, 0.25) + (noise + noise.T) / 2
    np.fill_diagonal(sims, 1.0)
    whole = parts(split_events(sims, [0] * 8, facts, [None] * 8, ClusterOptions()))
    assert len(whole) == 2
    order = list(range(8))
    random.Random(3).shuffle(order)
    shuffled = sims[np.ix_(order, order)]
    labels = split_events(shuffled, [0] * 8, [facts[k] for k in order], [None] * 8, ClusterOptions())
    assert {frozenset(order[k] for k in part) for part in parts(labels)} == whole


def test_a_story_that_develops_is_not_split_by_its_new_toll_and_weekday():
    # the same quake: the next reports give a higher toll and the weekday of the latest news
    later = [sub(t, ("Tuesday", "Thursday"), ("6.1", "5.6"), ("seven", "three")) for t in SECOND]
    dated = docs(FIRST + later, [date(2026, 3, 1)] * 4 + [date(2026, 3, 3)] * 4)
    assert len(split(dated)) == 1
    # undated, the same articles could be two quakes told alike: the toll and weekday decide
    assert len(split([replace(d, published=None) for d in dated])) == 2


def test_small_stories_and_a_single_fact_against_are_left_whole():
    assert len(split(docs(FIRST[:2] + SECOND[:1]))) == 1  # three articles: under split_min
    same = [sub(t, ("Tuesday", "Sunday"), ("ten ", "five "), ("seven", "three")) for t in SECOND]
    assert len(split(docs(FIRST + same))) == 1  # only the magnitude differs (read twice: once)


def test_one_fact_against_splits_a_story_whose_parts_are_little_alike():
    # only the weekday differs (the tolls and magnitude agree): one fact against
    same = [sub(t, ("ten ", "five "), ("seven", "three"), ("6.1", "5.6")) for t in SECOND]
    ds = docs(FIRST + same)
    side = np.arange(8) >= 4

    def labels(across: float, embedded: bool = False) -> set[frozenset[int]]:
        sims = np.where(side[:, None] == side[None, :], 0.4, across)
        np.fill_diagonal(sims, 1.0)
        facts = [d.facts for d in ds]
        return parts(split_events(sims, [0] * 8, facts, [None] * 8, ClusterOptions(), embedded))

    assert labels(0.2) == {frozenset(range(4)), frozenset(range(4, 8))}  # across / within 0.5: under 0.6
    assert len(labels(0.26)) == 1  # 0.65: alike enough to be one event told with two weekdays
    assert len(labels(0.26, embedded=True)) == 2  # embedded cosines run closer: the bar is 0.7
    options = ClusterOptions(split_apart=0.0, split_apart_embedded=0.0)
    sims = np.where(side[:, None] == side[None, :], 0.4, 0.2)
    np.fill_diagonal(sims, 1.0)
    assert len(parts(split_events(sims, [0] * 8, [d.facts for d in ds], [None] * 8, options))) == 1


def test_sums_a_hundredfold_apart_split_alike_reports_that_tenfold_do_not():
    # two jewellery heists in central Paris told alike; only the sum stolen differs
    heist = "Thieves raided a jewellery store in central Paris on Monday and escaped with {} in watches and rings."
    first = [heist.format(v) for v in ("$160 million", "85 million euros", "$108 million", "$102 million")]
    second = [heist.format(v) for v in ("$2.6 million", "two million euros", "€2 million", "$2.5 million")]
    assert split(docs(first + second)) == {frozenset(range(4)), frozenset(range(4, 8))}
    # tenfold: as a single fact against, parts this alike (0.25 across, 0.35 within) stay one story
    tenfold = [heist.format(v) for v in ("$26 million", "20 million euros", "€21 million", "$25 million")]
    assert len(split(docs(tenfold + second))) == 1


def test_pooled_look_alike_events_share_fewer_stories_batch_and_incremental_alike():
    examples = load_examples(shared_data("ecbplus/dev.jsonl"))
    pool = pool_examples(examples, label="ECB+")
    ds = docs_of(pool.articles, None)
    whole = rebuild(ds, ClusterOptions(split_evidence=0))
    batch = rebuild(ds)
    incremental = incremental_labels(ds, ClusterOptions(), 200)
    merged_whole, topics = merged_topics(whole, pool.gold)
    assert merged_topics(batch, pool.gold)[0] < merged_whole and topics == 22
    assert merged_topics(batch, pool.gold)[0] <= 1  # issue #29: at most one topic of 22 merged
    assert bcubed(batch, pool.gold)[2] > bcubed(whole, pool.gold)[2]
    assert bcubed(incremental, batch)[2] >= 0.99
