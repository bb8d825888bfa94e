"""``newsdesk eval citations``: do a summary sentence's citations point at the articles that
state it, and only at those?

The labelled set (``data/annotations/citations.csv``, guideline and agreement in
``data/annotations/README.md``) pairs candidate summary sentences of the NewsWCL50 events and
the bundled example story with every other article of their story, each labelled ``full``
(the article states the whole sentence), ``partial`` (part of it) or ``none``. Events were split
into ``tuning`` (even events and the examples) and ``heldout`` (odd events) before any bar was
chosen. Each story is rebuilt as the candidates were made (``citation_stories``); newsdesk
cites an article for a sentence when ``StoryText.supported`` says so at the embedder's
``citation`` bar (cosine of the closest sentence, no contradicting figure).

Scores, per split and embedder, in the manner of ALCE's citation precision and recall:
- **precision (full)**: of the cited pairs, the share labelled ``full``;
- **partial**: the share labelled ``partial`` (supported in part); **supported** is the sum;
- **recall**: of the pairs labelled ``full``, the share cited.

Calibration is reproducible: ``calibrate`` returns, for the tuning split, the lowest bar at which
at least 90% of citations are supported (``citation``) and the lowest at which at least 90%
are labelled ``full`` (``full_support``, a citation's strength). The result also gives the bars
used before the calibration (``PREVIOUS``) on both splits.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from newsdesk import pipeline
from newsdesk.embed import Calibration, Embedder, get_embedder
from newsdesk.errors import InputError
from newsdesk.eval.datasets import default_examples, load_newswcl50, shared_data
from newsdesk.eval.harness import CitationsEval
from newsdesk.model import Article, Progress
from newsdesk.settings import Options
from newsdesk.summarize import StoryText

LABELS = Path(__file__).resolve().parents[3] / "data" / "annotations" / "citations.csv"
SPLITS = ("tuning", "heldout")
PREVIOUS = {"minilm": 0.72, "minilm-torch": 0.72, "tfidf": 0.40}  # the citation bar before the calibration
TARGET = 0.90  # calibration: the share of citations that must be supported (or labelled full)


def source_name(article: Article) -> str:
    """The file name an article was read from (``0_L``, ``000_....txt``): the set's article key."""
    return article.source.split(":")[-1].split("/")[-1]


def citation_stories(newswcl50: Path | None = None) -> list[tuple[str, str, list[Article]]]:
    """``(story, split, articles)`` of every NewsWCL50 event and the bundled example story, as
    the labelled set was drawn from them: even events and the examples tune, odd events are held out.

    Raises:
        InputError: the NewsWCL50 folder is missing.
    """
    folder = newswcl50 or shared_data("newswcl50")
    if folder is None or not folder.is_dir():
        raise InputError(str(folder or "../shared/data/newswcl50"), "NewsWCL50 folder not found")
    articles, _ = load_newswcl50(folder)
    events: dict[str, list[Article]] = {}
    for doc, art in sorted(articles.items()):
        events.setdefault(doc.split("_")[0], []).append(art)
    out = [(f"newswcl50-{e}", "tuning" if int(e) % 2 == 0 else "heldout", arts) for e, arts in sorted(events.items())]
    return [*out, ("examples", "tuning", pipeline.read([str(default_examples())]).articles)]


def prepare_story(articles: list[Article]) -> list[Article]:
    """A story's articles split as the labelled set's candidates were (no off-topic flags: every
    article of the story is labelled)."""
    return pipeline.prepare(articles, Options(keep_offtopic=True, splitter="pysbd"))


@dataclass(frozen=True)
class Pair:
    """One labelled sentence x article pair and what newsdesk makes of it."""

    story: str
    split: str
    sentence: str  # story/source/index of the sentence
    text: str
    article: str  # source name of the other article
    label: str  # full, partial or none
    similarity: float  # the citation measure of the article's closest sentence (``StoryText.citation_match``)
    clash: bool  # that sentence gives another figure for a thing both count
    cosine: float = 0.0  # the embedder's cosine alone of its closest sentence (what citations read before)
    cosine_clash: bool = False  # ``clash`` for that sentence

    def cited(self, bar: float, before: bool = False) -> bool:
        """Whether newsdesk cites the article at ``bar``: on the citation measure, or on the
        cosine alone as before the calibration; never over a contradicting figure."""
        if before:
            return self.cosine >= bar and not self.cosine_clash
        return self.similarity >= bar and not self.clash


