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
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.clean.dates import parse_date
from newsdesk.cluster.dedup import NUM_PERM, roots, signature
from newsdesk.cluster.stories import Doc, article_terms, date_mask, group
from newsdesk.errors import InputError, NewsdeskError
from newsdesk.model import Article
from newsdesk.settings import Options, SparkOptions

MANIFEST = "_newsdesk.json"
TABLES = ("articles", "sentences", "duplicates", "stories", "memberships", "reports", "problems")


@dataclass
class RunStats:
    """What a Spark run did."""

    articles: int = 0
    problems: int = 0
    duplicates: int = 0
    stories: int = 0
    candidate_pairs: int = 0
    edges: int = 0
    seconds: float = 0.0
    first_problems: list[str] = field(default_factory=list)

    def summary(self, output: str) -> str:
        """One line on what the run did and where its tables are."""
        return (
            f"{self.articles} articles ({self.problems} inputs skipped), {self.duplicates} near-duplicates, "
            f"{self.stories} stories from {self.candidate_pairs} candidate pairs in {self.seconds:.1f} s; "
            f"Parquet in {output} (load it: newsdesk spark load {output} --db news.db)"
        )


def session(master: str = "local[2]", app: str = "newsdesk") -> Any:
    """A Spark session whose Python workers run this interpreter (and so this newsdesk).

    Raises:
        NewsdeskError: PySpark is not installed.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise NewsdeskError("the Spark path needs PySpark: pip install 'newsdesk[spark]'") from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.python.worker.reuse", "true")
    )
    if master:  # empty: the master spark-submit was given
        builder = builder.master(master)
    cores = re.fullmatch(r"local\[(\d+)\]", master)
    if cores:  # shuffles keep a few partitions a core instead of summing their parents' (label propagation unions)
        width = str(2 * int(cores.group(1)))
        builder = builder.config("spark.default.parallelism", width).config("spark.sql.shuffle.partitions", width)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# --- 1. read, clean, split, embed ------------------------------------------------------------


def _inputs(sc: Any, paths: Iterable[str], fmt: str | None, partitions: int) -> tuple[Any, list[str]]:
    """An RDD of ``(order, name, payload, kind)``: one per file, JSON line or Parquet row, in
    the order the local reader would meet them (``order`` = (file number, record number)); and
    the problems met listing the inputs (a missing path, an empty folder)."""
    from newsdesk import errors
    from newsdesk.io.readers import input_files

    files: list[str] = []
    problems: list[str] = []
    for path in paths:
        if "://" in path or path.lower().rstrip("/").endswith(".parquet"):
            files.append(path)  # a URI the cluster reads (hdfs://, s3a://), or a Parquet file or folder
        elif not os.path.exists(path):
            problems.append(str(InputError(path, errors.MISSING)))
        else:
            try:
                files += input_files(path)
            except InputError as exc:
                problems.append(str(exc))
    rdds = []
    whole: list[tuple[tuple[int, int], str]] = []
    for k, file in enumerate(files):
        lower = file.lower().rstrip("/")
        if lower.endswith(".parquet"):
            rows = _parquet_records(file)
            rdds.append(rows.map(lambda t, k=k, f=file: ((k, t[1] + 1), f"{f}#{t[1] + 1}", t[0], "record")))
        elif lower.endswith((".jsonl", ".ndjson")) and fmt in (None, "jsonl"):
            lines = sc.textFile(file, partitions).zipWithIndex()
            rdds.append(
                lines.filter(lambda t: t[0].strip()).map(
                    lambda t, k=k, f=file: ((k, t[1] + 1), f"{f}:{t[1] + 1}", t[0], "record")
                )
            )
        elif os.path.exists(file):
            whole.append(((k, 0), file))  # read where the task runs (local disk, or a shared one)
        else:  # a URI only the cluster can read (hdfs://, s3a://): Spark brings the bytes
            data = sc.binaryFiles(file, partitions).zipWithIndex()
            rdds.append(data.map(lambda t, k=k: ((k, t[1]), t[0][0], t[0][1], f"bytes:{fmt or ''}")))
    if whole:
        rdds.append(
            sc.parallelize(whole, max(1, min(partitions, len(whole)))).map(
                lambda t: (t[0], t[1], t[1], f"file:{fmt or ''}")
            )
        )
    return (sc.union(rdds) if rdds else sc.emptyRDD()), problems


def _parquet_records(path: str) -> Any:
    """``(JSON text, row number)`` of every row of a Parquet input (columns as the JSONL reader
    names them: text, title, url, outlet, author, published, id, story)."""
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.getOrCreate()
    frame = spark.read.parquet(path)
    return frame.rdd.map(lambda row: json.dumps(row.asDict(), default=str)).zipWithIndex()


def _read(record: tuple[tuple[int, int], str, Any, str], max_mb: float) -> Iterator[Any]:
    from newsdesk.io.readers import read_data, read_limited, read_record

    order, name, payload, kind = record
    if kind == "record":
        yield from read_record(name, payload)
        return
    how, fmt = kind.split(":", 1)
    if how == "bytes":
        data = payload
    else:
        try:
            data = read_limited(payload, max_mb)
        except InputError as exc:
            yield exc
            return
    yield from read_data(name, data, fmt or None)


def _process(records: Iterable[Any], opts: SparkOptions) -> Iterator[tuple[str, Any]]:
    """One partition: read and clean each input, split each article into sentences, compute
    what grouping needs, embed when asked (the model loaded once here, not per row)."""
    from newsdesk.text.sentences import split_article

    embedder = None
    if opts.embed:
        from newsdesk.embed import get_embedder

        embedder = get_embedder("minilm")
    for record in records:
        order = record[0]
        n = 0
        for item in _read(record, opts.report.max_mb):
            if isinstance(item, str):
                continue  # warnings (not UTF-8, unpaired quote marks) stay with the worker's log
            if isinstance(item, InputError):
                yield "problem", (order, str(item))
                continue
            art: Article = item
            split_article(art, opts.splitter)
            vectors = None
            if embedder is not None and art.sentences:
                vectors = embedder.encode([s.text for s in art.sentences]).astype(np.float32)
            yield "article", ((order[0], order[1], n), art, dict(article_terms(art)), signature(art.text), vectors)
            n += 1


def _check_methods(opts: SparkOptions) -> None:
    """Raise ``UnknownMethodError`` for a splitter, summarizer or embedder no registry holds."""
    from newsdesk.embed import EMBEDDERS
    from newsdesk.summarize import SUMMARIZERS
    from newsdesk.text.sentences import SPLITTERS

    for registry, name in (
        (SPLITTERS, opts.splitter),
        (SUMMARIZERS, opts.report.method),
        (EMBEDDERS, opts.report.embedder),
    ):
        if name not in registry:
            registry.get(name)  # raises, naming the choices


def _spark_input_errors() -> tuple[type[BaseException], ...]:
    """What Spark raises when it cannot list or read an input: a Java error through Py4J, or an
    analysis error (no such path). A Python error on a worker (``PythonException``, a bug in
    newsdesk's code there) is not among them: it surfaces as itself."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import AnalysisException, IllegalArgumentException

    return (Py4JJavaError, AnalysisException, IllegalArgumentException)


def _java_reason(exc: BaseException) -> str:
    """The first line that says why, out of a Py4J/Spark error's long Java trace."""
    for line in str(exc).splitlines():
        found = re.search(r"(\w+(?:Exception|Error): .+)$", line.strip())
        if found:
            return found.group(1)
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


# --- 2. near-duplicates ---------------------------------------------------------------------


def lsh_bands(threshold: float) -> tuple[int, int]:
    """The (bands, rows) layout datasketch's MinHashLSH picks for the candidate bar the local
    ``DuplicateIndex`` uses, so both find the same candidates."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=max(0.3, threshold - 0.25), num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


def _duplicates(articles: Any, threshold: float) -> Any:
    """``(article id, (original id, similarity))`` for every near-duplicate."""
    bands, rows = lsh_bands(threshold)

    def keys(t: Any) -> Iterator[Any]:
        order, art_id, sig = t
        for b in range(bands):
            yield (b, sig[b * rows : (b + 1) * rows].tobytes()), (order, art_id)

    sigs = articles.map(lambda a: (a[1].id, a[3]))
    pairs = (
        articles.map(lambda a: (a[0], a[1].id, a[3]))
        .flatMap(keys)
        .groupByKey()
        .flatMap(lambda kv: _later_earlier(sorted(kv[1])))
        .distinct()
    )
    scored = (
        pairs.join(sigs)  # (later, (earlier, later sig))
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(sigs)  # (earlier, ((later, later sig), earlier sig))
        .map(lambda kv: (kv[1][0][0], (kv[0], float(np.mean(kv[1][0][1] == kv[1][1])))))
        .filter(lambda kv: kv[1][1] >= threshold)
    )
    # the most similar earlier article; on a tie, the smaller id
    return scored.reduceByKey(lambda a, b: a if a[1] > b[1] or (a[1] == b[1] and a[0] < b[0]) else b)


MAX_EARLIER = 200  # a band bucket's member is compared with at most this many earlier members


def _later_earlier(members: list[tuple[Any, str]]) -> Iterator[tuple[str, str]]:
    """The (later, earlier) pairs of one band bucket (members sorted by input order); in a
    bucket of thousands (one wire story copied everywhere) each member meets only the
    ``MAX_EARLIER`` members just before it, so the pairs stay linear in the bucket's size."""
    for i in range(1, len(members)):
        for j in range(max(0, i - MAX_EARLIER), i):
            yield members[i][1], members[j][1]


# --- 3. stories ------------------------------------------------------------------------------


def _bucket(published: str | None, window: int) -> int | None:
    day = parse_date(published)
    return None if day is None else day.toordinal() // (window + 1)


def _story_labels(docs: Any, opts: SparkOptions, stats: RunStats) -> Any:
    """``(article id, (component, label))`` for every document that is not a near-duplicate."""
    from newsdesk.cluster.stories import tfidf_weights

    sc = docs.context
    cluster = opts.cluster
    n_docs = docs.count()
    df = docs.flatMap(lambda d: list(d[1].keys())).map(lambda t: (t, 1)).reduceByKey(lambda a, b: a + b)
    df_b = sc.broadcast(dict(df.collect()))
    power = cluster.idf_power
    weighted = docs.map(lambda d: (d[0], (tfidf_weights(Counter(d[1]), df_b.value, n_docs, power), d[2]))).cache()
    threshold, join = cluster.cuts(embedded=False)

    def block_keys(item: Any) -> Iterator[Any]:
        doc_id, (weights, published) = item
        # a term no other article has pairs nothing (with squared IDF such terms weigh most)
        shared = [t for t in weights if df_b.value.get(t, 0) > 1]
        top = sorted(shared, key=lambda t: (-weights[t], t))[: opts.block_terms]
        bucket = _bucket(published, cluster.window_days)
        for term in top:
            if bucket is None:
                yield (term, "*"), (doc_id, True)
            else:
                yield (term, bucket), (doc_id, False)
                yield (term, bucket + 1), (doc_id, False)
                yield (term, "*"), (doc_id, False)

    def pairs_of(block: Any) -> Iterator[tuple[str, str]]:
        (_, bucket), members = block
        members = sorted(set(members))
        if len(members) > opts.max_block:
            return
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                # the undated bucket pairs an undated article with anything; dated pairs meet by week
                if bucket != "*" or members[i][1] or members[j][1]:
                    yield members[i][0], members[j][0]

    candidates = weighted.flatMap(block_keys).groupByKey().flatMap(pairs_of).distinct().cache()
    stats.candidate_pairs = candidates.count()

    def cosine(kv: Any) -> tuple[tuple[str, str], float]:
        b, ((a, wa, day_a), (wb, day_b)) = kv
        sim = _dot(wa, wb)
        da, db = parse_date(day_a), parse_date(day_b)
        if da and db and abs(da.toordinal() - db.toordinal()) > cluster.window_days:
            sim = 0.0
        return (a, b), sim

    edges = (
        candidates.join(weighted)  # (a, (b, (weights a, date a)))
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1][0], kv[1][1][1])))
        .join(weighted)  # (b, ((a, weights a, date a), (weights b, date b)))
        .map(cosine)
        .filter(lambda kv: kv[1] >= min(threshold, join))
        .map(lambda kv: kv[0])
        .cache()
    )
    stats.edges = edges.count()
    components = _connected_components(weighted.keys(), edges)

    def cluster_component(item: Any) -> Iterator[tuple[str, tuple[str, int]]]:
        component, members = item
        members = sorted(members)  # (doc id, weights, published)
        if len(members) == 1:
            yield members[0][0], (component, 0)
            return
        sims = np.zeros((len(members), len(members)), dtype=np.float64)
        for i, (_, wi, _) in enumerate(members):
            for j in range(i, len(members)):
                sims[i, j] = sims[j, i] = _dot(wi, members[j][1])
        stub = [Doc(m[0], Counter(), parse_date(m[2])) for m in members]
        sims[date_mask(stub, stub, cluster.window_days)] = 0.0
        for (doc_id, _, _), label in zip(members, group(sims, threshold, join), strict=True):
            yield doc_id, (component, label)

    return (
        components.join(weighted)  # (doc, (component, (weights, published)))
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1][0], kv[1][1][1])))
        .groupByKey()
        .flatMap(cluster_component)
    )


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product of two sparse TF-IDF rows (the cosine: rows are unit length)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(w * large.get(t, 0.0) for t, w in small.items())


