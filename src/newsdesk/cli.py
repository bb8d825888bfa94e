"""The ``newsdesk`` command: a thin layer that parses, calls the library and formats.

Every deliberate error (``NewsdeskError``) becomes one line on stderr and exit status 2; a
bad file among good ones is reported and skipped. Tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from newsdesk.errors import InputError, NewsdeskError
from newsdesk.settings import Options

EPILOG = """examples:
  newsdesk summarize ../shared/examples/            # Markdown summary with [n] citations
  newsdesk summarize a.txt b.html feed.jsonl --words 100 --json
  newsdesk summarize dev.jsonl --format jsonl        # one summary per Multi-News example
  newsdesk clean ../shared/examples/004_6180b9bbd26698b1.txt
  newsdesk methods                                   # summarizers, embedders, readers
  newsdesk ingest feeds/ crawl.warc.gz --db news.db  # store articles, group them into stories
  newsdesk stories --db news.db                      # list stories; newsdesk story 3 --db news.db
  newsdesk serve --db news.db                        # browse them at http://127.0.0.1:8000/
  newsdesk eval summarize --limit 100                # ROUGE of every method on Multi-News dev
  newsdesk eval extraction                           # extraction F1 against trafilatura and others
  newsdesk eval offtopic --embedder tfidf            # off-topic document flags vs silver labels
