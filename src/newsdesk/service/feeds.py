"""Following feeds: poll each due feed, fetch the page of each new entry, store and group.

``update`` is what ``newsdesk update`` (and ``watch``, and ``serve --update-every``) runs:

1. each due feed is fetched with a conditional GET (the ``ETag``/``Last-Modified`` of its last
   complete update); a 304 stores nothing;
2. its entries are read (feedparser); an entry is new when its canonical URL and updated time
   were never handled and no article is stored from that URL (reached through another feed);
3. each new entry's page is fetched (a few hosts at once, one request at a time per host) and
   read through the HTML path (trafilatura, the cleaner, page metadata, ``rel=canonical``);
   when the page cannot be had, the entry's own text is kept and the article marked partial;
4. the articles are stored and grouped as ``ingest`` does, in the same batches: the entries
   and the feed's validators are written in the batch that stores their articles, so a killed
   run is completed by the next one and no entry is lost to a 304.

A feed that fails is recorded (status, one-line error) and polled later each time.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsdesk.errors import InputError
from newsdesk.fetch.http import Fetcher, FetchError, Page
from newsdesk.fetch.opml import read_opml
from newsdesk.fetch.pages import FEED_ACCEPT, discover_feeds, entry_article, looks_like_feed
from newsdesk.fetch.urls import canonical_url
from newsdesk.io.base import Item
from newsdesk.io.feeds import FeedEntry, parse_feed
from newsdesk.io.readers import read_limited
from newsdesk.model import Article, Progress
from newsdesk.service.ingest import ingest_items
from newsdesk.settings import FetchOptions, IngestOptions, parse_duration
from newsdesk.store.db import Store
from newsdesk.store.feeds import FeedRow, backoff_due, iso, utc_now


@dataclass
class UpdateStats:
    """What an update did."""

    feeds: int = 0  # feeds checked
    not_modified: int = 0
    failed: int = 0
    entries: int = 0  # new entries seen
    stored: int = 0  # new articles stored
    known: int = 0  # already stored
    partial: int = 0  # stored from the entry's text only
    pages_failed: Counter[str] = field(default_factory=Counter)  # by kind
    problems: list[str] = field(default_factory=list)  # one line for each page that could not be had
    next_due: str | None = None  # when the next feed is due, after this update
    warnings: list[str] = field(default_factory=list)
    stopped: bool = False  # a stop was asked for: the feeds after the batch in flight wait

    def summary(self) -> str:
        """The closing line of ``newsdesk update``."""
        failed = ", ".join(f"{n} {kind}" for kind, n in sorted(self.pages_failed.items())) or "none"
        return (
            f"{self.feeds} feeds checked ({self.not_modified} not modified, {self.failed} failed); "
            f"{self.entries} new entries, {self.stored} new articles ({self.partial} partial, {self.known} already stored); "
            f"pages failed: {failed}" + ("; stopped early" if self.stopped else "")
        )


@dataclass
class _Fetched:
    """One new entry after its page was fetched (or not)."""

    key: str
    url: str
    item: Item
    problem: FetchError | None = None


def update(
    store: Store,
    options: FetchOptions | None = None,
    ingest_options: IngestOptions | None = None,
    only: Iterable[str] = (),
    progress: Progress | None = None,
    stop: threading.Event | None = None,
    report: Callable[[str], None] | None = None,
    fetcher: Fetcher | None = None,
) -> UpdateStats:
    """Poll the due feeds (or those in ``only``, due or not) and store their new articles.

    ``report`` is told one line per feed as it is done (a failed feed's reason is in its
    line); ``stop`` ends the run after the batch in flight (what SIGTERM asks of ``watch``).

    Raises:
        InputError: a feed in ``only`` is not subscribed.
    """
    opts = options or FetchOptions()
    ingest_opts = ingest_options or IngestOptions()
    every = parse_duration(opts.every)
    chosen = [canonical_url(u) for u in only]
    unknown = sorted(set(chosen) - {f.url for f in store.feeds(chosen)})
    if unknown:
        raise InputError(unknown[0], f"is not a subscribed feed (`newsdesk feeds add {unknown[0]}` first)")
    feeds = store.feeds(chosen) if chosen else store.due_feeds(utc_now())
    stats = UpdateStats()
    own = fetcher is None
    fetcher = fetcher or Fetcher(opts)
    try:
        for done, feed in enumerate(feeds, start=1):
            if stop is not None and stop.is_set():
                stats.stopped = True
                break
            line = _update_feed(store, feed, fetcher, opts, ingest_opts, every, stats, stop)
            if report:
                report(line)
            if progress:
                progress(done, len(feeds))
    finally:
        if own:
            fetcher.close()
    store.set_meta("updated_at", iso(utc_now()))
    stats.next_due = store.next_due()
    return stats


def _update_feed(
    store: Store,
    feed: FeedRow,
    fetcher: Fetcher,
    opts: FetchOptions,
    ingest_opts: IngestOptions,
    every: float,
    stats: UpdateStats,
    stop: threading.Event | None,
) -> str:
    """Poll one feed; return its line for the progress report."""
    stats.feeds += 1
    try:
        page = fetcher.get(feed.url, FEED_ACCEPT, feed.etag, feed.last_modified)
        if page.not_modified:
            stats.not_modified += 1
            with store.batch() as conn:
                store.feed_checked(conn, feed.url, 304, backoff_due(utc_now(), every, 0))
            return f"{feed.url}: not modified"
        title, entries, note = parse_feed(feed.url, page.body, page.headers)
    except (FetchError, InputError) as exc:
        stats.failed += 1
        status = exc.status if isinstance(exc, FetchError) else 200
        failures = store.failures(feed.url) + 1
        store.feed_failed(feed.url, status, exc.message, backoff_due(utc_now(), every, failures))
        return f"{feed.url}: failed ({exc.message.removeprefix(feed.url + ': ')})"
    if note:
        stats.warnings.append(f"{feed.url}: {note}")
    if title and not feed.title:
        store.add_feed(feed.url, title)  # fills in the title a bare `feeds add` did not know
    fresh = _new_entries(store, page, entries)
    stats.entries += len(fresh)
    pages = _fetch_pages(fresh, fetcher, opts, feed.title or title, feed.url)
    try:
        stored, failed = _store(store, feed, page, pages, ingest_opts, every, stats, stop)
    finally:
        pages.close()  # a stop leaves pages unfetched: cancel them
    return f"{feed.url}: {len(entries)} entries, {len(fresh)} new, {stored} stored" + (
        f", {failed} pages not fetched" if failed else ""
    )


def _new_entries(store: Store, page: Page, entries: list[FeedEntry]) -> list[tuple[str, str, FeedEntry]]:
    """``(key, canonical URL, entry)`` of the entries never handled (relative links resolved
    against the feed's URL); an entry with no link is keyed by its title and time."""
    fresh = []
    seen: set[str] = set()
    for entry in entries:
        url = canonical_url(entry.link, page.url) if entry.link else ""
        key = f"{url or entry.title}|{entry.updated}"
        if key in seen or store.entry_seen(key) or (url and store.url_stored(url)):
            continue
        seen.add(key)
        fresh.append((key, url, entry))
    return fresh


def _fetch_pages(
    fresh: list[tuple[str, str, FeedEntry]], fetcher: Fetcher, opts: FetchOptions, outlet: str | None, feed: str
) -> Generator[_Fetched, None, None]:
    """Each entry's page, fetched ``concurrency`` at a time, yielded in entry order as they
    arrive (so batches are stored while later pages are still on their way)."""

    def one(job: tuple[str, str, FeedEntry]) -> _Fetched:
        key, url, entry = job
        item, problem = entry_article(fetcher, entry, outlet, url, url or f"feed entry '{entry.title or key}'", feed)
        return _Fetched(key, url, item, problem)

    pool = ThreadPoolExecutor(max_workers=max(1, opts.concurrency))
    try:
        for future in [pool.submit(one, job) for job in fresh]:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _store(
    store: Store,
    feed: FeedRow,
    page: Page,
    pages: Iterator[_Fetched],
    ingest_opts: IngestOptions,
    every: float,
    stats: UpdateStats,
    stop: threading.Event | None,
) -> tuple[int, int]:
    """Store the fetched entries as ``ingest`` stores articles: each batch marks its entries
    handled in its own transaction; the rest of the entries (no article, or one stored
    already) and the feed's validators follow once every batch is in. Returns the articles
    stored and the pages that could not be had."""
    handled: list[_Fetched] = []
    entry_of: dict[str, _Fetched] = {}

    def items() -> Iterator[Item | str]:
        for f in pages:
            handled.append(f)
            if f.problem is not None:
                stats.pages_failed[f.problem.kind] += 1
                stats.problems.append(f.problem.message)
            if isinstance(f.item, Article):
                entry_of[f.item.id] = f
                stats.partial += bool(f.item.partial)
            yield f.item
            if stop is not None and stop.is_set():
                stats.stopped = True
                return

    def on_batch(conn: sqlite3.Connection, articles: list[Article]) -> None:
        store.add_entries(conn, [_entry_row(feed, entry_of[a.id]) for a in articles if a.id in entry_of])

    result = ingest_items(items(), store, ingest_opts, on_batch=on_batch)
    stats.stored += result.stored
    stats.known += result.known
    failed = sum(f.problem is not None for f in handled)
    if stats.stopped:
        return result.stored, failed  # the feed is polled in full next time; stored entries are skipped
    with store.batch() as conn:
        store.add_entries(conn, [_entry_row(feed, f) for f in handled])
        etag, modified = page.headers.get("etag"), page.headers.get("last-modified")
        store.feed_checked(conn, feed.url, page.status, backoff_due(utc_now(), every, 0), etag, modified, result.stored)
    return result.stored, failed


def _entry_row(feed: FeedRow, f: _Fetched) -> tuple[str, str, str, str | None, str | None]:
    article_id = f.item.id if isinstance(f.item, Article) else None
    why = f.problem.message if f.problem is not None else f.item.message if isinstance(f.item, InputError) else None
    return (f.key, feed.url, f.url, article_id, why)


@dataclass
class Added:
    """What ``feeds add`` did with one URL: the feed subscribed (``url``; for a web page, the
    feed it links to), or why nothing was (``problem``, and ``subscribed`` False)."""

    url: str
    title: str | None = None
    new: bool = True
    problem: str | None = None  # why checking it failed
    subscribed: bool = True
    asked: str = ""  # the URL as given, when the feed subscribed is another (found on a page)
    found: tuple[str, ...] = ()  # the feeds a page links to, when it links to several


def check_feed(fetcher: Fetcher, url: str) -> Added:
    """Fetch ``url`` once: a feed gives its title; a web page, the one feed it links to with
    ``<link rel="alternate">`` (checked in turn), or the list when it links to several; an
    error, a page that links no feed, or anything else, says why it is no feed."""
    try:
        page = fetcher.get(url, FEED_ACCEPT)
    except FetchError as exc:
        return Added(url, problem=exc.message, subscribed=False)
    if looks_like_feed(page):
        try:
            return Added(url, parse_feed(url, page.body, page.headers)[0])
        except InputError as exc:
            return Added(url, problem=exc.message, subscribed=False)
    links = discover_feeds(page)
    if not links:
        return Added(
            url, problem=f'{url}: is a web page that links to no feed (no <link rel="alternate">)', subscribed=False
        )
    if len(links) > 1:
        listed = ", ".join(link for link, _ in links)
        return Added(
            url,
            problem=f"{url}: links to {len(links)} feeds; name one: {listed}",
            subscribed=False,
            found=tuple(u for u, _ in links),
        )
    found = check_feed(fetcher, links[0][0])
    return Added(found.url, found.title, problem=found.problem, subscribed=found.subscribed, asked=url)


def add_feeds(
    store: Store,
    urls: Iterable[str],
    options: FetchOptions | None = None,
    check: bool = True,
    folder: str | None = None,
    anyway: bool = False,
) -> list[Added]:
    """Subscribe to each feed URL (canonical form). With ``check``, each URL is fetched once:
    a feed is subscribed with its title; a web page's one linked feed is subscribed instead;
    anything that gives no feed is not subscribed (``anyway`` subscribes it all the same).
    Its entries wait for the next ``update`` (a later conditional GET must not hide them),
    so no validator is kept here. A URL that is not http(s) is never subscribed."""
    out = []
    with Fetcher(options) as fetcher:
        for raw in urls:
            problem = url_problem(raw)
            if problem:
                out.append(Added(raw, problem=f"{raw}: {problem}", subscribed=False))
                continue
            url = canonical_url(raw)
            added = check_feed(fetcher, url) if check else Added(url)
            if added.subscribed or anyway:
                added.new = store.add_feed(added.url if added.subscribed else url, added.title, folder)
                added.subscribed = True
            out.append(added)
    return out


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a feed's address (no scheme, not http(s), no host), or None."""
    parts = urlsplit(url.strip())
    if not parts.scheme:
        return f"has no scheme (did you mean https://{url.strip().lstrip('/')} ?)"
    if parts.scheme.lower() not in ("http", "https"):
        return f"is not an http(s) URL (scheme '{parts.scheme}')"
    if not parts.hostname:
        return "has no host name"
    return None


def import_opml(
    store: Store, path: str, data: bytes, options: FetchOptions | None = None, check: bool = True
) -> tuple[list[Added], list[InputError]]:
    """Subscribe to every feed of an OPML file (folders kept); return what was added and each
    outline that could not be read. With ``check``, each feed is fetched once, as ``feeds
    add`` does, and its first fetch reported; an export from another reader is subscribed
    whole, failing feeds too (they are polled again, less often)."""
    subscriptions, problems = read_opml(path, data)
    added = []
    with Fetcher(options) as fetcher:
        for s in subscriptions:
            checked = check_feed(fetcher, s.url) if check else Added(s.url)
            title = s.title or checked.title  # the name the reader gave it, else the feed's own
            added.append(Added(s.url, title, store.add_feed(s.url, title, s.folder), checked.problem))
    return added, problems


def subscribe(
    store: Store,
    urls: Iterable[str],
    opml: str | None = None,
    options: FetchOptions | None = None,
    check: bool = True,
    anyway: bool = False,
) -> tuple[list[Added], list[InputError]]:
    """``newsdesk feeds add``: the feeds of an OPML file (when given) and each URL; return what
    was done with each and each OPML outline that could not be read.

    Raises:
        InputError: no URL and no OPML file, or an OPML file that cannot be read.
    """
    urls = list(urls)
    if not urls and not opml:
        raise InputError("feeds add", "needs feed URLs or --opml FILE")
    added, problems = import_opml(store, opml, read_limited(opml, 5), options, check) if opml else ([], [])
    return added + add_feeds(store, urls, options, check, anyway=anyway), problems


def unsubscribe(store: Store, urls: Iterable[str]) -> tuple[list[str], list[InputError]]:
    """``newsdesk feeds remove``: drop each URL's subscription; return the URLs removed and one
    problem for each URL that was not subscribed."""
    urls = list(urls)
    gone = [url for url in urls if store.remove_feed(url)]
    return gone, [InputError(url, "is not a subscribed feed") for url in urls if url not in gone]


def watch(
    db: str,
    every: float,
    stop: threading.Event,
    options: FetchOptions | None = None,
    ingest_options: IngestOptions | None = None,
    report: Callable[[str], None] | None = None,
) -> int:
    """Run ``update`` on the store ``db`` every ``every`` seconds until ``stop`` is set (the
    batch in flight is finished first); return how many updates ran. Opens its own store
    connection, so it can run in a thread beside a server."""
    runs = 0
    while not stop.is_set():
        with Store(db) as store:
            stats = update(store, options, ingest_options, stop=stop, report=report)
        runs += 1
        if report:
            report(stats.summary())
        stop.wait(every)
    return runs
