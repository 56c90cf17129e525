"""The fetch itself: :func:`fetch_url`, one GET per hop, redirects, size and type limits.

* Every redirect hop is checked the same way (:mod:`screener.lib.fetch.guard`); at most
  ``max_redirects`` are followed.
* The body is streamed and reading stops at ``max_bytes`` (a larger ``Content-Length``
  is refused before reading); no transfer encodings other than identity are requested,
  so there is no decompression bomb.
* One overall deadline covers the whole fetch (:mod:`screener.lib.fetch.deadline`).
* The response content type must be in ``allowed_content_types``.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import ipaddress
import logging
import socket
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from screener.lib.fetch.connection import (
    Connector,
    PinnedHTTPConnection,
    PinnedHTTPSConnection,
)
from screener.lib.fetch.deadline import Deadline
from screener.lib.fetch.errors import (
    FetchConnectionError,
    HTTPStatusError,
    ResolutionError,
    ResponseTooLargeError,
    TooManyRedirectsError,
    UnsupportedContentTypeError,
)
from screener.lib.fetch.guard import (
    AddressPolicy,
    IPAddress,
    Resolver,
    Target,
    default_resolver,
    validate_url,
)

logger = logging.getLogger(__name__)
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
    with Deadline(deadline_seconds) as deadline:
        current = url
        for _hop in range(max_redirects + 1):
            target = validate_url(current, limits.allowed_ports)
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


def _resolve(target: Target, limits: _Limits, deadline: Deadline) -> list[IPAddress]:
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
    host: str, port: int, resolver: Resolver, deadline: Deadline
) -> Sequence[str]:
    """Run the resolver in a helper thread so a slow DNS server cannot pass the deadline."""
    future = _DNS_POOL.submit(resolver, host, port)
    try:
        return future.result(timeout=deadline.remaining())
    except concurrent.futures.TimeoutError as exc:
        raise deadline.error() from exc
    except (OSError, UnicodeError) as exc:
        raise ResolutionError(f"could not resolve {host}") from exc


def _open(target: Target, limits: _Limits, deadline: Deadline) -> PinnedHTTPConnection:
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
    target: Target, ip: str, limits: _Limits, timeout: float
) -> PinnedHTTPConnection:
    if target.scheme == "https":
        return PinnedHTTPSConnection(
            target.host,
            target.port,
            pinned_ip=ip,
            timeout=timeout,
            connector=limits.connector,
            ssl_context=limits.ssl_context,
        )
    return PinnedHTTPConnection(
        target.host, target.port, pinned_ip=ip, timeout=timeout, connector=limits.connector
    )


def _fetch_hop(target: Target, limits: _Limits, deadline: Deadline) -> FetchedDocument | str:
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
    conn: PinnedHTTPConnection, target: Target, deadline: Deadline
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


def _shrink_timeout(conn: PinnedHTTPConnection, deadline: Deadline) -> None:
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
    conn: PinnedHTTPConnection,
    max_bytes: int,
    deadline: Deadline,
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