"""


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def add_option_flags(parser: argparse.ArgumentParser, names: Sequence[str]) -> None:
    """Add a flag for each named field of ``Options``, with its default and help."""
    for f in fields(Options):
        if f.name not in names:
            continue
        help_text = f"{f.metadata['help']} (default: {f.default})"
        if f.type in ("bool", bool):
            parser.add_argument(_flag(f.name), action="store_true", help=help_text)
        else:
            kind: Any = {"int": int, "float": float}.get(str(f.type), str)
            parser.add_argument(_flag(f.name), type=kind, default=f.default, help=help_text, metavar=f.name.upper())


def _options(args: argparse.Namespace) -> Options:
    values = {f.name: getattr(args, f.name) for f in fields(Options) if hasattr(args, f.name)}
    return Options(**values)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``newsdesk`` command."""
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Make sense of many news reports about the same events.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "summarize",
        help="summarize articles about one event, with citations",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders (.txt .html .jsonl .src)")
    add_option_flags(p, ["words", "method", "embedder", "splitter", "format", "max_mb", "keep_offtopic"])
    p.add_argument("--json", action="store_true", help="print JSON (offsets, support, removed lines)")
    p.add_argument("--show-removed", action="store_true", help="list every removed line and why")

    p = sub.add_parser("clean", help="print a cleaned article and its metadata")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    add_option_flags(p, ["embedder", "format", "max_mb"])
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--show-removed", action="store_true", default=True, help=argparse.SUPPRESS)

    sub.add_parser("methods", help="list the registered summarizers, embedders, splitters and readers")

    p = sub.add_parser("ingest", help="store articles in the database and group them into stories as they arrive")
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files or folders (.txt .html .jsonl .src .rss .atom .xml .warc .warc.gz)",
    )
    p.add_argument("--db", default="newsdesk.db", help="database file (default: ./newsdesk.db)")
    p.add_argument("--batch", type=int, default=200, help="articles per transaction (default: 200)")
    p.add_argument(
        "--embed", action="store_true", help="store MiniLM sentence embeddings too (slower; used for grouping)"
    )
    add_option_flags(p, ["format", "max_mb", "splitter"])

    p = sub.add_parser("stories", help="list the stories in the database (or regroup them with --rebuild)")
    p.add_argument("--db", default="newsdesk.db", help="database file (default: ./newsdesk.db)")
    p.add_argument("--rebuild", action="store_true", help="regroup every stored article at once (batch clustering)")
    p.add_argument("--limit", type=int, default=50, help="list at most N stories (default: 50)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("story", help="print one story's report: summary with citations, sources, what was left out")
    p.add_argument("id", type=int, help="story id (see `newsdesk stories`)")
    p.add_argument("--db", default="newsdesk.db", help="database file (default: ./newsdesk.db)")
    add_option_flags(p, ["words", "method", "embedder", "keep_offtopic"])
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("serve", help="browse the stories in a local web page, with a JSON API")
    p.add_argument("--db", default="newsdesk.db", help="database file (default: ./newsdesk.db; created when missing)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--max-upload-mb", type=float, default=5.0, help="largest request body accepted (default: 5)")
    add_option_flags(p, ["words", "method", "embedder", "keep_offtopic"])

    p = sub.add_parser("spark", help="run the pipeline on Apache Spark, or load a Spark run into the store")
    sp = p.add_subparsers(dest="spark_command", metavar="WHAT", required=True)
    p = sp.add_parser("run", help="read, clean, deduplicate, group and report on Spark; write Parquet")
    p.add_argument("paths", nargs="+", metavar="INPUT", help="files or folders the readers accept, or .parquet")
    p.add_argument("output", metavar="OUTPUT", help="folder for the Parquet tables (replaced)")
    p.add_argument("--master", default="local[2]", help="Spark master (default: local[2])")
    p.add_argument("--partitions", type=int, default=0, help="input partitions (default: twice the parallelism)")
    p.add_argument("--embed", action="store_true", help="store MiniLM sentence embeddings (model loaded per partition)")
    p.add_argument("--no-reports", action="store_true", help="skip building each story's report")
    add_option_flags(p, ["words", "method", "embedder", "splitter", "format", "max_mb", "keep_offtopic"])
    p = sp.add_parser("load", help="store a Spark run's output in the SQLite database")
    p.add_argument("output", metavar="OUTPUT", help="the folder `newsdesk spark run` wrote")
    p.add_argument("--db", default="newsdesk.db", help="database file (default: ./newsdesk.db)")

    p = sub.add_parser("eval", help="measure newsdesk against references and baselines")
    ev = p.add_subparsers(dest="eval_command", metavar="WHAT", required=True)
    p = ev.add_parser("summarize", help="ROUGE of every method on multi-document summaries with references")
    _add_data_flag(p, "JSONL (id, documents, summary) or Multi-News .src; default ../shared/data/multinews/dev.jsonl")
    p.add_argument(
        "--methods",
        nargs="+",
        default=None,
        metavar="NAME",
        help="methods to compare (default: the default method, lead, lexrank, textrank, oracle)",
    )
    p.add_argument("--limit", type=int, default=None, help="first N examples only")
    p.add_argument("--words", type=int, default=250, help="word budget, the same for every method (default: 250)")
    add_option_flags(p, ["embedder", "splitter"])
    p.add_argument("--json", action="store_true", help="print JSON rows instead of the table")

    p = ev.add_parser(
        "extraction", help="main-text extraction from HTML against gold text, newsdesk and other extractors"
    )
    _add_data_flag(p, "folder with ground-truth.json and html/<id>.html.gz; default ../shared/data/article-extraction")
    p.add_argument(
        "--extractors",
        nargs="+",
        default=None,
        metavar="NAME",
        help="extractors to compare (default: newsdesk, trafilatura, readability, newspaper4k, justext, boilerpy3)",
    )
    p.add_argument("--limit", type=int, default=None, help="first N pages only")
    p.add_argument("--json", action="store_true", help="print JSON rows instead of the table")

    p = ev.add_parser("clustering", help="story grouping against known groups (pooled Multi-News, NewsWCL50)")
    _add_data_flag(p, "Multi-News JSONL whose examples are pooled; default ../shared/data/multinews/dev.jsonl")
    p.add_argument("--limit", type=int, default=None, help="the first N examples only (default: all)")
    p.add_argument(
        "--pool-size",
        type=int,
        default=300,
        help="examples pooled together; the examples are split into disjoint pools of this size (default: 300)",
    )
    p.add_argument("--newswcl50", type=Path, default=None, help="NewsWCL50 folder; default ../shared/data/newswcl50")
    p.add_argument(
        "--embed", action="store_true", help="group as ingest --embed does: words and lead-passage embeddings"
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of the table")

    p = ev.add_parser("entities", help="entity merging across outlets against NewsWCL50's gold concepts")
    _add_data_flag(p, "NewsWCL50 folder (conll.csv); default ../shared/data/newswcl50")
    p.add_argument("--no-model", action="store_true", help="use the dependency-free mention finder, not spaCy")
    p.add_argument("--json", action="store_true", help="print JSON instead of the table")

    p = ev.add_parser("quotes", help="quote speakers against hand-annotated NewsWCL50 articles")
    _add_data_flag(p, "NewsWCL50 folder (conll.csv); default ../shared/data/newswcl50")
    p.add_argument(
        "--annotations",
        type=Path,
        default=None,
        help="annotated quotes (default: data/annotations/newswcl50_quotes.jsonl)",
    )
    p.add_argument("--no-model", action="store_true", help="use the dependency-free mention finder, not spaCy")
    p.add_argument(
        "--errors", action="store_true", help="also list every annotated quote credited wrongly or not found"
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of the table")

    p = ev.add_parser("offtopic", help="off-topic document flags against Multi-News silver labels")
    _add_data_flag(p, "JSONL with documents and silver_irrelevant; default ../shared/data/multinews/dev.jsonl")
    p.add_argument("--limit", type=int, default=None, help="first N examples only")
    add_option_flags(p, ["embedder"])
    p.add_argument("--json", action="store_true", help="print JSON instead of the table")
    return parser


def _add_data_flag(parser: argparse.ArgumentParser, help_text: str) -> None:
    """The ``--data PATH`` flag of an evaluation (its default lives under ../shared/data)."""
    parser.add_argument("--data", type=Path, default=None, help=help_text)


def _warn(message: str) -> None:
    print(f"newsdesk: warning: {message}", file=sys.stderr)


def _report_reading(result: Any) -> None:
    for note in result.warnings:
        _warn(note)
    for problem in result.problems:
        print(f"newsdesk: skipped {problem.message}", file=sys.stderr)


def cmd_summarize(args: argparse.Namespace) -> int:
    """Run ``newsdesk summarize``."""
    from newsdesk import pipeline
    from newsdesk.io.writers import to_json, to_markdown

    opts = _options(args)
    result = pipeline.read(args.paths, opts)
    _report_reading(result)
    if not result.articles:
        raise NewsdeskError("no article could be read from " + ", ".join(args.paths))
    groups = pipeline.group_by_input(result.articles)
    reports = []
    for group in _progress(groups, "stories"):
        reports.append(pipeline.build_report(group, opts))
    if args.json:
        data: Any = [to_json(r) for r in reports]
        print(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(to_markdown(r, show_removed=args.show_removed) for r in reports), end="")
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    """Run ``newsdesk clean``: each article with its metadata, paragraphs and removed lines."""
    from newsdesk import pipeline
    from newsdesk.embed import get_embedder
    from newsdesk.io.writers import article_dict, article_to_markdown

    opts = _options(args)
    result = pipeline.read(args.paths, opts)
    _report_reading(result)
    if not result.articles:
        raise NewsdeskError("no article could be read from " + ", ".join(args.paths))
    embedder = get_embedder(opts.embedder)
    for story in pipeline.group_by_input(result.articles):  # judged against the rest of its story
        pipeline.flag_offtopic(story, embedder)
    if args.json:
        data = [article_dict(a) for a in result.articles]
        print(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(article_to_markdown(a) for a in result.articles), end="")
    return 0


def cmd_methods(args: argparse.Namespace) -> int:
    """Run ``newsdesk methods``."""
    from newsdesk.embed import EMBEDDERS
    from newsdesk.io.readers import READERS
    from newsdesk.summarize import SUMMARIZERS
    from newsdesk.text.sentences import SPLITTERS

    for title, registry in (
        ("summarizers", SUMMARIZERS),
        ("embedders", EMBEDDERS),
        ("splitters", SPLITTERS),
        ("readers", READERS),
    ):
        print(f"{title}:")
        for name in registry:
            print(f"  {name:10} {registry.help(name)}")
    return 0


def _progress(items: list[Any], unit: str) -> Any:
    if len(items) < 5 or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, unit=f" {unit}", file=sys.stderr)


def _shared_data(*parts: str) -> Path | None:
    """``../shared/data/<parts>`` beside the working folder or the checkout, when present."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        candidate = base.parent.joinpath("shared", "data", *parts)
        if candidate.exists():
            return candidate
    return None


def _default_examples() -> Path | None:
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        for candidate in (base.parent / "shared" / "examples", base / "examples"):
            if candidate.is_dir():
                return candidate
    return None


def cmd_eval(args: argparse.Namespace) -> int:
    """Run ``newsdesk eval summarize`` or ``newsdesk eval extraction``."""
    if args.eval_command == "extraction":
        return cmd_eval_extraction(args)
    if args.eval_command == "offtopic":
        return cmd_eval_offtopic(args)
    if args.eval_command == "clustering":
        return cmd_eval_clustering(args)
    if args.eval_command == "entities":
        return cmd_eval_entities(args)
    if args.eval_command == "quotes":
        return cmd_eval_quotes(args)
    from newsdesk.eval.datasets import load_examples
    from newsdesk.eval.summarization import DEFAULT_METHODS, evaluate, format_table

    data = args.data or _shared_data("multinews", "dev.jsonl")
    if args.data is not None and not args.data.exists():
        raise InputError(str(args.data), "no such file")
    examples = load_examples(data, args.limit, fallback=_default_examples())
    if not any(e.reference for e in examples):
        where = data if data is not None and data.is_file() else _default_examples() if data is None else data
        _warn(f"no reference summaries found; running on {where} without ROUGE")
    methods = args.methods or list(dict.fromkeys([Options().method, *DEFAULT_METHODS]))
    bar = _progress_bar(len(examples), "examples")
    results = evaluate(
        examples,
        methods,
        words=args.words,
        embedder=args.embedder,
        splitter=args.splitter,
        progress=(lambda n: bar.update(1)) if bar else None,
    )
    if bar:
        bar.close()
    if args.json:
        print(
            json.dumps(
                {
                    "data": str(data),
                    "examples": len(examples),
                    "words": args.words,
                    "results": [r.row() for r in results],
                },
                indent=2,
            )
        )
    else:
        print(f"{len(examples)} examples from {data or 'the bundled examples'}, budget {args.words} words\n")
        print(format_table(results))
    return 0


def _ingest_embedder(args: argparse.Namespace) -> Any:
    """MiniLM when ``--embed`` asks for it (TF-IDF vectors are not comparable across batches)."""
    if not getattr(args, "embed", False):
        return None
    from newsdesk.embed import get_embedder

    embedder = get_embedder("auto")
    if embedder.name == "tfidf":
        _warn("--embed needs the MiniLM model, which is not available; grouping by words only")
        return None
    return embedder


def cmd_ingest(args: argparse.Namespace) -> int:
    """Run ``newsdesk ingest``."""
    from newsdesk.store.db import Store
    from newsdesk.store.ingest import ingest

    store = Store(args.db)
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit=" articles", file=sys.stderr)  # the rate shown is articles/second
    try:
        stats = ingest(
            args.paths,
            store,
            embedder=_ingest_embedder(args),
            batch_size=max(1, args.batch),
            fmt=args.format,
            max_mb=args.max_mb,
            splitter=args.splitter,
            progress=(lambda n: bar.update(n)) if bar else None,
        )
    finally:
        if bar:
            bar.close()
    for problem in stats.problems:
        print(f"newsdesk: skipped {problem.message}", file=sys.stderr)
    for warning in stats.warnings:
        _warn(warning)
    print(
        f"{stats.read} articles read, {stats.stored} stored ({stats.duplicates} near-duplicates), "
        f"{stats.known} already stored, {stats.new_stories} new stories; "
        f"{store.count('articles')} articles in {len(store.story_ids())} stories in {args.db} "
        f"({stats.per_second:.0f} articles/s)"
    )
    store.close()
    return 0 if stats.read or not stats.problems else 2


def cmd_stories(args: argparse.Namespace) -> int:
    """Run ``newsdesk stories``."""
    from newsdesk.store.db import Store
    from newsdesk.store.ingest import rebuild_stories

    _require_db(args.db)
    store = Store(args.db)
    if args.rebuild:
        n = rebuild_stories(store)
        print(f"regrouped {store.count('articles')} articles into {n} stories", file=sys.stderr)
    rows = store.stories_table()
    store.close()
    if args.json:
        print(json.dumps([r.to_dict() for r in rows[: args.limit]], ensure_ascii=False, indent=2))
        return 0
    print("| story | articles | sources | outlets | dates | headline |\n|---|---|---|---|---|---|")
    for row in rows[: args.limit]:
        info = row.to_dict()
        first, last = info["first"], info["last"]
        dates = f"{first} – {last}" if first and first != last else str(first or "—")
        outlets = sorted(row.outlets)
        shown = ", ".join(outlets[:3]) + (" …" if len(outlets) > 3 else "")
        cells = [
            str(row.id),
            str(row.articles),
            str(row.sources),
            md_cell(shown) or "—",
            dates,
            md_cell(row.headline or "—"),
        ]
        print("| " + " | ".join(cells) + " |")
    if len(rows) > args.limit:
        print(f"\n{len(rows) - args.limit} more stories (--limit N shows more)")
    return 0


def md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    from newsdesk.io.writers import md_escape

    return md_escape(text).replace("|", "\\|").replace("\n", " ")


def _require_db(path: str) -> None:
    if not Path(path).exists():
        raise InputError(path, "no such database; run `newsdesk ingest PATHS --db " + path + "` first")


def cmd_story(args: argparse.Namespace) -> int:
    """Run ``newsdesk story ID``."""
    from newsdesk.io.writers import to_json, to_markdown
    from newsdesk.store.db import Store
    from newsdesk.store.reports import story_report

    _require_db(args.db)
    with Store(args.db) as store:
        report, copies = story_report(store, args.id, _options(args))
    if args.json:
        print(json.dumps(to_json(report), ensure_ascii=False, indent=2))
    else:
        print(to_markdown(report), end="")
    if copies:
        print(f"\n_{copies} near-duplicate copies of these articles left out._")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Run ``newsdesk serve``."""
    try:
        from newsdesk.web.app import ServeOptions, create_app, serve
    except ImportError as exc:
        raise NewsdeskError(
            f"`serve` needs the web extra ({exc.name} is missing): pip install 'newsdesk[web]'"
        ) from None
    app = create_app(ServeOptions(args.db, _options(args), args.max_upload_mb))  # opens (or creates) the store first
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        _warn(f"listening on {args.host}: anyone who can reach this machine can read and add articles")
    print(f"newsdesk: serving {args.db} on http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    serve(app, args.host, args.port)
    return 0


def cmd_spark(args: argparse.Namespace) -> int:
    """Run ``newsdesk spark run`` and ``newsdesk spark load``."""
    if args.spark_command == "load":
        from newsdesk.scale.load import load
        from newsdesk.store.db import Store

        with Store(args.db) as store:
            loaded = load(args.output, store)
        print(
            f"{loaded.articles} articles stored ({loaded.already} already there), {loaded.stories} stories, "
            f"{loaded.duplicates} near-duplicate links, {loaded.reports} reports into {args.db}",
            file=sys.stderr,
        )
        return 0
    from newsdesk.scale.spark import SparkOptions, run

    opts = SparkOptions(
        master=args.master,
        partitions=args.partitions,
        splitter=args.splitter,
        embed=args.embed,
        reports=not args.no_reports,
        report=_options(args),
    )
    stats = run(args.paths, args.output, opts)
    for problem in stats.first_problems:
        _warn(f"skipped {problem}")
    print(
        f"{stats.articles} articles ({stats.problems} inputs skipped), {stats.duplicates} near-duplicates, "
        f"{stats.stories} stories from {stats.candidate_pairs} candidate pairs in {stats.seconds:.1f} s; "
        f"Parquet in {args.output} (load it: newsdesk spark load {args.output} --db news.db)",
        file=sys.stderr,
    )
    return 0


def cmd_eval_clustering(args: argparse.Namespace) -> int:
    """Run ``newsdesk eval clustering``."""
    from newsdesk.cluster.stories import ClusterOptions
    from newsdesk.eval import clustering
    from newsdesk.eval.datasets import load_examples

    embedder = _ingest_embedder(args)
    options = ClusterOptions()  # embeddings weigh only when the articles are embedded (--embed)
    data = args.data or _shared_data("multinews", "dev.jsonl")
    results = []
    notes = []
    if data is not None and data.is_file():
        pools = clustering.split_pools(load_examples(data, args.limit), args.pool_size)
        pooled = []
        for pool in pools:
            notes.append(f"{pool.name}: {len(pool.articles)} articles ({pool.skipped} documents with no text left out)")
            pooled += clustering.evaluate_clustering(pool, clustering.docs_of(pool.articles, embedder), options)
        results += pooled
        if len(pools) > 1:
            results += clustering.mean_results(pooled, f"Multi-News, mean of {len(pools)} pools")
    else:
        _warn(f"{data or '../shared/data/multinews/dev.jsonl'} not found; Multi-News skipped")
    wcl = args.newswcl50 or _shared_data("newswcl50")
    if wcl is not None and wcl.is_dir():
        pool = clustering.pool_newswcl50(wcl)
        notes.append(f"{pool.name}: {len(pool.articles)} articles")
        results += clustering.evaluate_clustering(pool, clustering.docs_of(pool.articles, embedder), options)
    if not results:
        raise InputError(str(data), "no data to evaluate clustering on")
    if args.json:
        print(json.dumps({"embedded": embedder is not None, "results": [r.row() for r in results]}, indent=2))
        return 0
    print("\n".join(notes) + f"\ngrouping by {'words and MiniLM embeddings' if embedder else 'words'}\n")
    print(clustering.format_table(results))
    return 0


def cmd_eval_entities(args: argparse.Namespace) -> int:
    """Run ``newsdesk eval entities``."""
    from newsdesk.eval.entities import evaluate_entities, load_newswcl50

    data = args.data or _shared_data("newswcl50")
    if data is None:
        raise InputError("../shared/data/newswcl50", "not found; pass --data FOLDER")
    articles, gold = load_newswcl50(data)
    scores = evaluate_entities(articles, gold, use_model=not args.no_model)
    if args.json:
        print(json.dumps({"data": str(data), **scores.row()}, indent=2))
        return 0
    print(
        f"{len(articles)} articles, {scores.gold_mentions} gold mentions of named concepts from {data}; mentions by {scores.finder}\n"
    )
    print("| mentions found | B³ precision | B³ recall | B³ F1 | gold concepts under one name |")
    print("|---|---|---|---|---|")
    print(
        f"| {scores.found} of {scores.gold_mentions} | {scores.precision:.3f} | {scores.recall:.3f} | {scores.f1:.3f} "
        f"| {scores.single_name} of {scores.concepts} |"
    )
    return 0


def cmd_eval_quotes(args: argparse.Namespace) -> int:
    """Run ``newsdesk eval quotes``."""
    from newsdesk.eval.entities import load_newswcl50
    from newsdesk.eval.quotes import ANNOTATIONS, by_events, evaluate_quotes, load_annotations, misses

    data = args.data or _shared_data("newswcl50")
    if data is None:
        raise InputError("../shared/data/newswcl50", "not found; pass --data FOLDER")
    articles, _ = load_newswcl50(data)
    gold = load_annotations(args.annotations or ANNOTATIONS)
    scores, rows = evaluate_quotes(articles, gold, use_model=not args.no_model)
    if args.json:
        print(json.dumps({"data": str(data), **scores.row(), "quotes": rows}, indent=2, ensure_ascii=False))
        return 0
    print(
        f"{scores.articles} NewsWCL50 articles, {scores.quotations} annotated quotations "
        f"({scores.with_speaker} with a speaker); mentions by {scores.finder}\n"
    )
    print("| events | quotations found | speakers named | right | precision | recall | F1 |")
    print("|---|---|---|---|---|---|---|")
    for name, part in by_events(rows):
        print(
            f"| {name} | {part.found} of {part.quotations} | {part.attributed} | {part.correct} | "
            f"{part.precision:.3f} | {part.recall:.3f} | {part.f1:.3f} |"
        )
    if args.errors:
        print("\n| article | quotation | annotated | newsdesk |\n|---|---|---|---|")
        for row in misses(rows):
            shown = "not found" if not row["found"] else (row["speaker"] or "no speaker")
            annotated = md_cell(" / ".join(row["gold"]) or "—")
            print(f"| {row['doc']} | {md_cell(str(row['quote'])[:70])} | {annotated} | {md_cell(str(shown))} |")
    return 0


def cmd_eval_offtopic(args: argparse.Namespace) -> int:
    """Run ``newsdesk eval offtopic``."""
    from newsdesk.embed import get_embedder
    from newsdesk.eval.datasets import load_examples
    from newsdesk.eval.offtopic import evaluate_offtopic

    data = args.data or _shared_data("multinews", "dev.jsonl")
    if data is None or not data.is_file():
        raise InputError(str(data or "../shared/data/multinews/dev.jsonl"), "not found; pass --data FILE.jsonl")
    examples = load_examples(data, args.limit)
    if not any(e.silver_irrelevant for e in examples):
        _warn(f"{data} has no silver_irrelevant labels: every flag counts as a false positive")
    embedder = get_embedder(args.embedder)
    bar = _progress_bar(len(examples), "examples")
    counts = evaluate_offtopic(examples, embedder, progress=(lambda n: bar.update(1)) if bar else None)
    if bar:
        bar.close()
    row = counts.row()
    if args.json:
        print(json.dumps({"data": str(data), "examples": len(examples), "embedder": embedder.name, **row}, indent=2))
        return 0
    print(f"{len(examples)} examples, {row['documents']} documents from {data}; embedder {embedder.name}\n")
    print("| documents | silver off-topic | flagged | precision | recall | F1 |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {row['documents']} | {row['silver_offtopic']} | {row['flagged']} | {row['precision']:.3f} "
        f"| {row['recall']:.3f} | {row['f1']:.3f} |"
    )
    by = counts.by_reason
    print("\nflagged because: " + "; ".join(f"{why}: {n}" for why, n in by.items()))
    return 0


def cmd_eval_extraction(args: argparse.Namespace) -> int:
    """Run ``newsdesk eval extraction``."""
    from newsdesk.eval import extraction

    data = args.data or _shared_data("article-extraction")
    if data is None:
        raise InputError("../shared/data/article-extraction", "not found; pass --data FOLDER")
    pages = extraction.load_pages(data, args.limit)
    if not pages:
        raise InputError(str(data), "ground-truth.json lists no pages")
    names = args.extractors or list(extraction.DEFAULT_EXTRACTORS)
    for name in names:
        if name not in extraction.EXTRACTORS:
            extraction.EXTRACTORS.get(name)  # raises the "unknown extractor ..., choose one of" error
    bar = _progress_bar(len(names), "extractors")
    results = extraction.evaluate_extraction(pages, names, progress=(lambda n: bar.update(n)) if bar else None)
    if bar:
        bar.close()
    if args.json:
        print(json.dumps({"data": str(data), "pages": len(pages), "results": [r.row() for r in results]}, indent=2))
    else:
        print(f"{len(pages)} pages from {data}\n")
        print(extraction.format_table(results))
    return 0


def _progress_bar(total: int, unit: str) -> Any:
    if total < 5 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=f" {unit}", file=sys.stderr)


COMMANDS = {
    "summarize": cmd_summarize,
    "clean": cmd_clean,
    "methods": cmd_methods,
    "ingest": cmd_ingest,
    "stories": cmd_stories,
    "story": cmd_story,
    "serve": cmd_serve,
    "spark": cmd_spark,
    "eval": cmd_eval,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    warnings.showwarning = lambda message, *a, **k: _warn(str(message))
    try:
        return COMMANDS[args.command](args)
    except NewsdeskError as exc:
        print(f"newsdesk: error: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader of our output went away (e.g. `| head`): not an error
        return 0


if __name__ == "__main__":
    sys.exit(main())
