"""``newsdesk eval extraction``: main-text extraction from HTML against gold article bodies.

The data is the layout of the scrapinghub article-extraction benchmark: ``html/<id>.html.gz``
pages and ``ground-truth.json`` mapping each id to ``{"articleBody": ..., "url": ...}``.

Scores follow the benchmark: per page, true/false positives and negatives are counted over a
bag of tokens of the extracted text against the gold ``articleBody`` and normalised by the
page's total (so long pages do not weigh more); precision and recall are averaged over pages
and F1 is their harmonic mean. Two token bags are reported: whitespace tokens (``tokens``) and
the benchmark script's 4-gram shingles of ``\\w+`` tokens (``shingles``), which also punish
text in the wrong order. Every extractor runs on the same pages in one process, timed.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.errors import InputError
from newsdesk.eval.datasets import shared_data
from newsdesk.eval.harness import ExtractionEval
from newsdesk.model import Article, Progress
from newsdesk.registry import Registry

Extractor = Callable[[str], str]
EXTRACTORS: Registry[Extractor] = Registry("extractor")
DEFAULT_EXTRACTORS = ("newsdesk", "trafilatura", "readability", "newspaper4k", "justext", "boilerpy3")
BAGS = ("tokens", "shingles")

_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    """One benchmark page: its HTML and the gold main text."""

    id: str
    html: str
    gold: str


def load_pages(folder: Path, limit: int | None = None) -> list[Page]:
    """Read ``ground-truth.json`` and the gzipped pages beside it (ids in sorted order).

    Raises:
        InputError: the folder or its ground truth is missing or unreadable.
    """
    truth_path = folder / "ground-truth.json"
    if not truth_path.is_file():
        raise InputError(str(folder), "has no ground-truth.json (expected the article-extraction benchmark layout)")
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(truth_path), f"is not valid JSON ({exc})") from None
    pages = []
    for page_id in sorted(truth)[:limit]:
        path = folder / "html" / f"{page_id}.html.gz"
        try:
            html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        except (OSError, EOFError) as exc:
            raise InputError(str(path), f"cannot be read ({exc})") from None
        pages.append(Page(page_id, html, str(truth[page_id].get("articleBody") or "")))
    return pages


def token_bag(text: str) -> Counter[str]:
    """Whitespace tokens of ``text``, counted."""
    return Counter(text.split())


def shingle_bag(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Overlapping ``n``-grams of ``\\w+`` tokens (one shorter shingle when the text is short)."""
    words = _WORD_RE.findall(text)
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words[i : i + n])


