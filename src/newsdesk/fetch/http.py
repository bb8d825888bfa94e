"""Polite HTTP: robots.txt, one request at a time per host with a delay, limits, retries.

Learned from Scrapy's politeness (robots.txt through Protego, a per-host delay raised by
``Crawl-delay``, retries with backoff that honour ``Retry-After``) and from feed readers
such as Miniflux (conditional GET from the last ``ETag``/``Last-Modified``). Every limit is
a ``FetchOptions`` field: connect and read timeouts, a cap on the bytes received and on the
bytes they unpack to (no gzip bombs), a redirect limit with loop detection, http(s) only,
the content type checked against what the caller expects. A request that fails for good
raises ``FetchError`` with a short ``kind`` (``robots``, ``http 404``, ``timeout``, ...) and a
one-line message naming the URL: the caller records it and goes on with the next.
"""

from __future__ import annotations

import email.utils
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from newsdesk.errors import NewsdeskError
from newsdesk.fetch.guard import Guard, GuardedBackend, PrivateAddressError, resolve
from newsdesk.settings import FetchOptions

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "application/feed+json",
)
RETRY_STATUSES = (429, 500, 502, 503, 504)


class FetchError(NewsdeskError):
    """A URL that could not be had: ``kind`` says why in a word or two, ``status`` the last
    HTTP status seen (0 when none)."""

    code = "E400"

    def __init__(self, url: str, kind: str, detail: str, status: int = 0) -> None:
        super().__init__(f"{url}: {detail}")
        self.url = url
        self.kind = kind
        self.status = status


@dataclass
class Page:
    """What a GET returned: the final URL (after redirects), status, headers and body."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes = b""
    requested: str = ""  # the URL asked for

    @property
    def not_modified(self) -> bool:
        """A 304: nothing changed since the validators sent."""
        return self.status == 304

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the ``Content-Type`` header declares, if any."""
        match = re.search(r"charset=[\"']?([\w.:-]+)", self.headers.get("content-type", ""), re.I)
        return match.group(1).lower() if match else None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    robots_lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0
    robots: object | None = None  # a Protego parser, or False when there is none to obey
    delay: float = 0.0


