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
from pathlib import Path

from newsdesk.analyze.entities import story_entities
from newsdesk.errors import InputError
from newsdesk.eval import rounded_row
from newsdesk.eval.datasets import GoldMention, load_newswcl50, read_annotations, shared_data
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


NAMED = ("person", "organisation", "place", "group")


@dataclass
class TypeScores:
    """How the types of newsdesk's mentions compare with hand-typed mentions of the
    general-news set. ``accuracy`` is over the labelled mentions newsdesk lists at all; a
    labelled non-entity ("Friday", a credit line) that it lists counts as wrong."""

    labelled: int
    named: int  # labelled as a person, organisation, place or group
    named_found: int
    listed: int  # labelled mentions newsdesk lists as an entity mention
    right: int
    accuracy: float
    not_entities_listed: int  # labelled "other" or "credit" and listed anyway

    def row(self) -> dict[str, object]:
        """JSON-ready."""
        return rounded_row(self)


def load_typed(path: Path) -> list[dict[str, str]]:
    """The hand-typed mentions (JSON lines ``{"doc", "mention", "left", "type"}``).

    Raises:
        InputError: a missing file or a line that is not one.
    """
    fields = ("doc", "mention", "left", "type")
    return [{k: str(row[k]) for k in fields} for row in read_annotations(path, fields)]


Kinds = dict[str, list[tuple[int, int, str]]]  # the spans and kinds of found mentions, by annotated article name


def found_kinds(stories: dict[str, dict[str, Article]], use_model: bool = True) -> Kinds:
    """Each story's entities: where each mention is and the kind of its entity."""
    kinds: Kinds = defaultdict(list)
    for story in stories.values():
        entities, _ = story_entities(list(story.values()), use_model)
        name_of = {art.id: doc for doc, art in story.items()}
        for entity in entities:
            for m in entity.mentions:
                kinds[name_of[m.article_id]].append((m.start, m.end, entity.kind))
    return kinds


def evaluate_types(
    stories: dict[str, dict[str, Article]], typed: list[dict[str, str]], kinds: Kinds
) -> tuple[TypeScores, list[dict[str, object]]]:
    """Compare the kind of the mention found (``found_kinds`` of ``stories``) at each labelled
    span (located by the text before it, else its first occurrence) with its label."""
    articles = {doc: art for story in stories.values() for doc, art in story.items()}
    rows: list[dict[str, object]] = []
    for t in typed:
        text = articles[t["doc"]].text if t["doc"] in articles else ""
        at = text.find(t["left"] + t["mention"]) if t["left"] else -1
        start = at + len(t["left"]) if at >= 0 else text.find(t["mention"])
        end = start + len(t["mention"])
        overlaps = [
            (min(e, end) - max(s, start), k) for s, e, k in kinds[t["doc"]] if start >= 0 and s < end and e > start
        ]
        rows.append({**t, "found": max(overlaps)[1] if overlaps else None})  # the mention that covers it most
    listed = [r for r in rows if r["found"]]
    right = sum(r["found"] == r["type"] for r in listed)
    named = [r for r in rows if r["type"] in NAMED]
    scores = TypeScores(
        labelled=len(rows),
        named=len(named),
        named_found=sum(bool(r["found"]) for r in named),
        listed=len(listed),
        right=right,
        accuracy=right / len(listed) if listed else 0.0,
        not_entities_listed=sum(r["type"] not in NAMED for r in listed),
    )
    return scores, rows


@dataclass
class EntitiesResult:
    """What ``newsdesk eval entities`` measured."""

    data: str
    articles: int
    scores: EntityScores
    warnings: list[str] = field(default_factory=list)
    types: TypeScores | None = None  # the general-news set's typed mentions, when its data is at hand
    type_rows: list[dict[str, object]] = field(default_factory=list)
    # the held-out samples, in the order they were typed: (name, scores, rows)
    held_out: list[tuple[str, TypeScores, list[dict[str, object]]]] = field(default_factory=list)

    @property
    def types_heldout(self) -> TypeScores | None:
        """The first held-out sample: drawn after the type rules were written."""
        return self.held_out[0][1] if self.held_out else None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        out: dict[str, object] = {"data": self.data, **self.scores.row()}
        if self.types is not None:
            out["general_types"] = {**self.types.row(), "mentions": self.type_rows}
        for name, scores, rows in self.held_out:
            out[f"general_types_{name}"] = {**scores.row(), "mentions": rows}
        return out


def run(options: EntitiesEval, progress: Progress | None = None) -> EntitiesResult:
    """Merge each NewsWCL50 event's entities and score them against the gold concepts.

    Raises:
        InputError: no NewsWCL50 folder.
    """
    data = options.data or shared_data("newswcl50")
    if data is None:
        raise InputError("../shared/data/newswcl50", "not found; pass --data FOLDER")
    articles, gold = load_newswcl50(data)
    result = EntitiesResult(str(data), len(articles), evaluate_entities(articles, gold, options.use_model, progress))
    try:
        from newsdesk.eval.general import ENTITY_SAMPLES, GENERAL_ENTITIES, general_stories

        stories, _ = general_stories()
        kinds = found_kinds(stories, options.use_model)  # once for every labelled sample
        result.types, result.type_rows = evaluate_types(stories, load_typed(GENERAL_ENTITIES), kinds)
        for name, path in ENTITY_SAMPLES:
            result.held_out.append((name, *evaluate_types(stories, load_typed(path), kinds)))
    except InputError as exc:
        result.warnings.append(f"general-news types not scored: {exc}")
    return result


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
            *_types(result.types, [(name, scores) for name, scores, _ in result.held_out]),
        ]
    )


def _types(tuned: TypeScores | None, held_out: list[tuple[str, TypeScores]]) -> list[str]:
    if tuned is None:
        return []
    lines = [
        "",
        "General news: hand-typed mentions (people, organisations, places, groups; other and credit lines "
        "are not entities)\n",
        "| sample | typed | named found | listed | type right | accuracy | non-entities listed |",
        "|---|---|---|---|---|---|---|",
    ]
    names = {"heldout": "held out"}
    for name, t in [("rules written on it", tuned), *((names.get(n, f"held out, {n} sample"), t) for n, t in held_out)]:
        lines.append(
            f"| {name} | {t.labelled} | {t.named_found} of {t.named} | {t.listed} | {t.right} | "
            f"{t.accuracy:.3f} | {t.not_entities_listed} |"
        )
    return lines
