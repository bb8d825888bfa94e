"""Markdown for people: a story's report, an article as cleaned, the story list, the feeds
and the digest.

Article text is untrusted. Markdown is often rendered as HTML, so anything that could open a
tag (``<script``, ``<img``, ``</``, ``<!--``) is escaped, and brackets are escaped so article
text cannot forge citation marks or links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from newsdesk.analyze.quotes import wording_variants
from newsdesk.io.report_json import report_from_json
from newsdesk.model import Article, Citation, Report

if TYPE_CHECKING:  # for the annotations only
    from newsdesk.store.listing import StoryRow

# What a reader is shown, in Markdown and on the story page alike (JSON has everything)


MAX_ENTITIES = 20


MAX_QUOTES = 15


MAX_FACTS = 5  # corroborated, conflicting and single-source facts each


def entity_shown(mentions: int, kind: str) -> bool:
    """Whether an entity is listed for a reader: a person, or anything mentioned twice."""
    return mentions > 1 or kind == "person"


_TAG_OPEN_RE = re.compile(r"<(?=[A-Za-z/!?])")


def md_escape(text: str) -> str:
    """Escape untrusted text for Markdown: no raw HTML tags, no forged links or citations."""
    text = text.replace("&", "&amp;") if "&" in text and _TAG_OPEN_RE.search(text) else text
    text = _TAG_OPEN_RE.sub("&lt;", text)
    return text.replace("[", r"\[").replace("]", r"\]")


def md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return md_escape(text).replace("|", "\\|").replace("\n", " ")


def _source_line(n: int, art: Article, copy_of: dict[str, str], number: Numbers) -> str:
    copy = f"a near-duplicate of [{number[copy_of[art.id]]}]" if copy_of.get(art.id) in number else None
    bits = [
        md_escape(art.outlet) if art.outlet else None,
        f"“{md_escape(art.title)}”" if art.title else None,
        f"by {md_escape(art.author)}" if art.author else None,
        art.published,
        copy,
        "partial: the feed's text only, not an independent source" if art.partial else None,
    ]
    meta = ", ".join(b for b in bits if b)
    source = md_escape(art.source)
    return f"{n}. {meta} ({source})" if meta else f"{n}. {source}"


def to_markdown(report: Report, show_removed: bool = False, all_updates: bool = False) -> str:
    """Render a report: summary with ``[n]`` citations, sources, entities, quotes, what
    outlets agree on, timeline, and what was left out (a section each, when it has content)."""
    number = {a.id: n for n, a in enumerate(report.articles, start=1)}
    out = [f"# {md_escape(report.headline or 'Story summary')}", "", *_summary_lines(report, number)]
    sections = [
        (f"New since {report.updates_since}", _update_lines(report, number, all_updates)),
        ("First reported by", _first_lines(report, number)),
        ("Sources", [_source_line(number[a.id], a, report.copy_of, number) for a in report.articles]),
        (f"Entities ({report.entity_finder})", _entity_lines(report, number)),
        ("Quotes", _quote_lines(report, number)),
        ("Across outlets", _agreement_lines(report, number)),
        ("Timeline", _timeline_lines(report, number)),
        ("Left out", _left_out_lines(report, number, show_removed)),
        ("Warnings", [f"- {md_escape(w)}" for w in report.warnings]),
    ]
    for title, lines in sections:
        if lines:
            out += ["", f"## {title}", "", *lines]
    return "\n".join(out) + "\n"


Numbers = dict[str, int]  # article id -> its number in the report's sources


def _marks(citations: Sequence[Citation], number: Numbers) -> str:
    """``[1][3~]``: each cited article once, in source order; ``~`` marks an article that
    states only part of the sentence (a partial citation)."""
    partial = {c.article_id for c in citations if c.strength == "partial"} - {
        c.article_id for c in citations if c.strength == "full"
    }
    cited = sorted({(number[c.article_id], c.article_id in partial) for c in citations})
    return "".join(f"[{n}~]" if part else f"[{n}]" for n, part in cited)


def outlets_note(outlets: int, alone: int) -> str:
    """ "4 outlets, 2 independent" when copies of one report are among ``outlets`` cited
    articles (``alone`` independent ones), else ""."""
    return f"{outlets} outlets, {alone} independent" if alone < outlets else ""


def _outlets(citations: Sequence[Citation], report: Report) -> tuple[int, int]:
    """How many articles ``citations`` cite, and how many of them are independent reports."""
    ids = {c.article_id for c in citations}
    return len(ids), report.independent(ids)


def _summary_lines(report: Report, number: Numbers) -> list[str]:
    if report.summary.sentences:
        parts = []
        for sentence in report.summary.sentences:
            note = outlets_note(*_outlets(sentence.citations, report))
            marks = _marks(sentence.citations, number)
            parts.append(f"{md_escape(sentence.text)} {marks}" + (f" _({note})_" if note else ""))
        text = " ".join(parts)
    else:
        text = "_No sentence could be summarized from these articles._"
    s = report.summary
    lines = [text, "", f"_{s.words} words, method {s.method}, {len(report.articles)} article(s)._"]
    if any(c.strength == "partial" for sentence in s.sentences for c in sentence.citations):
        lines.append("_[n~]: that source states part of the sentence, not all of it._")
    return lines


def _update_lines(report: Report, number: Numbers, all_updates: bool = False) -> list[str]:
    """The brief update: its summary sentences as one paragraph, then the new quotations,
    changed figures and outlets; the rest with ``all_updates`` (``--all``), else counted."""
    if not report.updates_since:
        return []
    lines = [f"_{md_escape(report.updates_note)}_"] if report.updates_note else []
    shown = [u for u in report.updates if u.brief or all_updates]
    summary = [u for u in shown if u.kind == "sentence" and u.brief]
    if summary:
        lines += ["", " ".join(f"{md_escape(u.text)} {_marks(u.citations, number)}" for u in summary)]
    rest = [u for u in shown if u not in summary]
    if rest:
        lines += [""] + [f"- **{u.kind}**: {md_escape(u.text)} {_marks(u.citations, number)}" for u in rest]
    hidden = len(report.updates) - len(shown)
    if hidden:
        lines += ["", f"_{hidden} more new item(s): `--all` lists them._"]
    return lines


def _first_lines(report: Report, number: Numbers) -> list[str]:
    """For each summary sentence several articles report, the one that reported it first."""
    from newsdesk.analyze.updates import first_reported

    lines = []
    for k, s in enumerate(report.summary.sentences, start=1):
        if s.support < 2:
            continue  # one source: it is its own first report
        art = first_reported(s.citations, report.articles)
        if art is not None:
            who = md_escape(art.outlet or art.label)
            when = art.published or (art.first_seen or "")[:16] or "undated"
            lines.append(f"- sentence {k}: {who}, {when} [{number[art.id]}]")
    return lines


def _entity_lines(report: Report, number: Numbers) -> list[str]:
    lines = []
    for e in [e for e in report.entities if entity_shown(len(e.mentions), e.kind)][:MAX_ENTITIES]:
        marks = "".join(f"[{n}]" for n in sorted(number[a] for a in e.articles if a in number))
        other = [n for n in e.names if n != e.name][:3]
        aka = f"; also {', '.join(md_escape(n) for n in other)}" if other else ""
        role = f", {md_escape(e.roles[0])}" if e.roles else ""
        lines.append(f"- **{md_escape(e.name)}** ({e.kind}{role}{aka}): {len(e.mentions)} mentions {marks}")
    return lines


def _quote_lines(report: Report, number: Numbers) -> list[str]:
    lines = []
    for q in report.quotes[:MAX_QUOTES]:
        marks = "".join(f"[{n}]" for n in sorted(number[c.article_id] for c in q.citations))
        who = md_escape(q.speaker) if q.speaker else "_speaker unknown_"
        lines.append(f"- {who}: “{md_escape(q.text)}” {marks}")
        variants = wording_variants(q)
        if len(variants) > 1:  # outlets print different words inside the quote marks
            shown = "; ".join(
                f"{''.join(f'[{n}]' for n in sorted(number[a] for a in ids))} “{md_escape(text)}”"
                for text, ids in variants
            )
            lines.append(f"  - _wording differs between outlets, possible misquote:_ {shown}")
    return lines


def _agreement_lines(report: Report, number: Numbers) -> list[str]:
    agreement = report.agreement
    lines = []
    for f in agreement.corroborated[:MAX_FACTS]:
        outlets, alone = _outlets(f.citations, report)
        count = f"{outlets} ({alone} independent)" if alone < outlets else f"{outlets}"
        lines.append(f"- Reported by {count}: {md_escape(f.text)} {_marks(f.citations, number)}")
    for conflict in agreement.conflicts[:MAX_FACTS]:
        a, b = conflict.values
        first, second = conflict.first, conflict.second
        lines.append(
            f"- **Conflict ({conflict.kind}: {md_escape(a)} vs {md_escape(b)}):** {md_escape(first.text)} "
            f"{_marks(first.citations, number)} / {md_escape(second.text)} {_marks(second.citations, number)}"
        )
    lines += [
        f"- Only one outlet: {md_escape(f.text)} {_marks(f.citations, number)}"
        for f in agreement.single_source[:MAX_FACTS]
    ]
    return lines


def _timeline_lines(report: Report, number: Numbers) -> list[str]:
    return [
        f"- **{e.label}** ({md_escape(e.expression)}): {md_escape(e.text)} "
        + "".join(f"[{number[c.article_id]}]" for c in e.citations)
        for e in report.timeline
    ]


def _left_out_lines(report: Report, number: Numbers, show_removed: bool) -> list[str]:
    lines = []
    for art in report.articles:
        n = number[art.id]
        if art.offtopic:
            lines.append(f"- [{n}] whole article off-topic: {md_escape(art.label)} ({art.offtopic})")
        for p in art.paragraphs:
            if p.offtopic:
                snippet = art.text[p.start : p.end][:90]
                lines.append(f"- [{n}] off-topic: “{md_escape(snippet)}…” ({p.offtopic})")
        if show_removed:
            lines += [f"- [{n}] line {r.line_no}, {r.reason}: “{md_escape(r.text[:90])}”" for r in art.removed]
        elif art.removed:
            lines.append(f"- [{n}] {len(art.removed)} header/boilerplate line(s) removed (`--show-removed` lists them)")
    return lines


def story_markdown(data: dict[str, Any], all_updates: bool = False) -> str:
    """A stored story's report dict (``service.reports.story_report_json``) as Markdown, with a
    line on the near-duplicate copies it left out."""
    out = to_markdown(report_from_json(data), all_updates=all_updates)
    copies = data.get("copies_left_out") or []
    if copies:
        out += "\n## Copies left out\n\n"
        for c in copies:
            original = c["copy_of"]
            target = f"[{original['article']}] " if original.get("article") else ""
            what = ", ".join(md_escape(b) for b in (c.get("outlet"), c.get("title") and f"“{c['title']}”") if b)
            out += (
                f"- {what or md_escape(c['source'])}{' (partial)' if c.get('partial') else ''}: a copy of "
                f"{target}{md_escape(original.get('outlet') or '')} ({c['similarity']:.0%} alike)\n"
            )
    elif data.get("near_duplicates"):
        out += f"\n_{data['near_duplicates']} near-duplicate copies of these articles left out._\n"
    for move in data.get("moved_out") or []:
        n = move["articles"]
        out += (
            f"\n_{n} article{'' if n == 1 else 's'} moved to story {move['story']} on {move['moved_at'][:10]}: "
            f"{'it reports' if n == 1 else 'they report'} another event._\n"
        )
    return out


DATE_SOURCES = {
    "feed": "feed entry",
    "meta": "page's metadata",
    "dateline": "page's dateline",
    "text": "article's header",
}


def article_to_markdown(art: Article, show_removed: bool = True) -> str:
    """Render one cleaned article with its metadata (the ``clean`` command)."""
    meta = [
        ("Title", art.title),
        ("Outlet", art.outlet),
        ("Author", art.author),
        (
            "Published",
            f"{art.published} (from the {DATE_SOURCES.get(art.date_source or '', 'text')})" if art.published else None,
        ),
        ("URL", art.url),
        ("Source", art.source),
        ("Id", art.id),
    ]
    out = [f"- **{k}:** {md_escape(v) if v else '—'}" for k, v in meta] + [""]
    if art.partial:
        out += [f"> **Partial:** {md_escape(art.partial)} (the feed entry's text only)", ""]
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


def stories_markdown(rows: Sequence[StoryRow], limit: int) -> str:
    """The story list as a Markdown table (at most ``limit`` rows, then how many more)."""
    lines = ["| story | articles | sources | outlets | dates | headline |", "|---|---|---|---|---|---|"]
    for row in rows[:limit]:
        info = row.to_dict()
        first, last = info["first"], info["last"]
        dates = f"{first} – {last}" if first and first != last else str(first or "—")
        outlets = sorted(row.outlets)
        shown = ", ".join(outlets[:3]) + (" …" if len(outlets) > 3 else "")
        cells = [str(row.id), str(row.articles), str(row.sources), md_cell(shown) or "—", dates]
        lines.append("| " + " | ".join([*cells, md_cell(row.headline or "—")]) + " |")
    if len(rows) > limit:
        lines.append(f"\n{len(rows) - limit} more stories (--limit N shows more)")
    return "\n".join(lines) + "\n"


DIGEST_LINES = 8  # a digest story's lines at most


def digest_markdown(entries: Sequence[dict[str, Any]], since: str) -> str:
    """``newsdesk digest``: each story that gained new information, with its updates (article
    numbers are those of the story's own report, ``newsdesk story ID``)."""
    if not entries:
        return f"# Nothing new since {since}\n"
    out = [f"# What is new since {since}", ""]
    for e in entries:
        out += [f"## {md_escape(e['headline'])} (story {e['story']})", ""]
        out.append(f"_{e['new_sources']} new independent source(s); {md_escape(e['updates_note'] or '')}_")
        out.append("")
        brief = [u for u in e["updates"] if u.get("brief", True)]
        for u in brief[:DIGEST_LINES]:
            marks = "".join(f"[{n}]" for n in sorted({c["article"] for c in u["citations"]}))
            out.append(f"- **{u['kind']}**: {md_escape(u['text'])} {marks}")
        more = len(e["updates"]) - min(len(brief), DIGEST_LINES)
        if more:
            out.append(f"- _{more} more: `newsdesk story {e['story']} --since {since} --all`_")
        out.append("")
    return "\n".join(out)


def search_markdown(found: dict[str, Any]) -> str:
    """``service.search.search``'s answer as Markdown: the stories, then the articles with
    their snippets (the matched words in brackets)."""
    if not found["articles"]:
        return f"No stored article holds {md_escape(found['query'])}.\n"
    lines = [f"# Search: {md_escape(found['query'])}", "", "## Stories", ""]
    lines += [
        f"- story {s['story']}: {md_escape(s['headline'] or '(no headline)')} ({s['articles']} matching)"
        for s in found["stories"]
    ]
    lines += ["", "## Articles", ""]
    for a in found["articles"]:
        where = ", ".join(md_escape(x) for x in (a["outlet"], a["published"]) if x)
        story = f"story {a['story']}" if a["story"] is not None else "no story"
        snippet = md_escape(" ".join(a["snippet"].split())).replace("\x02", "**").replace("\x03", "**")
        lines.append(f"- {md_escape(a['title'] or a['article_id'])} ({where}; {story}): {snippet}")
    return "\n".join(lines) + "\n"
