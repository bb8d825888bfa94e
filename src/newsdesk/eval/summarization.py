"""``newsdesk eval summarize``: every method on the same stories, at the same budget.

Each example's documents are cleaned, flagged off-topic and split once, by the same
``pipeline.prepare`` that ``build_report`` runs (the same input for every method, and the
input a user's summary is made from). Where the evaluation differs from ``build_report``: the
analysis (entities, quotes, timeline, agreement) is not run, since it does not change the
summary; and the budget is applied by truncation, not by ``Summarizer.select``. Each
method then gets a fresh ``StoryText`` (so a method that embeds pays for embedding in its own
time) and ranks sentences; the budget is applied by truncation, alike for all: the ranking is
taken until the budget is reached and the last sentence is cut to fit. Summaries are scored
with ROUGE-1/2/Lsum F1 (stemmed, one sentence a line) against the human reference.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsdesk import pipeline
from newsdesk.embed import Embedder, get_embedder
from newsdesk.errors import InputError, OptionError
from newsdesk.eval.datasets import Example, clean_documents, default_examples, load_examples, shared_data
from newsdesk.eval.harness import SummarizeEval
from newsdesk.eval.rouge import METRICS, Interval, bootstrap, resampled_means, rouge
from newsdesk.model import Article, Progress
from newsdesk.settings import Options
from newsdesk.summarize import SUMMARIZERS, StoryText, Summarizer
from newsdesk.summarize.base import truncated_summary

DEFAULT_METHODS = ("learned", "centroid", "lead", "lexrank", "textrank", "oracle")


@dataclass
class MethodResult:
    """Per-example scores and timings of one method."""

    method: str
    scores: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in METRICS})
    words: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def interval(self, metric: str) -> Interval:
        """Mean and bootstrap 95% interval of ``metric``."""
        return bootstrap(self.scores[metric])

    def row(self) -> dict[str, object]:
        """JSON-ready summary of this method's results."""
        out: dict[str, object] = {"method": self.method, "examples": len(self.words)}
        for m in METRICS:
            iv = self.interval(m)
            out[m] = {"mean": round(iv.mean, 3), "low": round(iv.low, 3), "high": round(iv.high, 3)}
        out["words"] = round(sum(self.words) / max(len(self.words), 1), 1)
        out["ms_per_example"] = round(1000 * sum(self.seconds) / max(len(self.seconds), 1), 1)
        return out


def prepare(
    example: Example, embedder: Embedder, splitter: str = Options.splitter, keep_offtopic: bool = False
) -> list[Article]:
    """An example's documents cleaned, flagged off-topic (unless ``keep_offtopic``) and split
    as ``build_report`` does (``pipeline.prepare``): the shared input of every method."""
    articles, _ = clean_documents(example)
    return pipeline.prepare(articles, Options(splitter=splitter, keep_offtopic=keep_offtopic), embedder)


def evaluate(
    examples: Sequence[Example],
    methods: Sequence[str | Summarizer] = DEFAULT_METHODS,
    words: int = 250,
    embedder: str = Options.embedder,
    splitter: str = Options.splitter,
    progress: Progress | None = None,
    keep_offtopic: bool = False,
) -> list[MethodResult]:
    """Run every method on every example; return their results.

    ROUGE is computed where the example has a reference; examples without one are still
    summarized and timed (the table then says that no references were found).

    Raises:
        OptionError: an unknown method, or no examples.
    """
    summarizers = [SUMMARIZERS.get(m) if isinstance(m, str) else m for m in methods]
    emb = get_embedder(embedder)
    results = [MethodResult(s.name) for s in summarizers]
    if not examples:
        raise OptionError("no examples to evaluate")
    for done, example in enumerate(examples, start=1):
        articles = prepare(example, emb, splitter, keep_offtopic)
        if done == 1:  # warm-up, untimed: one-time imports and model loads are not per-example cost
            for summarizer in summarizers:
                if articles and (example.reference is not None or summarizer.name != "oracle"):
                    summarizer.rank(StoryText(articles, emb, example.reference), words)
        for summarizer, result in zip(summarizers, results, strict=True):
            if example.reference is None and summarizer.name == "oracle":
                continue  # the oracle needs a reference; without one it has nothing to aim at
            story = StoryText(articles, emb, example.reference)
            clear = getattr(emb, "clear_cache", None)
            if clear is not None:
                clear()  # no method may reuse vectors another one paid for
            start = time.perf_counter()
            order = summarizer.rank(story, words) if story.sentences else []
            result.seconds.append(time.perf_counter() - start)
            lines = truncated_summary(story, order, words)
            result.words.append(sum(len(line.split()) for line in lines))
            if example.reference is not None:
                for metric, value in rouge("\n".join(lines), example.reference).items():
                    result.scores[metric].append(value)
        if progress:
            progress(done, len(examples))
    return results


