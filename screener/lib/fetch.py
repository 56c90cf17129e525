"""SSRF-safe fetching of user-supplied URLs.

This module is the ONLY place in Screener that downloads a URL a user typed in.
It is framework-free: limits arrive as keyword arguments with safe defaults.

Promises made by :func:`fetch_url` (with the default :class:`AddressPolicy`):

* Only ``http`` and ``https`` URLs, only ports in ``allowed_ports`` (80/443 by default),
  no credentials in the URL.
* The host name is resolved exactly once per hop and EVERY returned address is checked;
  numeric hosts (``2130706433``, ``0x7f.1``, ``0177.0.0.1``) are normalised with
  ``inet_aton`` semantics and checked as literals.  An address is allowed only if it is
  globally routable and not loopback, private, link-local (incl. 169.254.169.254),
  shared/CGNAT (100.64/10), multicast, unspecified or reserved.  IPv6 addresses that
  embed an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4, Teredo, NAT64) are
  checked through the embedded address as well.
* The TCP connection goes to the checked IP address (no second DNS lookup), while the
  ``Host`` header, TLS SNI and certificate verification use the host name.
* Every redirect hop is checked the same way; at most ``max_redirects`` are followed.
* The body is streamed and reading stops at ``max_bytes`` (a larger ``Content-Length``
  is refused before reading); no transfer encodings other than identity are requested,
  so there is no decompression bomb.
* One overall deadline covers DNS, connect, TLS, redirects, headers and body: socket
  timeouts shrink to the remaining time before every read, and a watchdog shuts the
  socket down at the deadline so even a server that drips one byte per second (also
  inside the headers) is cut off.
* The response content type must be in ``allowed_content_types``.

Every failure raises a :class:`FetchError` subclass whose message is fit to show a user.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import quote, urljoin, urlsplit

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]
"""Maps (host name, port) to a list of IP address strings."""
Connector = Callable[[tuple[str, int], float], socket.socket]
"""Opens a TCP connection to (ip, port) with a timeout; ``socket.create_connection``."""

DEFAULT_ALLOWED_CONTENT_TYPES: tuple[str, ...] = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/json",
)
DEFAULT_ALLOWED_PORTS: tuple[int, ...] = (80, 443)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "Screener/0.1 (+resume fetcher)"
_CHUNK_SIZE = 64 * 1024
_NUMERIC_HOST = re.compile(r"^[0-9a-fx.]+$", re.IGNORECASE)
_SHARED_ADDRESS_SPACE = ipaddress.IPv4Network("100.64.0.0/10")
_NAT64_PREFIXES = (
    ipaddress.IPv6Network("64:ff9b::/96"),
    ipaddress.IPv6Network("64:ff9b:1::/48"),
)
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


# --------------------------------------------------------------------------- errors


class FetchError(Exception):
    """Base class; ``str(error)`` is a readable message fit to show a user."""


class InvalidURLError(FetchError):
    """The URL is malformed, uses a scheme other than http/https, or carries credentials."""


class DisallowedPortError(FetchError):
    """The URL names a port outside ``allowed_ports``."""


class BlockedAddressError(FetchError):
    """The host is, or resolves to, an address the policy refuses (e.g. a private one)."""


class ResolutionError(FetchError):
    """The host name could not be resolved."""


class FetchConnectionError(FetchError):
    """The connection failed or broke (refused, reset, TLS failure, bad HTTP)."""


class FetchTimeoutError(FetchError):
    """The overall deadline passed before the document was fully downloaded."""


class ResponseTooLargeError(FetchError):
    """The body is (or announces to be) larger than ``max_bytes``."""


class UnsupportedContentTypeError(FetchError):
    """The response content type is not in the allow-list."""


class TooManyRedirectsError(FetchError):
    """More than ``max_redirects`` redirects were needed."""


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx/5xx) or an unusable redirect."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class FetchedDocument:
    """A downloaded document.

    ``url`` is what the caller asked for, ``final_url`` the URL after redirects,
    ``content_type`` the lower-cased media type without parameters and ``charset`` the
    charset parameter of the Content-Type header (``None`` if absent).
    """

    url: str
    final_url: str
    content_type: str
    body: bytes
    charset: str | None


# --------------------------------------------------------------------------- policy


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


# --------------------------------------------------------------------------- URL checks


@dataclass(frozen=True)
class _Target:
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


def _validate_url(url: str, allowed_ports: Iterable[int]) -> _Target:
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
    return _Target(url.strip(), scheme, host, port, request_target, literal)


# --------------------------------------------------------------------------- deadline


class _Deadline:
    """An absolute monotonic deadline plus a watchdog that shuts a socket at expiry."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires_at = time.monotonic() + seconds
        self.fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        """Seconds left; raises :class:`FetchTimeoutError` if none are."""
        left = self.expires_at - time.monotonic()
        if left <= 0 or self.fired:
            raise self.error()
        return left

    def error(self) -> FetchTimeoutError:
        """The timeout error for this deadline."""
        return FetchTimeoutError(f"download took longer than {self.seconds:g} s")

    def watch(self, sock: socket.socket | None) -> None:
        """Make ``sock`` the socket the watchdog shuts down at the deadline."""
        with self._lock:
            self._sock = sock
            if self.fired and sock is not None:
                _force_shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            if self._sock is not None:
                _force_shutdown(self._sock)


