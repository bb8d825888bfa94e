"""Step 1 of the Spark job: read, clean, split and embed, in ``mapPartitions``."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from newsdesk.cluster.dedup import signature
from newsdesk.cluster.stories import article_terms
from newsdesk.errors import InputError
from newsdesk.model import Article
from newsdesk.settings import SparkOptions


def inputs(sc: Any, paths: Iterable[str], fmt: str | None, partitions: int) -> tuple[Any, list[str]]:
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


def process(records: Iterable[Any], opts: SparkOptions) -> Iterator[tuple[str, Any]]:
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
