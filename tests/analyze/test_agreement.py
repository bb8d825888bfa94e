"""Facts several outlets report, facts only one reports, and conflicts between them."""

from __future__ import annotations

import numpy as np

from newsdesk.analyze.agreement import numbers, story_agreement
from newsdesk.clean.cleaner import Hints, clean_text
from newsdesk.embed import get_embedder
from newsdesk.io.markdown import to_markdown
from newsdesk.io.report_json import to_json
from newsdesk.pipeline import build_report, read
from newsdesk.settings import Options
from newsdesk.text.sentences import split_article
from tests.conftest import EXAMPLES


def story(*texts: tuple[str, str]):
    arts = [clean_text(text, f"a{k}", Hints(published=day)) for k, (text, day) in enumerate(texts)]
    for art in arts:
        split_article(art)
    return arts


def test_counted_things():
    assert numbers("More than 2,000 US Marines plus some 1,500 Japanese troops joined in 2017.") == {
        "marin": "2000",
        "troop": "1500",
    }
    assert numbers("fire four intermediate-range ballistic missiles") == {"missil": "4"}
    assert numbers("The vote was held in 2017.") == {}


def test_a_different_count_of_the_same_thing_is_a_conflict():
    arts = story(
        ("A bus crash near the northern border town of Kessel killed 12 people on Sunday, police said.", "2021-05-03"),
        (
            "A bus crash near the northern border town of Kessel killed 15 people on Sunday, officials said.",
            "2021-05-03",
        ),
        ("The regional governor declared three days of mourning after the accident near the border.", "2021-05-03"),
    )
    result = story_agreement(arts, get_embedder("tfidf"))
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert conflict.kind == "number" and set(conflict.values) == {"12 people", "15 people"}
    assert {conflict.first.citations[0].article_id, conflict.second.citations[0].article_id} == {arts[0].id, arts[1].id}
    assert not any("Kessel" in f.text for f in result.corroborated)  # 12 and 15 do not confirm each other


def test_a_different_date_for_the_same_statement_is_a_conflict():
    arts = story(
        ("The two defence ministers met on Thursday in Washington to discuss the missile threat.", "2017-08-18"),
        ("The two defence ministers met on Tuesday in Washington to discuss the missile threat.", "2017-08-18"),
    )
    result = story_agreement(arts, get_embedder("tfidf"))
    assert [c.kind for c in result.conflicts] == ["date"]
    assert set(result.conflicts[0].values) == {"2017-08-17", "2017-08-15"}
    assert result.corroborated  # the same statement otherwise: corroborated too


def test_dates_years_apart_for_one_statement_are_not_rival_dates():
    # a page dated years after it was written reads "on Tuesday" against its own date
    arts = story(
        ("Bill Cosby was sentenced on Tuesday to three to 10 years in state prison for sexual assault.", "2026-11-24"),
        (
            "Bill Cosby was sentenced on Sept. 25, 2018 to three to 10 years in state prison for sexual assault.",
            "2026-11-25",
        ),
    )
    assert not story_agreement(arts, get_embedder("tfidf")).conflicts


def test_the_examples_corroborated_and_single_source():
    report = build_report(read([str(EXAMPLES)]).articles, Options(embedder="tfidf", words=60))
    agreement = report.agreement
    assert any("four of us confirmed" in f.text and len(f.citations) == 2 for f in agreement.corroborated)
    assert agreement.single_source and all(len(f.citations) == 1 for f in agreement.single_source)
    assert not agreement.conflicts
    data = to_json(report)
    fact = data["agreement"]["corroborated"][0]
    for c in fact["citations"]:
        art = next(a for a in data["articles"] if a["number"] == c["article"])
        assert art["text"][c["start"] : c["end"]]
    assert "## Across outlets" in to_markdown(report)


def test_one_article_has_nothing_to_compare():
    arts = story(("The council approved the new budget on Tuesday after a long debate.", "2021-03-02"))
    result = story_agreement(arts, get_embedder("tfidf"))
    assert not result.corroborated and not result.single_source and not result.conflicts


def _places(arts, *names):
    from newsdesk.analyze.entities import merge
    from newsdesk.model import Mention

    mentions = [
        Mention(a.id, a.text.index(n), a.text.index(n) + len(n), n, "GPE") for a in arts for n in names if n in a.text
    ]
    return merge(mentions, arts)


