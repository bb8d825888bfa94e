"""Who may talk to ``newsdesk serve``, and what a browser may be made to send it.

Learned from Jupyter (a token past localhost, printed at start, kept in a cookie after the
first visit), datasette (``asgi-csrf``: forms carry a token matching a cookie) and Starlette's
``TrustedHostMiddleware``. Every answer passes ``Doorman``, in this order:

1. **Host**: only the names the server was started for are answered (``localhost``,
   ``127.0.0.1``, ``[::1]``, the bound address, the machine's own names when bound to every
   interface, and ``--allow-host``): a page whose domain rebinds to 127.0.0.1 gets 400.
2. **Token**, when there is one (``--token``, or made at start when listening past
   loopback): ``Authorization: Bearer``, the cookie, or ``?token=`` once (answered with the
   cookie and a redirect to the same page without it); anything else gets 401.
3. **Writes from newsdesk's own pages only**: a POST (PUT, PATCH, DELETE) whose ``Origin``
   (else ``Sec-Fetch-Site``, else ``Referer``) is another site gets 403; an API client that
   sends none of these browser headers is not a browser (and past loopback carries the
   token). ``--read-only`` refuses every write.
4. ``X-Content-Type-Options: nosniff`` on every answer.

The upload form also carries a CSRF token that must match its cookie (``CSRF_COOKIE``).
"""

from __future__ import annotations

import contextlib
import hmac
import json
import secrets
import socket
from collections.abc import Awaitable, Callable
from html import escape
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from newsdesk.settings import ServeOptions
from newsdesk.web.middleware import CSP

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TOKEN_COOKIE = "newsdesk_token"
CSRF_COOKIE = "newsdesk_csrf"
CSRF_FIELD = "csrftoken"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a bind address or name) is this machine only."""
    return host in LOOPBACK_NAMES or host.startswith("127.")


def new_token() -> str:
    """A fresh secret for ``--token`` (or a form's CSRF token)."""
    return secrets.token_urlsafe(24)


def allowed_hosts(options: ServeOptions) -> frozenset[str]:
    """The host names the server answers: loopback, the bound address, ``--allow-host``, and
    the machine's own names and addresses when bound to every interface."""
    names = set(LOOPBACK_NAMES) | {h.lower().strip("[]") for h in options.allow_host}
    if options.host not in WILDCARDS:
        names.add(options.host.lower().strip("[]"))
    else:
        hostname = socket.gethostname()
        names |= {hostname.lower(), socket.getfqdn().lower()}
        with contextlib.suppress(OSError):
            names |= {str(info[4][0]) for info in socket.getaddrinfo(hostname, None)}
    return frozenset(names)


def host_name(header: str) -> str:
    """The name of a ``Host`` header without its port ("[::1]:8000" -> "::1")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def cookie(headers: dict[str, str], name: str) -> str:
    """A cookie's value from the request headers ("" when absent)."""
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


def same_origin(headers: dict[str, str]) -> bool | None:
    """Whether a browser sent this request from the server's own pages: by ``Origin``, else
    ``Sec-Fetch-Site``, else ``Referer``; None when the request carries none of them (not a
    browser's form or script)."""
    host = headers.get("host", "").lower()
    origin = headers.get("origin")
    if origin is not None:
        return origin != "null" and urlsplit(origin).netloc.lower() == host
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    referer = headers.get("referer")
    if referer is not None:
        return urlsplit(referer).netloc.lower() == host
    return None


class Doorman:
    """ASGI middleware: the checks of this module's docstring, before any route runs."""

    def __init__(self, app: Callable[..., Awaitable[None]], options: ServeOptions) -> None:
        self.app = app
        self.hosts = allowed_hosts(options)
        self.token = options.token
        self.read_only = options.read_only

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        path, method = scope.get("path", "/"), scope.get("method", "GET")
        refused = self._refusal(scope, headers, method)
        if refused is not None:
            await _answer(send, path, *refused)
            return
        if self.token and self._query_token(scope) and method == "GET":
            await _set_token_cookie(send, scope, self.token)
            return

        async def nosniff(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-content-type-options", b"nosniff")]
            await send(message)

        await self.app(scope, receive, nosniff)

    def _refusal(self, scope: dict[str, Any], headers: dict[str, str], method: str) -> tuple[int, str] | None:
        if host_name(headers.get("host", "")) not in self.hosts:
            return 400, "this server does not answer for that host name (`newsdesk serve --allow-host NAME` adds one)"
        if self.token and not self._authorized(scope, headers):
            return 401, "this server needs its token: open the address `newsdesk serve` printed (?token=...)"
        if method in UNSAFE:
            if self.read_only:
                return 403, "this server is read-only (`newsdesk serve --read-only`)"
            if same_origin(headers) is False:
                return 403, "a write from another site is refused: use newsdesk's own pages or the API"
        return None

    def _query_token(self, scope: dict[str, Any]) -> bool:
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        return bool(self.token) and hmac.compare_digest(query.get("token", ""), self.token)

    def _authorized(self, scope: dict[str, Any], headers: dict[str, str]) -> bool:
        bearer = headers.get("authorization", "")
        offered = [cookie(headers, TOKEN_COOKIE)]
        if bearer.lower().startswith("bearer "):
            offered.append(bearer[7:].strip())
        return any(hmac.compare_digest(t, self.token) for t in offered if t) or self._query_token(scope)


async def _answer(send: Callable[..., Any], path: str, status: int, message: str) -> None:
    if path.startswith("/api/"):
        body, kind = json.dumps({"error": message, "status": status}).encode(), b"application/json"
    else:
        body = f"<!doctype html><title>Error {status}</title><h1>Error {status}</h1><p>{escape(message)}</p>".encode()
        kind = b"text/html; charset=utf-8"
    headers = [
        (b"content-type", kind),
        (b"x-content-type-options", b"nosniff"),
        (b"content-security-policy", CSP.encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _set_token_cookie(send: Callable[..., Any], scope: dict[str, Any], token: str) -> None:
    """Answer ``?token=`` with the cookie and a redirect to the same page without it."""
    query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k != "token"]
    location = scope.get("path", "/") + (f"?{urlencode(query)}" if query else "")
    headers = [
        (b"location", location.encode("latin-1")),
        (b"set-cookie", f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict".encode()),
        (b"x-content-type-options", b"nosniff"),
    ]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
