"""The ``newsdesk eval`` harnesses: for each, an options table, ``run(options, progress) ->
result`` and ``markdown(result)`` in its module (loaded only when that harness runs).

A result has ``to_dict()`` (the ``--json`` output) and ``warnings`` (what was skipped and why).
The CLI builds each subcommand's flags from its options table, so it only parses, calls and
prints; a Python user calls the same ``run``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.model import Progress
from newsdesk.settings import Options, opt, same_as


@dataclass(frozen=True)
class SummarizeEval:
    """Options of ``newsdesk eval summarize``."""

    data: Path | None = opt(
        None, "JSONL (id, documents, summary) or Multi-News .src; default ../shared/data/multinews/dev.jsonl"
    )
    methods: tuple[str, ...] | None = opt(
        None, "methods to compare (default: the default method, centroid, lead, lexrank, textrank, oracle)"
    )
    limit: int | None = opt(None, "first N examples only")
    words: int = opt(250, "word budget, the same for every method")
    embedder: str = same_as(Options, "embedder")
    splitter: str = same_as(Options, "splitter")
    keep_offtopic: bool = same_as(Options, "keep_offtopic")


@dataclass(frozen=True)
class ExtractionEval:
    """Options of ``newsdesk eval extraction``."""

    data: Path | None = opt(
        None, "folder with ground-truth.json and html/<id>.html.gz; default ../shared/data/article-extraction"
    )
    extractors: tuple[str, ...] | None = opt(
        None, "extractors to compare (default: newsdesk, trafilatura, readability, newspaper4k, justext, boilerpy3)"
    )
    limit: int | None = opt(None, "first N pages only")


@dataclass(frozen=True)
class ClusteringEval:
    """Options of ``newsdesk eval clustering``."""

    data: Path | None = opt(
        None, "Multi-News JSONL whose examples are pooled; default ../shared/data/multinews/dev.jsonl"
    )
    limit: int | None = opt(None, "the first N examples only (default: all)")
    pool_size: int = opt(300, "examples pooled together; the examples are split into disjoint pools of this size")
    newswcl50: Path | None = opt(None, "NewsWCL50 folder; default ../shared/data/newswcl50")
    embed: bool = opt(False, "group as ingest --embed does: words and lead-passage embeddings")


@dataclass(frozen=True)
class EntitiesEval:
    """Options of ``newsdesk eval entities``."""

    data: Path | None = opt(None, "NewsWCL50 folder (conll.csv); default ../shared/data/newswcl50")
    use_model: bool = opt(True, "use spaCy (--no-model: the dependency-free mention finder)", "--no-model")


@dataclass(frozen=True)
class QuotesEval:
    """Options of ``newsdesk eval quotes``."""

    data: Path | None = same_as(EntitiesEval, "data")
    annotations: Path | None = opt(None, "annotated quotes (default: data/annotations/newswcl50_quotes.jsonl)")
    use_model: bool = same_as(EntitiesEval, "use_model")
    errors: bool = opt(False, "also list every annotated quote credited wrongly or not found")
    general_set: bool = opt(True, "skip the general-news set (--no-general)", "--no-general")
    general: Path | None = opt(None, "general-news annotations (default: data/annotations/general_quotes.jsonl)")
    general_data: Path | None = opt(None, "full-length Multi-News dev for the general-news set (default ../shared)")


@dataclass(frozen=True)
class OfftopicEval:
    """Options of ``newsdesk eval offtopic``."""

    data: Path | None = opt(
        None, "JSONL with documents and silver_irrelevant; default ../shared/data/multinews/dev.jsonl"
    )
    limit: int | None = opt(None, "first N examples only")
    embedder: str = same_as(Options, "embedder")


@dataclass(frozen=True)
class CitationsEval:
    """Options of ``newsdesk eval citations``."""

    labels: Path | None = opt(None, "labelled pairs (default: data/annotations/citations.csv)")
    newswcl50: Path | None = same_as(EntitiesEval, "data")
    embedders: tuple[str, ...] = opt(("minilm", "tfidf"), "embedders whose citations are scored")
    errors: bool = opt(False, "also list the held-out pairs the current bar gets wrong")
    lexical: tuple[float, ...] = opt(
        (), "weights of the TF-IDF cosine to try in the citation measure, calibrated on the tuning split"
    )


@dataclass(frozen=True)
class UpdatesEval:
    """Options of ``newsdesk eval updates``."""

    data: Path | None = opt(None, "JSONL (id, documents, summary); default ../shared/data/multinews/dev.jsonl")
    limit: int | None = opt(None, "first N examples only")
    words: int = opt(80, "word budget of every system's update")
    embedder: str = same_as(Options, "embedder")
    splitter: str = same_as(Options, "splitter")


@dataclass(frozen=True)
class ConflictsEval:
    """Options of ``newsdesk eval conflicts``."""

    data: Path | None = opt(None, "JSONL (id, documents); default ../shared/data/multinews/dev.jsonl")
    limit: int | None = opt(None, "first N examples only")
    skip: int = opt(0, "leave out the first N examples (a slice held out from a run with --limit N)")
    embedder: str = same_as(Options, "embedder")
    splitter: str = same_as(Options, "splitter")


@dataclass(frozen=True)
class Harness:
    """One evaluation: its name, what it measures, its options table and its module."""

    name: str
    help: str
    options: type
    module: str

    def run(self, options: Any, progress: Progress | None = None) -> Any:
        """Run the evaluation; return its result."""
        return importlib.import_module(self.module).run(options, progress)

    def markdown(self, result: Any) -> str:
        """The result as Markdown tables with a line on the data."""
        return str(importlib.import_module(self.module).markdown(result))


HARNESSES = {
    h.name: h
    for h in (
        Harness(
            "summarize",
            "ROUGE of every method on multi-document summaries with references",
            SummarizeEval,
            "newsdesk.eval.summarization",
        ),
        Harness(
            "extraction",
            "main-text extraction from HTML against gold text, newsdesk and other extractors",
            ExtractionEval,
            "newsdesk.eval.extraction",
        ),
        Harness(
            "clustering",
            "story grouping against known groups (pooled Multi-News, NewsWCL50)",
            ClusteringEval,
            "newsdesk.eval.clustering",
        ),
        Harness(
            "entities",
            "entity merging across outlets against NewsWCL50's gold concepts",
            EntitiesEval,
            "newsdesk.eval.entities",
        ),
        Harness(
            "quotes", "quote speakers against hand-annotated NewsWCL50 articles", QuotesEval, "newsdesk.eval.quotes"
        ),
        Harness(
            "citations",
            "citation precision and recall against labelled sentence x article pairs",
            CitationsEval,
            "newsdesk.eval.citations",
        ),
        Harness(
            "updates",
            "update summaries (what the second half of a cluster adds) against silver update references",
            UpdatesEval,
            "newsdesk.eval.updates",
        ),
        Harness(
            "conflicts",
            "figures that disagree: planted changed figures found, and conflicts in untouched clusters",
            ConflictsEval,
            "newsdesk.eval.conflicts",
        ),
        Harness(
            "offtopic",
            "off-topic document flags against Multi-News silver labels",
            OfftopicEval,
            "newsdesk.eval.offtopic",
        ),
    )
}