def load_labels(path: Path) -> list[dict[str, str]]:
    """The labelled pairs.

    Raises:
        InputError: the file is missing or holds a label other than full, partial or none.
    """
    if not path.is_file():
        raise InputError(str(path), "no such file")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    bad = [r for r in rows if r.get("label") not in ("full", "partial", "none")]
    if bad:
        raise InputError(str(path), f"label {bad[0].get('label')!r} is not full, partial or none")
    return rows


@dataclass
class _Recalibrated:
    """An embedder's vectors under other thresholds (a lexical weight under trial)."""

    inner: Embedder
    calibration: Calibration
    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.inner.encode(texts)


Stories = list[tuple[str, str, list[Article]]]  # (story, split, prepared articles)


def labelled_stories(labels: list[dict[str, str]], newswcl50: Path | None = None) -> Stories:
    """The stories that hold labelled pairs, read and split once (``prepare_story``)."""
    names = {row["story"] for row in labels}
    return [(name, split, prepare_story(arts)) for name, split, arts in citation_stories(newswcl50) if name in names]


def judge(
    labels: list[dict[str, str]],
    embedder: str,
    newswcl50: Path | None = None,
    lexical: float | None = None,
    stories: Stories | None = None,
) -> list[Pair]:
    """Every labelled pair with the measure and figure check newsdesk's citation reads (with
    ``lexical`` as the embedder's lexical weight, when given); ``stories`` as
    ``labelled_stories`` gives them, when already read."""
    emb: Embedder = get_embedder(embedder)
    if lexical is not None:
        emb = _Recalibrated(emb, replace(emb.calibration, lexical=lexical), emb.name)
    by_story: dict[str, list[dict[str, str]]] = {}
    for row in labels:
        by_story.setdefault(row["story"], []).append(row)
    pairs: list[Pair] = []
    for name, split, prepared in stories if stories is not None else labelled_stories(labels, newswcl50):
        story = StoryText(prepared, emb)
        best, _ = story.citation_match
        cosine, _ = story.best_match
        clashes = ~story.supported(-1.0, story.citation_match)  # at any bar, only a contradicting figure is no support
        cosine_clashes = ~story.supported(-1.0)
        column = {source_name(a): k for k, a in enumerate(prepared)}
        row_of = {
            f"{name}/{source_name(prepared[int(story.sentence_article[i])])}/{s.index}": i
            for i, s in enumerate(story.sentences)
        }
        for row in by_story[name]:
            i, a = row_of[row["sentence"]], column[row["article"]]
            text = story.sentences[i].text
            pairs.append(
                Pair(
                    name,
                    split,
                    row["sentence"],
                    text,
                    row["article"],
                    row["label"],
                    float(best[i, a]),
                    bool(clashes[i, a]),
                    float(cosine[i, a]),
                    bool(cosine_clashes[i, a]),
                )
            )
    return pairs


@dataclass
class Scores:
    """Citation precision and recall of one split at one bar."""

    embedder: str
    split: str
    bar: float
    kind: str  # which bar: "before" (PREVIOUS), "citation" (what is cited), "full_support" (marked full)
    pairs: int
    cited: int
    cited_full: int
    cited_partial: int
    full: int  # pairs labelled full
    full_cited: int  # of those, cited

    @property
    def precision(self) -> float:
        """Share of cited pairs labelled full."""
        return self.cited_full / self.cited if self.cited else 0.0

    @property
    def partial(self) -> float:
        """Share of cited pairs labelled partial."""
        return self.cited_partial / self.cited if self.cited else 0.0

    @property
    def recall(self) -> float:
        """Share of full pairs cited."""
        return self.full_cited / self.full if self.full else 0.0

    def row(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "embedder": self.embedder,
            "split": self.split,
            "bar": self.bar,
            "kind": self.kind,
            "pairs": self.pairs,
            "cited": self.cited,
            "precision_full": round(self.precision, 3),
            "partial": round(self.partial, 3),
            "supported": round(self.precision + self.partial, 3),
            "recall": round(self.recall, 3),
        }