def format_table(results: Sequence[MethodResult]) -> str:
    """A Markdown table: method, R1, R2, RLsum with 95% intervals, words, ms/example."""
    lines = [
        "| method | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | words | ms/example |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        if not r.words:
            lines.append(f"| {r.method} | skipped: needs a reference | | | | |")
            continue
        row = r.row()
        cells = [str(r.interval(m)) if r.scores[m] else "n/a (no reference)" for m in METRICS]
        lines.append(f"| {r.method} | {' | '.join(cells)} | {row['words']} | {row['ms_per_example']} |")
    return "\n".join(lines)


BASELINES = ("lead", "lexrank", "textrank")


@dataclass
class PairedGain:
    """The default method's ROUGE minus a baseline's, paired over the same examples."""

    baseline: str
    metric: str
    gain: Interval  # mean difference with a paired bootstrap 95% interval
    p_value: float  # share of bootstrap resamples whose mean difference is 0 or less (one-sided)

    def row(self) -> dict[str, object]:
        """JSON-ready."""
        iv = self.gain
        return {
            "baseline": self.baseline,
            "metric": self.metric,
            "gain": round(iv.mean, 3),
            "low": round(iv.low, 3),
            "high": round(iv.high, 3),
            "p": round(self.p_value, 4),
        }


def paired_gains(
    results: Sequence[MethodResult], method: str = Options.method, resamples: int = 1000
) -> list[PairedGain]:
    """For ROUGE-1 and ROUGE-2, ``method`` against the best baseline (lead, LexRank, TextRank) on
    that metric: the mean per-example difference, its paired bootstrap interval and one-sided
    p (examples resampled together, fixed seed). Empty when the method or every baseline is
    missing, or there are no references."""
    by_name = {r.method: r for r in results}
    ours = by_name.get(method)
    baselines = [by_name[b] for b in BASELINES if b in by_name and by_name[b].scores["rouge1"]]
    if ours is None or not ours.scores["rouge1"] or not baselines:
        return []
    out = []
    for metric in ("rouge1", "rouge2"):
        best = max(baselines, key=lambda r: float(np.mean(r.scores[metric])))
        diff = np.asarray(ours.scores[metric]) - np.asarray(best.scores[metric])
        means = resampled_means(diff, resamples)  # the examples resampled together: a paired bootstrap
        out.append(PairedGain(best.method, metric, bootstrap(diff, resamples), float((means <= 0).mean())))
    return out


@dataclass
class SummarizeResult:
    """What ``newsdesk eval summarize`` measured."""

    data: str
    examples: int
    words: int
    methods: list[MethodResult]
    warnings: list[str] = field(default_factory=list)
    keep_offtopic: bool = False  # the documents flagged off-topic were kept

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "data": self.data,
            "examples": self.examples,
            "words": self.words,
            "keep_offtopic": self.keep_offtopic,
            "results": [r.row() for r in self.methods],
            "paired": [g.row() for g in paired_gains(self.methods)],
        }


def run(options: SummarizeEval, progress: Progress | None = None) -> SummarizeResult:
    """Every method on the examples of ``options.data`` (default: Multi-News dev; without
    data, the bundled examples, with no ROUGE).

    Raises:
        InputError: ``options.data`` does not exist.
    """
    if options.data is not None and not options.data.exists():
        raise InputError(str(options.data), "no such file")
    data = options.data or shared_data("multinews", "dev.jsonl")
    examples = load_examples(data, options.limit, fallback=default_examples())
    warnings = []
    if not any(e.reference for e in examples):
        where = data if data is not None and data.is_file() else default_examples() if data is None else data
        warnings.append(f"no reference summaries found; running on {where} without ROUGE")
    methods = options.methods or tuple(dict.fromkeys([Options.method, *DEFAULT_METHODS]))
    results = evaluate(
        examples, methods, options.words, options.embedder, options.splitter, progress, options.keep_offtopic
    )
    return SummarizeResult(str(data), len(examples), options.words, results, warnings, options.keep_offtopic)


def markdown(result: SummarizeResult) -> str:
    """The data line and the table of every method."""
    where = result.data if result.data != "None" else "the bundled examples"
    kept = "; off-topic documents kept" if result.keep_offtopic else ""
    out = f"{result.examples} examples from {where}, budget {result.words} words{kept}\n\n" + format_table(
        result.methods
    )
    gains = paired_gains(result.methods)
    if gains:
        out += "\n\n" + "\n".join(
            f"- {Options.method} − {g.baseline} (best baseline on {g.metric.upper().replace('ROUGE', 'ROUGE-')}): "
            f"{g.gain.mean:+.2f} [{g.gain.low:+.2f}, {g.gain.high:+.2f}], one-sided p = {g.p_value:.3f} "
            f"(paired bootstrap over {len(result.methods[0].words)} examples)"
            for g in gains
        )
    return out
