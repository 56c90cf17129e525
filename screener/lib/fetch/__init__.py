"""SSRF-safe fetching of user-supplied URLs.

This package is the ONLY place in Screener that downloads a URL a user typed in.
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

Modules: ``errors`` (the failures), ``guard`` (URL checks and the address policy: the SSRF
guard), ``deadline`` (one overall deadline with a watchdog), ``connection`` (connections
pinned to a checked address) and ``client`` (:func:`fetch_url`: hops, redirects, limits).
"""

from screener.lib.fetch.client import (
    DEFAULT_ALLOWED_CONTENT_TYPES,
    DEFAULT_ALLOWED_PORTS,
    REDIRECT_STATUSES,
    USER_AGENT,
    FetchedDocument,
    fetch_url,
    format_size,
)
from screener.lib.fetch.connection import Connector
from screener.lib.fetch.errors import (
    BlockedAddressError,
    DisallowedPortError,
    FetchConnectionError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    ResolutionError,
    ResponseTooLargeError,
    TooManyRedirectsError,
    UnsupportedContentTypeError,
)
from screener.lib.fetch.guard import (
    AddressPolicy,
    IPAddress,
    Resolver,
    classify_address,
    default_resolver,
    embedded_ipv4,
    parse_numeric_host,
)

__all__ = [
    "DEFAULT_ALLOWED_CONTENT_TYPES",
    "DEFAULT_ALLOWED_PORTS",
    "REDIRECT_STATUSES",
    "USER_AGENT",
    "AddressPolicy",
    "BlockedAddressError",
    "Connector",
    "DisallowedPortError",
    "FetchConnectionError",
    "FetchError",
    "FetchTimeoutError",
    "FetchedDocument",
    "HTTPStatusError",
    "IPAddress",
    "InvalidURLError",
    "ResolutionError",
    "Resolver",
    "ResponseTooLargeError",
    "TooManyRedirectsError",
    "UnsupportedContentTypeError",
    "classify_address",
    "default_resolver",
    "embedded_ipv4",
    "fetch_url",
    "format_size",
    "parse_numeric_host",
]
