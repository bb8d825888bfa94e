"""``newsdesk eval updates``: the update summary against what the new articles add.

The task of the TAC 2008-2011 update track, on Multi-News clusters: each cluster's cleaned
documents are split into the first half (read: ``n // 2`` of ``n``) and the rest (new). The
silver update reference is the reference summary's sentences that the read half mostly lacks:
a reference sentence whose stemmed content words are fewer than half present in the read
documents (the rule was fixed before anything was tuned); clusters with no such sentence, or
fewer than two documents, are left out.

Three systems, each whole sentences within the same word budget:

- ``newsdesk``: the update summary ``newsdesk story --since`` shows (``analyze.updates``: the
  new articles' sentences no read sentence states, by greedy MMR over the summarizer's
  relevance in the whole story plus the share of their words the read articles lack);
- ``lead``: the new articles' lead sentences, taken in turn;
- ``new only``: the default summary of the new articles alone.

Reported: ROUGE-1/2 against the silver reference (bootstrap intervals), the share of a
system's sentences that a read sentence already states (the embedder's same-content bar), and
the default's paired gain over each baseline (examples resampled together, one-sided p).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsdesk.embed import get_embedder
from newsdesk.eval.datasets import clean_documents, load_examples, shared_data
from newsdesk.eval.harness import UpdatesEval
from newsdesk.eval.rouge import bootstrap, resampled_means, rouge
from newsdesk.model import Article, Progress, Report, Summary
from newsdesk.pipeline import prepare
from newsdesk.settings import Options
from newsdesk.text.sentences import SPLITTERS
from newsdesk.text.tokens import content_terms

SYSTEMS = ("newsdesk", "lead", "new only")
LACKS = 0.5  # a reference sentence is new when fewer than half of its content words are in the read half


@dataclass
class SystemScores:
    """One system's per-example scores and how many of its sentences were already stated."""

    name: str
    rouge1: list[float] = field(default_factory=list)
    rouge2: list[float] = field(default_factory=list)
    sentences: int = 0
    stated: int = 0

    def row(self) -> dict[str, object]:
        """JSON-ready."""
        r1, r2 = bootstrap(self.rouge1), bootstrap(self.rouge2)
        return {
            "system": self.name,
            "rouge1": round(r1.mean, 2),
            "rouge1_low": round(r1.low, 2),
            "rouge1_high": round(r1.high, 2),
            "rouge2": round(r2.mean, 2),
            "rouge2_low": round(r2.low, 2),
            "rouge2_high": round(r2.high, 2),
            "already_stated": round(self.stated / max(self.sentences, 1), 4),
        }


@dataclass
class UpdatesResult:
    """What ``newsdesk eval updates`` measured."""

    data: str
    examples: int
    words: int
    systems: list[SystemScores]
    seconds: float
    warnings: list[str] = field(default_factory=list)

    def gains(self) -> list[dict[str, object]]:
        """The default's paired gain over each baseline on ROUGE-1 and ROUGE-2."""
        ours = self.systems[0]
        out: list[dict[str, object]] = []
        for other in self.systems[1:]:
            for metric in ("rouge1", "rouge2"):
                diff = np.asarray(getattr(ours, metric)) - np.asarray(getattr(other, metric))
                if not len(diff):
                    continue
                iv = bootstrap(diff)
                p = float((resampled_means(diff) <= 0).mean())
                out.append({"against": other.name, "metric": metric, "gain": round(iv.mean, 2),
                            "low": round(iv.low, 2), "high": round(iv.high, 2), "p": round(p, 4)})  # fmt: skip
        return out

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "data": self.data,
            "examples": self.examples,
            "words": self.words,
            "results": [s.row() for s in self.systems],
            "paired": self.gains(),
        }


def silver_update(reference: str, read: Sequence[Article]) -> str:
    """The reference sentences the read articles mostly lack (see the module docstring)."""
    known = {t for a in read for t in content_terms(a.text)}
    splitter = SPLITTERS.get("rules")
    new = []
    for start, end in splitter.split(" ".join(reference.split())):
        sentence = " ".join(reference.split())[start:end]
        terms = set(content_terms(sentence))
        if terms and len(terms & known) / len(terms) < LACKS:
            new.append(sentence)
    return " ".join(new)


