"""The Spark path in ``local[2]`` against the local pipeline: the same cleaned articles, the
same near-duplicate links, the same stories (B-cubed F1 >= 0.98), reports from the library,
bad input reported without losing the rest. Real PySpark, real Java."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsdesk.eval.clustering import bcubed
from newsdesk.io.report_json import to_json
from newsdesk.pipeline import build_report, read
from newsdesk.service.ingest import ingest, rebuild_stories
from newsdesk.settings import IngestOptions, Options
from newsdesk.store.db import Store
from tests.conftest import EXAMPLES, SHARED, write

pytest.importorskip("pyspark", reason="PySpark is not installed (the spark extra)")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime for Spark"),
]
DEV = SHARED / "data" / "multinews" / "dev.jsonl"


@pytest.fixture(scope="module")
def spark():
    from newsdesk.scale.spark import session

    s = session("local[2]", "newsdesk-tests")
    yield s
    s.stop()


def pooled_jsonl(path: Path, examples: int) -> Path:
    """The documents of the first ``examples`` dev examples, one article a line, no story given."""
    with open(DEV, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        for n, line in enumerate(src):
            if n >= examples:
                break
            row = json.loads(line)
            for i, doc in enumerate(row["documents"]):
                dst.write(json.dumps({"id": f"{row['id']}#{i}", "text": doc}) + "\n")
    return path


def stored(db: Path) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    with Store(db) as store:
        texts = dict(store.conn.execute("SELECT id, text FROM articles").fetchall())
        dup = store.duplicate_of()
        members = dict(store.conn.execute("SELECT article_id, story_id FROM memberships").fetchall())
    return texts, dup, members


@pytest.mark.skipif(not DEV.is_file(), reason="Multi-News dev is not in ../shared/data")
def test_spark_matches_the_local_pipeline_on_200_pooled_examples(spark, tmp_path):
    from newsdesk.scale.load import load
    from newsdesk.scale.spark import SparkOptions, run

    source = pooled_jsonl(tmp_path / "pool.jsonl", 200)
    # a syndicated copy with a light edit, so near-duplicate links are compared too
    first = json.loads(source.read_text(encoding="utf-8").splitlines()[0])
    with open(source, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "copy", "text": first["text"] + " Reporting by the wire desk."}) + "\n")

    with Store(tmp_path / "local.db") as store:
        ingest([str(source)], store, IngestOptions(splitter="rules"))
        rebuild_stories(store)
    stats = run([str(source)], str(tmp_path / "out"), SparkOptions(splitter="rules", reports=False), spark)
    with Store(tmp_path / "spark.db") as store:
        load(tmp_path / "out", store)

    local_texts, local_dup, local_members = stored(tmp_path / "local.db")
    spark_texts, spark_dup, spark_members = stored(tmp_path / "spark.db")
    assert len(local_texts) >= 500 and stats.articles == len(local_texts)
    assert spark_texts == local_texts  # the same cleaned articles, by content id
    assert spark_dup == local_dup and len(local_dup) >= 1  # the same near-duplicate links
    ids = sorted(local_members)
    assert sorted(spark_members) == ids
    p, r, f = bcubed([spark_members[i] for i in ids], [local_members[i] for i in ids])
    assert f >= 0.98, (p, r, f)
    assert stats.candidate_pairs < len(ids) * (len(ids) - 1) / 2 / 10  # blocking: far fewer pairs than all


def test_reports_come_from_the_library_and_load_into_the_store(spark, tmp_path):
    from newsdesk.scale.load import load
    from newsdesk.scale.spark import SparkOptions, run
    from newsdesk.service.reports import story_report_json

    options = Options(embedder="tfidf", splitter="rules", words=80)
    run([str(EXAMPLES)], str(tmp_path / "out"), SparkOptions(splitter="rules", report=options), spark)
    local = to_json(build_report(read([str(EXAMPLES)], options).articles, options))
    with Store(tmp_path / "s.db") as store:
        # a story already in the store (story 1) stays apart from the loaded one
        harbour = "A fire destroyed two warehouses at the city harbour on Wednesday night, the port authority said."
        ingest([str(write(tmp_path / "harbour.txt", harbour))], store, IngestOptions(splitter="rules"))
        assert store.story_ids() == [1]
        loaded = load(tmp_path / "out", store)
        assert (loaded.articles, loaded.stories, loaded.reports) == (3, 1, 1)
        assert sorted(store.story_ids()) == [1, 2] and len(store.story_articles(1)) == 1
        story = 2
        assert len(store.story_articles(story)) == 3
        # the stored report is the one Spark built (same members, same options): read, not rebuilt
        from_store = story_report_json(store, story, options)
        # loading the same output again stores nothing, moves nothing and numbers nothing anew
        stories_before = store.conn.execute("SELECT id, articles FROM stories ORDER BY id").fetchall()
        again = load(tmp_path / "out", store)
        assert (again.articles, again.already, again.stories, again.reports) == (0, 3, 0, 0)
        assert store.conn.execute("SELECT id, articles FROM stories ORDER BY id").fetchall() == stories_before
        assert (
            store.conn.execute(
                "SELECT COUNT(*) FROM reports WHERE story_id NOT IN (SELECT id FROM stories)"
            ).fetchone()[0]
            == 0
        )
    with Store(tmp_path / "local-first.db") as store:
        # the same articles ingested locally first: a load stores none and moves none of them
        ingest([str(EXAMPLES)], store, IngestOptions(splitter="rules"))
        before = {a: store.story_of(a) for a in store.member_ids(store.story_ids()[0])}
        loaded = load(tmp_path / "out", store)
        assert (loaded.articles, loaded.already, loaded.stories) == (0, 3, 0)
        assert {a: store.story_of(a) for a in before} == before and len(store.story_ids()) == 1
    assert [s["text"] for s in from_store["summary"]] == [s["text"] for s in local["summary"]]
    assert {q["text"] for q in from_store["quotes"]} == {q["text"] for q in local["quotes"]}


def test_every_input_kind_at_once_bad_ones_named_and_the_rest_kept(spark, tmp_path):
    """One run over text files, JSON lines, a WARC archive and a Parquet file, beside an empty
    file, a binary file, a broken JSON line and a missing path (one Spark run: each costs ~15 s)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsdesk.errors import NewsdeskError
    from newsdesk.scale.load import load
    from newsdesk.scale.spark import SparkOptions, run
    from tests.io.test_feeds_warc import page, warc_bytes

    folder = tmp_path / "in"
    folder.mkdir()
    for p in EXAMPLES.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    write(folder / "empty.txt", "")
    write(folder / "binary.txt", b"\x00\x01\x02" * 200)
    write(
        folder / "mixed.jsonl",
        '{"text": "The harbour fire destroyed two warehouses on Wednesday night, officials said."}\n{not json\n',
    )
    archive = write(
        tmp_path / "crawl.warc.gz",
        warc_bytes([("https://example.org/a", page("Budget passes")), ("https://example.org/b", page("Storm hits"))]),
    )
    texts = ["The council approved the new city budget on Tuesday after a long debate about road repairs."] * 2
    pq.write_table(
        pa.table(
            {
                "title": ["Budget approved", "Council vote"],
                "outlet": ["Parquet Times"] * 2,
                "published": ["2021-03-02"] * 2,
                "text": [texts[0], texts[1] + " The vote was 7 to 2."],
            }
        ),
        tmp_path / "feed.parquet",
    )
    missing = str(tmp_path / "nope.txt")
    options = SparkOptions(splitter="rules", reports=False)
    stats = run(
        [str(folder), str(archive), str(tmp_path / "feed.parquet"), missing], str(tmp_path / "out"), options, spark
    )
    assert stats.articles == 3 + 1 + 2 + 2  # examples, the good JSON line, two WARC pages, two Parquet rows
    assert stats.problems == 4
    joined = " ".join(stats.first_problems)
    for name in ("nope.txt", "empty.txt", "binary.txt", "mixed.jsonl:2"):
        assert name in joined
    # WARC pages give the local reader's articles
    ids = set(pq.read_table(tmp_path / "out" / "articles").column("id").to_pylist())
    assert {a.id for a in read([str(archive)]).articles} <= ids
    # Parquet rows keep their metadata
    with Store(tmp_path / "s.db") as store:
        load(tmp_path / "out", store)
        rows = store.conn.execute(
            "SELECT title, outlet, published, source FROM articles WHERE outlet = 'Parquet Times' ORDER BY title"
        ).fetchall()
    assert [r[:3] for r in rows] == [
        ("Budget approved", "Parquet Times", "2021-03-02"),
        ("Council vote", "Parquet Times", "2021-03-02"),
    ]
    assert all("feed.parquet#" in r[3] for r in rows)
    # nothing readable at all: one clear error naming the input
    with pytest.raises(NewsdeskError, match="nope.txt"):
        run([missing], str(tmp_path / "out2"), options, spark)