def _force_shutdown(sock: socket.socket) -> None:
    """Shut the connection down at the OS level so a blocked ``recv`` returns at once."""
    # socket.socket.shutdown bypasses SSLSocket.shutdown (which touches TLS state).
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


# --------------------------------------------------------------------------- connections


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP connection that connects to a pre-checked IP, never re-resolving the host."""

    def __init__(
        self, host: str, port: int, *, pinned_ip: str, timeout: float, connector: Connector
    ) -> None:
        super().__init__(host, port, timeout=timeout)
        self._pinned_ip = pinned_ip
        self._connector = connector

    def connect(self) -> None:
        """Open the TCP connection to the pinned address."""
        self.sock = self._connector((self._pinned_ip, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    """HTTPS variant: TLS SNI and certificate checks use the host name, not the IP."""

    default_port = http.client.HTTPS_PORT

    def __init__(
        self,
        host: str,
        port: int,
        *,
        pinned_ip: str,
        timeout: float,
        connector: Connector,
        ssl_context: ssl.SSLContext,
    ) -> None:
        super().__init__(host, port, pinned_ip=pinned_ip, timeout=timeout, connector=connector)
        self._ssl_context = ssl_context

    def connect(self) -> None:
        """Open TCP to the pinned address, then wrap it in TLS for the host name."""
        super().connect()
        self.sock = self._ssl_context.wrap_socket(self.sock, server_hostname=self.host)


# --------------------------------------------------------------------------- the fetch


@dataclass(frozen=True)
class _Limits:
    max_bytes: int
    allowed_ports: tuple[int, ...]
    allowed_content_types: frozenset[str]
    policy: AddressPolicy
    resolver: Resolver
    connector: Connector
    ssl_context: ssl.SSLContext


def fetch_url(
    url: str,
    *,
    max_bytes: int = 5_000_000,
    deadline_seconds: float = 15,
    allowed_ports: Iterable[int] = DEFAULT_ALLOWED_PORTS,
    allowed_content_types: Iterable[str] = DEFAULT_ALLOWED_CONTENT_TYPES,
    resolver: Resolver = default_resolver,
    max_redirects: int = 5,
    address_policy: AddressPolicy | None = None,
    connector: Connector = socket.create_connection,
    ssl_context: ssl.SSLContext | None = None,
) -> FetchedDocument:
    """Download ``url`` under the SSRF and resource rules in the module docstring.

    ``resolver``, ``address_policy``, ``connector`` and ``ssl_context`` exist for tests and
    special deployments; the defaults are the safe production behaviour.  Raises a
    :class:`FetchError` subclass on any refusal or failure.
    """
    limits = _Limits(
        max_bytes=max_bytes,
        allowed_ports=tuple(allowed_ports),
        allowed_content_types=frozenset(t.lower() for t in allowed_content_types),
        policy=address_policy or AddressPolicy(),
        resolver=resolver,
        connector=connector,
        ssl_context=ssl_context or ssl.create_default_context(),
    )
    with _Deadline(deadline_seconds) as deadline:
        current = url
        for _hop in range(max_redirects + 1):
            target = _validate_url(current, limits.allowed_ports)
            result = _fetch_hop(target, limits, deadline)
            if isinstance(result, FetchedDocument):
                return FetchedDocument(
                    url=url,
                    final_url=result.final_url,
                    content_type=result.content_type,
                    body=result.body,
                    charset=result.charset,
                )
            logger.info("fetch: redirect from %s to %s", current, result)
            current = result
    raise TooManyRedirectsError("too many redirects")


def _resolve(target: _Target, limits: _Limits, deadline: _Deadline) -> list[IPAddress]:
    """Resolve the hop's host once (bounded by the deadline) and check every address."""
    if target.literal is not None:
        limits.policy.check(target.literal)
        return [target.literal]
    raw = _resolve_with_deadline(target.host, target.port, limits.resolver, deadline)
    addresses: list[IPAddress] = []
    for text in raw:
        try:
            addresses.append(ipaddress.ip_address(text))
        except ValueError as exc:
            raise ResolutionError(f"could not resolve {target.host}") from exc
    if not addresses:
        raise ResolutionError(f"could not resolve {target.host}")
    for address in addresses:
        limits.policy.check(address)
    return addresses


_DNS_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="fetch-dns")


def _resolve_with_deadline(
    host: str, port: int, resolver: Resolver, deadline: _Deadline
) -> Sequence[str]:
    """Run the resolver in a helper thread so a slow DNS server cannot pass the deadline."""
    future = _DNS_POOL.submit(resolver, host, port)
    try:
        return future.result(timeout=deadline.remaining())
    except concurrent.futures.TimeoutError as exc:
        raise deadline.error() from exc
    except (OSError, UnicodeError) as exc:
        raise ResolutionError(f"could not resolve {host}") from exc


