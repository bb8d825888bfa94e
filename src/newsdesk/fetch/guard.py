"""No fetching into private networks: a page a feed links to (or a redirect leads to) whose
address is loopback, private, link-local (the cloud metadata address 169.254.169.254),
multicast or reserved is refused with its reason, the server-side request forgery feed
readers have had CVEs for.

Exceptions: a fetch that starts on such a network (a feed subscribed on the user's own LAN,
a URL the user gave that is one) may stay within it, link-local excepted; ``allow_private``
allows everything. The check is made on the address actually connected to: the connection's
own name lookup is checked and the socket opened to the address checked, so a name that
resolves differently between a check and the connection (DNS rebinding) gains nothing.

Tests stand loopback servers in for both sides: the addresses in ``public`` (for example
``127.0.0.2``) count as public, so a "public" feed on 127.0.0.2 linking to a page on
127.0.0.1 is refused as a link into a private network would be.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterable
from typing import Any

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` is not on the public internet (loopback, private, ...), or None."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for name, test in (
        ("link-local", ip.is_link_local),
        ("loopback", ip.is_loopback),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
    ):
        if test:
            return name
    return None


class Guard:
    """What the fetcher may connect to; the allowance of the request in flight is per thread
    (``Fetcher`` serves several threads at once)."""

    def __init__(self, allow_private: bool = False, public: Iterable[str] = ()) -> None:
        self.allow_private = allow_private
        self.public = frozenset(ipaddress.ip_address(a) for a in public if a)
        self._local = threading.local()

    def kind(self, ip: IPAddress) -> str | None:
        """The network kind of ``ip`` that needs an allowance (None: public)."""
        return None if ip in self.public else address_problem(ip)

    def host_kind(self, host: str, port: int = 80) -> str | None:
        """The most restricted kind among ``host``'s addresses (None: all public, or it does
        not resolve: the connection will say so)."""
        kinds = [k for k in (self.kind(ip) for ip in resolve(host, port)) if k]
        if "link-local" in kinds:
            return "link-local"
        return kinds[0] if kinds else None

    def start(self, origin_kind: str | None) -> None:
        """This thread's fetch starts on a network of ``origin_kind`` (None: the internet)."""
        self._local.origin = origin_kind

    def refusal(self, ip: IPAddress) -> str | None:
        """Why this thread's fetch may not connect to ``ip``, or None."""
        kind = self.kind(ip)
        if kind is None or self.allow_private:
            return None
        origin = getattr(self._local, "origin", None)
        if origin is not None and kind != "link-local":
            return None  # a fetch that started in a private network may stay within it
        return f"its address {ip} is {kind}: newsdesk does not fetch into private networks (--allow-private does)"


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (an address literal: itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))


class GuardedBackend:
    """An httpcore network backend that connects only to addresses the guard allows: it
    resolves the name itself, checks every address, and opens the socket to a checked one."""

    def __init__(self, inner: Any, guard: Guard) -> None:
        self.inner = inner
        self.guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> Any:
        import httpcore

        addresses = resolve(host, port)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}")
        refusals = [self.guard.refusal(ip) for ip in addresses]
        if any(refusals):
            raise PrivateAddressError(next(r for r in refusals if r))
        return self.inner.connect_tcp(str(addresses[0]), port, timeout, local_address, socket_options)

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> Any:
        raise PrivateAddressError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class PrivateAddressError(Exception):
    """A connection the guard refused (raised through httpx, turned into a ``FetchError``)."""
