"""The ``newsdesk`` command: a thin layer that parses, calls the library and prints.

Flags come from the options tables (``settings``, ``eval.harness``); each ``cmd_*`` builds the
options, calls one library function and prints what it returns. Every deliberate error
(``NewsdeskError``) becomes one line on stderr, ``newsdesk: error: [E100] …`` with the code
``errors.py`` gives it, and exit status
2; a bad file among good ones is reported and skipped. Tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsdesk.errors import InputError, NewsdeskError
from newsdesk.eval.harness import HARNESSES
from newsdesk.settings import (
    READ_FIELDS,
    REPORT_FIELDS,
    ClusterOptions,
    FetchOptions,
    IngestOptions,
    Options,
    ServeOptions,
    SparkOptions,
    add_option_flags,
    from_args,
)

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


def _db_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=ServeOptions.db, help=f"database file (default: ./{ServeOptions.db})")


def _json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON")


def _paths(p: argparse.ArgumentParser, help_text: str = "article files or folders") -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help=help_text)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``newsdesk`` command."""
    parser = argparse.ArgumentParser(
        prog="newsdesk", description="Make sense of many news reports about the same events.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("summarize", help="summarize articles about one event, with citations", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    _paths(p)
    add_option_flags(p, Options)
    _json_flag(p)
    p.add_argument("--show-removed", action="store_true", help="list every removed line and why")

    p = sub.add_parser("clean", help="print a cleaned article and its metadata")
    _paths(p)
    add_option_flags(p, Options, ["embedder", *READ_FIELDS])
    _json_flag(p)

    sub.add_parser("methods", help="list the registered summarizers, embedders, splitters and readers")

    p = sub.add_parser("ingest", help="store articles in the database and group them into stories as they arrive")
    _paths(p, "files or folders the readers take (see `newsdesk methods`), or page and feed URLs")
    _db_flag(p)
    add_option_flags(p, IngestOptions)
    add_option_flags(p, FetchOptions, ["user_agent", "delay", "connect_timeout", "read_timeout"])
    add_option_flags(p, ClusterOptions)

    p = sub.add_parser("feeds", help="the feeds the store follows: add (URLs or --opml FILE), list, remove")
    fp = p.add_subparsers(dest="feeds_command", metavar="WHAT", required=True)
    p = fp.add_parser("add", help="subscribe to feeds (their entries arrive with the next `newsdesk update`)")
    p.add_argument("urls", nargs="*", metavar="URL", help="feed URLs (RSS, Atom)")
    p.add_argument("--opml", metavar="FILE", help="subscribe to every feed of an OPML file (folders kept)")
    p.add_argument("--no-check", dest="check", action="store_false", help="do not fetch each feed to read its title")
    _db_flag(p)
    add_option_flags(p, FetchOptions, ["user_agent", "connect_timeout", "read_timeout"])
    p = fp.add_parser("list", help="each feed: title, last fetched, status, articles, next due, last error")
    _db_flag(p)
    _json_flag(p)
    p = fp.add_parser("remove", help="unsubscribe (the articles stay)")
    p.add_argument("urls", nargs="+", metavar="URL")
    _db_flag(p)

    for name, help_text in (
        ("update", "fetch each due feed and the full article of each new entry; store and group them"),
        ("watch", "run `update` every --every until SIGINT/SIGTERM (the batch in flight is finished)"),
    ):
        p = sub.add_parser(name, help=help_text)
        _db_flag(p)
        if name == "update":
            p.add_argument("--feed", nargs="+", default=(), metavar="URL", help="these feeds only, due or not")
        add_option_flags(p, FetchOptions)
        add_option_flags(p, IngestOptions, ["batch", "embed", "splitter"])

    p = sub.add_parser("stories", help="list the stories in the database (or regroup them with --rebuild)")
    _db_flag(p)
    p.add_argument("--rebuild", action="store_true", help="regroup every stored article at once (batch clustering)")
    add_option_flags(p, ClusterOptions)
    p.add_argument("--limit", type=int, default=50, help="list at most N stories (default: 50)")
    _json_flag(p)

    p = sub.add_parser("story", help="print one story's report: summary with citations, sources, what was left out")
    p.add_argument("id", type=int, help="story id (see `newsdesk stories`)")
    _db_flag(p)
    add_option_flags(p, Options, REPORT_FIELDS)
    p.add_argument("--since", metavar="WHEN", help="what is new since WHEN: an ISO time or an age (24h, 3d)")
    _json_flag(p)

    p = sub.add_parser("digest", help="the stories that gained new information since WHEN, with what is new")
    p.add_argument("--since", metavar="WHEN", required=True, help="an ISO time or an age (24h, 3d)")
    p.add_argument("--limit", type=int, default=20, help="at most N stories (default: 20)")
    _db_flag(p)
    add_option_flags(p, Options, REPORT_FIELDS)
    _json_flag(p)

    p = sub.add_parser("serve", help="browse the stories in a local web page, with a JSON API")
    _db_flag(p)
    add_option_flags(p, ServeOptions)
    add_option_flags(p, Options, REPORT_FIELDS)
    p.add_argument("--update-every", metavar="EVERY", help="run `newsdesk update` in the background this often (15m)")

    p = sub.add_parser("spark", help="run the pipeline on Apache Spark, or load a Spark run into the store")
    sp = p.add_subparsers(dest="spark_command", metavar="WHAT", required=True)
    p = sp.add_parser("run", help="read, clean, deduplicate, group and report on Spark; write Parquet")
    _paths(p, "files or folders the readers take, or .parquet")
    p.add_argument("output", metavar="OUTPUT", help="folder for the Parquet tables (replaced)")
    add_option_flags(p, SparkOptions)
    add_option_flags(p, Options, [*REPORT_FIELDS, *READ_FIELDS])
    p = sp.add_parser("load", help="store a Spark run's output in the SQLite database")
    p.add_argument("output", metavar="OUTPUT", help="the folder `newsdesk spark run` wrote")
    _db_flag(p)

    p = sub.add_parser("eval", help="measure newsdesk against references and baselines")
    ev = p.add_subparsers(dest="eval_command", metavar="WHAT", required=True)
    for harness in HARNESSES.values():
        p = ev.add_parser(harness.name, help=harness.help)
        add_option_flags(p, harness.options)
        _json_flag(p)
    return parser


def _warn(message: str) -> None:
    print(f"newsdesk: warning: {message}", file=sys.stderr)


def _skipped(problems: Sequence[InputError], notes: Sequence[str] = ()) -> None:
    for problem in problems:
        print(f"newsdesk: skipped {problem.message}", file=sys.stderr)
    for note in notes:
        _warn(note)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


class _Bar:
    """A progress bar on a terminal (nothing elsewhere): ``bar(done, total)``; total 0 = unknown."""

    def __init__(self, unit: str, least: int = 5) -> None:
        self.unit, self.least, self.tqdm = unit, least, None
        self.on = sys.stderr.isatty()

    def __call__(self, done: int, total: int = 0) -> None:
        if self.tqdm is None and self.on and (not total or total >= self.least):
            from tqdm import tqdm

            self.tqdm = tqdm(total=total or None, unit=f" {self.unit}", file=sys.stderr)
        if self.tqdm is not None:
            self.tqdm.update(done - self.tqdm.n)

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.tqdm is not None:
            self.tqdm.close()


def _require_db(path: str) -> None:
    if not Path(path).exists():
        raise InputError(path, "no such database; run `newsdesk ingest PATHS --db " + path + "` first")


def cmd_summarize(args: argparse.Namespace) -> int:
    """Run ``newsdesk summarize``: a report per story of the inputs."""
    from newsdesk import pipeline
    from newsdesk.io.markdown import to_markdown
    from newsdesk.io.report_json import to_json

    with _Bar("stories") as bar:
        reports, result = pipeline.summarize_paths(args.paths, from_args(Options, args), bar)
    _skipped(result.problems, result.warnings)
    if not reports:
        raise NewsdeskError("no article could be read from " + ", ".join(args.paths))
    if args.json:
        data = [to_json(r) for r in reports]
        _print_json(data[0] if len(data) == 1 else data)
    else:
        print("\n".join(to_markdown(r, show_removed=args.show_removed) for r in reports), end="")
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    """Run ``newsdesk clean``: each article with its metadata, paragraphs and removed lines."""
    from newsdesk import pipeline
    from newsdesk.io.markdown import article_to_markdown
    from newsdesk.io.report_json import article_dict

    articles, result = pipeline.clean_paths(args.paths, from_args(Options, args))
    _skipped(result.problems, result.warnings)
    if not articles:
        raise NewsdeskError("no article could be read from " + ", ".join(args.paths))
    if args.json:
        data = [article_dict(a) for a in articles]
        _print_json(data[0] if len(data) == 1 else data)
    else:
        print("\n\n".join(article_to_markdown(a) for a in articles), end="")
    return 0


def cmd_methods(args: argparse.Namespace) -> int:
    """Run ``newsdesk methods``: every registry and what each entry does."""
    from newsdesk.pipeline import describe_methods

    print(describe_methods(), end="")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Run ``newsdesk ingest``."""
    from newsdesk.service.ingest import ingest, ingest_summary
    from newsdesk.store.db import Store

    options = from_args(IngestOptions, args, cluster=from_args(ClusterOptions, args))
    with Store(args.db) as store, _Bar("articles") as bar:  # the rate shown is articles/second
        stats = ingest(args.paths, store, options, bar, from_args(FetchOptions, args))
        _skipped(stats.problems, stats.warnings)
        print(ingest_summary(stats, store))
    return 0 if stats.read or not stats.problems else 2


def cmd_feeds(args: argparse.Namespace) -> int:
    """Run ``newsdesk feeds add|list|remove``."""
    from newsdesk.io.markdown import feeds_markdown
    from newsdesk.service.feeds import subscribe, unsubscribe
    from newsdesk.store.db import Store

    with Store(args.db) as store:
        if args.feeds_command == "list":
            rows = store.feeds()
            _print_json([r.to_dict() for r in rows]) if args.json else print(feeds_markdown(rows), end="")
            return 0
        if args.feeds_command == "remove":
            gone, problems = unsubscribe(store, args.urls)
            _skipped(problems)
            print(f"{len(gone)} feeds removed from {args.db}")
            return 0 if gone or not args.urls else 2
        added, problems = subscribe(store, args.urls, args.opml, from_args(FetchOptions, args), args.check)
    _skipped(problems, [f"{a.url}: {a.problem} (subscribed all the same)" for a in added if a.problem])
    new = sum(a.new for a in added)
    print(f"{new} feeds added, {len(added) - new} already followed; `newsdesk update --db {args.db}` fetches them")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    """Run ``newsdesk update`` and ``newsdesk watch``."""
    from newsdesk.service.feeds import update, watch
    from newsdesk.settings import parse_duration
    from newsdesk.store.db import Store

    options = from_args(FetchOptions, args)
    ingest_options = from_args(IngestOptions, args)
    report = lambda line: print(f"newsdesk: {line}", file=sys.stderr)  # noqa: E731
    if args.command == "watch":
        stop = _stop_on_signals()
        runs = watch(args.db, parse_duration(options.every), stop, options, ingest_options, report)
        print(f"newsdesk: watch stopped after {runs} updates", file=sys.stderr)
        return 0
    with Store(args.db) as store, _Bar("feeds") as bar:
        stats = update(store, options, ingest_options, args.feed, bar, report=report)
    for problem in stats.problems:
        print(f"newsdesk: failed {problem}", file=sys.stderr)
    print(stats.summary())
    return 0


def _stop_on_signals() -> Any:
    """An event that SIGINT and SIGTERM set (the work in flight then finishes)."""
    import signal
    import threading

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def cmd_stories(args: argparse.Namespace) -> int:
    """Run ``newsdesk stories``."""
    from newsdesk.io.markdown import stories_markdown
    from newsdesk.service.ingest import rebuild_stories
    from newsdesk.store.db import Store

    _require_db(args.db)
    with Store(args.db) as store:
        if args.rebuild:
            n = rebuild_stories(store, from_args(ClusterOptions, args))
            print(f"regrouped {store.count('articles')} articles into {n} stories", file=sys.stderr)
        rows = store.stories_table()
    if args.json:
        _print_json([r.to_dict() for r in rows[: args.limit]])
    else:
        print(stories_markdown(rows, args.limit), end="")
    return 0


def cmd_story(args: argparse.Namespace) -> int:
    """Run ``newsdesk story ID``: the stored report (built once, then read back while the
    story and the options stay the same)."""
    from newsdesk.analyze.updates import parse_since
    from newsdesk.io.markdown import story_markdown
    from newsdesk.service.reports import story_report_json
    from newsdesk.store.db import Store

    since = parse_since(args.since) if args.since else None
    _require_db(args.db)
    with Store(args.db) as store:
        story = store.resolve_story(args.id) or args.id
        if story != args.id:
            print(f"newsdesk: story {args.id} was merged into story {story}", file=sys.stderr)
        data = story_report_json(store, story, from_args(Options, args), since)
    if args.json:
        _print_json(data)
    else:
        print(story_markdown(data), end="")
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    """Run ``newsdesk digest --since WHEN``."""
    from newsdesk.analyze.updates import parse_since
    from newsdesk.io.markdown import digest_markdown
    from newsdesk.service.reports import digest
    from newsdesk.store.db import Store

    since = parse_since(args.since)
    _require_db(args.db)
    with Store(args.db) as store:
        entries = digest(store, since, from_args(Options, args), args.limit)
    if args.json:
        _print_json({"since": since, "stories": entries})
    else:
        print(digest_markdown(entries, since), end="")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Run ``newsdesk serve``."""
    try:
        from newsdesk.web.app import create_app, serve
    except ImportError as exc:
        raise NewsdeskError(
            f"`serve` needs the web extra ({exc.name} is missing): pip install 'newsdesk[web]'"
        ) from None
    options = from_args(ServeOptions, args, db=args.db, report=from_args(Options, args))
    every = None
    if args.update_every:
        from newsdesk.settings import parse_duration

        every = parse_duration(args.update_every)
    app = create_app(options, update_every=every)  # opens (or creates) the store first
    if options.host not in ("127.0.0.1", "localhost", "::1"):
        _warn(f"listening on {options.host}: anyone who can reach this machine can read and add articles")
    print(f"newsdesk: serving {args.db} on http://{options.host}:{options.port}/ (Ctrl-C stops)", file=sys.stderr)
    serve(app, options.host, options.port)
    return 0


def cmd_spark(args: argparse.Namespace) -> int:
    """Run ``newsdesk spark run`` and ``newsdesk spark load``."""
    if args.spark_command == "load":
        from newsdesk.scale.load import load
        from newsdesk.store.db import Store

        with Store(args.db) as store:
            print(load(args.output, store).summary(args.db), file=sys.stderr)
        return 0
    from newsdesk.scale.spark import run

    stats = run(args.paths, args.output, from_args(SparkOptions, args, report=from_args(Options, args)))
    for problem in stats.first_problems:
        _warn(f"skipped {problem}")
    print(stats.summary(args.output), file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Run ``newsdesk eval WHAT``: one harness, its table or its JSON."""
    harness = HARNESSES[args.eval_command]
    with _Bar("steps") as bar:
        result = harness.run(from_args(harness.options, args), bar)
    _skipped((), result.warnings)
    if args.json:
        _print_json(result.to_dict())
    else:
        print(harness.markdown(result))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "summarize": cmd_summarize,
    "clean": cmd_clean,
    "methods": cmd_methods,
    "ingest": cmd_ingest,
    "feeds": cmd_feeds,
    "update": cmd_update,
    "watch": cmd_update,
    "stories": cmd_stories,
    "story": cmd_story,
    "digest": cmd_digest,
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
        print(f"newsdesk: error: {exc}", file=sys.stderr)  # "[E100] path: problem": the code says which error
        return 2
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader of our output went away (e.g. `| head`): not an error
        return 0


if __name__ == "__main__":
    sys.exit(main())
