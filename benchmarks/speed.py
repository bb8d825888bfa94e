"""The int8 ONNX MiniLM against the torch path, side by side in one run (issue #16's table).

Usage: python benchmarks/speed.py [--sentences N] [--rouge-examples N] [--pool N] [--ingest N] [--runs N] [--only PART ...]

Every figure is a ratio of two measurements made in this run on this machine:

- vectors: mean cosine of int8 and torch vectors of dev sentences; sentences/second of each;
- quality: ROUGE of the default summarizer on the first dev examples, and story grouping B³ F1
  (as ``ingest --embed`` groups) on a pool of dev examples, with each embedder;
- cold start: ``newsdesk summarize`` of the bundled examples in a new process, best of
  ``--runs``, wall time and peak RSS, with ``--embedder minilm`` and ``--embedder minilm-torch``;
- warm report of the bundled story (summary and analysis) in this process, median of
  ``--runs``, each embedder; the summary alone (``--no-analysis``) with int8;
- ``ingest --embed`` against words-only ingest, articles/second.

The story list page against a static file under wrk is ``benchmarks/serve.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = SHARED / "examples" if (SHARED / "examples").is_dir() else ROOT / "examples"
DEV = SHARED / "data" / "multinews" / "dev.jsonl"


def dev_sentences(n: int) -> list[str]:
    from newsdesk.clean.cleaner import clean_text
    from newsdesk.errors import InputError
    from newsdesk.text.sentences import split_article

    out: list[str] = []
    with open(DEV, encoding="utf-8") as fh:
        for line in fh:
            for doc in json.loads(line)["documents"]:
                try:
                    art = clean_text(doc, "dev")
                except InputError:
                    continue
                split_article(art, "rules")
                out += [s.text for s in art.sentences]
            if len(out) >= n:
                return out[:n]
    return out


def cold_run(embedder: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one `newsdesk summarize` of the examples."""
    cmd = [sys.executable, "-W", "ignore", "-m", "newsdesk.cli", "summarize", str(EXAMPLES), "--embedder", embedder]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"summarize with {embedder} failed ({status})")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--rouge-examples", type=int, default=200)
    parser.add_argument("--pool", type=int, default=300)
    parser.add_argument("--ingest", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    parts = ("cold", "vectors", "warm", "quality", "ingest")
    parser.add_argument("--only", nargs="+", choices=parts, default=parts, help="measure only these parts")
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str]] = []  # measure, int8, torch (or baseline), ratio

    if "cold" in args.only:  # first, while this process holds no model
        rows += cold_rows(args.runs)
    from newsdesk.embed import get_embedder

    int8, torch = get_embedder("minilm"), get_embedder("minilm-torch")
    if "vectors" in args.only:
        rows += vector_rows(int8, torch, args.sentences)
    if "warm" in args.only:
        rows += warm_rows(int8, args.runs)
    if "quality" in args.only:
        rows += quality_rows(int8, torch, args.rouge_examples, args.pool)
    if "ingest" in args.only:
        rows += ingest_rows(int8, torch, args.ingest)
    print("| measure | int8 ONNX (`minilm`) | torch (`minilm-torch`) | ratio or difference |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


Row = tuple[str, str, str, str]  # measure, int8, torch (or baseline), ratio


def cold_rows(runs: int) -> list[Row]:
    rows: list[Row] = []
    cold = {e: [cold_run(e) for _ in range(runs)] for e in ("minilm", "minilm-torch")}
    wall = {e: min(r[0] for r in runs) for e, runs in cold.items()}
    rss = {e: min(r[1] for r in runs) for e, runs in cold.items()}
    rows.append(
        (
            "cold `summarize` of the examples, s (best of runs)",
            f"{wall['minilm']:.2f}",
            f"{wall['minilm-torch']:.2f}",
            f"{wall['minilm'] / wall['minilm-torch']:.2f}",
        )
    )
    rows.append(
        (
            "cold `summarize`, peak RSS MiB (best of runs)",
            f"{rss['minilm']:.0f}",
            f"{rss['minilm-torch']:.0f}",
            f"{rss['minilm'] / rss['minilm-torch']:.2f}",
        )
    )
    return rows


def vector_rows(int8: Any, torch: Any, n: int) -> list[Row]:
    rows: list[Row] = []
    sentences = dev_sentences(n)
    int8.encode(sentences[:64])
    torch.encode(sentences[:64])
    speed = {}
    vectors = {}
    for name, emb in (("int8", int8), ("torch", torch)):
        emb.clear_cache()
        start = time.perf_counter()
        vectors[name] = emb.encode(sentences)
        speed[name] = len(sentences) / (time.perf_counter() - start)
    cosine = float((vectors["int8"] * vectors["torch"]).sum(axis=1).mean())
    rows.append((f"mean cosine int8 vs torch ({len(sentences)} dev sentences)", f"{cosine:.4f}", "1", ""))
    rows.append(
        ("sentences/s", f"{speed['int8']:.0f}", f"{speed['torch']:.0f}", f"{speed['int8'] / speed['torch']:.2f}")
    )

    return rows


def warm_rows(int8: Any, runs: int) -> list[Row]:
    """The bundled story's report, warm, with each embedder; the summary alone with int8."""
    from newsdesk import pipeline
    from newsdesk.embed import get_embedder
    from newsdesk.settings import Options

    rows: list[Row] = []

    story = pipeline.read([str(EXAMPLES)]).articles
    warm = {}
    for name in ("minilm", "minilm-torch"):
        pipeline.build_report(story, Options(embedder=name))
        times = []
        for _ in range(runs):
            get_embedder(name).clear_cache()  # type: ignore[attr-defined]
            start = time.perf_counter()
            pipeline.build_report(story, Options(embedder=name))
            times.append(time.perf_counter() - start)
        warm[name] = statistics.median(times)
    rows.append(
        (
            "warm 3-article report (summary and analysis), s",
            f"{warm['minilm']:.3f}",
            f"{warm['minilm-torch']:.3f}",
            f"{warm['minilm'] / warm['minilm-torch']:.2f}",
        )
    )
    times = []
    for _ in range(runs):
        int8.clear_cache()
        start = time.perf_counter()
        pipeline.build_report(story, Options(embedder="minilm", analysis=False))
        times.append(time.perf_counter() - start)
    rows.append(("warm summary alone (`--no-analysis`), s", f"{statistics.median(times):.3f}", "", ""))

    return rows


def quality_rows(int8: Any, torch: Any, rouge_examples: int, pool_size: int) -> list[Row]:
    """ROUGE and grouping B3 with each embedder."""
    from newsdesk.eval.datasets import load_examples
    from newsdesk.eval.summarization import evaluate
    from newsdesk.settings import Options

    rows: list[Row] = []

    examples = load_examples(DEV, rouge_examples)
    rouge = {}
    for name in ("minilm", "minilm-torch"):
        (result,) = evaluate(examples, [Options.method], words=250, embedder=name)
        rouge[name] = (result.interval("rouge1").mean, result.interval("rouge2").mean)
    rows.append(
        (
            f"ROUGE-1 / ROUGE-2, learned, first {len(examples)} dev examples",
            f"{rouge['minilm'][0]:.2f} / {rouge['minilm'][1]:.2f}",
            f"{rouge['minilm-torch'][0]:.2f} / {rouge['minilm-torch'][1]:.2f}",
            f"{rouge['minilm'][0] - rouge['minilm-torch'][0]:+.2f} / {rouge['minilm'][1] - rouge['minilm-torch'][1]:+.2f}",
        )
    )

    from newsdesk.eval.clustering import docs_of, evaluate_clustering, split_pools
    from newsdesk.settings import ClusterOptions

    (pool,) = split_pools(load_examples(DEV, pool_size), pool_size)
    b3 = {}
    for name, emb in (("int8", int8), ("torch", torch)):
        results = evaluate_clustering(pool, docs_of(pool.articles, emb), ClusterOptions())
        b3[name] = {r.mode: r.f1 for r in results}
    for mode in b3["int8"]:
        rows.append(
            (
                f"grouping B³ F1 with embeddings, {mode}, {len(pool.articles)} dev articles",
                f"{b3['int8'][mode]:.3f}",
                f"{b3['torch'][mode]:.3f}",
                f"{b3['int8'][mode] - b3['torch'][mode]:+.3f}",
            )
        )

    return rows


def ingest_rows(int8: Any, torch: Any, n: int) -> list[Row]:
    """``ingest --embed`` against words-only ingest, with the default sentence splitter and with
    the faster rules splitter (the harder ratio: less words-only time to hide the embedding in)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ingest import write_input

    from newsdesk.io.readers import iter_paths
    from newsdesk.service.ingest import ingest_items
    from newsdesk.settings import IngestOptions
    from newsdesk.store.db import Store

    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        source = write_input(DEV, n, Path(tmp))
        for splitter in (IngestOptions.splitter, "rules"):
            rates = {}
            for name, emb in (("words", None), ("int8", int8), ("torch", torch)):
                if emb is not None:
                    emb.clear_cache()
                with Store(Path(tmp) / f"{name}-{splitter}.db") as store:
                    options = IngestOptions(splitter=splitter)
                    stats = ingest_items(iter_paths([str(source)]), store, options, embedder=emb)
                rates[name] = stats.per_second
            rows.append(
                (
                    f"`ingest --embed` articles/s (int8, torch) vs words only, {splitter} splitter",
                    f"{rates['int8']:.1f}",
                    f"{rates['torch']:.1f}",
                    f"{rates['int8'] / rates['words']:.2f} of words-only ({rates['words']:.1f}/s)",
                )
            )
    return rows


if __name__ == "__main__":
    main()