def _budget(texts: Sequence[str], words: int) -> list[str]:
    out, used = [], 0
    for text in texts:
        size = len(text.split())
        if used + size <= words:
            out.append(text)
            used += size
    return out


def systems_for(
    articles: list[Article], split: int, options: Options, words: int, embedder: Any
) -> tuple[dict[str, list[str]], list[str]]:
    """Each system's update sentences for one cluster whose first ``split`` articles were read,
    and the read articles' sentences (split once, by ``prepare``)."""
    from newsdesk.analyze.updates import _new_sentences
    from newsdesk.summarize import SUMMARIZERS, StoryText

    prepared = prepare(articles, options, embedder)
    read, new = prepared[:split], [a for a in prepared[split:] if not a.offtopic]
    report = Report(articles=prepared, summary=Summary(options.method, [], words))
    ours = [u.text for u in _new_sentences(report, read, new, embedder, words, options.method) if u.brief]
    longest = max((len(a.sentences) for a in new), default=0)
    leads = [a.sentences[k].text for k in range(longest) for a in new if k < len(a.sentences)]
    alone: list[str] = []
    if new and any(a.sentences for a in new):
        story = StoryText(new, embedder)
        alone = [s.text for s in SUMMARIZERS.get(options.method).summarize(story, words).sentences]
    systems = {"newsdesk": ours, "lead": _budget(leads, words), "new only": alone}
    return systems, [s.text for a in read for s in a.sentences]


def run(options: UpdatesEval, progress: Progress | None = None) -> UpdatesResult:
    """Score the three systems on every usable cluster of ``options.data``."""
    data = options.data or shared_data("multinews", "dev.jsonl")
    examples = load_examples(data, options.limit)
    report_options = Options(embedder=options.embedder, splitter=options.splitter)
    embedder = get_embedder(options.embedder)
    bar = embedder.calibration.same_content
    scores = {name: SystemScores(name) for name in SYSTEMS}
    used, started = 0, time.perf_counter()
    for done, example in enumerate(examples, start=1):
        articles = clean_documents(example)[0]
        if len(articles) >= 2 and (example.reference or "").strip():
            split = len(articles) // 2
            reference = silver_update(example.reference or "", articles[:split])
            if reference:
                used += 1
                picked, read_sentences = systems_for(articles, split, report_options, options.words, embedder)
                read_vectors = embedder.encode(read_sentences)
                for name, sentences in picked.items():
                    r = rouge(" ".join(sentences), reference)
                    scores[name].rouge1.append(r["rouge1"])
                    scores[name].rouge2.append(r["rouge2"])
                    if sentences and len(read_vectors):
                        known = (embedder.encode(list(sentences)) @ read_vectors.T).max(axis=1)
                        scores[name].stated += int((known >= bar).sum())
                    scores[name].sentences += len(sentences)
        if progress:
            progress(done, len(examples))
    return UpdatesResult(str(data), used, options.words, list(scores.values()), time.perf_counter() - started)


def markdown(result: UpdatesResult) -> str:
    """The systems' table and the default's paired gains."""
    lines = [
        f"{result.examples} clusters of {result.data} (first half read, the rest new; silver update references), "
        f"{result.words} words, {result.seconds:.0f} s",
        "",
        "| system | ROUGE-1 | ROUGE-2 | already stated |",
        "|---|---|---|---|",
    ]
    for s in result.systems:
        row = s.row()
        lines.append(
            f"| {s.name} | {row['rouge1']} [{row['rouge1_low']}, {row['rouge1_high']}] | "
            f"{row['rouge2']} [{row['rouge2_low']}, {row['rouge2_high']}] | {float(str(row['already_stated'])):.1%} |"
        )
    lines += ["", "| newsdesk against | metric | gain | 95% interval | p |", "|---|---|---|---|---|"]
    for g in result.gains():
        lines.append(f"| {g['against']} | {g['metric']} | {g['gain']:+} | [{g['low']}, {g['high']}] | {g['p']} |")
    return "\n".join(lines)
