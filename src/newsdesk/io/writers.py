"""Report writers: Markdown for people, JSON-ready dicts for programs.

Article text is untrusted. Markdown is often rendered as HTML, so anything that could open a
tag (``<script``, ``<img``, ``</``, ``<!--``) is escaped, and brackets are escaped so article
text cannot forge citation marks or links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from newsdesk.model import Article, Citation, Report

_TAG_OPEN_RE = re.compile(r"<(?=[A-Za-z/!?])")


def md_escape(text: str) -> str:
    """Escape untrusted text for Markdown: no raw HTML tags, no forged links or citations."""
    text = text.replace("&", "&amp;") if "&" in text and _TAG_OPEN_RE.search(text) else text
    text = _TAG_OPEN_RE.sub("&lt;", text)
    return text.replace("[", r"\[").replace("]", r"\]")


def _source_line(n: int, art: Article) -> str:
    bits = [
        md_escape(art.outlet) if art.outlet else None,
        f"“{md_escape(art.title)}”" if art.title else None,
        f"by {md_escape(art.author)}" if art.author else None,
        art.published,
    ]
    meta = ", ".join(b for b in bits if b)
    source = md_escape(art.source)
    return f"{n}. {meta} ({source})" if meta else f"{n}. {source}"


def headline(report: Report) -> str:
    """A headline for the story: the title of the article cited most often in the summary."""
    counts: dict[str, int] = {}
    for sent in report.summary.sentences:
        for cite in sent.citations:
            counts[cite.article_id] = counts.get(cite.article_id, 0) + 1
    titled = [a for a in report.articles if a.title]
    if not titled:
        return "Story summary"
    return max(titled, key=lambda a: counts.get(a.id, 0)).title or "Story summary"


def to_markdown(report: Report, show_removed: bool = False) -> str:
    """Render a report: summary with ``[n]`` citations, sources, and what was left out."""
    number = {a.id: n for n, a in enumerate(report.articles, start=1)}
    out = [f"# {md_escape(headline(report))}", ""]
    if report.summary.sentences:
        parts = []
        for sent in report.summary.sentences:
            marks = "".join(
                f"[{number[c.article_id]}]" for c in sorted(set(sent.citations), key=lambda c: number[c.article_id])
            )
            parts.append(f"{md_escape(sent.text)} {marks}")
        out.append(" ".join(parts))
    else:
        out.append("_No sentence could be summarized from these articles._")
    out += [
        "",
        f"_{report.summary.words} words, method {report.summary.method}, {len(report.articles)} article(s)._",
        "",
        "## Sources",
        "",
    ]
    out += [_source_line(number[a.id], a) for a in report.articles]

    people = [e for e in report.entities if len(e.mentions) > 1 or e.kind == "person"][:MAX_ENTITIES]
    if people:
        out += ["", f"## Entities ({report.entity_finder})", ""]
        for e in people:
            marks = "".join(f"[{n}]" for n in sorted(number[a] for a in e.articles if a in number))
            other = [n for n in e.names if n != e.name][:3]
            aka = f"; also {', '.join(md_escape(n) for n in other)}" if other else ""
            role = f", {md_escape(e.roles[0])}" if e.roles else ""
            out.append(f"- **{md_escape(e.name)}** ({e.kind}{role}{aka}): {len(e.mentions)} mentions {marks}")

    if report.quotes:
        out += ["", "## Quotes", ""]
        for q in report.quotes[:MAX_QUOTES]:
            marks = "".join(f"[{n}]" for n in sorted(number[c.article_id] for c in q.citations))
            who = md_escape(q.speaker) if q.speaker else "_speaker unknown_"
            out.append(f"- {who}: “{md_escape(q.text)}” {marks}")

    agreement = report.agreement
    if agreement.corroborated or agreement.conflicts or agreement.single_source:
        out += ["", "## Across outlets", ""]

        def cite(citations: Sequence[Citation]) -> str:
            return "".join(f"[{n}]" for n in sorted({number[c.article_id] for c in citations}))

        for fact in agreement.corroborated[:MAX_FACTS]:
            out.append(f"- Reported by {len(fact.citations)}: {md_escape(fact.text)} {cite(fact.citations)}")
        for conflict in agreement.conflicts[:MAX_FACTS]:
            a, b = conflict.values
            out.append(
                f"- **Conflict ({conflict.kind}: {md_escape(a)} vs {md_escape(b)}):** {md_escape(conflict.first.text)} "
                f"{cite(conflict.first.citations)} / {md_escape(conflict.second.text)} {cite(conflict.second.citations)}"
            )
        for fact in agreement.single_source[:MAX_FACTS]:
            out.append(f"- Only one outlet: {md_escape(fact.text)} {cite(fact.citations)}")

    if report.timeline:
        out += ["", "## Timeline", ""]
        for event in report.timeline:
            marks = "".join(f"[{number[c.article_id]}]" for c in event.citations)
            out.append(f"- **{event.label}** ({md_escape(event.expression)}): {md_escape(event.text)} {marks}")

    left_out = []
    for art in report.articles:
        n = number[art.id]
        if art.offtopic:
            left_out.append(f"- [{n}] whole article off-topic: {md_escape(art.label)} ({art.offtopic})")
        for p in art.paragraphs:
            if p.offtopic:
                snippet = art.text[p.start : p.end][:90]
                left_out.append(f"- [{n}] off-topic: “{md_escape(snippet)}…” ({p.offtopic})")
        if art.removed and not show_removed:
            left_out.append(
                f"- [{n}] {len(art.removed)} header/boilerplate line(s) removed (`--show-removed` lists them)"
            )
        elif show_removed:
            left_out += [f"- [{n}] line {r.line_no}, {r.reason}: “{md_escape(r.text[:90])}”" for r in art.removed]
    if left_out:
        out += ["", "## Left out", ""] + left_out
    if report.warnings:
        out += ["", "## Warnings", ""] + [f"- {md_escape(w)}" for w in report.warnings]
    return "\n".join(out) + "\n"


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


MAX_ENTITIES = 20  # entities listed in Markdown (JSON has all)
MAX_QUOTES = 15
MAX_FACTS = 5  # corroborated, conflicting and single-source facts each, in Markdown


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
        "headline": headline(report),
        "method": report.summary.method,
        "budget_words": report.summary.budget_words,
        "words": report.summary.words,
        "summary": [
            {
                "text": s.text,
                "score": s.score,
                "support": s.support,
                "citations": [
                    {
                        "article": number[c.article_id],
                        "article_id": c.article_id,
                        "start": c.start,
                        "end": c.end,
                        "similarity": c.similarity,
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
            }
            for q in report.quotes
        ],
        "agreement": {
            "corroborated": [
                {"text": f.text, "citations": _refs(f.citations, number)} for f in report.agreement.corroborated
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
    }


def article_to_markdown(art: Article, show_removed: bool = True) -> str:
    """Render one cleaned article with its metadata (the ``clean`` command)."""
    meta = [
        ("Title", art.title),
        ("Outlet", art.outlet),
        ("Author", art.author),
        ("Published", art.published),
        ("URL", art.url),
        ("Source", art.source),
        ("Id", art.id),
    ]
    out = [f"- **{k}:** {md_escape(v) if v else '—'}" for k, v in meta] + [""]
    if art.offtopic:
        out += [f"> **Off-topic article:** {md_escape(art.offtopic)}", ""]
    for p in art.paragraphs:
        chunk = md_escape(art.text[p.start : p.end])
        if p.offtopic:
            out += [f"> [off-topic: {p.offtopic}] {chunk}", ""]
        elif p.kind == "heading":
            out += [f"### {chunk}", ""]
        else:
            out += [chunk, ""]
    if show_removed and art.removed:
        out += ["---", "Removed:", ""] + [f"- line {r.line_no} ({r.reason}): {md_escape(r.text)}" for r in art.removed]
    return "\n".join(out).rstrip() + "\n"