def score(pairs: list[Pair], embedder: str, split: str, bar: float, kind: str = "citation") -> Scores:
    """Precision and recall of ``split``'s pairs when an article is cited at ``bar`` (on the
    embedder's cosine alone for ``kind`` "before", as citations were judged then; the clash
    check came with the calibration, so it is applied to every kind)."""
    own = [p for p in pairs if p.split == split]
    cited = [p for p in own if p.cited(bar, before=kind == "before")]
    return Scores(
        embedder,
        split,
        bar,
        kind,
        len(own),
        len(cited),
        sum(p.label == "full" for p in cited),
        sum(p.label == "partial" for p in cited),
        sum(p.label == "full" for p in own),
        sum(p.label == "full" for p in cited),
    )


def calibrate(pairs: list[Pair], embedder: str, target: float = TARGET) -> tuple[float, float]:
    """``(citation, full_support)`` from the tuning split: the lowest bar (0.01 steps) at
    which ``target`` of the citations are supported, and the lowest at which ``target`` are
    labelled full (with ten citations or more)."""
    grid = [round(float(b), 2) for b in np.arange(0.0, 2.0, 0.01)]  # a lexical share can take the measure past 1
    scores = [score(pairs, embedder, "tuning", b) for b in grid]
    same = next(s.bar for s in scores if s.cited and s.precision + s.partial >= target)
    full = next(s.bar for s in scores if s.cited >= 10 and s.precision >= target)
    return same, full


@dataclass(frozen=True)
class LexicalTrial:
    """One lexical weight tried: the bars the tuning split gives under it, and recall there."""

    weight: float
    citation: float
    full_support: float
    tuning: Scores  # at ``citation``
    heldout: Scores  # at ``citation``, for the record: the choice reads tuning only


def lexical_trials(
    labels: list[dict[str, str]],
    embedder: str,
    weights: tuple[float, ...],
    newswcl50: Path | None = None,
    stories: Stories | None = None,
) -> list[LexicalTrial]:
    """Calibrate the citation bars under each lexical weight on the tuning split (``stories``
    as for ``judge``)."""
    stories = stories if stories is not None else labelled_stories(labels, newswcl50)
    trials = []
    for weight in weights:
        pairs = judge(labels, embedder, lexical=weight, stories=stories)
        citation, full = calibrate(pairs, embedder)
        tuning, heldout = (score(pairs, embedder, split, citation) for split in SPLITS)
        trials.append(LexicalTrial(weight, citation, full, tuning, heldout))
    return trials


def best_lexical(trials: list[LexicalTrial]) -> LexicalTrial:
    """The weight with the highest tuning recall at its bar (90% of citations supported); the
    smallest such weight on a tie."""
    return max(trials, key=lambda t: (round(t.tuning.recall, 6), -t.weight))


@dataclass
class CitationsResult:
    """What ``newsdesk eval citations`` measured."""

    labels: str
    scores: list[Scores]
    calibrated: dict[str, tuple[float, float]]  # embedder -> bars the tuning split gives
    errors: list[Pair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    trials: dict[str, list[LexicalTrial]] = field(default_factory=dict)  # embedder -> lexical weights tried

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "labels": self.labels,
            "scores": [s.row() for s in self.scores],
            "calibrated": {e: {"citation": a, "full_support": b} for e, (a, b) in self.calibrated.items()},
            "errors": [p.__dict__ for p in self.errors],
            "lexical": {
                e: {
                    "best": best_lexical(ts).weight,
                    "trials": [
                        {
                            "weight": t.weight,
                            "citation": t.citation,
                            "full_support": t.full_support,
                            "tuning": t.tuning.row(),
                            "heldout": t.heldout.row(),
                        }
                        for t in ts
                    ],
                }
                for e, ts in self.trials.items()
            },
        }