def test_embed_stores_sentence_vectors_made_on_the_workers(spark, tmp_path):
    import numpy as np

    from newsdesk.embed import get_embedder
    from newsdesk.scale.load import load
    from newsdesk.scale.spark import SparkOptions, run

    if get_embedder("auto").name != "minilm":
        pytest.skip("the MiniLM model package is not installed")
    # one partition: one worker loads the model (the test's cost is model loading, not Spark)
    options = SparkOptions(splitter="rules", reports=False, embed=True, partitions=1)
    run([str(EXAMPLES)], str(tmp_path / "out"), options, spark)
    with Store(tmp_path / "s.db") as store:
        load(tmp_path / "out", store)
        rows = store.conn.execute("SELECT article_id, idx, embedding FROM sentences").fetchall()
    assert rows and all(blob is not None for _, _, blob in rows)
    vectors = np.stack([np.frombuffer(blob, dtype=np.float32) for _, _, blob in rows])
    assert vectors.shape[1] == 384 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    # the same vectors the local embedder gives for those sentences
    with Store(tmp_path / "s.db") as store:
        art = store.article(rows[0][0])
    assert art is not None
    local = get_embedder("minilm").encode([art.sentences[rows[0][1]].text])[0]
    assert float(local @ vectors[0]) > 0.999


