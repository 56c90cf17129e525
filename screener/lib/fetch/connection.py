"""HTTP(S) connections pinned to an address the guard already checked.

The TCP connection goes to the checked IP address (no second DNS lookup), while the
``Host`` header, TLS SNI and certificate verification use the host name.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from collections.abc import Callable

Connector = Callable[[tuple[str, int], float], socket.socket]
"""Opens a TCP connection to (ip, port) with a timeout; ``socket.create_connection``."""


class PinnedHTTPConnection(http.client.HTTPConnection):
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


class PinnedHTTPSConnection(PinnedHTTPConnection):
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