def run(options: CitationsEval, progress: Progress | None = None) -> CitationsResult:
    """Score each embedder's citations on both splits, at the bar before the calibration and at
    its current ``citation`` bar; list the misses of the current bar with ``errors``.

    Raises:
        InputError: the labels or NewsWCL50 are missing.
    """
    path = options.labels or LABELS
    labels = load_labels(path)
    scores: list[Scores] = []
    calibrated = {}
    errors: list[Pair] = []
    trials: dict[str, list[LexicalTrial]] = {}
    stories = labelled_stories(labels, options.newswcl50)
    for done, embedder in enumerate(options.embedders, start=1):
        pairs = judge(labels, embedder, stories=stories)
        cal = get_embedder(embedder).calibration
        bar = cal.citation
        for split in SPLITS:
            if embedder in PREVIOUS:
                scores.append(score(pairs, embedder, split, PREVIOUS[embedder], "before"))
            scores.append(score(pairs, embedder, split, bar, "citation"))
            scores.append(score(pairs, embedder, split, cal.full_support, "full_support"))
        calibrated[embedder] = calibrate(pairs, embedder)
        if options.lexical and embedder != "tfidf":  # TF-IDF's own cosine is the lexical measure already
            trials[embedder] = lexical_trials(labels, embedder, options.lexical, stories=stories)
        if options.errors:
            errors += [p for p in pairs if p.split == "heldout" and p.cited(bar) != (p.label == "full")]
        if progress:
            progress(done, len(options.embedders))
    return CitationsResult(str(path), scores, calibrated, errors, trials=trials)


def markdown(result: CitationsResult) -> str:
    """The scores table, the bars the tuning split gives, and the misses when asked."""
    lines = [
        f"Labelled pairs: {result.labels}",
        "",
        "| embedder | split | bar | pairs | cited | precision (full) | partial | supported | recall |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in result.scores:
        r = s.row()
        lines.append(
            f"| {s.embedder} | {s.split} | {s.bar:.2f} ({s.kind}) | {s.pairs} | {s.cited} | {r['precision_full']:.3f} | "
            f"{r['partial']:.3f} | {r['supported']:.3f} | {r['recall']:.3f} |"
        )
    lines += [
        "",
        "Bars: before, the citation bar before the calibration (same_content); citation, the bar from which an",
        "article is cited; full_support, the bar from which a citation is marked full (below it, partial).",
        "",
        "Bars the tuning split gives (90% of citations supported; 90% labelled full):",
        "",
    ]
    lines += [f"- {e}: citation {a:.2f}, full_support {b:.2f}" for e, (a, b) in result.calibrated.items()]
    for embedder, trials in result.trials.items():
        best = best_lexical(trials)
        lines += [
            "",
            f"Lexical weights for {embedder} (bars from the tuning split; the best tuning recall is chosen: "
            f"{best.weight:g}):",
            "",
            "| lexical | citation | full_support | tuning supported | tuning recall | held-out supported | held-out recall |",
            "|---|---|---|---|---|---|---|",
        ]
        for t in trials:
            tu, ho = t.tuning.row(), t.heldout.row()
            lines.append(
                f"| {t.weight:g} | {t.citation:.2f} | {t.full_support:.2f} | {tu['supported']:.3f} | {tu['recall']:.3f} "
                f"| {ho['supported']:.3f} | {ho['recall']:.3f} |"
            )
    if result.errors:
        lines += ["", "Held-out misses at the current bar (cited but not full, or full but not cited):", ""]
        for p in result.errors:
            verdict = "cited" if p.label != "full" else "not cited"
            lines.append(
                f"- {p.sentence} -> {p.article}: labelled {p.label}, {verdict} (measure {p.similarity:.2f}, "
                f"cosine {p.cosine:.2f}): {p.text}"
            )
    return "\n".join(lines)