def test_an_unknown_method_is_one_line_before_any_spark_work(spark, tmp_path):
    from newsdesk.errors import UnknownMethodError
    from newsdesk.scale.spark import SparkOptions, run

    # it used to fail on the workers, and the broad catch called that an unreadable input
    with pytest.raises(UnknownMethodError, match="unknown sentence splitter 'nope'"):
        run([str(EXAMPLES)], str(tmp_path / "out"), SparkOptions(splitter="nope", reports=False), spark)


ECB = SHARED / "data" / "ecbplus" / "dev.jsonl"


@pytest.mark.skipif(not ECB.is_file(), reason="ECB+ dev is not in ../shared/data")
def test_spark_splits_look_alike_events_as_the_local_rebuild_does(spark, tmp_path):
    from newsdesk.eval.clustering import merged_topics
    from newsdesk.scale.load import load
    from newsdesk.scale.spark import SparkOptions, run

    source = tmp_path / "ecb.jsonl"
    with open(ECB, encoding="utf-8") as src, open(source, "w", encoding="utf-8") as dst:
        for line in src:
            row = json.loads(line)
            for i, doc in enumerate(row["documents"]):  # the event rides along, unread by grouping
                dst.write(json.dumps({"id": f"{row['id']}#{i}", "story": row["id"], "text": doc}) + "\n")
    with Store(tmp_path / "local.db") as store:
        ingest([str(source)], store, IngestOptions(splitter="rules"))
        rebuild_stories(store)
    run([str(source)], str(tmp_path / "out"), SparkOptions(splitter="rules", reports=False), spark)
    with Store(tmp_path / "spark.db") as store:
        load(tmp_path / "out", store)
    _, _, local_members = stored(tmp_path / "local.db")
    _, _, spark_members = stored(tmp_path / "spark.db")
    ids = sorted(set(local_members) & set(spark_members))
    assert len(ids) == len(local_members) >= 480
    assert bcubed([spark_members[i] for i in ids], [local_members[i] for i in ids])[2] >= 0.99
    with Store(tmp_path / "local.db") as store:
        event = dict(store.conn.execute("SELECT id, group_hint FROM articles").fetchall())
    gold = [event[i] for i in ids]
    merged_local = merged_topics([local_members[i] for i in ids], gold)
    assert merged_local == merged_topics([spark_members[i] for i in ids], gold) and merged_local[0] <= 1
