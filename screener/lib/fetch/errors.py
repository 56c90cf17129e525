"""Failures of :func:`screener.lib.fetch.fetch_url`.

Every failure raises a :class:`FetchError` subclass whose message is fit to show a user.
"""

from __future__ import annotations


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
