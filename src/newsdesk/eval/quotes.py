"""``newsdesk eval quotes``: quote speakers against a hand-annotated set of NewsWCL50 articles.

The annotations (``data/annotations/newswcl50_quotes.jsonl``, how they were made is in the
README beside them) list, per article, every quotation of two words or more with the speakers
it may be credited to (several names where the text allows several, e.g. a joint statement),
or none for a quotation that reports nobody's words (a title, a nickname, a scare quote).

Each event's five articles are one story: newsdesk finds its entities and quotes, then every
annotated quotation is looked up among the quotes newsdesk cites in that article (the same
words, or one cut short of the other). Scores:

- found: annotated quotations newsdesk extracts at all;
- precision: of the speakers newsdesk names for annotated quotations, the share that are right
  (a speaker named for a quotation that reports nobody's words counts as wrong);
- recall: of the annotated quotations with a speaker, the share newsdesk credits rightly.

A speaker is right when it is one of the annotated names, compared by the last word ("Trump" =
"Donald Trump", "the statement" = "the joint statement") after lower-casing and hyphens.

The attribution rules were developed looking at events 0-2 only; events 3-5 are held out
(``TUNING_EVENTS``), and the command reports both.
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.analyze.entities import story_entities
from newsdesk.analyze.quotes import norm_words, same_quote, story_quotes
from newsdesk.errors import InputError
from newsdesk.eval import rounded_row
from newsdesk.eval.datasets import load_newswcl50, read_annotations, shared_data
from newsdesk.eval.harness import QuotesEval
from newsdesk.io.markdown import md_cell
from newsdesk.model import Article, Paragraph, Progress, content_id

ANNOTATIONS = Path(__file__).resolve().parents[3] / "data" / "annotations" / "newswcl50_quotes.jsonl"
TUNING_EVENTS = ("0", "1", "2")  # the annotated events looked at while writing the rules
_PARAGRAPH_MARK = " \\n "  # NewsWCL50's token file keeps the articles' paragraph breaks as a "\n" token


@dataclass
class GoldQuote:
    """One annotated quotation: the article, its words, who may be credited (empty: nobody)."""

    doc: str
    quote: str
    speakers: list[str] = field(default_factory=list)


def load_annotations(path: Path) -> list[GoldQuote]:
    """Read the annotated quotations (JSON lines ``{"doc", "quote", "speakers"}``).

    Raises:
        InputError: missing file or a line that is not an annotation.
    """
    gold = []
    for row in read_annotations(path, ("doc", "quote", "speakers")):
        speakers = row["speakers"]
        if not isinstance(speakers, list):
            raise InputError(str(path), f"the speakers of {row['doc']!s} are not a list")
        gold.append(GoldQuote(str(row["doc"]), str(row["quote"]), [str(s) for s in speakers]))
    return gold


def with_paragraphs(article: Article) -> Article:
    """The article with the paragraphs its token file marks (the loader keeps one per sentence)."""
    paras = [p.strip() for p in article.text.split(_PARAGRAPH_MARK.strip()) if p.strip()]
    text = "\n\n".join(paras)
    spans, at = [], 0
    for p in paras:
        spans.append(Paragraph(at, at + len(p)))
        at += len(p) + 2
    return Article(content_id(article.source, text), article.source, text, paragraphs=spans)


def _speaker_key(name: str) -> str:
    words = re.sub(r"[-’']", " ", name.lower()).replace(" s ", " ").split()
    return words[-1] if words else ""


def same_speaker(system: str, gold: list[str]) -> bool:
    """Whether ``system`` names one of the annotated speakers (compared by last word)."""
    key = _speaker_key(system)
    return bool(key) and any(_speaker_key(g) == key for g in gold)


@dataclass
class QuoteScores:
    """How newsdesk's quotes and speakers compare with the annotations."""

    articles: int
    quotations: int  # annotated
    with_speaker: int  # annotated quotations that report someone's words
    found: int
    attributed: int  # found quotations newsdesk names a speaker for
    correct: int
    precision: float
    recall: float
    f1: float
    finder: str

    def row(self) -> dict[str, object]:
        """JSON-ready."""
        return rounded_row(self)


