"""The ``newsdesk`` command line: every subcommand and its flags (most made from the options
tables, ``settings`` and ``eval.harness``)."""

from __future__ import annotations

import argparse

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
    add_option_flags(p, FetchOptions, ["user_agent", "delay", "connect_timeout", "read_timeout", "allow_private"])
    add_option_flags(p, ClusterOptions)

    p = sub.add_parser("feeds", help="the feeds the store follows: add (URLs or --opml FILE), list, remove")
    fp = p.add_subparsers(dest="feeds_command", metavar="WHAT", required=True)
    p = fp.add_parser("add", help="subscribe to feeds (their entries arrive with the next `newsdesk update`)")
    p.add_argument("urls", nargs="*", metavar="URL", help="feed URLs (RSS, Atom)")
    p.add_argument("--opml", metavar="FILE", help="subscribe to every feed of an OPML file (folders kept)")
    p.add_argument("--no-check", dest="check", action="store_false", help="do not fetch each feed to read its title")
    p.add_argument("--anyway", action="store_true", help="subscribe even to a URL that gives no feed now")
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
            p.add_argument("--all", action="store_true", help="every feed now, due or not")
        add_option_flags(p, FetchOptions)
        add_option_flags(p, IngestOptions, ["batch", "embed", "splitter"])

    p = sub.add_parser("stories", help="list the stories in the database (or regroup them with --rebuild)")
    _db_flag(p)
    p.add_argument("--rebuild", action="store_true", help="regroup every stored article at once (batch clustering)")
    add_option_flags(p, ClusterOptions)
    p.add_argument("--limit", type=int, default=50, help="list at most N stories (default: 50)")
    _json_flag(p)

    p = sub.add_parser("search", help="the stories and articles that hold every word, best first (bm25)")
    p.add_argument(
        "words",
        nargs="+",
        metavar="WORD",
        help='words (stemmed: "flood" finds "flooding"), a "quoted phrase", or a prefix*',
    )
    _db_flag(p)
    p.add_argument("--limit", type=int, default=20, help="at most N articles (default: 20)")
    _json_flag(p)

    p = sub.add_parser("prune", help="remove old stories with their articles, entries and reports; give the space back")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--before", metavar="DATE", help="remove stories with no article on or after DATE (YYYY-MM-DD)")
    when.add_argument("--keep", metavar="SPAN", help="keep the stories of the last SPAN (90d, 12w, 6m, 1y)")
    _db_flag(p)

    p = sub.add_parser("backup", help="copy the database with SQLite's online backup (safe while watch or serve write)")
    p.add_argument("path", metavar="PATH", help="the copy's file (replaced if it exists)")
    _db_flag(p)

    p = sub.add_parser("story", help="print one story's report: summary with citations, sources, what was left out")
    p.add_argument("id", type=int, help="story id (see `newsdesk stories`)")
    p.add_argument("--all", action="store_true", help="with --since: every new item, not only the brief update")
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
