"""The report as JSON for programs, and back: ``to_json`` gives a JSON-ready dict (citations
as article numbers and character offsets) and ``report_from_json`` the ``Report`` it was made
from, so a stored report is rendered without building it again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsdesk.analyze.quotes import wording_variants
from newsdesk.model import Article, Citation, Report


def article_dict(art: Article) -> dict[str, Any]:
    """JSON-ready dict of an article with its paragraphs, removed lines and sentences."""
    data = art.to_dict()
    data["article_offtopic"] = data.pop("offtopic")  # why the whole article was left out, if it was
    data["offtopic"] = [
        {"start": p.start, "end": p.end, "reason": p.offtopic, "text": art.text[p.start : p.end]}
        for p in art.paragraphs
        if p.offtopic
    ]
    data["sentences"] = [{"start": s.start, "end": s.end} for s in art.sentences]
    return data


def _refs(citations: Sequence[Citation], number: dict[str, int]) -> list[dict[str, Any]]:
    """Citations as article numbers, ids and character offsets."""
    return [
        {"article": number[c.article_id], "article_id": c.article_id, "start": c.start, "end": c.end} for c in citations
    ]


def to_json(report: Report) -> dict[str, Any]:
    """Return the report as a JSON-ready dict (citations as article numbers and offsets)."""
    number = {a.id: n for n, a in enumerate(report.articles, start=1)}
    return {
        "story_id": report.story_id,
        "headline": report.headline or "Story summary",
        "method": report.summary.method,
        "budget_words": report.summary.budget_words,
        "words": report.summary.words,
        "copies": {str(number[c]): number[o] for c, o in report.copy_of.items() if c in number and o in number},
        "summary": [
            {
                "text": s.text,
                "score": s.score,
                "support": s.support,
                "independent": report.independent(c.article_id for c in s.citations),
                "first_reported": _first(s.citations, report, number),
                "citations": [
                    {
                        "article": number[c.article_id],
                        "article_id": c.article_id,
                        "start": c.start,
                        "end": c.end,
                        "similarity": c.similarity,
                        "strength": c.strength,
                    }
                    for c in s.citations
                ],
            }
            for s in report.summary.sentences
        ],
        "timeline": [
            {
                "date": e.date.isoformat(),
                "granularity": e.granularity,
                "label": e.label,
                "expression": e.expression,
                "text": e.text,
                "citations": _refs(e.citations, number),
            }
            for e in report.timeline
        ],
        "entity_finder": report.entity_finder,
        "entities": [
            {
                "name": e.name,
                "kind": e.kind,
                "roles": e.roles,
                "names": e.names,
                "mentions": [
                    {"article": number[m.article_id], "start": m.start, "end": m.end, "text": m.text, "label": m.label}
                    for m in e.mentions
                    if m.article_id in number
                ],
            }
            for e in report.entities
        ],
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker,
                "citations": _refs(q.citations, number),
                "wording": {str(number[a]): text for a, text in q.wording.items() if a in number},
                "possible_misquote": len(wording_variants(q)) > 1,
            }
            for q in report.quotes
        ],
        "agreement": {
            "corroborated": [
                {
                    "text": f.text,
                    "citations": _refs(f.citations, number),
                    "independent": report.independent(c.article_id for c in f.citations),
                    "first_reported": _first(f.citations, report, number),
                }
                for f in report.agreement.corroborated
            ],
            "single_source": [
                {"text": f.text, "citations": _refs(f.citations, number)} for f in report.agreement.single_source
            ],
            "conflicts": [
                {
                    "kind": c.kind,
                    "values": list(c.values),
                    "first": {"text": c.first.text, "citations": _refs(c.first.citations, number)},
                    "second": {"text": c.second.text, "citations": _refs(c.second.citations, number)},
                }
                for c in report.agreement.conflicts
            ],
        },
        "articles": [dict(article_dict(a), number=number[a.id]) for a in report.articles],
        "warnings": report.warnings,
        "updates_since": report.updates_since or None,
        "updates_note": report.updates_note or None,
        "updates": [
            {"kind": u.kind, "text": u.text, "brief": u.brief, "citations": _refs(u.citations, number)}
            for u in report.updates
        ],
    }


def _first(citations: Sequence[Citation], report: Report, number: dict[str, int]) -> dict[str, Any] | None:
    """Who reported a sentence or fact first: article number, outlet, date."""
    from newsdesk.analyze.updates import first_reported

    art = first_reported(citations, report.articles)
    if art is None:
        return None
    return {"article": number[art.id], "outlet": art.outlet, "when": art.published or art.first_seen}


def report_from_json(data: dict[str, Any]) -> Report:
    """The ``Report`` a ``to_json`` dict was made from (what a cached report is read back as,
    so ``newsdesk story`` renders it without building it again): ``to_json`` of the result is
    the dict again."""
    from datetime import date

    from newsdesk.model import (
        Agreement,
        Conflict,
        Entity,
        Fact,
        Mention,
        Quote,
        Summary,
        SummarySentence,
        TimelineEvent,
        Update,
    )

    articles = [
        Article.from_dict(dict(a, offtopic=a["article_offtopic"]), [(s["start"], s["end"]) for s in a["sentences"]])
        for a in data["articles"]
    ]
    by_number = {a["number"]: art.id for a, art in zip(data["articles"], articles, strict=True)}

    def cites(refs: list[dict[str, Any]]) -> list[Citation]:
        return [
            Citation(by_number[r["article"]], r["start"], r["end"], r.get("similarity", 0.0), r.get("strength", "full"))
            for r in refs
        ]

    def fact(f: dict[str, Any]) -> Fact:
        return Fact(f["text"], cites(f["citations"]))

    sentences = []
    for s in data["summary"]:
        c = tuple(cites(s["citations"]))
        sentences.append(SummarySentence(s["text"], c[0], c, s["score"]))
    agreement = data["agreement"]
    return Report(
        articles=articles,
        summary=Summary(data["method"], sentences, data["budget_words"]),
        story_id=data["story_id"],
        headline=data["headline"],
        warnings=list(data["warnings"]),
        timeline=[
            TimelineEvent(
                date.fromisoformat(e["date"]), e["granularity"], e["text"], e["expression"], cites(e["citations"])
            )
            for e in data["timeline"]
        ],
        entities=[
            Entity(
                e["name"],
                e["kind"],
                [Mention(by_number[m["article"]], m["start"], m["end"], m["text"], m["label"]) for m in e["mentions"]],
                list(e["roles"]),
                list(e["names"]),
            )
            for e in data["entities"]
        ],
        entity_finder=data["entity_finder"],
        quotes=[
            Quote(
                q["text"],
                q["speaker"],
                cites(q["citations"]),
                wording={by_number[int(n)]: text for n, text in q.get("wording", {}).items()},
            )
            for q in data["quotes"]
        ],
        updates=[
            Update(u["kind"], u["text"], cites(u["citations"]), u.get("brief", True)) for u in data.get("updates", [])
        ],
        updates_since=data.get("updates_since") or "",
        updates_note=data.get("updates_note") or "",
        copy_of={by_number[int(c)]: by_number[o] for c, o in data.get("copies", {}).items()},
        agreement=Agreement(
            [fact(f) for f in agreement["corroborated"]],
            [fact(f) for f in agreement["single_source"]],
            [
                Conflict(c["kind"], (c["values"][0], c["values"][1]), fact(c["first"]), fact(c["second"]))
                for c in agreement["conflicts"]
            ],
        ),
    )