def overlap(gold: Counter[Any], pred: Counter[Any]) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of two bags; all zero when both are empty."""
    tp = sum((gold & pred).values())
    fp = sum(pred.values()) - tp
    fn = sum(gold.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision_recall_f1(counts: Sequence[tuple[float, float, float]]) -> tuple[float, float, float]:
    """The benchmark's aggregate: mean per-page precision and recall, F1 of the two means."""

    def ratio(tp: float, other: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return tp / (tp + other) if tp + other else 0.0

    precisions = [ratio(tp, fp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [ratio(tp, fn, fp, fn) for tp, fp, fn in counts if tp + fn > 0]
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class ExtractorResult:
    """Per-page overlaps and timings of one extractor (or why it could not run)."""

    name: str
    counts: dict[str, list[tuple[float, float, float]]] = field(default_factory=lambda: {b: [] for b in BAGS})
    seconds: float = 0.0
    failures: int = 0
    unavailable: str | None = None

    def scores(self, bag: str) -> tuple[float, float, float]:
        """Precision, recall and F1 over the pages for ``bag`` (``tokens`` or ``shingles``)."""
        return precision_recall_f1(self.counts[bag])

    @property
    def pages_per_second(self) -> float:
        """Pages extracted per second of extractor time."""
        return len(self.counts["tokens"]) / self.seconds if self.seconds else 0.0

    def row(self) -> dict[str, object]:
        """JSON-ready summary."""
        if self.unavailable:
            return {"extractor": self.name, "unavailable": self.unavailable}
        out: dict[str, object] = {"extractor": self.name, "pages": len(self.counts["tokens"])}
        for bag in BAGS:
            p, r, f = self.scores(bag)
            out[bag] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
        out["pages_per_second"] = round(self.pages_per_second, 1)
        out["failures"] = self.failures
        return out


def evaluate_extraction(
    pages: Sequence[Page], names: Sequence[str] = DEFAULT_EXTRACTORS, progress: Progress | None = None
) -> list[ExtractorResult]:
    """Run every extractor on every page; an extractor that is not installed is reported so.

    A page an extractor fails on (raises) counts as an empty extraction and a failure.
    """
    results = []
    for name in names:
        result = ExtractorResult(name)
        results.append(result)
        try:
            extract = EXTRACTORS.get(name)
        except ImportError as exc:
            result.unavailable = f"not installed ({exc.name})"
            continue
        for page in pages:
            start = time.perf_counter()
            try:
                text = extract(page.html) or ""
            except Exception:  # a third-party extractor crashing on one page is its score, not ours
                text = ""
                result.failures += 1
            result.seconds += time.perf_counter() - start
            result.counts["tokens"].append(overlap(token_bag(page.gold), token_bag(text)))
            result.counts["shingles"].append(overlap(shingle_bag(page.gold), shingle_bag(text)))
        if progress:
            progress(len(results), len(names))
    return results


def format_table(results: Sequence[ExtractorResult]) -> str:
    """A Markdown table: extractor, token P/R/F1, shingle F1, pages/second."""
    lines = [
        "| extractor | precision | recall | F1 | F1 (4-gram shingles) | pages/s |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        if r.unavailable:
            lines.append(f"| {r.name} | {r.unavailable} | | | | |")
            continue
        p, rec, f = r.scores("tokens")
        fs = r.scores("shingles")[2]
        lines.append(f"| {r.name} | {p:.3f} | {rec:.3f} | {f:.3f} | {fs:.3f} | {r.pages_per_second:.1f} |")
    return "\n".join(lines)


@dataclass
class ExtractionReport:
    """What ``newsdesk eval extraction`` measured."""

    data: str
    pages: int
    results: list[ExtractorResult]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {"data": self.data, "pages": self.pages, "results": [r.row() for r in self.results]}


def run(options: ExtractionEval, progress: Progress | None = None) -> ExtractionReport:
    """Every extractor on every page of the benchmark.

    Raises:
        InputError: no benchmark folder, or one that lists no pages.
        UnknownMethodError: an extractor name that is not registered.
    """
    data = options.data or shared_data("article-extraction")
    if data is None:
        raise InputError("../shared/data/article-extraction", "not found; pass --data FOLDER")
    pages = load_pages(data, options.limit)
    if not pages:
        raise InputError(str(data), "ground-truth.json lists no pages")
    names = options.extractors or DEFAULT_EXTRACTORS
    for name in names:
        if name not in EXTRACTORS:
            EXTRACTORS.get(name)  # raises the "unknown extractor ..., choose one of" error
    return ExtractionReport(str(data), len(pages), evaluate_extraction(pages, names, progress))


def markdown(report: ExtractionReport) -> str:
    """The data line and the table."""
    return f"{report.pages} pages from {report.data}\n\n" + format_table(report.results)


@EXTRACTORS.register("newsdesk", "newsdesk's HTML reader: trafilatura (precision mode) plus the text cleaner")
def _newsdesk() -> Extractor:
    from newsdesk.io.html import extract_html

    def extract(html: str) -> str:
        item = extract_html(html, "page")
        return item.text if isinstance(item, Article) else ""

    return extract


@EXTRACTORS.register("trafilatura", "plain trafilatura.extract with its defaults")
def _trafilatura() -> Extractor:
    import trafilatura

    return lambda html: trafilatura.extract(html) or ""


@EXTRACTORS.register("readability", "readability-lxml (Mozilla Readability port), text of its summary HTML")
def _readability() -> Extractor:
    import lxml.html
    from readability import Document

    return lambda html: lxml.html.fromstring(Document(html).summary()).text_content()


@EXTRACTORS.register("justext", "jusText with its English stop list, non-boilerplate paragraphs")
def _justext() -> Extractor:
    import justext

    stoplist = justext.get_stoplist("English")
    return lambda html: "\n".join(
        p.text for p in justext.justext(html.encode("utf-8"), stoplist) if not p.is_boilerplate
    )


@EXTRACTORS.register("boilerpy3", "boilerpy3's ArticleExtractor (Boilerpipe port)")
def _boilerpy3() -> Extractor:
    from boilerpy3 import extractors

    extractor = extractors.ArticleExtractor()
    return lambda html: extractor.get_content(html)


@EXTRACTORS.register(
    "newspaper4k", "newspaper4k's Article.parse on the given HTML (image fetching off: it would go online)"
)
def _newspaper4k() -> Extractor:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "nltk is not installed": only its NLP extras need it
        import newspaper

    config = newspaper.Config()
    config.fetch_images = False

    def extract(html: str) -> str:
        article = newspaper.Article("https://example.invalid/", config=config)
        article.download(input_html=html)
        article.parse()
        return str(article.text)

    return extract
