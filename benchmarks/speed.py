"""The int8 ONNX MiniLM against the torch path, side by side in one run (issue #16's table).

Usage: python benchmarks/speed.py [--sentences N] [--rouge-examples N] [--pool N] [--ingest N] [--runs N]

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
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str]] = []  # measure, int8, torch (or baseline), ratio

    # cold start first, while this process holds no model
    cold = {e: [cold_run(e) for _ in range(args.runs)] for e in ("minilm", "minilm-torch")}
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

    from newsdesk.embed import get_embedder

    int8, torch = get_embedder("minilm"), get_embedder("minilm-torch")
    sentences = dev_sentences(args.sentences)
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

    # warm report of the bundled story
    from newsdesk import pipeline
    from newsdesk.settings import Options

    story = pipeline.read([str(EXAMPLES)]).articles
    warm = {}
    for name in ("minilm", "minilm-torch"):
        pipeline.build_report(story, Options(embedder=name))
        times = []
        for _ in range(args.runs):
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
    for _ in range(args.runs):
        int8.clear_cache()
        start = time.perf_counter()
        pipeline.build_report(story, Options(embedder="minilm", analysis=False))
        times.append(time.perf_counter() - start)
    rows.append(("warm summary alone (`--no-analysis`), s", f"{statistics.median(times):.3f}", "", ""))

    # quality: ROUGE and grouping with each embedder
    from newsdesk.eval.datasets import load_examples
    from newsdesk.eval.summarization import evaluate

    examples = load_examples(DEV, args.rouge_examples)
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

    (pool,) = split_pools(load_examples(DEV, args.pool), args.pool)
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

    # ingest with embeddings against words only
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ingest import write_input

    from newsdesk.io.readers import iter_paths
    from newsdesk.settings import IngestOptions
    from newsdesk.store.db import Store
    from newsdesk.store.ingest import ingest_items

    with tempfile.TemporaryDirectory() as tmp:
        source = write_input(DEV, args.ingest, Path(tmp))
        rates = {}
        for name, emb in (("words", None), ("int8", int8), ("torch", torch)):
            if emb is not None:
                emb.clear_cache()  # type: ignore[attr-defined]
            with Store(Path(tmp) / f"{name}.db") as store:
                stats = ingest_items(iter_paths([str(source)]), store, IngestOptions(splitter="rules"), embedder=emb)
            rates[name] = stats.per_second
    rows.append(
        (
            "`ingest --embed` articles/s (int8, torch) vs words only",
            f"{rates['int8']:.1f}",
            f"{rates['torch']:.1f}",
            f"{rates['int8'] / rates['words']:.2f} of words-only ({rates['words']:.1f}/s)",
        )
    )

    print("| measure | int8 ONNX (`minilm`) | torch (`minilm-torch`) | ratio or difference |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
