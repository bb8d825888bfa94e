"""``newsdesk eval summarize``: every method on the same stories, at the same budget.

Each example's documents are cleaned and split once (the same input for every method). Each
method then gets a fresh ``StoryText`` (so a method that embeds pays for embedding in its own
time) and ranks sentences; the budget is applied by truncation, alike for all: the ranking is
taken until the budget is reached and the last sentence is cut to fit. Summaries are scored
with ROUGE-1/2/Lsum F1 (stemmed, one sentence a line) against the human reference.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from newsdesk.clean.cleaner import clean_text
from newsdesk.embed import get_embedder
from newsdesk.errors import InputError, OptionError
from newsdesk.eval.datasets import Example
from newsdesk.eval.rouge import METRICS, Interval, bootstrap, rouge
from newsdesk.model import Article
from newsdesk.summarize import SUMMARIZERS, StoryText, Summarizer
from newsdesk.summarize.base import truncated_summary
from newsdesk.text.sentences import split_article

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


def prepare(example: Example, splitter: str = "pysbd") -> list[Article]:
    """Clean and split an example's documents (shared input of every method)."""
    articles = []
    for i, doc in enumerate(example.documents):
        try:
            art = clean_text(doc, f"{example.id}#{i}")
        except InputError:
            continue  # a document with no text left is simply absent, as for a user
        split_article(art, splitter)
        articles.append(art)
    return articles


def evaluate(
    examples: Sequence[Example],
    methods: Sequence[str | Summarizer] = DEFAULT_METHODS,
    words: int = 250,
    embedder: str = "auto",
    splitter: str = "pysbd",
    progress: Callable[[int], None] | None = None,
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
        articles = prepare(example, splitter)
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
            progress(done)
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