class Fetcher:
    """GETs URLs politely (see the module docstring); safe to share between threads.

    ``clock``/``sleep`` are the real ones except in tests of the delay arithmetic.
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options or FetchOptions()
        self.sleep = sleep
        self.clock = clock
        o = self.options
        self.guard = Guard(o.allow_private, o.public_addresses)
        transport = httpx.HTTPTransport(
            limits=httpx.Limits(max_connections=max(1, o.concurrency), max_keepalive_connections=max(1, o.concurrency)),
            trust_env=False,  # never an outside proxy from the environment
        )
        # every connection goes through the guard: it resolves, checks and connects to the checked address
        transport._pool._network_backend = GuardedBackend(transport._pool._network_backend, self.guard)  # type: ignore[assignment]
        self.client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            timeout=httpx.Timeout(o.read_timeout, connect=o.connect_timeout),
            headers={"User-Agent": o.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self.requests = 0  # every request sent, robots.txt included

    def close(self) -> None:
        """Close the connections."""
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- per host: the slot and robots.txt ----------------------------------------------

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host(delay=self.options.delay))

    @contextmanager
    def _slot(self, host: _Host) -> Iterator[None]:
        """One request at a time per host, ``delay`` seconds apart (start to start)."""
        with host.lock:
            wait = host.next_at - self.clock()
            if wait > 0:
                self.sleep(wait)
            try:
                yield
            finally:
                host.next_at = self.clock() + host.delay

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of ``url``'s site lets newsdesk fetch it (fetched once per site;
        a site with no robots.txt, or one that cannot be had, allows everything)."""
        host = self._host(url)
        with host.robots_lock:
            if host.robots is None:
                self._read_robots(url, host)
        return bool(host.robots.can_fetch(url, self.options.user_agent))  # type: ignore[attr-defined]

    def _read_robots(self, url: str, host: _Host) -> None:
        """Fetch and parse the site's robots.txt once; its ``Crawl-delay`` raises the host's delay."""
        from protego import Protego

        parts = urlsplit(url)
        try:
            page = self._send(f"{parts.scheme}://{parts.netloc}/robots.txt", {}, host)
            text = page.body.decode("utf-8", "replace") if page.status == 200 else ""
        except FetchError:
            text = ""  # as Scrapy: a robots.txt that cannot be had forbids nothing
        parser = Protego.parse(text)
        host.robots = parser
        crawl_delay = parser.crawl_delay(self.options.user_agent)
        if crawl_delay:
            host.delay = max(host.delay, min(float(crawl_delay), self.options.max_crawl_delay))

    # --- requests ------------------------------------------------------------------------

    def get(
        self,
        url: str,
        accept: tuple[str, ...] = HTML_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
        origin: str | None = None,
    ) -> Page:
        """GET ``url`` following redirects; a 304 when the validators match. ``origin`` is
        where the link came from (a feed's URL): a fetch may reach into a private network only
        when its origin (else ``url`` itself) is in one (``fetch.guard``).

        Raises:
            FetchError: not http(s), an address in a private network, disallowed by
                robots.txt, a redirect loop or too many, an error status (after retries for
                429 and 5xx), a timeout, a body over the caps, or a content type outside
                ``accept`` (``"*"`` accepts any).
        """
        start = urlsplit(origin or url)
        self.guard.start(self.guard.host_kind(start.hostname or "", start.port or 80) if start.hostname else None)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        current = url
        for _ in range(self.options.max_redirects + 1):
            _check_scheme(current)
            self._check_address(current)
            if not self.allowed(current):
                raise FetchError(current, "robots", "disallowed by the site's robots.txt (not requested)")
            page = self._with_retries(current, headers)
            if page.status in (301, 302, 303, 307, 308):
                target = page.headers.get("location")
                if not target:
                    raise FetchError(current, "http", f"redirect ({page.status}) with no Location", page.status)
                current = urljoin(current, target.strip())
                if current in seen:
                    raise FetchError(url, "redirect loop", f"redirect loop ({' -> '.join([*seen, current])})")
                seen.append(current)
                continue
            page.requested = url
            if page.status == 304 or page.status == 200:
                if page.status == 200 and "*" not in accept and page.content_type and page.content_type not in accept:
                    raise FetchError(current, "content type", f"is {page.content_type}, not a page newsdesk reads", 200)
                return page
            kind = f"http {page.status}"
            raise FetchError(current, kind, f"HTTP {page.status}{_reason(page.status)}", page.status)
        raise FetchError(url, "redirects", f"more than {self.options.max_redirects} redirects")

    def _check_address(self, url: str) -> None:
        """Refuse, before anything is sent, a URL whose name resolves into a network this
        fetch may not reach (the connection checks again, on the address it connects to)."""
        parts = urlsplit(url)
        for ip in resolve(parts.hostname or "", parts.port or 80):
            why = self.guard.refusal(ip)
            if why:
                raise FetchError(url, "private address", why)

    def _with_retries(self, url: str, headers: dict[str, str]) -> Page:
        host = self._host(url)
        o = self.options
        for attempt in range(o.retries + 1):
            last = attempt == o.retries
            try:
                page = self._send(url, headers, host)
            except FetchError as exc:
                if exc.kind != "connection" or last:
                    raise
                self.sleep(o.backoff * 2**attempt)
                continue
            if page.status not in RETRY_STATUSES or last:
                return page
            wait = parse_retry_after(page.headers.get("retry-after"))
            if wait is not None and wait > o.max_retry_after:
                raise FetchError(
                    url, f"http {page.status}", f"HTTP {page.status}: asked to retry after {wait:.0f} s", page.status
                )
            self.sleep(max(o.backoff * 2**attempt, wait or 0.0))
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt

    def _send(self, url: str, headers: dict[str, str], host: _Host) -> Page:
        o = self.options
        cap, unpacked_cap = int(o.max_mb * 1e6), int(o.max_unpacked_mb * 1e6)
        with self._slot(host):
            self.requests += 1
            started = self.clock()
            try:
                with self.client.stream("GET", url, headers=headers) as response:
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > cap:
                        raise FetchError(
                            url, "too large", f"body of {int(declared) / 1e6:.1f} MB over the {o.max_mb:g} MB cap"
                        )
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if response.num_bytes_downloaded > cap:
                            raise FetchError(url, "too large", f"body over the {o.max_mb:g} MB cap")
                        if size > unpacked_cap:
                            raise FetchError(
                                url, "too large", f"unpacks to over {o.max_unpacked_mb:g} MB (a compression bomb?)"
                            )
                        if self.clock() - started > o.read_timeout * 4:
                            raise FetchError(url, "timeout", f"body still arriving after {o.read_timeout * 4:g} s")
                        chunks.append(chunk)
                    return Page(
                        url, response.status_code, {k.lower(): v for k, v in response.headers.items()}, b"".join(chunks)
                    )
            except PrivateAddressError as exc:
                raise FetchError(url, "private address", str(exc)) from None
            except httpx.TimeoutException as exc:
                raise FetchError(url, "timeout", f"timed out ({type(exc).__name__})") from None
            except httpx.DecodingError:
                raise FetchError(url, "bad encoding", "body is not the compressed data its headers announce") from None
            except (httpx.TransportError, httpx.InvalidURL) as exc:
                raise FetchError(url, "connection", f"connection failed ({type(exc).__name__}: {exc})") from None


def _check_scheme(url: str) -> None:
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchError(url, "bad url", "not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(url, "bad url", "only http(s) URLs are fetched")


def _reason(status: int) -> str:
    reasons = {404: " (not found)", 410: " (gone)", 403: " (forbidden)", 429: " (too many requests)"}
    return reasons.get(status, " (server error)" if status >= 500 else "")
