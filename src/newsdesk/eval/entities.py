"""``newsdesk eval entities``: entity merging across outlets against NewsWCL50's gold.

NewsWCL50 tags every mention of a concept in 10 events x 5 outlets (``conll.csv``: one token a
row, tags such as ``(0_USA_Trump_ACTOR`` ... ``0_USA_Trump_ACTOR)``). Each event's five
articles are one story: newsdesk finds and merges its entities, then every gold mention of a
named kind (actors, countries, groups, organisations) that overlaps a newsdesk mention is
scored: B-cubed precision/recall/F1 of newsdesk's entities against the gold concepts over
those mentions, the share of gold mentions found at all, and how many gold concepts end up
under exactly one canonical name. Descriptions and pronouns ("the president", "he") are gold
mentions newsdesk does not try to find; they count against coverage only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from newsdesk.analyze.entities import story_entities
from newsdesk.errors import InputError
from newsdesk.eval import rounded_row
from newsdesk.eval.datasets import GoldMention, load_newswcl50, shared_data
from newsdesk.eval.harness import EntitiesEval
from newsdesk.eval.metrics import bcubed
from newsdesk.model import Article, Progress


@dataclass
class EntityScores:
    """How newsdesk's merging compares with the gold concepts."""

    gold_mentions: int
    found: int
    precision: float
    recall: float
    f1: float
    concepts: int
    single_name: int
    finder: str

    def row(self) -> dict[str, object]:
        """JSON-ready."""
        return rounded_row(self)


def evaluate_entities(
    articles: dict[str, Article],
    gold: list[GoldMention],
    use_model: bool = True,
    progress: Progress | None = None,
) -> EntityScores:
    """Merge each event's entities and score them against the gold mentions."""
    events: dict[str, list[str]] = defaultdict(list)
    for doc in sorted(articles):
        events[doc.split("_")[0]].append(doc)
    pred: list[str] = []
    truth: list[str] = []
    finder = ""
    for n, (event, docs) in enumerate(sorted(events.items()), start=1):
        story = [articles[d] for d in docs]
        entities, finder = story_entities(story, use_model)
        spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for k, entity in enumerate(entities):
            for m in entity.mentions:
                spans[m.article_id].append((m.start, m.end, f"{event}:{k}"))
        for g in (g for g in gold if g.doc in docs):
            art = articles[g.doc]
            hit = [label for s, e, label in spans[art.id] if s < g.end and e > g.start]
            if hit:
                pred.append(hit[0])
                truth.append(g.concept)
        if progress:
            progress(n, len(events))
    p, r, f = bcubed(pred, truth)
    by_concept: dict[str, set[str]] = defaultdict(set)
    for label, concept in zip(pred, truth, strict=True):
        by_concept[concept].add(label)
    return EntityScores(
        gold_mentions=len(gold),
        found=len(pred),
        precision=p,
        recall=r,
        f1=f,
        concepts=len(by_concept),
        single_name=sum(len(labels) == 1 for labels in by_concept.values()),
        finder=finder,
    )


@dataclass
class EntitiesResult:
    """What ``newsdesk eval entities`` measured."""

    data: str
    articles: int
    scores: EntityScores
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {"data": self.data, **self.scores.row()}


def run(options: EntitiesEval, progress: Progress | None = None) -> EntitiesResult:
    """Merge each NewsWCL50 event's entities and score them against the gold concepts.

    Raises:
        InputError: no NewsWCL50 folder.
    """
    data = options.data or shared_data("newswcl50")
    if data is None:
        raise InputError("../shared/data/newswcl50", "not found; pass --data FOLDER")
    articles, gold = load_newswcl50(data)
    return EntitiesResult(str(data), len(articles), evaluate_entities(articles, gold, options.use_model, progress))


def markdown(result: EntitiesResult) -> str:
    """The data line and the table."""
    s = result.scores
    return "\n".join(
        [
            f"{result.articles} articles, {s.gold_mentions} gold mentions of named concepts from {result.data}; "
            f"mentions by {s.finder}\n",
            "| mentions found | B³ precision | B³ recall | B³ F1 | gold concepts under one name |",
            "|---|---|---|---|---|",
            f"| {s.found} of {s.gold_mentions} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} "
            f"| {s.single_name} of {s.concepts} |",
        ]
    )
