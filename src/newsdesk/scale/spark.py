"""The newsdesk pipeline on Apache Spark, for corpora past one machine (``newsdesk spark run``).

Every step calls the library; Spark only moves the data:

1. **read, clean, split, embed** in ``mapPartitions``: files through ``io.readers.read_data``
   (JSON lines one record at a time through ``read_record``, Parquet rows as JSON records),
   then ``text.sentences.split_article``, ``cluster.stories.article_terms`` and
   ``cluster.dedup.signature``; the embedding model, when asked for, is loaded once per
   partition (the registry keeps it for the worker's later partitions too);
2. **near-duplicates**: MinHash banding with the band layout datasketch's LSH uses locally,
   candidate pairs by a self-join on bands, the estimated Jaccard similarity at the local
   threshold; each article's original is its most similar earlier article (input order), as
   the local ingest links them;
3. **stories**: TF-IDF with document frequencies counted over the whole corpus
   (``cluster.stories.tfidf_weights``); candidate pairs only within blocks that share one of an
   article's top terms and a date bucket (a week and the next), so the work stays near-linear;
   pairs at or above the lower of the grouping threshold and the lone-article ``join`` are
   edges; connected components by label propagation; then each component is grouped by the
   library's ``group`` (average linkage, then lone articles joined). Neither step joins
   groups with no edge between them, so this gives the local batch grouping whenever
   blocking finds every edge;
4. **reports**: each story's originals through ``pipeline.build_report`` (grouped apply);
5. **write** Parquet tables ``articles``, ``sentences``, ``duplicates``, ``stories``,
   ``memberships``, ``reports`` and ``problems``, and a manifest ``_newsdesk.json``, which
   ``newsdesk spark load`` reads into a SQLite store.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from newsdesk.cluster.dedup import roots
from newsdesk.cluster.facts import event_facts
from newsdesk.errors import NewsdeskError
from newsdesk.model import Article
from newsdesk.pipeline import check_methods
from newsdesk.scale.dedup import duplicates as find_duplicates
from newsdesk.scale.grouping import story_labels
from newsdesk.scale.read import inputs as read_inputs
from newsdesk.scale.read import process
from newsdesk.scale.session import input_errors, java_reason, session
from newsdesk.scale.stats import RunStats
from newsdesk.scale.tables import MANIFEST, write_tables
from newsdesk.settings import Options, SparkOptions

__all__ = ["MANIFEST", "RunStats", "SparkOptions", "run", "session"]


def _report(members: Iterable[tuple[Any, Article]], options: Options) -> str:
    from newsdesk.io.report_json import to_json
    from newsdesk.pipeline import build_report

    articles = [a for _, a in sorted(members, key=lambda m: m[0])]
    return json.dumps(to_json(build_report(articles, options)), ensure_ascii=False)


def run(paths: list[str], output: str, options: SparkOptions | None = None, spark: Any = None) -> RunStats:
    """Run the pipeline over ``paths`` on Spark and write the Parquet tables to ``output``.

    Raises:
        NewsdeskError: PySpark missing, or no input could be read.
    """
    from newsdesk.summarize.headline import choose_headline

    opts = options or SparkOptions()
    check_methods(
        opts.report, splitter=opts.splitter
    )  # a name no worker knows is the user's mistake: one line, before any work
    spark = spark or session(opts.master)
    sc = spark.sparkContext
    started = time.perf_counter()
    stats = RunStats()
    partitions = opts.partitions or max(2, sc.defaultParallelism * 2)
    try:
        inputs, unlisted = read_inputs(sc, paths, opts.report.format, partitions)
        processed = inputs.repartition(partitions).mapPartitions(lambda records: process(records, opts)).cache()
        problems = processed.filter(lambda t: t[0] == "problem").map(lambda t: t[1]).sortByKey().collect()
    except input_errors() as exc:  # Spark could not list or read an input (no such URI, no access)
        raise NewsdeskError(f"Spark could not read the input: {java_reason(exc)}") from None
    problems = [((-1, k), p) for k, p in enumerate(unlisted)] + problems
    stats.problems = len(problems)
    stats.first_problems = [p for _, p in problems[:5]]
    # the same article twice (same cleaned text) is kept once, at its first place in the input
    articles = (
        processed.filter(lambda t: t[0] == "article")
        .map(lambda t: (t[1][1].id, t[1]))
        .reduceByKey(lambda a, b: a if a[0] <= b[0] else b)
        .values()
        .cache()
    )
    stats.articles = articles.count()
    if stats.articles == 0:
        raise NewsdeskError(
            f"no article could be read from {', '.join(paths)}" + (f": {problems[0][1]}" if problems else "")
        )
    duplicates = find_duplicates(articles, opts.duplicate_threshold).cache()
    stats.duplicates = duplicates.count()
    originals = articles.map(lambda a: (a[1].id, a)).subtractByKey(duplicates).values()
    docs = originals.map(lambda a: (a[1].id, a[2], a[1].published, event_facts(a[1])))
    labels = story_labels(docs, opts, stats)

    # story ids 1, 2, ... in order of each story's first article, as the local rebuild numbers them
    order_of = articles.map(lambda a: (a[1].id, a[0]))
    first = labels.join(order_of).map(lambda kv: (kv[1][0], kv[1][1])).reduceByKey(min)
    numbering = {key: n for n, (key, _) in enumerate(sorted(first.collect(), key=lambda kv: kv[1]), start=1)}
    numbering_b = sc.broadcast(numbering)
    story_of = labels.mapValues(lambda key: numbering_b.value[key])
    root = roots(dict(duplicates.mapValues(lambda v: v[0]).collect()))
    root_b = sc.broadcast(root)
    story_map = dict(story_of.collect())
    story_map.update({a: story_map[r] for a, r in root.items() if r in story_map})
    story_b = sc.broadcast(story_map)
    stats.stories = len(set(story_map.values()))
    by_story = articles.map(lambda a: (story_b.value[a[1].id], (a[0], a[1])))
    headlines = by_story.groupByKey().mapValues(
        lambda ms: (choose_headline([a for _, a in sorted(ms, key=lambda m: m[0])]), len(ms))
    )
    reports = None
    if opts.reports:
        report_options = opts.report
        reports = (
            by_story.filter(lambda kv: kv[1][1].id not in root_b.value)  # copies are not extra sources
            .groupByKey()
            .mapValues(lambda ms: _report(ms, report_options))
        )
    tables = write_tables(spark, output, articles, duplicates, story_b, headlines, reports, problems, opts)
    stats.seconds = time.perf_counter() - started
    manifest = {"options": asdict(opts), "stats": asdict(stats), "tables": tables}
    Path(output, MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return stats
