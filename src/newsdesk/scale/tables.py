"""Step 5 of the Spark job: the Parquet tables ``newsdesk spark load`` reads, one layout
for each (the articles' columns are the store's own, ``store.rows``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np

from newsdesk.settings import SparkOptions
from newsdesk.store.rows import ARTICLE_COLUMNS, article_row

MANIFEST = "_newsdesk.json"


def write_tables(
    spark: Any,
    output: str,
    articles: Any,
    duplicates: Any,
    story_b: Any,
    headlines: Any,
    reports: Any,
    problems: list[Any],
    opts: SparkOptions,
) -> list[str]:
    """Write each table under ``output``; return their names, in the order written."""
    from pyspark.sql import types as T

    written: list[str] = []

    def save(rows: Any, schema: Any, name: str) -> None:
        spark.createDataFrame(rows, schema).write.mode("overwrite").parquet(f"{output}/{name}")
        written.append(name)

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
    save(articles.map(parquet_row), article_schema, "articles")

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
    save(articles.flatMap(sentence_rows), sentence_schema, "sentences")
    dup_schema = T.StructType(
        [
            T.StructField("article_id", s, False),
            T.StructField("original_id", s, False),
            T.StructField("similarity", T.DoubleType(), False),
        ]
    )
    save(duplicates.map(lambda kv: (kv[0], kv[1][0], kv[1][1])), dup_schema, "duplicates")
    member_schema = T.StructType([T.StructField("article_id", s, False), T.StructField("story_id", i, False)])
    save(articles.map(lambda a: (a[1].id, int(story_b.value[a[1].id]))), member_schema, "memberships")
    story_schema = T.StructType(
        [T.StructField("story_id", i, False), T.StructField("headline", s, True), T.StructField("articles", i, False)]
    )
    save(headlines.map(lambda kv: (int(kv[0]), kv[1][0], kv[1][1])), story_schema, "stories")
    report_schema = T.StructType([T.StructField("story_id", i, False), T.StructField("json", s, False)])
    report_rows = reports.map(lambda kv: (int(kv[0]), kv[1])) if reports is not None else spark.sparkContext.emptyRDD()
    save(report_rows, report_schema, "reports")
    problem_schema = T.StructType([T.StructField("problem", s, False)])
    save([(p,) for _, p in problems], problem_schema, "problems")
    return written
