"""``newsdesk eval conflicts``: figures that disagree, found however they are worded.

For each cluster where two articles state one figure alike (an event count, a sum, a
percentage, an age or a distance that says what it is of: ``text.quantities``; in a sentence
the story's agreement compares), one copy of the cluster gets one planted change: that
figure, in the first article that states it, is replaced by another value (its value times
1.5, plus 3, rounded), the wording left as the article had it; the plant is recorded. The
story's agreement (``analyze.agreement``; number conflicts do not read the story's entities)
is built for the planted copy, and for every cluster of two or more articles as it is:

- **recall**: planted clusters whose conflicts include one between the planted figure's
  sentence and another article;
- **found in untouched clusters**: every number conflict the clusters as they are give, listed
  (``--json``) so a sample can be labelled real disagreement or change vs. different things
  counted, for precision.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace

from newsdesk.analyze.agreement import stated_counts, story_agreement
from newsdesk.embed import get_embedder
from newsdesk.eval.datasets import clean_documents, load_examples, shared_data
from newsdesk.eval.harness import ConflictsEval
from newsdesk.model import Article, Progress
from newsdesk.pipeline import prepare
from newsdesk.settings import Options
from newsdesk.text.quantities import comparable


@dataclass
class ConflictsResult:
    """What ``newsdesk eval conflicts`` measured."""

    data: str
    planted: int
    found: int
    untouched: int
    untouched_conflicts: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "data": self.data,
            "planted": self.planted,
            "found": self.found,
            "recall": round(self.found / max(self.planted, 1), 4),
            "untouched_clusters": self.untouched,
            "untouched_conflicts": len(self.untouched_conflicts),
            "conflicts": self.untouched_conflicts,
        }


def plant(articles: list[Article]) -> tuple[list[Article], str, str] | None:
    """The cluster with one figure changed in one article: the first exact figure (in digits)
    that the story's agreement compares (``agreement.stated_counts`` of the sentences of the
    articles as ``pipeline.prepare`` left them: split, off-topic ones flagged; a figure that
    says what it is of) and that another article of the cluster states too (the same thing,
    the same value), so the change is a disagreement to find; its new value is written in the
    old one's place (the text's offsets kept). Returns the articles (sentences cleared, to be
    prepared again), the changed article's id and the new figure; None when no figure is
    stated twice."""
    figures = [
        (a, s.start + q.start, s.start + q.end, q)
        for _, a, s, q in stated_counts([(a, s) for a in articles if not a.offtopic for s in a.sentences])
        if q.exact and comparable(q)
    ]
    said: dict[tuple[str, str, float], set[str]] = {}
    for a, _, _, q in figures:
        said.setdefault((q.what, q.subject, q.value), set()).add(a.id)
    for art, q_start, q_end, q in figures:
        if not said[(q.what, q.subject, q.value)] - {art.id}:
            continue  # no other article states it
        digits = re.search(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+", art.text[q_start:q_end])
        if digits is None:
            continue  # a figure in words ("three"): left alone, its length would change
        start = q_start + digits.start()
        old = digits.group(0)
        new = str(round(float(old.replace(",", "")) * 1.5 + 3))
        if len(new) > len(old) + 1:
            continue
        text = art.text[:start] + new + art.text[start + len(old) :]
        shift = len(new) - len(old)
        paragraphs = [
            replace(p, start=p.start + (shift if p.start > start else 0), end=p.end + (shift if p.end > start else 0))
            for p in art.paragraphs
        ]
        k = next(n for n, a in enumerate(articles) if a.id == art.id)
        changed = replace(articles[k], text=text, id=art.id + "-planted", paragraphs=paragraphs, sentences=[])
        fresh = [replace(a, sentences=[]) for a in articles]
        return [*fresh[:k], changed, *fresh[k + 1 :]], changed.id, new
    return None


def run(options: ConflictsEval, progress: Progress | None = None) -> ConflictsResult:
    """Plant and look for one changed figure per usable cluster of ``options.data``."""
    data = options.data or shared_data("multinews", "dev.jsonl")
    limit = None if options.limit is None else options.skip + options.limit
    examples = load_examples(data, limit)[options.skip :]
    report_options = Options(embedder=options.embedder, splitter=options.splitter)
    embedder = get_embedder(options.embedder)
    result = ConflictsResult(str(data), 0, 0, 0)
    started = time.perf_counter()
    for done, example in enumerate(examples, start=1):
        articles = clean_documents(example)[0]
        prepared = prepare(articles, report_options, embedder) if len(articles) >= 2 else []
        planted = plant(prepared) if prepared else None
        if planted is not None:
            changed, changed_id, value = planted
            agreement = story_agreement(prepare(changed, report_options, embedder), embedder)
            result.planted += 1
            result.found += any(
                c.kind == "number"
                and value in " ".join(c.values)
                and changed_id in {x.article_id for x in (*c.first.citations, *c.second.citations)}
                for c in agreement.conflicts
            )
        if prepared:
            result.untouched += 1
            for c in story_agreement(prepared, embedder).conflicts:
                if c.kind == "number":
                    result.untouched_conflicts.append(
                        {
                            "example": example.id,
                            "values": " / ".join(c.values),
                            "first": c.first.text,
                            "second": c.second.text,
                        }
                    )
        if progress:
            progress(done, len(examples))
    result.seconds = time.perf_counter() - started
    return result


def markdown(result: ConflictsResult) -> str:
    """Recall of the planted figures, and the number conflicts of the untouched clusters."""
    d = result.to_dict()
    lines = [
        f"{result.planted} clusters of {result.data} with one planted changed figure, {result.seconds:.0f} s",
        "",
        "| planted | found | recall | untouched clusters | their number conflicts |",
        "|---|---|---|---|---|",
        f"| {result.planted} | {result.found} | {d['recall']:.3f} | {result.untouched} | {len(result.untouched_conflicts)} |",
    ]
    if result.untouched_conflicts:
        lines += ["", "Number conflicts in untouched clusters (label a sample for precision):", ""]
        lines += [
            f"- {c['example']}: **{c['values']}** — {c['first'][:160]} / {c['second'][:160]}"
            for c in result.untouched_conflicts
        ]
    return "\n".join(lines)