def _open(target: _Target, limits: _Limits, deadline: _Deadline) -> _PinnedHTTPConnection:
    """Connect to the first checked address that accepts a connection."""
    last_error: OSError | None = None
    for address in _resolve(target, limits, deadline):
        conn = _make_connection(target, str(address), limits, deadline.remaining())
        try:
            conn.connect()
        except ssl.SSLError as exc:
            conn.close()
            raise FetchConnectionError(f"TLS error talking to {target.host}: {exc}") from exc
        except OSError as exc:
            conn.close()
            if deadline.fired or isinstance(exc, TimeoutError):
                deadline.remaining()
            last_error = exc
            continue
        deadline.watch(conn.sock)
        return conn
    raise FetchConnectionError(f"could not connect to {target.host}") from last_error


def _make_connection(
    target: _Target, ip: str, limits: _Limits, timeout: float
) -> _PinnedHTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPSConnection(
            target.host,
            target.port,
            pinned_ip=ip,
            timeout=timeout,
            connector=limits.connector,
            ssl_context=limits.ssl_context,
        )
    return _PinnedHTTPConnection(
        target.host, target.port, pinned_ip=ip, timeout=timeout, connector=limits.connector
    )


def _fetch_hop(target: _Target, limits: _Limits, deadline: _Deadline) -> FetchedDocument | str:
    """Perform one GET; return the document, or the absolute URL of a redirect."""
    conn = _open(target, limits, deadline)
    try:
        response = _send(conn, target, deadline)
        if response.status in REDIRECT_STATUSES:
            location = response.getheader("Location")
            if not location:
                raise HTTPStatusError(
                    f"server answered {response.status} without a Location", response.status
                )
            return urljoin(target.url, location.strip())
        if response.status >= 400 or response.status < 200:
            raise HTTPStatusError(
                f"server answered {response.status} {response.reason}".rstrip(),
                response.status,
            )
        content_type, charset = _check_content_type(response, limits)
        body = _read_body(response, conn, limits.max_bytes, deadline)
        return FetchedDocument(target.url, target.url, content_type, body, charset)
    except (http.client.HTTPException, OSError) as exc:
        if deadline.fired or isinstance(exc, TimeoutError):
            raise deadline.error() from exc
        raise FetchConnectionError(f"connection to {target.host} failed: {exc}") from exc
    finally:
        deadline.watch(None)
        conn.close()


def _send(
    conn: _PinnedHTTPConnection, target: _Target, deadline: _Deadline
) -> http.client.HTTPResponse:
    """Send the GET request and read the status line and headers."""
    _shrink_timeout(conn, deadline)
    conn.request(
        "GET",
        target.request_target,
        headers={"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "identity"},
    )
    _shrink_timeout(conn, deadline)
    response = conn.getresponse()
    if deadline.fired:  # the watchdog cut the headers short; what we parsed is partial
        raise deadline.error()
    return response


def _shrink_timeout(conn: _PinnedHTTPConnection, deadline: _Deadline) -> None:
    """Set the socket timeout to the time left before the deadline."""
    remaining = deadline.remaining()
    if conn.sock is not None:
        conn.sock.settimeout(remaining)


def _check_content_type(
    response: http.client.HTTPResponse, limits: _Limits
) -> tuple[str, str | None]:
    """Return (media type, charset) or raise :class:`UnsupportedContentTypeError`."""
    if response.getheader("Content-Type") is None:
        raise UnsupportedContentTypeError("the server did not say what type of file this is")
    content_type = response.headers.get_content_type().lower()
    if content_type not in limits.allowed_content_types:
        raise UnsupportedContentTypeError(f"unsupported content type {content_type}")
    charset = response.headers.get_content_charset()
    return content_type, charset


def _read_body(
    response: http.client.HTTPResponse,
    conn: _PinnedHTTPConnection,
    max_bytes: int,
    deadline: _Deadline,
) -> bytes:
    """Stream the body, refusing more than ``max_bytes`` and stopping at the deadline."""
    too_large = ResponseTooLargeError(f"response larger than {format_size(max_bytes)}")
    declared = response.getheader("Content-Length")
    if declared is not None and declared.strip().isdigit() and int(declared) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    received = 0
    while True:
        _shrink_timeout(conn, deadline)
        chunk = response.read1(min(_CHUNK_SIZE, max_bytes + 1 - received))
        if deadline.fired:
            raise deadline.error()
        if not chunk:
            break
        received += len(chunk)
        if received > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def format_size(num_bytes: int) -> str:
    """Render a byte count the way users expect: ``5 MB``, ``200 kB``, ``512 bytes``."""
    if num_bytes >= 1_000_000:
        return f"{num_bytes / 1_000_000:g} MB"
    if num_bytes >= 1_000:
        return f"{num_bytes / 1_000:g} kB"
    return f"{num_bytes} bytes"
