"""Options tables: one frozen dataclass per stage, each field a ``name, default, help`` row.

The library reads its defaults from these tables; the CLI builds its flags from the same
fields (``add_option_flags``) and the README's option tables are generated from them
(``markdown_table``; ``scripts/readme_options.py`` rewrites them and a test checks them).
A default is written once: a table that shares a setting with another takes the field with
``same_as``.

Every table lives here, one per stage: ``Options`` (reading and reports: ``summarize``,
``story``, ``serve``), ``IngestOptions`` (``service.ingest``), ``ClusterOptions``
(``cluster.stories`` and ``cluster.incremental``), ``SparkOptions`` (``scale.spark``),
``FetchOptions`` (``fetch``, ``service.feeds``) and ``ServeOptions`` (``web``); the
evaluation harnesses keep theirs in ``eval.harness``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import MISSING, Field, dataclass, field, fields
from pathlib import Path
from typing import Any

from newsdesk.version import __version__


def opt(default: Any, help: str, flag: str | None = None) -> Any:
    """A table row: a dataclass field with its default and help (``flag`` overrides the CLI
    flag's name; an empty ``flag`` keeps the field out of the CLI)."""
    return field(default=default, metadata={"help": help, "flag": flag})


def same_as(table: type, name: str) -> Any:
    """The field ``name`` of another table, default and help alike (one definition of each)."""
    source = next(f for f in fields(table) if f.name == name)
    return field(default=source.default, metadata=dict(source.metadata))


@dataclass(frozen=True)
class Options:
    """Options of ``pipeline.build_report`` (and the CLI flags of the same names)."""

    words: int = opt(150, "summary length budget in words (never exceeded)")
    method: str = opt(
        "learned", "summarizer: learned, centroid, lead, lexrank, textrank (oracle needs a reference: evaluation only)"
    )
    embedder: str = opt(
        "auto",
        "sentence embedder: minilm (all-MiniLM-L6-v2), tfidf (no model), auto (minilm, else tfidf with a warning)",
    )
    splitter: str = opt("pysbd", "sentence splitter: pysbd, or rules (dependency-free, about 2.5x faster)")
    format: str | None = opt(
        None, "force a reader for every input (see `newsdesk methods`; default: by file extension)"
    )
    max_mb: float = opt(
        20.0, "refuse input files larger than this many megabytes (one clear line, the others still read)"
    )
    keep_offtopic: bool = opt(False, "keep articles and paragraphs flagged as belonging to another story")
    analysis: bool = opt(True, "skip the entities, quotes, timeline and agreement: the summary alone, fast")


@dataclass(frozen=True)
class ClusterOptions:
    """How articles are grouped (chosen on pooled Multi-News *train*; see the module docstring)."""

    threshold: float = opt(0.11, "average similarity at which two groups of articles merge (words only)", "--story-cut")
    threshold_embedded: float = opt(
        0.21, "the same cut when articles are embedded (their cosines run higher)", "--story-cut-embedded"
    )
    # a lone article (no group reached ``threshold``) still joins the story it is most like at
    # this share of the threshold: two groups of articles that share only part of their
    # vocabulary are more likely two events than one article and its event (B3 F1 on pooled
    # train +0.01). Batch only: incremental joins at ``threshold`` (at the lower cut it chained
    # events together: B3 F1 0.83 instead of 0.87 on pooled train)
    lone_join: float = opt(
        0.75,
        "share of the cut at which a lone article joins its nearest story (a rebuild, and each ingest batch's regrouping)",
    )
    # share of the lead passages' embedding cosine in the similarity, when articles are
    # embedded (``ingest --embed``); grouping by words alone otherwise
    semantic_weight: float = opt(0.2, "weight of the lead-passage embedding cosine when articles are embedded")
    # IDF squared: the rare words naming an event outweigh common ones
    idf_power: float = opt(2.0, "power of the IDF in the term weights")
    window_days: int = opt(7, "articles dated further apart than this are never one story")
    # look-alike events (``cluster.facts``): chosen on the pooled ECB+ dev topics
    split_evidence: int = opt(
        2,
        "identifying facts (weekday, magnitude, age, ordinal, counts, sum of money) on which a story's two parts must differ before it splits in two (0: never)",
    )
    split_min: int = opt(4, "articles a story needs before it can split in two")
    # one fact is enough when the two parts are also little alike: chosen on pooled Multi-News
    # train and the ECB+ dev topics (see cluster.facts)
    split_apart: float = opt(
        0.6,
        "a story also splits on one identifying fact when its parts' mean similarity across is under this share of their mean similarity within (words only)",
    )
    split_apart_embedded: float = opt(0.7, "the same share when articles are embedded")

    def cuts(self, embedded: bool) -> tuple[float, float]:
        """``(threshold, join)``: where groups merge and where a lone article joins one, for
        embedded or words-only similarities."""
        threshold = self.threshold_embedded if embedded else self.threshold
        return threshold, self.lone_join * threshold

    def apart(self, embedded: bool) -> float:
        """The across/within share under which one identifying fact splits a story, for
        embedded or words-only similarities."""
        return self.split_apart_embedded if embedded else self.split_apart


@dataclass(frozen=True)
class IngestOptions:
    """Options of ``service.ingest.ingest`` (the flags of ``newsdesk ingest``)."""

    batch: int = opt(200, "articles per transaction")
    embed: bool = opt(False, "group with MiniLM embeddings of each article's lead passage too (stored with it)")
    embed_sentences: bool = opt(
        False, "with --embed, also store every sentence's vector (slow; nothing reads them yet)"
    )
    splitter: str = same_as(Options, "splitter")
    format: str | None = same_as(Options, "format")
    max_mb: float = same_as(Options, "max_mb")
    duplicate_threshold: float = opt(
        0.7, "estimated word-shingle Jaccard similarity from which an article is a copy of another"
    )
    cluster: ClusterOptions = field(default_factory=ClusterOptions)


@dataclass(frozen=True)
class SparkOptions:
    """How the Spark job (``scale.spark.run``) runs and what it computes."""

    master: str = opt("local[2]", "Spark master (empty under spark-submit: its --master decides)")
    partitions: int = opt(0, "input partitions (0: twice the default parallelism)")
    splitter: str = same_as(Options, "splitter")
    embed: bool = opt(False, "store MiniLM sentence embeddings (the model loaded once per partition)")
    reports: bool = opt(True, "skip building each story's report")
    duplicate_threshold: float = same_as(IngestOptions, "duplicate_threshold")
    block_terms: int = opt(12, "an article's top TF-IDF terms, each a blocking key for candidate pairs")
    max_block: int = opt(400, "a key shared by more articles (in one date bucket) is too common to block on")
    report: Options = field(default_factory=Options)
    cluster: ClusterOptions = field(default_factory=ClusterOptions)


@dataclass(frozen=True)
class ServeOptions:
    """How ``newsdesk serve`` listens, reads the store and builds reports."""

    db: str = "newsdesk.db"
    report: Options = field(default_factory=Options)
    max_upload_mb: float = opt(5.0, "largest request body accepted, in megabytes")
    host: str = opt("127.0.0.1", "address to listen on (127.0.0.1: this machine only)")
    port: int = opt(8000, "port to listen on")
    token: str = opt(
        "",
        "the secret every request must carry (as ?token= once, then a cookie, or Authorization: Bearer); "
        "made and printed at start when listening on other than loopback",
    )
    allow_host: tuple[str, ...] = opt(
        (), "host names answered besides localhost, 127.0.0.1, [::1] and the bound address"
    )
    read_only: bool = opt(False, "serve pages and the API without upload or ingest")


@dataclass(frozen=True)
class FetchOptions:
    """How ``newsdesk.fetch`` fetches feeds and pages (``feeds``, ``update``, ``watch``, URLs
    given to ``ingest``, ``serve --update-every``): politely, within limits."""

    user_agent: str = opt(
        f"newsdesk/{__version__} (news feed reader; obeys robots.txt)", "User-Agent sent with every request"
    )
    delay: float = opt(1.0, "seconds between two requests to one host (a larger robots.txt Crawl-delay wins)")
    max_crawl_delay: float = opt(60.0, "the largest Crawl-delay honoured, in seconds")
    concurrency: int = opt(4, "requests in flight at once, across hosts (one at a time per host)")
    connect_timeout: float = opt(10.0, "seconds to connect")
    read_timeout: float = opt(30.0, "seconds to wait for data (a body must arrive within 4 times this)")
    max_mb: float = opt(10.0, "largest body received, in megabytes")
    max_unpacked_mb: float = opt(50.0, "largest body once decompressed, in megabytes (no gzip bombs)")
    max_redirects: int = opt(5, "redirects followed before giving up")
    retries: int = opt(2, "retries after a connection error, 429 or 5xx, with exponential backoff")
    backoff: float = opt(1.0, "seconds before the first retry (doubling each time; Retry-After wins)")
    max_retry_after: float = opt(120.0, "a longer Retry-After is not waited for: the feed is tried at its next turn")
    every: str = opt("15m", "how often a feed is polled (30s, 15m, 2h, 1d); a failing feed is polled less often")
    allow_private: bool = opt(
        False,
        "fetch pages in private, loopback and link-local networks even when the feed is not in one "
        "(refused by default: a feed could point newsdesk at your router or a cloud metadata address)",
    )
    # addresses that count as public: loopback test servers standing in for the internet
    public_addresses: tuple[str, ...] = opt((), "addresses treated as public (tests)", flag="")


OPTION_TABLES: dict[str, type] = {
    "summarize": Options,
    "ingest": IngestOptions,
    "clustering": ClusterOptions,
    "spark": SparkOptions,
    "serve": ServeOptions,
    "fetch": FetchOptions,
}  # every stage's table, by the name of its README block

READ_FIELDS = ("format", "max_mb")
REPORT_FIELDS = ("words", "method", "embedder", "keep_offtopic", "analysis")


def table_fields(table: type) -> list[Field[Any]]:
    """The rows of an options table that are settings (fields with help)."""
    return [f for f in fields(table) if "help" in f.metadata]


def option_table(table: type = Options) -> list[tuple[str, Any, str]]:
    """Return ``(name, default, help)`` for every option of ``table``, in declaration order."""
    return [(f.name, f.default, f.metadata["help"]) for f in table_fields(table)]


def flag_name(f: Field[Any]) -> str | None:
    """The CLI flag of a field: ``--name`` (``--no-name`` for a switch that is on by default);
    ``None`` when the table keeps it out of the CLI."""
    flag = f.metadata.get("flag")
    if flag is not None:
        return flag or None
    stem = f.name.replace("_", "-")
    return f"--no-{stem}" if f.default is True else f"--{stem}"


def _shown(f: Field[Any]) -> str:
    if isinstance(f.default, bool):
        return "off"  # a switch: the flag is not given by default
    return "—" if f.default is None or f.default is MISSING else f"`{f.default}`"


def markdown_table(table: type) -> str:
    """The README table of an options table: flag, default, meaning."""
    lines = ["| option | default | meaning |", "|---|---|---|"]
    for f in table_fields(table):
        flag = flag_name(f)
        if flag is not None:
            metavar = "" if isinstance(f.default, bool) else f" {_metavar(f)}"
            lines.append(f"| `{flag}{metavar}` | {_shown(f)} | {f.metadata['help']} |")
    return "\n".join(lines)


def _kind(f: Field[Any]) -> Any:
    named = str(f.type)
    return next((kind for prefix, kind in _KINDS if named.startswith(prefix)), str)


_KINDS = (("int", int), ("float", float), ("Path", Path), ("tuple[int", int), ("tuple[float", float))


def _metavar(f: Field[Any]) -> str:
    return "N" if _kind(f) in (int, float) else f.name.upper()


def add_option_flags(parser: argparse.ArgumentParser, table: type, names: Sequence[str] | None = None) -> None:
    """Add a flag for each field of ``table`` (those in ``names`` when given), with its
    default and help; the value lands under the field's name."""
    for f in table_fields(table):
        flag = flag_name(f)
        if flag is None or (names is not None and f.name not in names):
            continue
        help_text = f.metadata["help"]
        if isinstance(f.default, bool):
            action = "store_false" if flag.startswith("--no-") else "store_true"
            parser.add_argument(flag, dest=f.name, action=action, default=f.default, help=help_text)
            continue
        many = str(f.type).startswith("tuple")
        parser.add_argument(
            flag,
            dest=f.name,
            type=_kind(f),
            nargs="+" if many else None,
            default=f.default,
            help=help_text if f.default is None else f"{help_text} (default: {f.default})",
            metavar="NAME" if many else _metavar(f),
        )


def from_args(table: type, args: argparse.Namespace, **overrides: Any) -> Any:
    """An instance of ``table`` from the parsed flags of its fields (others keep their default)."""
    values = {f.name: getattr(args, f.name) for f in table_fields(table) if hasattr(args, f.name)}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    values.update(overrides)
    return table(**values)


def parse_duration(text: str) -> float:
    """Seconds in a duration such as ``30s``, ``15m``, ``2h``, ``1d`` (a bare number: seconds).

    Raises:
        OptionError: not a duration.
    """
    from newsdesk.errors import OptionError

    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value = text.strip().lower()
    scale = units.get(value[-1:], 0)
    number = value[:-1] if scale else value
    try:
        seconds = float(number) * (scale or 1)
    except ValueError:
        raise OptionError(f"'{text}' is not a duration (e.g. 30s, 15m, 2h, 1d)") from None
    if seconds < 0:
        raise OptionError(f"'{text}' is a negative duration")
    return seconds
