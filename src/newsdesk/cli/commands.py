"""What each subcommand does: build the options, call one library function, print."""

from __future__ import annotations

import argparse
import json
import socket
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsdesk.errors import InputError, NewsdeskError, StoreError
from newsdesk.eval.harness import HARNESSES
from newsdesk.settings import (
    ClusterOptions,
    FetchOptions,
    IngestOptions,
    Options,
    ServeOptions,
    SparkOptions,
    from_args,
)


def warn(message: str) -> None:
    print(f"newsdesk: warning: {message}", file=sys.stderr)


def _skipped(problems: Sequence[InputError], notes: Sequence[str] = ()) -> None:
    for problem in problems:
        print(f"newsdesk: skipped {problem.message}", file=sys.stderr)
    for note in notes:
        warn(note)


def _print_md(text: str) -> None:
    """Markdown as it is, for a file or a pipe (a renderer needs its escapes); on a terminal,
    without them (a person reads ``[1]``, not ``\\[1\\]``)."""
    from newsdesk.io.text import for_terminal

    print(for_terminal(text) if sys.stdout.isatty() else text, end="")


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
    """Commands that read a store refuse a missing one rather than make an empty one."""
    if not Path(path).exists():
        raise StoreError(
            path, "missing", f"`newsdesk ingest PATHS --db {path}` or `newsdesk feeds add URL --db {path}` makes one"
        )


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
        _print_md("\n".join(to_markdown(r, show_removed=args.show_removed) for r in reports))
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
        _print_md("\n\n".join(article_to_markdown(a) for a in articles))
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
    from newsdesk.io.text import feeds_text
    from newsdesk.service.feeds import subscribe, unsubscribe
    from newsdesk.store.db import Store

    if args.feeds_command != "add":
        _require_db(args.db)
    with Store(args.db) as store:
        if args.feeds_command == "list":
            rows = store.feeds()
            _print_json([r.to_dict() for r in rows]) if args.json else print(feeds_text(rows), end="")
            return 0
        if args.feeds_command == "remove":
            gone, problems = unsubscribe(store, args.urls)
            _skipped(problems)
            print(f"{len(gone)} feeds removed from {args.db}")
            return 0 if gone or not args.urls else 2
        added, problems = subscribe(
            store, args.urls, args.opml, from_args(FetchOptions, args), args.check, anyway=args.anyway
        )
    _skipped(problems)
    for a in added:
        if a.asked:
            print(f"newsdesk: {a.asked} is a web page; subscribed to the feed it links to, {a.url}", file=sys.stderr)
        if a.problem and a.subscribed:
            warn(f"{a.problem} (subscribed all the same)")
        elif a.problem:
            print(f"newsdesk: not subscribed: {a.problem}", file=sys.stderr)
    subscribed = [a for a in added if a.subscribed]
    new = sum(a.new for a in subscribed)
    refused = len(added) - len(subscribed)
    print(
        f"{new} feeds added, {len(subscribed) - new} already followed"
        + (f", {refused} not subscribed (--anyway subscribes them all the same)" if refused else "")
        + (f"; `newsdesk update --db {args.db}` fetches them" if subscribed else "")
    )
    return 2 if refused else 0


def cmd_update(args: argparse.Namespace) -> int:
    """Run ``newsdesk update`` and ``newsdesk watch``."""
    from newsdesk.service.feeds import update, watch
    from newsdesk.settings import parse_duration
    from newsdesk.store.db import Store

    options = from_args(FetchOptions, args)
    ingest_options = from_args(IngestOptions, args)
    report = lambda line: print(f"newsdesk: {line}", file=sys.stderr)  # noqa: E731
    if args.command == "watch":
        _require_db(args.db)
        stop = _stop_on_signals()
        runs = watch(args.db, parse_duration(options.every), stop, options, ingest_options, report)
        print(f"newsdesk: watch stopped after {runs} updates", file=sys.stderr)
        return 0
    _require_db(args.db)
    with Store(args.db) as store, _Bar("feeds") as bar:
        if not store.feed_count():
            raise InputError(args.db, f"follows no feed yet: `newsdesk feeds add URL --db {args.db}` first")
        only = [f.url for f in store.feeds()] if args.all else args.feed
        stats = update(store, options, ingest_options, only, bar, report=report)
    for problem in stats.problems:
        print(f"newsdesk: page not fetched: {problem}", file=sys.stderr)
    print(stats.summary())
    if not stats.feeds:
        print(f"No feed was due; the next is due at {stats.next_due}. `newsdesk update --all` polls every feed now.")
    if stats.feeds and stats.failed == stats.feeds:
        print(f"newsdesk: error: every feed polled failed ({stats.failed})", file=sys.stderr)
        return 2
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
        _print_md(stories_markdown(rows, args.limit))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Run ``newsdesk search WORDS``."""
    from newsdesk.io.markdown import search_markdown
    from newsdesk.service.search import search
    from newsdesk.store.db import Store

    _require_db(args.db)
    with Store(args.db) as store:
        found = search(store, " ".join(args.words), args.limit)
    if args.json:
        _print_json(found)
    else:
        _print_md(search_markdown(found))
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    """Run ``newsdesk prune --before DATE | --keep SPAN``."""
    from newsdesk.service.prune import cutoff, prune
    from newsdesk.store.db import Store

    _require_db(args.db)
    with Store(args.db) as store:
        before = cutoff(store, args.before, args.keep)
        stories, articles, was, now = prune(store, before)
    print(
        f"removed {stories} stories ({articles} articles) with no article since {before}; "
        f"{args.db}: {was / 2**20:.1f} MiB -> {now / 2**20:.1f} MiB",
        file=sys.stderr,
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Run ``newsdesk backup PATH``."""
    from newsdesk.store.db import Store

    _require_db(args.db)
    if Path(args.path).resolve() == Path(args.db).resolve():
        raise InputError(args.path, "is the database itself; give another file")
    with Store(args.db) as store:
        store.backup(args.path)
    print(f"copied {args.db} to {args.path}", file=sys.stderr)
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
        _print_md(story_markdown(data, all_updates=args.all))
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
        _print_md(digest_markdown(entries, since))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Run ``newsdesk serve``."""
    try:
        from newsdesk.web.app import create_app, serve
    except ImportError as exc:
        raise NewsdeskError(
            f"`serve` needs the web extra ({exc.name} is missing): pip install 'newsdesk[web]'"
        ) from None
    _require_db(args.db)
    options = from_args(ServeOptions, args, db=args.db, report=from_args(Options, args))
    every = None
    if args.update_every:
        from newsdesk.settings import parse_duration

        every = parse_duration(args.update_every)
    from newsdesk.web.security import is_loopback, new_token

    if not is_loopback(options.host) and not options.token:  # past this machine: nobody without the token
        options = replace(options, token=new_token())
    app = create_app(options, update_every=every)
    shown = socket.gethostname() if options.host in ("0.0.0.0", "::") else options.host
    door = f"?token={options.token}" if options.token else ""
    mode = ", read-only" if options.read_only else ""
    print(f"newsdesk: serving {args.db}{mode} on http://{shown}:{options.port}/{door} (Ctrl-C stops)", file=sys.stderr)
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
        warn(f"skipped {problem}")
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
    "search": cmd_search,
    "prune": cmd_prune,
    "backup": cmd_backup,
    "story": cmd_story,
    "digest": cmd_digest,
    "serve": cmd_serve,
    "spark": cmd_spark,
    "eval": cmd_eval,
}