def _connected_components(nodes: Any, edges: Any, max_rounds: int = 100) -> Any:
    """``(node, component)``: the smallest node id reachable, by label propagation."""
    width = nodes.context.defaultParallelism
    links = edges.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])]).partitionBy(width).cache()
    labels = nodes.map(lambda n: (n, n)).partitionBy(width).cache()
    for _ in range(max_rounds):
        offers = links.join(labels, width).map(lambda kv: (kv[1][0], kv[1][1]))
        updated = labels.union(offers).reduceByKey(min, width).cache()
        changed = updated.join(labels, width).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = updated
        if changed == 0:
            break
    return labels


# --- 4. reports, and the job ----------------------------------------------------------------


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
    _check_methods(opts)  # a name no worker knows is the user's mistake: one line, before any work
    spark = spark or session(opts.master)
    sc = spark.sparkContext
    started = time.perf_counter()
    stats = RunStats()
    partitions = opts.partitions or max(2, sc.defaultParallelism * 2)
    try:
        inputs, unlisted = _inputs(sc, paths, opts.report.format, partitions)
        processed = inputs.repartition(partitions).mapPartitions(lambda records: _process(records, opts)).cache()
        problems = processed.filter(lambda t: t[0] == "problem").map(lambda t: t[1]).sortByKey().collect()
    except _spark_input_errors() as exc:  # Spark could not list or read an input (no such URI, no access)
        raise NewsdeskError(f"Spark could not read the input: {_java_reason(exc)}") from None
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
    duplicates = _duplicates(articles, opts.duplicate_threshold).cache()
    stats.duplicates = duplicates.count()
    originals = articles.map(lambda a: (a[1].id, a)).subtractByKey(duplicates).values()
    docs = originals.map(lambda a: (a[1].id, a[2], a[1].published))
    labels = _story_labels(docs, opts, stats)

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
    _write(spark, output, articles, duplicates, story_b, headlines, reports, problems, opts)
    stats.seconds = time.perf_counter() - started
    manifest = {"options": asdict(opts), "stats": asdict(stats), "tables": list(TABLES)}
    Path(output, MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return stats


def _write(
    spark: Any,
    output: str,
    articles: Any,
    duplicates: Any,
    story_b: Any,
    headlines: Any,
    reports: Any,
    problems: list[Any],
    opts: SparkOptions,
) -> None:
    from pyspark.sql import types as T

    from newsdesk.store.rows import ARTICLE_COLUMNS, article_row

    def parquet_row(a: Any) -> tuple[Any, ...]:
        order, art, terms, sig, _ = a
        return (
            *article_row(art),
            list(order),
            json.dumps(terms, ensure_ascii=False),
            bytes(np.asarray(sig, dtype=np.uint64).tobytes()),
        )

    s = T.StringType()
    article_schema = T.StructType(
        [T.StructField(n, s, n != "id") for n in ARTICLE_COLUMNS]
        + [T.StructField("order", T.ArrayType(T.LongType()), False), T.StructField("terms", s, True)]
        + [T.StructField("minhash", T.BinaryType(), True)]
    )
    spark.createDataFrame(articles.map(parquet_row), article_schema).write.mode("overwrite").parquet(
        f"{output}/articles"
    )

    def sentence_rows(a: Any) -> Iterator[tuple[Any, ...]]:
        _, art, _, _, vectors = a
        for k, sent in enumerate(art.sentences):
            vec = None if vectors is None else bytes(vectors[k].tobytes())
            yield art.id, sent.index, sent.start, sent.end, sent.paragraph, vec

    i = T.LongType()
    sentence_schema = T.StructType(
        [T.StructField("article_id", s, False)]
        + [T.StructField(n, i, False) for n in ("idx", "start", "end", "paragraph")]
        + [T.StructField("embedding", T.BinaryType(), True)]
    )
    spark.createDataFrame(articles.flatMap(sentence_rows), sentence_schema).write.mode("overwrite").parquet(
        f"{output}/sentences"
    )
    dup_schema = T.StructType(
        [
            T.StructField("article_id", s, False),
            T.StructField("original_id", s, False),
            T.StructField("similarity", T.DoubleType(), False),
        ]
    )
    spark.createDataFrame(duplicates.map(lambda kv: (kv[0], kv[1][0], kv[1][1])), dup_schema).write.mode(
        "overwrite"
    ).parquet(f"{output}/duplicates")
    member_schema = T.StructType([T.StructField("article_id", s, False), T.StructField("story_id", i, False)])
    spark.createDataFrame(articles.map(lambda a: (a[1].id, int(story_b.value[a[1].id]))), member_schema).write.mode(
        "overwrite"
    ).parquet(f"{output}/memberships")
    story_schema = T.StructType(
        [T.StructField("story_id", i, False), T.StructField("headline", s, True), T.StructField("articles", i, False)]
    )
    spark.createDataFrame(headlines.map(lambda kv: (int(kv[0]), kv[1][0], kv[1][1])), story_schema).write.mode(
        "overwrite"
    ).parquet(f"{output}/stories")
    report_schema = T.StructType([T.StructField("story_id", i, False), T.StructField("json", s, False)])
    report_rows = reports.map(lambda kv: (int(kv[0]), kv[1])) if reports is not None else spark.sparkContext.emptyRDD()
    spark.createDataFrame(report_rows, report_schema).write.mode("overwrite").parquet(f"{output}/reports")
    problem_schema = T.StructType([T.StructField("problem", s, False)])
    spark.createDataFrame([(p,) for _, p in problems], problem_schema).write.mode("overwrite").parquet(
        f"{output}/problems"
    )
