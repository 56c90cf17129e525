"""The SSRF guard: which URLs may be fetched and which addresses may be contacted.

* Only ``http`` and ``https`` URLs, only ports in ``allowed_ports`` (80/443 by default),
  no credentials in the URL.
* Numeric hosts (``2130706433``, ``0x7f.1``, ``0177.0.0.1``) are normalised with
  ``inet_aton`` semantics and checked as literals.  An address is allowed only if it is
  globally routable and not loopback, private, link-local (incl. 169.254.169.254),
  shared/CGNAT (100.64/10), multicast, unspecified or reserved.  IPv6 addresses that
  embed an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4, Teredo, NAT64) are
  checked through the embedded address as well.
* :func:`default_resolver` resolves a host name once; the client checks EVERY address it
  returns with :class:`AddressPolicy`.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from screener.lib.fetch.errors import BlockedAddressError, DisallowedPortError, InvalidURLError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]
"""Maps (host name, port) to a list of IP address strings."""
_NUMERIC_HOST = re.compile(r"^[0-9a-fx.]+$", re.IGNORECASE)
_SHARED_ADDRESS_SPACE = ipaddress.IPv4Network("100.64.0.0/10")
_NAT64_PREFIXES = (
    ipaddress.IPv6Network("64:ff9b::/96"),
    ipaddress.IPv6Network("64:ff9b:1::/48"),
)
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


@dataclass(frozen=True)
class AddressPolicy:
    """Decides which IP addresses may be contacted.

    The default refuses every address that is not globally routable.
    ``allow_loopback_for_tests`` additionally allows 127.0.0.0/8 and ::1 so tests can
    talk to local servers; never enable it in production.
    """

    allow_loopback_for_tests: bool = False

    def check(self, address: IPAddress) -> None:
        """Raise :class:`BlockedAddressError` unless ``address`` may be contacted."""
        reason = self.block_reason(address)
        if reason is not None:
            raise BlockedAddressError(f"blocked address {address} ({reason})")

    def block_reason(self, address: IPAddress) -> str | None:
        """Return why ``address`` is refused, or ``None`` if it is allowed."""
        if self.allow_loopback_for_tests and address.is_loopback:
            return None
        if isinstance(address, ipaddress.IPv6Address):
            embedded = embedded_ipv4(address)
            if embedded is not None:
                inner = self.block_reason(embedded)
                if inner is not None:
                    return f"embeds {embedded}: {inner}"
                if address.ipv4_mapped is not None:
                    return None  # ::ffff:a.b.c.d is just the IPv4 address on a v6 socket
        return classify_address(address)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address carried inside an IPv6 address, if any.

    Covers IPv4-mapped (``::ffff:a.b.c.d``), IPv4-compatible (``::a.b.c.d``), 6to4
    (``2002::/16``), Teredo (``2001::/32``, the client address) and NAT64 prefixes.
    """
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in net for net in _NAT64_PREFIXES) or (
        address in _IPV4_COMPATIBLE and int(address) > 1
    ):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def classify_address(address: IPAddress) -> str | None:
    """Return a short reason why ``address`` is not publicly routable, or ``None``."""
    checks: tuple[tuple[bool, str], ...] = (
        (address.is_unspecified, "unspecified address"),
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (
            isinstance(address, ipaddress.IPv4Address) and address in _SHARED_ADDRESS_SPACE,
            "shared address space / CGNAT",
        ),
        (address.is_multicast, "multicast"),
        (address.is_reserved, "reserved"),
        (address.is_private, "private network"),
        (not address.is_global, "not globally routable"),
    )
    for failed, reason in checks:
        if failed:
            return reason
    return None


def default_resolver(host: str, port: int) -> list[str]:
    """Resolve ``host`` once with ``socket.getaddrinfo``; return unique IP strings."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone id
        if ip not in addresses:
            addresses.append(ip)
    return addresses


@dataclass(frozen=True)
class Target:
    """A validated hop: where to connect and what to ask for."""

    url: str
    scheme: str
    host: str  # ASCII host name or IP literal (no brackets)
    port: int
    request_target: str
    literal: IPAddress | None


def parse_numeric_host(host: str) -> IPAddress | None:
    """Return the IP address a host string denotes literally, else ``None``.

    Besides canonical IPv4/IPv6 forms this accepts the legacy ``inet_aton`` forms that
    resolvers also accept: ``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1``.
    """
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if not _NUMERIC_HOST.match(host) or host.endswith("."):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def validate_url(url: str, allowed_ports: Iterable[int]) -> Target:
    """Check scheme, credentials, host and port; raise an :class:`InvalidURLError` kind."""
    if any(ord(ch) < 0x21 or ch == "\x7f" for ch in url.strip()):
        raise InvalidURLError("the URL contains spaces or control characters")
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidURLError("only http and https URLs are allowed")
    if parts.username is not None or parts.password is not None:
        raise InvalidURLError("URLs with a user name or password are not allowed")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise InvalidURLError("the URL has an invalid port") from exc
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise InvalidURLError("the URL has no host name")
    if port not in tuple(allowed_ports):
        raise DisallowedPortError(f"port {port} is not allowed")
    literal = parse_numeric_host(host)
    if literal is None:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise InvalidURLError("the URL has an invalid host name") from exc
    else:
        host = str(literal)
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    request_target = path + (f"?{query}" if query else "")
    return Target(url.strip(), scheme, host, port, request_target, literal)
