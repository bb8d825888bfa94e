"""Ingesting a stream of articles into the store, grouping them into stories as they arrive.

Articles are read lazily and written in batches, each batch one transaction: its articles,
their sentences (with embeddings when an embedder is given), near-duplicate links and story
memberships. Killing the process loses at most the batch in flight; running the same
command again skips every article already stored (ids are content hashes) and finishes the
job. ``rebuild_stories`` regroups everything at once (batch clustering).
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain

import numpy as np

from newsdesk.clean.dates import parse_date
from newsdesk.cluster.dedup import DuplicateIndex, roots, signature
from newsdesk.cluster.facts import event_facts
from newsdesk.cluster.graph import sparse_rebuild
from newsdesk.cluster.incremental import StoryIndex
from newsdesk.cluster.stories import (
    Doc,
    article_terms,
    embed_articles,
    lead_vectors,
)
from newsdesk.embed import Embedder
from newsdesk.errors import InputError
from newsdesk.fetch.pages import fetch_items
from newsdesk.fetch.urls import is_web_url
from newsdesk.io.readers import Item, iter_paths
from newsdesk.model import Article, Progress
from newsdesk.settings import ClusterOptions, FetchOptions, IngestOptions
from newsdesk.store.db import Store
from newsdesk.summarize.headline import choose_headline
from newsdesk.text.sentences import split_article


def ingest_embedder(options: IngestOptions, warn: Callable[[str], None]) -> Embedder | None:
    """The embedder ``options.embed`` asks for: MiniLM, or ``None`` (with a warning through
    ``warn``) when it is not asked for or not available; TF-IDF vectors are not comparable
    across batches, so they are never stored."""
    if not options.embed:
        return None
    from newsdesk.embed import get_embedder

    embedder = get_embedder("auto")
    if embedder.name == "tfidf":
        warn("--embed needs the MiniLM model, which is not available; grouping by words only")
        return None
    return embedder


BatchHook = Callable[[sqlite3.Connection, list[Article]], None]


@dataclass
class IngestStats:
    """What an ingest run did."""

    read: int = 0  # articles read from the input
    stored: int = 0  # new articles written
    known: int = 0  # already in the store (or repeated in the input)
    duplicates: int = 0  # near-duplicates of a stored article
    new_stories: int = 0
    first_id: str | None = None  # the first article read (new or already stored), to show it
    problems: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        """Articles read per second."""
        return self.read / self.seconds if self.seconds else 0.0


def _doc(art: Article, terms: Counter[str], vector: np.ndarray | None, today: str, facts: dict[str, str]) -> Doc:
    """What grouping reads of an article; an undated one is dated the day it is first seen."""
    return Doc(art.id, terms, parse_date(art.published or today), vector, facts)


def stored_docs(store: Store, stories: Sequence[int] | None = None) -> list[tuple[Doc, int | None]]:
    """What grouping reads of every stored article (of ``stories`` only, when given), with its
    story id, oldest first. The identifying facts of articles stored before they were kept are
    read from the articles and kept (when no transaction is open)."""
    rows = list(store.clustering_rows(stories))
    missing = {r.id: event_facts(art) for r in rows if r.facts is None and (art := store.article(r.id)) is not None}
    if missing and not store.conn.in_transaction:
        with store.batch() as conn:
            store.set_facts(conn, missing)
    return [
        (Doc(r.id, r.terms, parse_date(r.published), r.embedding, r.facts or missing.get(r.id, {})), r.story_id)
        for r in rows
    ]


def horizon_of(day: str, options: ClusterOptions) -> str:
    """The first day whose stories can still take an article of ``day`` (ISO dates): a story
    whose last article is older is retired (``StoryIndex.retire``)."""
    parsed = parse_date(day[:10]) or date.today()
    return (parsed - timedelta(days=2 * options.window_days)).isoformat()


def load_index(
    store: Store, options: ClusterOptions, since: str | None = None
) -> tuple[StoryIndex, list[int], str | None]:
    """The stories of ``store`` that can still take an article (those with an article within
    twice the date window of the newest, or since ``since`` when that is older) as an
    incremental index, with the document frequencies of every stored article (read term by
    term as terms are first needed); the ids of the stories loaded, and the first day loaded
    (None in an empty store). What an ingest reads then depends on the stories of recent
    weeks and the articles it brings, not on the whole store."""
    index = StoryIndex(options)
    index.vocab.attach(store.term_df, store.count("articles"))  # each term's count read when first needed
    newest = store.newest_day()
    start = None if newest is None else min(horizon_of(newest, options), since or newest)
    ids = store.active_story_ids(start) if start else []
    add_stories(index, store, ids)
    index.reserve(store.max_story_id())  # a merged story's id lives on as an alias: never reused
    index.retire()
    return index, ids, start


def add_stories(index: StoryIndex, store: Store, ids: Sequence[int]) -> None:
    """Load the stories ``ids`` of ``store`` into ``index`` (their terms already counted)."""
    members: dict[int, list[Doc]] = {}
    for doc, story_id in stored_docs(store, ids):
        if story_id is not None:
            members.setdefault(story_id, []).append(doc)
    for story_id, docs in members.items():
        index.add_story(story_id, docs)


def ingest(
    paths: Iterable[str],
    store: Store,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
    fetch_options: FetchOptions | None = None,
) -> IngestStats:
    """Read ``paths`` (files, folders, and http(s) URLs of pages or feeds, fetched politely
    with ``fetch_options``) and store every new article, batch by batch, each in a story.

    Raises:
        StoreError: the store refused a write (read-only, locked, disk full); every batch
            before the failing one is stored.
    """
    opts = options or IngestOptions()
    paths = list(paths)
    urls = [p for p in paths if is_web_url(p)]
    files = [p for p in paths if not is_web_url(p)]
    items = chain(iter_paths(files, opts.format, opts.max_mb), fetch_items(urls, fetch_options) if urls else ())
    return ingest_items(items, store, opts, progress)


def ingest_items(
    items: Iterable[Item | str],
    store: Store,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
    on_batch: BatchHook | None = None,
) -> IngestStats:
    """Store every new article of ``items`` (what ``io.readers.iter_paths`` or ``read_data``
    yields: articles, ``InputError`` and warning strings), batch by batch, each in a story.
    ``embedder`` overrides the one ``options.embed`` asks for (a caller that holds one);
    ``on_batch(conn, articles)`` runs inside each batch's transaction, after its new articles
    are written (a caller's own rows then commit, or roll back, with them).

    Raises:
        StoreError: the store refused a write; every batch before the failing one is stored.
    """
    opts = options or IngestOptions()
    stats = IngestStats()
    start = time.perf_counter()
    embedder = embedder or ingest_embedder(opts, stats.warnings.append)
    grouping = Grouping(store, opts)
    pending: list[Article] = []
    seen: set[str] = set()

    def flush() -> None:
        known = store.known_ids([a.id for a in pending])
        fresh = [a for a in pending if a.id not in known]
        stats.known += len(pending) - len(fresh)
        pending.clear()
        if fresh:
            _write_batch(fresh, store, grouping, embedder, stats, opts, on_batch)

    for item in items:
        if isinstance(item, str):
            stats.warnings.append(item)
            continue
        if isinstance(item, InputError):
            stats.problems.append(item)
            continue
        stats.read += 1
        stats.first_id = stats.first_id or item.id
        if progress:
            progress(stats.read, 0)  # the total is not known until the input is read
        if item.id in seen:
            stats.known += 1
            continue
        seen.add(item.id)
        pending.append(item)
        if len(pending) >= max(1, opts.batch):
            flush()
    flush()
    stats.seconds = time.perf_counter() - start
    return stats


class Grouping:
    """The stories and near-duplicate signatures an ingest assigns against, kept in step with
    the store: when another process committed since this one last wrote (SQLite's
    ``data_version``), they are read again inside the batch's write transaction, so two
    ingests at once never hand out the same story id or miss each other's articles. Only the
    stories of recent weeks are read (``load_index``); an article dated before them brings in
    the stories of its own weeks (``cover``)."""

    def __init__(self, store: Store, options: IngestOptions) -> None:
        self.options = options
        self.since: str | None = None
        self.load(store)

    def load(self, store: Store) -> None:
        """Read the stories and signatures from the store."""
        self.index, ids, self.since = load_index(store, self.options.cluster, self.since)
        self.loaded = set(ids)
        self.duplicates = DuplicateIndex(self.options.duplicate_threshold, store.minhashes(ids))
        self.version = store.data_version()

    def sync(self, store: Store) -> None:
        """Inside a write transaction: read again what another process changed."""
        if store.data_version() != self.version:
            self.load(store)

    def cover(self, store: Store, days: Iterable[str]) -> None:
        """Make sure the stories an article of each of ``days`` could join are loaded."""
        earliest = min((d for d in days if d), default=None)
        if earliest is None or self.since is None:
            return
        start = horizon_of(earliest, self.options.cluster)
        if start >= self.since:
            return
        ids = [i for i in store.active_story_ids(start) if i not in self.loaded]
        add_stories(self.index, store, ids)
        for key, sig in store.minhashes(ids):
            self.duplicates.add(key, sig)
        self.loaded.update(ids)
        self.since = start


def _write_batch(
    articles: list[Article],
    store: Store,
    grouping: Grouping,
    embedder: Embedder | None,
    stats: IngestStats,
    options: IngestOptions,
    on_batch: BatchHook | None = None,
) -> None:
    for art in articles:
        split_article(art, options.splitter)
    sentence_vectors: list[np.ndarray | None] = [None] * len(articles)
    vectors: list[np.ndarray | None] = [None] * len(articles)
    if embedder is not None and options.embed_sentences:
        sentence_vectors, vectors = embed_articles(articles, embedder)
    elif embedder is not None:
        vectors = list(lead_vectors(articles, embedder))  # what grouping reads: one passage an article
    touched: set[int] = set()
    story_of: dict[str, int] = {}
    written: list[Article] = []
    with store.batch() as conn:
        grouping.sync(store)
        grouping.cover(store, [(art.published or store.clock())[:10] for art in articles])
        index, duplicates = grouping.index, grouping.duplicates
        first_new = index.next_id  # ids are never reused: a story from here on is new
        batch_terms = [article_terms(art) for art in articles]
        index.vocab.prefetch(batch_terms)  # the store's counts, read before this batch's articles join them
        for art, sent_vecs, vector, terms in zip(articles, sentence_vectors, vectors, batch_terms, strict=True):
            facts = event_facts(art)
            sig = signature(art.text)
            name = embedder.name if embedder and vector is not None else None
            if not store.add_article(conn, art, terms, sig, vector, name, sent_vecs, facts):
                stats.known += 1  # another process stored it since this batch was read
                continue
            written.append(art)
            original = duplicates.original(sig)
            duplicates.add(art.id, sig)
            if original is not None:
                stats.duplicates += 1
                store.add_duplicate(conn, art.id, original[0], original[1])
                story_id = store.story_of(original[0], conn)
                story_id = story_of.get(original[0]) if story_id is None else story_id
            else:
                story_id = None
            if story_id is None:
                story_id = index.assign(_doc(art, terms, vector, store.clock(), facts))
            story_of[art.id] = story_id
            store.set_story(conn, art.id, story_id)
            touched.add(story_id)
            stats.stored += 1
        moved = index.consolidate(touched)  # the region the batch touched, regrouped as a rebuild would
        touched |= store.move_articles(conn, moved, new=set(story_of))
        # stories this batch made: at assignment, or by splitting one that held two events
        stats.new_stories += sum(1 for sid in touched if sid >= first_new and sid in index.stories)
        for story_id in touched:
            if story_id not in index.stories:
                continue  # merged into another story: now an alias
            members = [store.article(i) for i in index.stories[story_id].members]
            store.set_headline(conn, story_id, choose_headline([m for m in members if m is not None]))
        store.refresh_stories(conn, touched)
        if on_batch:
            on_batch(conn, written)
    grouping.version = store.data_version()


def ingest_summary(stats: IngestStats, store: Store) -> str:
    """One line on what an ingest run did and what the store now holds."""
    return (
        f"{stats.read} articles read, {stats.stored} stored ({stats.duplicates} near-duplicates), "
        f"{stats.known} already stored, {stats.new_stories} new stories; "
        f"{store.count('articles')} articles in {len(store.story_ids())} stories in {store.path} "
        f"({stats.per_second:.0f} articles/s)"
    )


def rebuild_stories(store: Store, options: ClusterOptions | None = None) -> int:
    """Regroup every stored article at once (batch clustering); near-duplicates follow their
    original. Returns the number of stories."""
    opts = options or ClusterOptions()
    dup = store.duplicate_of()
    docs = [doc for doc, _ in stored_docs(store) if doc.id not in dup]
    labels, _ = sparse_rebuild(docs, opts)
    story_of = {doc.id: label + 1 for doc, label in zip(docs, labels, strict=True)}
    with store.batch() as conn:
        store.clear_stories(conn)
        for article_id, story_id in story_of.items():
            store.set_story(conn, article_id, story_id)
        for article_id, root in roots(dup).items():
            if root in story_of:
                store.set_story(conn, article_id, story_of[root])
        for story_id in set(story_of.values()):
            store.set_headline(conn, story_id, choose_headline(store.story_articles(story_id)))
        store.refresh_stories(conn)
    return len(set(story_of.values()))