def evaluate_quotes(
    articles: dict[str, Article],
    gold: list[GoldQuote],
    use_model: bool = True,
    progress: Progress | None = None,
) -> tuple[QuoteScores, list[dict[str, object]]]:
    """Extract each annotated NewsWCL50 event's quotes and score their speakers; return the
    scores and one row per annotated quotation (what newsdesk found and credited)."""
    docs = sorted({g.doc for g in gold})
    missing = [d for d in docs if d not in articles]
    if missing:
        raise InputError("annotations", f"name articles the data does not hold: {', '.join(missing[:5])}")
    stories: dict[str, dict[str, Article]] = defaultdict(dict)
    for doc in docs:
        stories[doc.split("_")[0]][doc] = with_paragraphs(articles[doc])
    return score_stories(dict(sorted(stories.items())), gold, use_model, progress)


def score_stories(
    stories: dict[str, dict[str, Article]],
    gold: list[GoldQuote],
    use_model: bool = True,
    progress: Progress | None = None,
) -> tuple[QuoteScores, list[dict[str, object]]]:
    """Find the quotes of each story (its articles by annotated name) and look every annotated
    quotation up among those newsdesk cites in its article."""
    found_in: dict[str, list[tuple[list[str], str | None]]] = defaultdict(list)
    finder = ""
    for n, story in enumerate(stories.values(), start=1):
        entities, finder = story_entities(list(story.values()), use_model)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unpaired quote marks: counted as quotations not found
            quotes = story_quotes(list(story.values()), entities)
        doc_of = {art.id: d for d, art in story.items()}
        for q in quotes:
            for c in q.citations:
                art = story[doc_of[c.article_id]]
                found_in[doc_of[c.article_id]].append((norm_words(art.text[c.start : c.end]), q.speaker))
        if progress:
            progress(n, len(stories))
    rows: list[dict[str, object]] = []
    for g in gold:
        words = norm_words(g.quote)
        match = next((speaker for span, speaker in found_in[g.doc] if same_quote(span, words)), "")
        rows.append(
            {"doc": g.doc, "quote": g.quote, "gold": g.speakers, "found": match != "", "speaker": match or None}
        )
    return score_rows(rows, finder), rows


def by_events(rows: list[dict[str, Any]]) -> list[tuple[str, QuoteScores]]:
    """Scores of all rows, of the events the rules were tuned on, and of the held-out ones."""
    tuning = [r for r in rows if str(r["doc"]).split("_")[0] in TUNING_EVENTS]
    held_out = [r for r in rows if str(r["doc"]).split("_")[0] not in TUNING_EVENTS]
    first, last = TUNING_EVENTS[0], TUNING_EVENTS[-1]
    return [
        ("all", score_rows(rows)),
        (f"tuning ({first}-{last})", score_rows(tuning)),
        ("held out", score_rows(held_out)),
    ]


def misses(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows newsdesk got wrong: not found, no speaker, a wrong one, or one for nobody's words."""
    return [
        r
        for r in rows
        if not (
            r["found"] and (same_speaker(str(r["speaker"] or ""), list(r["gold"])) or not (r["gold"] or r["speaker"]))
        )
    ]


def score_rows(rows: list[dict[str, Any]], finder: str = "") -> QuoteScores:
    """Scores of the rows ``evaluate_quotes`` returns (all of them, or a subset such as one
    group of events)."""
    found = sum(bool(r["found"]) for r in rows)
    named = [r for r in rows if r["found"] and r["speaker"]]
    correct = sum(bool(r["gold"]) and same_speaker(str(r["speaker"]), list(r["gold"])) for r in named)
    with_speaker = sum(bool(r["gold"]) for r in rows)
    precision = correct / len(named) if named else 0.0
    recall = correct / with_speaker if with_speaker else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return QuoteScores(
        articles=len({r["doc"] for r in rows}),
        quotations=len(rows),
        with_speaker=with_speaker,
        found=found,
        attributed=len(named),
        correct=correct,
        precision=precision,
        recall=recall,
        f1=f1,
        finder=finder,
    )


@dataclass
class QuoteSet:
    """One annotated set's scores: overall, on the stories the rules were tuned on, held out."""

    name: str
    data: str
    scores: QuoteScores
    rows: list[dict[str, Any]]
    parts: list[tuple[str, QuoteScores]]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "data": self.data,
            **self.scores.row(),
            "parts": {name: part.row() for name, part in self.parts},
            "quotes": self.rows,
        }