def test_the_same_statement_in_another_place_is_a_conflict():
    arts = story(
        (
            "The foreign ministers of the two countries held their talks in Washington on trade and tariffs.",
            "2021-05-03",
        ),
        ("The foreign ministers of the two countries held their talks in Tokyo on trade and tariffs.", "2021-05-03"),
    )
    entities = _places(arts, "Washington", "Tokyo")
    result = story_agreement(arts, get_embedder("tfidf"), entities=entities)
    assert [c.kind for c in result.conflicts] == ["place"]
    assert set(result.conflicts[0].values) == {"Washington", "Tokyo"}
    # without the places known, nothing to compare
    assert not story_agreement(arts, get_embedder("tfidf")).conflicts


def test_a_place_named_in_passing_is_no_conflict():
    arts = story(
        ("The foreign ministers held their talks in Washington on trade and tariffs with Japan.", "2021-05-03"),
        ("The foreign ministers held their talks in Washington on trade and tariffs with Korea.", "2021-05-03"),
    )
    entities = _places(arts, "Washington", "Japan", "Korea")
    assert not story_agreement(arts, get_embedder("tfidf"), entities=entities).conflicts


def test_a_quote_credited_to_two_speakers_is_a_speaker_conflict():
    from newsdesk.analyze.quotes import story_quotes

    arts = story(
        ('"We will not back down on the budget this year," Jane Roe said on Monday.', "2021-05-03"),
        ('"We will not back down on the budget this year," John Smith said on Monday.', "2021-05-03"),
        ('"We will not back down on the budget this year," the mayor said.', "2021-05-03"),
    )
    quotes = story_quotes(arts)
    assert len(quotes) == 1 and len(quotes[0].citations) == 3
    result = story_agreement(arts, get_embedder("tfidf"), quotes=quotes)
    speaker = [c for c in result.conflicts if c.kind == "speaker"]
    assert len(speaker) == 1 and set(speaker[0].values) == {"Jane Roe", "John Smith"}
    cited = {speaker[0].first.citations[0].article_id, speaker[0].second.citations[0].article_id}
    assert cited == {arts[0].id, arts[1].id}


def test_rival_counts_worded_apart_are_one_conflict_and_a_later_change_is_not():
    from newsdesk.analyze.agreement import count_conflicts
    from newsdesk.clean.cleaner import Hints, clean_text
    from newsdesk.text.sentences import split_article

    def art(text: str, outlet: str, day: str):
        a = clean_text(text, f"{outlet}.txt", Hints(outlet=outlet, published=day))
        split_article(a, "rules")
        return a

    ledger = art(
        "Search teams found the wreck of the jet that crashed with 162 people on board.\n", "Ledger", "2026-11-23"
    )
    metro = art(
        "The airliner disappeared over the sea on Sunday morning with 155 passengers and crew.\n", "Metro", "2026-11-23"
    )
    later = art("The airline confirmed that 150 passengers and crew had been aboard the jet.\n", "Late", "2026-11-28")
    items = [(a, s) for a in (ledger, metro, later) for s in a.sentences]
    sims = np.zeros((len(items), len(items)))  # worded apart: nothing alike
    (conflict,) = count_conflicts(items, sims, 0.6)
    assert conflict.values == ("155 passengers and crew", "162 people on board")
    assert [c.article_id for c in conflict.first.citations] == [metro.id]
    assert [c.article_id for c in conflict.second.citations] == [ledger.id]  # the later report is a change, not a rival


def test_figures_of_other_incidents_later_in_an_article_or_of_another_time_are_not_rivals():
    from newsdesk.analyze.agreement import FIGURE_SENTENCES, count_conflicts

    filler = " ".join(
        f"Witness {k} described the scene to reporters outside the hall." for k in range(FIGURE_SENTENCES)
    )
    first = clean_text(
        "A gunman killed 12 people at a concert hall in Vesna on Friday. " + filler + " "
        "In a separate attack in the north, gunmen killed 30 people at a market.",
        "a.txt",
        Hints(outlet="A", published="2026-03-06"),
    )
    second = clean_text(
        "A gunman killed 12 people at the Vesna concert hall on Friday, police said. "
        "A similar attack on the same hall killed 40 people two years ago. "
        "The 2014-2015 attacks on the city killed 30 people. "
        "The hall had been hit in a 2009 attack, which killed 13 people. "
        "About 600 people have been killed by gunmen since 1995. "
        "It came eight months after gunmen killed 130 people at a stadium.",
        "b.txt",
        Hints(outlet="B", published="2026-03-06"),
    )
    for a in (first, second):
        split_article(a, "rules")
    items = [(a, s) for a in (first, second) for s in a.sentences]
    assert count_conflicts(items, np.ones((len(items), len(items))), 0.6) == []
    planted = clean_text(first.text.replace("killed 12", "killed 21", 1), "c.txt", Hints(published="2026-03-06"))
    split_article(planted, "rules")
    items = [(a, s) for a in (planted, second) for s in a.sentences]
    (conflict,) = count_conflicts(items, np.ones((len(items), len(items))), 0.6)
    assert set(conflict.values) == {"12 people", "21 people"}


