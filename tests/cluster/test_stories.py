"""Story grouping and near-duplicates on small real texts."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np

from newsdesk.clean.cleaner import clean_text
from newsdesk.cluster.dedup import DuplicateIndex, shingles, signature
from newsdesk.cluster.incremental import StoryIndex
from newsdesk.cluster.stories import (
    FIGURE_WORDS,
    ClusterOptions,
    Doc,
    article_terms,
    attach_lone,
    figure_terms,
    group,
    rebuild,
)
from tests.conftest import example

FOOTBALL = (
    "Rovers came from two goals down to beat United 3-2 in the cup on Saturday, with a late header from "
    "their captain settling a tense match in front of a sold-out crowd. United's coach said his players tired."
)


def docs():
    arts = [clean_text(example(p).read_text(encoding="utf-8"), p) for p in ("000", "002", "004")]
    arts.append(clean_text(FOOTBALL, "football"))
    return [Doc(a.id, article_terms(a)) for a in arts]


def test_batch_and_incremental_agree_on_the_examples():
    ds = docs()
    assert rebuild(ds) == [0, 0, 0, 1]
    index = StoryIndex()
    labels = [index.assign(d) for d in ds]
    assert labels[0] == labels[1] == labels[2] != labels[3]


def test_dates_far_apart_are_different_stories():
    ds = docs()[:2]
    ds[0].published, ds[1].published = date(2017, 8, 18), date(2018, 8, 18)
    assert rebuild(ds) == [0, 1]
    index = StoryIndex()
    assert index.assign(ds[0]) != index.assign(ds[1])
    ds[1].published = date(2017, 8, 20)
    assert rebuild(ds) == [0, 0]


def test_threshold_decides():
    ds = docs()[:3]
    assert len(set(rebuild(ds, ClusterOptions(threshold=0.99)))) == 3


def test_a_lone_article_joins_the_group_it_is_most_like_above_the_join_cut():
    # articles 0-1 are one group; 2 is like it on average (0.12) below the merge cut (0.2) but
    # above the join cut; 3 is like nothing; 4 and 5 are alone and like each other only a little
    sims = np.array(
        [
            [1.0, 0.5, 0.14, 0.0, 0.0, 0.0],
            [0.5, 1.0, 0.10, 0.0, 0.0, 0.0],
            [0.14, 0.10, 1.0, 0.0, 0.0, 0.0],
            [0.0, 0.0, 0.0, 1.0, 0.02, 0.0],
            [0.0, 0.0, 0.0, 0.02, 1.0, 0.11],
            [0.0, 0.0, 0.0, 0.0, 0.11, 1.0],
        ]
    )
    assert group(sims, 0.2, 0.1) == [0, 0, 0, 1, 2, 2]
    assert group(sims, 0.2, 0.13) == [0, 0, 1, 2, 3, 4]  # below the join cut, each stays alone
    assert attach_lone(sims, [0, 0, 1, 2, 3, 4], 1.1) == [0, 0, 1, 2, 3, 4]


def test_grouping_each_component_alone_gives_the_same_groups():
    """What the Spark job relies on: components of the graph of pairs at or above the lower cut
    can be grouped one at a time."""
    from scipy.sparse.csgraph import connected_components

    rng = np.random.default_rng(3)
    for _ in range(20):
        n = 30
        sims = rng.random((n, n)) ** 6  # mostly low, a few high
        sims = (sims + sims.T) / 2
        np.fill_diagonal(sims, 1.0)
        threshold, join = 0.3, 0.2
        whole = group(sims, threshold, join)
        _, comp = connected_components(sims >= join, directed=False)
        by_part: list[tuple[int, int]] = [(0, 0)] * n
        for c in set(comp.tolist()):
            rows = np.flatnonzero(comp == c)
            for r, label in zip(rows, group(sims[np.ix_(rows, rows)], threshold, join), strict=True):
                by_part[r] = (c, label)
        assert len(set(whole)) == len(set(by_part)) == len(set(zip(whole, by_part, strict=True)))


def test_embeddings_take_part_when_articles_have_them():
    ds = docs()
    rng = np.random.default_rng(0)
    for d in ds:
        v = rng.normal(size=8).astype(np.float32)
        d.embedding = v / np.linalg.norm(v)
    # random embeddings dilute the word similarity: with all weight on them nothing groups
    assert len(set(rebuild(ds, ClusterOptions(semantic_weight=1.0, threshold_embedded=0.5)))) == 4
    # an article without a vector (ingested without --embed) puts the batch back on words
    ds[3].embedding = None
    assert rebuild(ds, ClusterOptions(semantic_weight=1.0, threshold_embedded=0.5)) == [0, 0, 0, 1]


def test_figures_are_terms_written_whole():
    assert figure_terms("A 4.6-magnitude quake at 2:09 a.m. cost $1,250,000 in 2013.") == [
        "#4.6",
        "#2:09",
        "#1250000",
        "#2013",
    ]
    art = clean_text("Quake of magnitude 4.6 strikes. " + "Later words here. " * 60 + "It was 5.2 in 1990.", "q")
    terms = article_terms(art)
    assert terms["#4.6"] == 1 and "#5.2" not in terms  # figures from the first FIGURE_WORDS words only
    assert FIGURE_WORDS < 180


def test_lead_words_limit_the_terms():
    art = clean_text(example("000").read_text(encoding="utf-8"), "000")
    assert sum(article_terms(art, lead_words=20).values()) < sum(article_terms(art).values())
    assert isinstance(article_terms(art), Counter)


def test_near_duplicates_found_and_distinct_texts_not():
    text = example("002").read_text(encoding="utf-8")
    rewrite = text.replace("step up", "increase").replace("Japan", "Tokyo", 1)
    index = DuplicateIndex(known=[("orig", signature(text))])
    found = index.original(signature(rewrite))
    assert found is not None and found[0] == "orig" and found[1] >= 0.7
    assert index.original(signature(example("004").read_text(encoding="utf-8"))) is None
    assert shingles("a b") == {b"a b"} and shingles("") == set()


def test_stories_of_past_weeks_retire_from_the_index_and_a_backdated_article_still_finds_its_story():
    from dataclasses import replace

    ds = docs()  # three reports of one event, and a football match
    index = StoryIndex()
    old = index.assign(replace(ds[0], published=date(2017, 8, 18)))
    index.assign(replace(ds[3], id="football", published=date(2017, 9, 30)))  # six weeks later
    index.consolidate({old})
    assert old in index.retired and not any(old in s for s in index.postings.values())
    # an article of the new weeks reads only the active stories; one of the old event's days still finds it
    assert index.score(replace(ds[1], published=date(2017, 9, 30)))[0] != old
    assert index.assign(replace(ds[2], published=date(2017, 8, 19))) == old
    assert old not in index.retired  # it woke up


def test_document_frequencies_read_term_by_term_weigh_as_if_read_at_once():
    from newsdesk.cluster.stories import Vocabulary, tfidf_weights

    stored = Counter({"quake": 3, "iran": 40, "said": 90, "qeshm": 1})
    asked: list[list[str]] = []

    def lookup(terms: list[str]) -> dict[str, int]:
        asked.append(sorted(terms))
        return {t: stored[t] for t in terms if t in stored}

    lazy = Vocabulary(2.0)
    lazy.attach(lookup, 100)
    docs = [Doc("a", Counter(["quake", "iran", "said", "new"])), Doc("b", Counter(["qeshm", "quake"]))]
    lazy.prefetch([d.terms for d in docs])
    lazy.add(docs)
    # the reference: every count at once, the stored ones and these two documents'
    every = stored + Counter(t for d in docs for t in d.terms)
    m = lazy.matrix(docs)
    names = {c: t for t, c in lazy.columns.items()}
    for i, doc in enumerate(docs):
        got = {names[c]: round(float(v), 6) for c, v in zip(m[i].indices, m[i].data, strict=True)}
        want = {t: round(w, 6) for t, w in tfidf_weights(doc.terms, every, 102, 2.0).items()}
        assert got == want
    assert asked == [["iran", "new", "qeshm", "quake", "said"]]  # each term asked once, only those needed