@dataclass
class QuotesResult:
    """What ``newsdesk eval quotes`` measured: NewsWCL50, and the general-news set when its
    data is at hand."""

    data: str
    scores: QuoteScores
    rows: list[dict[str, Any]]
    errors: bool = False  # list the misses in Markdown
    warnings: list[str] = field(default_factory=list)
    general: QuoteSet | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        out: dict[str, object] = {"data": self.data, **self.scores.row(), "quotes": self.rows}
        if self.general is not None:
            out["general"] = self.general.to_dict()
        return out


def run_general(options: QuotesEval, progress: Progress | None = None) -> QuoteSet:
    """Score the speakers of the general-news set (full-length Multi-News dev and the bundled
    example), by tuning and held-out story.

    Raises:
        InputError: the set's data or annotations are missing or do not match.
    """
    from newsdesk.eval import general

    files = (general.GENERAL_QUOTES, *(path for _, _, path in general.SAMPLES))
    gold = load_annotations(options.general) if options.general else [g for f in files for g in load_annotations(f)]
    stories, source = general.general_stories(options.general_data)
    known = {doc for story in stories.values() for doc in story}
    missing = sorted({g.doc for g in gold} - known)
    if missing:
        raise InputError("annotations", f"name articles the set does not hold: {', '.join(missing[:5])}")
    scores, rows = score_stories(stories, gold, options.use_model, progress)
    samples = [(name, sample) for name, sample, _ in general.SAMPLES]
    first = [r for r in rows if not general.is_tuning(str(r["doc"]))]
    parts = [
        ("tuning", score_rows([r for r in rows if general.is_tuning(str(r["doc"]))])),
        (
            "held out",
            score_rows([r for r in first if not any(general.in_sample(str(r["doc"]), s) for _, s in samples)]),
        ),
        *(
            (f"held out, {name} sample", score_rows([r for r in rows if general.in_sample(str(r["doc"]), sample)]))
            for name, sample in samples
        ),
    ]
    return QuoteSet("general news", source, scores, rows, parts)


def run(options: QuotesEval, progress: Progress | None = None) -> QuotesResult:
    """Find the quotes of the annotated NewsWCL50 articles and score their speakers; then the
    same on the general-news set when its data is found (a warning names it when not).

    Raises:
        InputError: no NewsWCL50 folder, or annotations that name articles it does not hold.
    """
    data = options.data or shared_data("newswcl50")
    if data is None:
        raise InputError("../shared/data/newswcl50", "not found; pass --data FOLDER")
    articles, _ = load_newswcl50(data)
    gold = load_annotations(options.annotations or ANNOTATIONS)
    scores, rows = evaluate_quotes(articles, gold, options.use_model, progress)
    result = QuotesResult(str(data), scores, rows, options.errors)
    if options.general_set:
        try:
            result.general = run_general(options)
        except InputError as exc:
            result.warnings.append(f"general-news set not scored: {exc}")
    return result


def _table(parts: list[tuple[str, QuoteScores]], first: str) -> list[str]:
    lines = [
        f"| {first} | quotations found | speakers named | right | precision | recall | F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, part in parts:
        lines.append(
            f"| {name} | {part.found} of {part.quotations} | {part.attributed} | {part.correct} | "
            f"{part.precision:.3f} | {part.recall:.3f} | {part.f1:.3f} |"
        )
    return lines


def _misses(rows: list[dict[str, Any]]) -> list[str]:
    lines = ["", "| article | quotation | annotated | newsdesk |", "|---|---|---|---|"]
    for row in misses(rows):
        shown = "not found" if not row["found"] else (row["speaker"] or "no speaker")
        annotated = md_cell(" / ".join(row["gold"]) or "—")
        lines.append(f"| {row['doc']} | {md_cell(str(row['quote'])[:70])} | {annotated} | {md_cell(str(shown))} |")
    return lines


def markdown(result: QuotesResult) -> str:
    """The data lines, a table per set by tuning and held-out stories and, when asked, the misses."""
    s = result.scores
    lines = [
        f"{s.articles} NewsWCL50 articles, {s.quotations} annotated quotations "
        f"({s.with_speaker} with a speaker); mentions by {s.finder}\n",
        *_table(by_events(result.rows), "events"),
    ]
    if result.errors:
        lines += _misses(result.rows)
    general = result.general
    if general is not None:
        g = general.scores
        lines += [
            "",
            f"General news: {g.articles} full-length articles of {general.data}, {g.quotations} annotated "
            f"quotations ({g.with_speaker} with a speaker)\n",
            *_table([("all", g), *general.parts], "stories"),
        ]
        if result.errors:
            lines += _misses(general.rows)
    return "\n".join(lines)
