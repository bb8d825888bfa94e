"""The pipeline, stage by stage, each stage a function of this module:

1. ``read``: read and clean every input (``io.readers``, ``clean``);
2. ``group_by_input``: the stories the input declares (the rest is one story);
3. ``prepare``: flag off-topic articles and paragraphs (``clean.offtopic``), then split
   sentences (``text.sentences``), on copies of the articles;
4. ``build_report``: summarize with the chosen method (``summarize``), choose the headline,
   find the copies among the articles (``cluster.dedup``);
5. ``analyze``: entities, quotes with speakers, the timeline and what outlets agree on
   (``analyze``).

``summarize_paths`` runs them all for ``newsdesk summarize``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from newsdesk.analyze.agreement import story_agreement
from newsdesk.analyze.entities import story_entities
from newsdesk.analyze.quotes import story_quotes
from newsdesk.analyze.timeline import build_timeline
from newsdesk.clean.offtopic import flag_offtopic_articles, flag_offtopic_paragraphs
from newsdesk.cluster.dedup import copies_among
from newsdesk.embed import EMBEDDERS, Embedder, get_embedder
from newsdesk.io.readers import READERS, ReadResult, read_paths
from newsdesk.model import Article, Progress, Report
from newsdesk.registry import Registry
from newsdesk.settings import Options
from newsdesk.summarize import SUMMARIZERS, StoryText
from newsdesk.summarize.headline import choose_headline
from newsdesk.text.sentences import SPLITTERS, split_article


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


def flag_offtopic(articles: list[Article], embedder: Embedder) -> list[Article]:
    """Copies of the story's articles with those about something else flagged, then the
    paragraphs of the rest that belong to another story (``articles`` are left alone)."""
    copies = [_copy(a) for a in articles]
    flag_offtopic_articles(copies, embedder)
    flag_offtopic_paragraphs([a for a in copies if not a.offtopic], embedder)
    return copies


def _copy(art: Article) -> Article:
    # the fields a stage writes get fresh values: flags, paragraphs (replaced whole) and sentences
    return replace(art, paragraphs=list(art.paragraphs), sentences=[])


def prepare(articles: list[Article], options: Options | None = None, embedder: Embedder | None = None) -> list[Article]:
    """The story's articles as the summarizers and the analysis read them: copies, flagged
    off-topic unless ``keep_offtopic`` (``Article.offtopic``, ``Paragraph.offtopic``) and split
    into sentences (``Article.sentences``). The caller's articles are never changed, so a
    second call with other options starts from the same input."""
    opts = options or Options()
    if opts.keep_offtopic:
        prepared = [_copy(a) for a in articles]
    else:
        prepared = flag_offtopic(articles, embedder or get_embedder(opts.embedder))
    for art in prepared:
        split_article(art, opts.splitter)
    return prepared


def clean_paths(paths: Iterable[str], options: Options | None = None) -> tuple[list[Article], ReadResult]:
    """Read ``paths``; return every article flagged off-topic against the rest of its story
    (in reading order), with what reading met on the way."""
    opts = options or Options()
    result = read(paths, opts)
    embedder = get_embedder(opts.embedder)
    flagged = {a.id: a for story in group_by_input(result.articles) for a in flag_offtopic(story, embedder)}
    return [flagged[a.id] for a in result.articles], result


# each registry of swappable methods, and the ``Options`` field that names one of its methods:
# ``newsdesk methods`` lists them, and a job that runs far from the user (Spark) checks the names
REGISTRIES: tuple[tuple[str, str, Registry[Any]], ...] = (
    ("summarizers", "method", SUMMARIZERS),
    ("embedders", "embedder", EMBEDDERS),
    ("splitters", "splitter", SPLITTERS),
    ("readers", "format", READERS),
)


def check_methods(options: Options, **names: str | None) -> None:
    """Raise ``UnknownMethodError`` (naming the choices) for a method that ``options`` (or
    ``names``, by option) asks for and no registry holds."""
    for _, option, registry in REGISTRIES:
        name = names.get(option, getattr(options, option))
        if name and name not in registry:
            registry.get(name)


def describe_methods() -> str:
    """Every registry (summarizers, embedders, splitters, readers) with a line per method."""
    lines = []
    for title, _, registry in REGISTRIES:
        lines.append(f"{title}:")
        lines += [f"  {name:10} {registry.help(name)}" for name in registry]
    return "\n".join(lines) + "\n"


def build_report(articles: list[Article], options: Options | None = None) -> Report:
    """Summarize one story's articles into a ``Report`` (the caller's articles are unchanged;
    the report holds the prepared copies).

    Off-topic articles and paragraphs are flagged (and left out unless ``keep_offtopic``), every article
    is split into sentences, the chosen method picks the summary, dated sentences make the
    timeline, the people, organisations and places are merged into entities, quotations get
    their speakers, and sentences are aligned across outlets (agreement and conflicts).
    """
    opts = options or Options()
    embedder = get_embedder(opts.embedder)
    summarizer = SUMMARIZERS.get(opts.method)
    prepared = prepare(articles, opts, embedder)
    summary = summarizer.summarize(StoryText(prepared, embedder), opts.words)
    cited = Counter(c.article_id for s in summary.sentences for c in s.citations)
    lead = summary.sentences[0].text if summary.sentences else ""
    report = Report(
        articles=prepared,
        summary=summary,
        headline=choose_headline(prepared, cited, lead),
        copy_of=copies_among([a for a in prepared if not a.offtopic]),
    )
    if opts.analysis:
        analyze(report, embedder)
    return report


def analyze(report: Report, embedder: Embedder) -> Report:
    """Fill in the report's analysis: entities, quotes with speakers, the dated timeline, and
    what outlets agree on, report alone or contradict (``--no-analysis`` skips this step)."""
    articles = report.articles
    report.entities, report.entity_finder = story_entities(articles)
    report.quotes = story_quotes(articles, report.entities)
    report.timeline = build_timeline(articles, embedder)
    report.agreement = story_agreement(articles, embedder, entities=report.entities, quotes=report.quotes)
    return report


def summarize_paths(
    paths: Iterable[str], options: Options | None = None, progress: Progress | None = None
) -> tuple[list[Report], ReadResult]:
    """Read ``paths`` and return one report per story, with what reading met on the way;
    ``progress`` is told of each story done."""
    opts = options or Options()
    result = read(paths, opts)
    groups = group_by_input(result.articles)
    reports = []
    for done, group in enumerate(groups, start=1):
        reports.append(build_report(group, opts))
        if progress:
            progress(done, len(groups))
    return reports, result
