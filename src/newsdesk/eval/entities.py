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

import csv
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsdesk.analyze.entities import story_entities
from newsdesk.errors import InputError
from newsdesk.eval import rounded_row
from newsdesk.eval.clustering import bcubed
from newsdesk.model import Article, Paragraph, content_id

NAMED_KINDS = ("ACTOR", "COUNTRY", "GROUP", "ORGANIZATION", "ORG")
# the token file splits "Jong-un" and "Trump's": glue such tokens back (offsets follow)
_NO_SPACE_BEFORE = {"-", "'s", "’s", "n't", "'", ",", ".", ";", ":", "!", "?", ")", "%"}
_NO_SPACE_AFTER = {"-", "(", "$"}
_TAG = re.compile(r"\(?([^()|\s]+)\)?")


@dataclass
class GoldMention:
    """A tagged span of one NewsWCL50 article."""

    doc: str
    start: int
    end: int
    concept: str


def load_newswcl50(folder: Path) -> tuple[dict[str, Article], list[GoldMention]]:
    """Articles rebuilt from the tokens (space-joined, one paragraph a sentence) and every
    gold mention of a named kind, as character spans of those texts."""
    path = folder / "conll.csv"
    if not path.is_file():
        raise InputError(str(folder), "has no conll.csv (expected the NewsWCL50 layout)")
    rows: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows[row["doc_id"]].append((int(row["sent_id"]), row["token"], row.get("reference") or "-"))
    articles: dict[str, Article] = {}
    gold: list[GoldMention] = []
    for doc, tokens in rows.items():
        text_parts: list[str] = []
        paragraphs: list[Paragraph] = []
        open_at: dict[str, list[int]] = defaultdict(list)
        offset, sentence, para_start = 0, None, 0
        for sent_id, token, tag in tokens:
            if sentence is not None and sent_id != sentence:
                paragraphs.append(Paragraph(para_start, offset - 1))
                para_start = offset
            sentence = sent_id
            glue = bool(text_parts) and (token in _NO_SPACE_BEFORE or text_parts[-2] in _NO_SPACE_AFTER)
            if glue and text_parts[-1] == " ":
                text_parts.pop()
                offset -= 1
            start, end = offset, offset + len(token)
            text_parts += [token, " "]
            offset = end + 1
            for part in tag.split("|"):
                part = part.strip()
                if not part or part == "-":
                    continue
                name = _TAG.fullmatch(part)
                if name is None:
                    continue
                concept = name.group(1)
                if part.startswith("("):
                    open_at[concept].append(start)
                if part.endswith(")") and open_at[concept]:
                    first = open_at[concept].pop()
                    if concept.rsplit("_", 1)[-1] in NAMED_KINDS:
                        gold.append(GoldMention(doc, first, end, concept))
        paragraphs.append(Paragraph(para_start, offset - 1))
        text = "".join(text_parts).rstrip()
        articles[doc] = Article(content_id(doc, text), f"newswcl50:{doc}", text, paragraphs=paragraphs)
    return articles, gold


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
    progress: Callable[[int], None] | None = None,
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
            progress(n)
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
