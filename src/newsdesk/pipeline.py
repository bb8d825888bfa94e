"""The pipeline as a short list of stages: read, flag off-topic paragraphs, split, summarize."""

from __future__ import annotations

from collections.abc import Iterable

from newsdesk.analyze.agreement import story_agreement
from newsdesk.analyze.entities import story_entities
from newsdesk.analyze.quotes import story_quotes
from newsdesk.analyze.timeline import build_timeline
from newsdesk.clean.offtopic import flag_offtopic_articles, flag_offtopic_paragraphs
from newsdesk.embed import Embedder, get_embedder
from newsdesk.io.readers import ReadResult, read_paths
from newsdesk.model import Article, Report
from newsdesk.settings import Options
from newsdesk.summarize import SUMMARIZERS, StoryText
from newsdesk.text.sentences import split_article


def read(paths: Iterable[str], options: Options | None = None) -> ReadResult:
    """Read and clean every article under ``paths`` (see ``io.readers.read_paths``)."""
    opts = options or Options()
    return read_paths(paths, fmt=opts.format, max_mb=opts.max_mb)


def group_by_input(articles: list[Article]) -> list[list[Article]]:
    """Split articles into the stories their input declares (Multi-News examples, JSONL
    ``story``); articles with no declared story form one story together."""
    groups: dict[str | None, list[Article]] = {}
    for art in articles:
        groups.setdefault(art.group, []).append(art)
    return list(groups.values())


def flag_offtopic(articles: list[Article], embedder: Embedder) -> None:
    """Flag, in place, the story's articles about something else, then the paragraphs of the
    rest that belong to another story."""
    flag_offtopic_articles(articles, embedder)
    flag_offtopic_paragraphs([a for a in articles if not a.offtopic], embedder)


def build_report(articles: list[Article], options: Options | None = None) -> Report:
    """Summarize one story's articles into a ``Report``.

    Off-topic articles and paragraphs are flagged (and left out unless ``keep_offtopic``), every article
    is split into sentences, the chosen method picks the summary, dated sentences make the
    timeline, the people, organisations and places are merged into entities, quotations get
    their speakers, and sentences are aligned across outlets (agreement and conflicts).
    """
    opts = options or Options()
    embedder = get_embedder(opts.embedder)
    summarizer = SUMMARIZERS.get(opts.method)
    if not opts.keep_offtopic:
        flag_offtopic(articles, embedder)
    for art in articles:
        split_article(art, opts.splitter)
    summary = summarizer.summarize(StoryText(articles, embedder), opts.words)
    entities, finder = story_entities(articles)
    quotes = story_quotes(articles, entities)
    return Report(
        articles=articles,
        summary=summary,
        timeline=build_timeline(articles, embedder),
        entities=entities,
        entity_finder=finder,
        quotes=quotes,
        agreement=story_agreement(articles, embedder, entities=entities, quotes=quotes),
    )


def summarize_paths(paths: Iterable[str], options: Options | None = None) -> tuple[list[Report], ReadResult]:
    """Read ``paths`` and return one report per story, with what reading met on the way."""
    opts = options or Options()
    result = read(paths, opts)
    reports = [build_report(group, opts) for group in group_by_input(result.articles)]
    return reports, result
