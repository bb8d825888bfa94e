"""``newsdesk eval clustering``: story grouping against known groups.

Multi-News: the documents of many examples are pooled and shuffled (each example is one event)
and grouped again, batch (``rebuild``) and incrementally (``StoryIndex``, in the shuffled
order). NewsWCL50: 10 events x 5 outlets of full articles. Scores: B-cubed precision, recall
and F1 (per article, averaged) and the adjusted Rand index. Documents with no text left after
cleaning are not articles and are left out of both the gold and the recovered grouping (their
count is reported).
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsdesk.clean.dates import parse_date
from newsdesk.cluster.facts import event_facts
from newsdesk.cluster.graph import sparse_rebuild
from newsdesk.cluster.incremental import StoryIndex
from newsdesk.cluster.stories import (
    ClusterOptions,
    Doc,
    article_terms,
    lead_vectors,
)
from newsdesk.embed import Embedder
from newsdesk.errors import InputError
from newsdesk.eval import rounded_row
from newsdesk.eval.datasets import Example, clean_documents, load_examples, load_newswcl50, shared_data
from newsdesk.eval.harness import ClusteringEval
from newsdesk.eval.metrics import adjusted_rand, bcubed
from newsdesk.model import Article, Progress
from newsdesk.service.ingest import ingest_embedder
from newsdesk.settings import IngestOptions


@dataclass
class Pool:
    """Articles with their gold group, in the order they are to be grouped."""

    name: str
    articles: list[Article]
    gold: list[str]
    skipped: int = 0


def pool_examples(examples: Sequence[Example], seed: int = 0, label: str = "Multi-News") -> Pool:
    """Clean every document of every example and shuffle them together (``label`` names the
    data in the table)."""
    articles: list[Article] = []
    gold: list[str] = []
    skipped = 0
    for example in examples:
        cleaned, where = clean_documents(example)
        articles += cleaned
        gold += [example.id] * len(cleaned)
        skipped += where.count(None)
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    return Pool(
        f"{label} ({len(examples)} examples pooled)", [articles[k] for k in order], [gold[k] for k in order], skipped
    )


def pool_newswcl50(folder: Path, seed: int = 0) -> Pool:
    """The NewsWCL50 articles (see ``eval.entities.load_newswcl50``); the gold group is the
    event (the number before the underscore of the document id, e.g. ``3`` of ``3_L``)."""
    by_doc, _ = load_newswcl50(folder)
    docs = sorted(by_doc)
    random.Random(seed).shuffle(docs)
    return Pool("NewsWCL50 (10 events x 5 outlets)", [by_doc[d] for d in docs], [d.split("_")[0] for d in docs])


def split_pools(examples: Sequence[Example], size: int, seed: int = 0, label: str = "Multi-News") -> list[Pool]:
    """Disjoint pools of ``size`` consecutive examples each (a remainder under half a pool joins
    the last one), each pooled and shuffled by ``pool_examples``."""
    size = max(size, 1)
    cuts = list(range(0, len(examples), size))
    if len(cuts) > 1 and len(examples) - cuts[-1] < size / 2:
        cuts.pop()
    bounds = list(zip(cuts, [*cuts[1:], len(examples)], strict=True))
    pools = []
    for start, end in bounds:
        pool = pool_examples(examples[start:end], seed, label)
        if len(bounds) > 1:
            pool.name = f"{label} examples {start + 1}-{end} pooled"
        pools.append(pool)
    return pools


def docs_of(articles: Sequence[Article], embedder: Embedder | None) -> list[Doc]:
    """Clustering documents of ``articles``, with the lead-passage vectors ``newsdesk ingest
    --embed`` gives them when an embedder is given."""
    vectors = lead_vectors(articles, embedder) if embedder is not None else [None] * len(articles)
    return [
        Doc(a.id, article_terms(a), parse_date(a.published), vectors[k], event_facts(a)) for k, a in enumerate(articles)
    ]


@dataclass
class ClusteringResult:
    """Scores of one grouping mode on one pool."""

    pool: str
    mode: str
    articles: int
    stories: int
    gold_stories: int
    precision: float
    recall: float
    f1: float
    ari: float
    seconds: float
    # look-alike events (ECB+): topics whose two events share a story; None where the data has no topics
    merged_topics: int | None = None
    topics: int | None = None

    def row(self) -> dict[str, object]:
        """JSON-ready."""
        return rounded_row(self)


def evaluate_clustering(pool: Pool, docs: Sequence[Doc], options: ClusterOptions) -> list[ClusteringResult]:
    """Group ``docs`` (of ``pool``'s articles, same order) both ways and score each."""
    results = []
    start = time.perf_counter()
    labels, _ = sparse_rebuild(docs, options)
    results.append(_score(pool, "batch (rebuild)", labels, time.perf_counter() - start))
    start = time.perf_counter()
    incremental = incremental_labels(docs, options, IngestOptions.batch)
    results.append(_score(pool, "incremental", incremental, time.perf_counter() - start))
    return results


def incremental_labels(docs: Sequence[Doc], options: ClusterOptions, batch: int) -> list[int]:
    """The stories ``ingest`` puts ``docs`` in, arriving in this order in batches of ``batch``:
    each assigned as it arrives, then the batch's stories consolidated (merges, deferred joins)."""
    index = StoryIndex(options)
    story_of: dict[str, int] = {}
    for at in range(0, len(docs), max(1, batch)):
        chunk = docs[at : at + batch]
        for doc in chunk:
            story_of[doc.id] = index.assign(doc)
        story_of.update(index.consolidate({story_of[d.id] for d in chunk}))
    return [story_of[d.id] for d in docs]


# an ECB+ story id names its topic and which of the topic's two look-alike events it is
_TOPIC_RE = re.compile(r"^(?P<topic>.+)-(?:ecb|ecbplus)$")


def merged_topics(labels: Sequence[int], gold: Sequence[str]) -> tuple[int, int] | None:
    """``(topics whose events share a story, topics)`` for data whose gold stories pair up
    into topics of look-alike events (ECB+ ids ``ecb-T-ecb`` and ``ecb-T-ecbplus``): a topic is
    merged when one story holds at least two articles of each of its events. None for other
    data."""
    topic_of = {g: m.group("topic") for g in set(gold) if (m := _TOPIC_RE.match(g))}
    if not topic_of or len(topic_of) < len(set(gold)):
        return None
    held: dict[int, Counter[str]] = {}
    for label, g in zip(labels, gold, strict=True):
        held.setdefault(label, Counter())[g] += 1
    merged = set()
    for counts in held.values():
        events: dict[str, int] = {}
        for g, n in counts.items():
            if n >= 2:
                events[topic_of[g]] = events.get(topic_of[g], 0) + 1
        merged |= {t for t, k in events.items() if k >= 2}
    return len(merged), len(set(topic_of.values()))


def _score(pool: Pool, mode: str, labels: Sequence[int], seconds: float) -> ClusteringResult:
    p, r, f = bcubed(labels, pool.gold)
    topics = merged_topics(labels, pool.gold)
    return ClusteringResult(
        pool.name,
        mode,
        len(labels),
        len(set(labels)),
        len(set(pool.gold)),
        p,
        r,
        f,
        adjusted_rand(labels, pool.gold),
        seconds,
        *(topics or (None, None)),
    )


def mean_results(results: Sequence[ClusteringResult], name: str) -> list[ClusteringResult]:
    """For each mode, the scores of several pools averaged with each pool weighted by its
    articles (B-cubed scores are means over articles); counts and seconds summed."""
    out = []
    for mode in dict.fromkeys(r.mode for r in results):
        rows = [r for r in results if r.mode == mode]
        n = sum(r.articles for r in rows) or 1

        def mean(attr: str, rows: list[ClusteringResult] = rows, n: int = n) -> float:
            return sum(getattr(r, attr) * r.articles for r in rows) / n

        out.append(
            ClusteringResult(
                name,
                mode,
                sum(r.articles for r in rows),
                sum(r.stories for r in rows),
                sum(r.gold_stories for r in rows),
                mean("precision"),
                mean("recall"),
                mean("f1"),
                mean("ari"),
                sum(r.seconds for r in rows),
                *_summed_topics(rows),
            )
        )
    return out


def _summed_topics(rows: Sequence[ClusteringResult]) -> tuple[int | None, int | None]:
    if any(r.topics is None for r in rows):
        return None, None
    return sum(r.merged_topics or 0 for r in rows), sum(r.topics or 0 for r in rows)


def format_table(results: Sequence[ClusteringResult]) -> str:
    """Markdown table of the results (with the merged look-alike topics when the data has them)."""
    topics = any(r.topics is not None for r in results)
    extra = (" topics merged |", "---|") if topics else ("", "")
    lines = [
        "| data | mode | articles | stories (gold) | B³ precision | B³ recall | B³ F1 | ARI | seconds |" + extra[0],
        "|---|---|---|---|---|---|---|---|---|" + extra[1],
    ]
    for r in results:
        merged = f" {r.merged_topics} of {r.topics} |" if r.topics is not None else " — |"
        lines.append(
            f"| {r.pool} | {r.mode} | {r.articles} | {r.stories} ({r.gold_stories}) | {r.precision:.3f} | "
            f"{r.recall:.3f} | {r.f1:.3f} | {r.ari:.3f} | {r.seconds:.1f} |" + (merged if topics else "")
        )
    return "\n".join(lines)


@dataclass
class ClusteringReport:
    """What ``newsdesk eval clustering`` measured: each pool's results (and their mean)."""

    embedded: bool
    results: list[ClusteringResult]
    notes: list[str]
    warnings: list[str]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {"embedded": self.embedded, "results": [r.row() for r in self.results]}


def run(options: ClusteringEval, progress: Progress | None = None) -> ClusteringReport:
    """Group the pooled Multi-News examples and NewsWCL50 both ways and score each.

    Raises:
        InputError: neither data set is there.
    """
    warnings: list[str] = []
    embedder = ingest_embedder(IngestOptions(embed=options.embed), warnings.append)
    cluster = ClusterOptions()  # embeddings weigh only when the articles are embedded (--embed)
    data = options.data or shared_data("multinews", "dev.jsonl")
    results: list[ClusteringResult] = []
    notes = []
    if data is not None and data.is_file():
        label = "ECB+" if data.parent.name == "ecbplus" else "Multi-News"
        pools = split_pools(load_examples(data, options.limit), options.pool_size, label=label)
        pooled = []
        for done, pool in enumerate(pools, start=1):
            notes.append(f"{pool.name}: {len(pool.articles)} articles ({pool.skipped} documents with no text left out)")
            pooled += evaluate_clustering(pool, docs_of(pool.articles, embedder), cluster)
            if progress:
                progress(done, len(pools))
        results += pooled
        if len(pools) > 1:
            results += mean_results(pooled, f"Multi-News, mean of {len(pools)} pools")
    else:
        warnings.append(f"{data or '../shared/data/multinews/dev.jsonl'} not found; Multi-News skipped")
    wcl = options.newswcl50 or shared_data("newswcl50")
    if wcl is not None and wcl.is_dir():
        pool = pool_newswcl50(wcl)
        notes.append(f"{pool.name}: {len(pool.articles)} articles")
        results += evaluate_clustering(pool, docs_of(pool.articles, embedder), cluster)
    if not results:
        raise InputError(str(data), "no data to evaluate clustering on")
    return ClusteringReport(embedder is not None, results, notes, warnings)


def markdown(report: ClusteringReport) -> str:
    """The pools, what grouped them, and the table."""
    how = "words and MiniLM embeddings" if report.embedded else "words"
    return "\n".join(report.notes) + f"\ngrouping by {how}\n\n" + format_table(report.results)
