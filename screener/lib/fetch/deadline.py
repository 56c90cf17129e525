"""One overall deadline for a fetch, with a watchdog that cuts a dripping server off.

The deadline covers DNS, connect, TLS, redirects, headers and body: socket timeouts shrink
to the remaining time before every read, and a watchdog shuts the socket down at the
deadline so even a server that drips one byte per second (also inside the headers) is cut
off.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from types import TracebackType

from screener.lib.fetch.errors import FetchTimeoutError


class Deadline:
    """An absolute monotonic deadline plus a watchdog that shuts a socket at expiry."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires_at = time.monotonic() + seconds
        self.fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
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