def _counted(*texts: str):
    from newsdesk.analyze.agreement import count_conflicts
    from newsdesk.text.sentences import split_article

    arts = [
        clean_text(text, f"{k}.txt", Hints(outlet=f"Outlet {k}", published="2026-03-06"))
        for k, text in enumerate(texts)
    ]
    for a in arts:
        split_article(a, "rules")
    items = [(a, s) for a in arts for s in a.sentences]
    return count_conflicts(items, np.ones((len(items), len(items))), 0.6)  # every pair about one matter


def test_an_article_s_later_figure_for_the_same_thing_counts_a_part_not_a_rival_toll():
    toll = "A bus fell into a ravine near Kasara on Monday, killing 14 people, police said. "
    part = "Four people were killed when the front of the bus hit the rocks, a survivor said."
    assert _counted(toll + part, "Police said 14 people were killed when the bus fell into the ravine on Monday.") == []
    (conflict,) = _counted(
        toll + part, "Police said 16 people were killed when the bus fell into the ravine on Monday."
    )
    assert set(conflict.values) == {"14 people", "16 people were killed"}  # the articles' own tolls still meet


def test_figures_fourfold_apart_count_different_groups_and_close_ones_rival():
    quake = "The earthquake killed at least 400 people across the region, officials said on Monday."
    assert _counted(quake, "At least 18 people died in the town of Kasara when the earthquake struck.") == []
    (conflict,) = _counted(quake, "The earthquake killed 150 people across the region, officials said on Monday.")
    assert set(conflict.values) == {"150 people", "at least 400 people"}


def test_a_whole_percentage_allows_the_share_it_rounds():
    forest = "Forests cover only 2.1 % of Afghanistan, the study found."
    assert _counted(forest, "Forests cover just 2 percent of Afghanistan, according to the study.") == []
    assert _counted("The poll gave 30 % of his supporters.", "The poll gave 31 % of his supporters.") == []
    (conflict,) = _counted(forest, "Forests cover just 5 percent of Afghanistan, according to the study.")
    assert set(conflict.values) == {"2.1 % of Afghanistan", "5 percent of Afghanistan"}


def test_shares_rival_only_in_sentences_that_say_the_same_thing():
    from newsdesk.analyze.agreement import LOOSE_FACTOR, count_conflicts
    from newsdesk.text.sentences import split_article

    texts = (
        "Smith won 51 percent of the vote on Tuesday, and 12 people were killed in clashes.",
        "Jones took 83 percent of the vote in the north, where 15 people were killed.",
    )
    arts = [clean_text(t, f"{k}.txt", Hints(outlet=f"Outlet {k}", published="2026-03-06")) for k, t in enumerate(texts)]
    for a in arts:
        split_article(a, "rules")
    items = [(a, s) for a in arts for s in a.sentences]
    same = 0.6
    about_one_matter = np.full((len(items), len(items)), same - 0.1)  # over the counts' bar, not alike
    assert same - 0.1 >= same * LOOSE_FACTOR
    (conflict,) = count_conflicts(items, about_one_matter, same)
    assert conflict.first.text.startswith("Smith") and set(conflict.values) == {
        "12 people were killed",
        "15 people were killed",
    }
    alike = np.full((len(items), len(items)), same)
    assert {c.values[0] for c in count_conflicts(items, alike, same)} == {
        "12 people were killed",
        "51 percent of the vote",
    }


def test_a_sentence_that_says_it_tells_of_a_separate_incident_gives_no_rival_figure():
    skier = "A 12-year-old boy died after falling off a cliff while skiing in the Alps on Sunday."
    other = "a 13-year-old boy died when he fell off a cliff while skiing with his family."
    assert _counted(skier, "In a separate incident, " + other) == []
    assert _counted(skier, "Separately, " + other) == []
    (conflict,) = _counted(skier, other[0].upper() + other[1:])
    assert set(conflict.values) == {"12-year-old boy", "13-year-old boy"}
