"""``FakeGroqServer``: configuration, lifecycle, responders, faults and the request log.

All public methods are thread-safe and may be called while requests are in flight; one
re-entrant lock guards the limits, the fault queue, the responders and the log.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any

from .answers import (
    CHAT_PATH,
    CONTROL_PATH,
    DEFAULT_MODELS,
    FALLBACK_PURPOSE,
    Responder,
    default_responder,
)
from .faults import Fault, FaultQueue, RequestRecord, make_fault
from .http import FakeHTTPServer, Handler, ServerStopping
from .limits import DAY, MINUTE, RateLimits
from .schemas import JSON

logger = logging.getLogger(__name__)


class FakeGroqServer:
    """A running fake Groq API. Start with ``start()`` or ``with FakeGroqServer() as s:``.

    All public methods are thread-safe and may be called while requests are in flight.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        rpm: int | None = 30,
        rpd: int | None = 14_400,
        tpm: int | None = 6_000,
        tpd: int | None = 500_000,
        time_scale: float = 1.0,
        reserve_max_tokens: bool = False,
        models: tuple[str, ...] = DEFAULT_MODELS,
        organization: str = "org_fake0000000000000000000000",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Configure (but do not start) the server; ``None`` limits are unlimited."""
        if time_scale <= 0:
            raise ValueError("time_scale must be > 0")
        self.host = host
        self._requested_port = port
        self.models = tuple(models)
        self.organization = organization
        self.reserve_max_tokens = reserve_max_tokens
        self._clock = clock
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._faults = FaultQueue()
        self._responders: dict[str, Responder] = {}
        self._log: list[RequestRecord] = []
        self._connections: set[socket.socket] = set()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.configure(rpm=rpm, rpd=rpd, tpm=tpm, tpd=tpd, time_scale=time_scale)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeGroqServer:
        """Bind and serve in a daemon thread; returns self. Idempotent."""
        with self._lock:
            if self._httpd is not None:
                return self
            self._stopping.clear()
            httpd = FakeHTTPServer((self.host, self._requested_port), Handler, self)
            self._httpd = httpd
            self._thread = threading.Thread(
                target=httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"fake-groq-{httpd.server_address[1]}",
                daemon=True,
            )
            self._thread.start()
        logger.info("fake Groq server listening on %s", self.base_url)
        return self

    def stop(self) -> None:
        """Stop serving, wake hanging handlers and close open connections. Idempotent."""
        with self._lock:
            httpd, thread = self._httpd, self._thread
            self._httpd, self._thread = None, None
            self._stopping.set()
            connections = list(self._connections)
        if httpd is None:
            return
        httpd.shutdown()
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        logger.info("fake Groq server stopped")

    def __enter__(self) -> FakeGroqServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (only valid after ``start()``)."""
        if self._httpd is None:
            raise RuntimeError("server is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` — pass as ``groq.Groq(base_url=...)``."""
        return f"http://{self.host}:{self.port}"

    @property
    def control_url(self) -> str:
        """URL of the JSON control endpoint."""
        return f"{self.base_url}{CONTROL_PATH}"

    def client(self, **kwargs: Any) -> Any:
        """A ``groq.Groq`` client aimed at this server (``max_retries=0`` unless given).

        Uses an HTTP client without TLS certificate loading (the fake is plain HTTP), which
        makes building many clients in tests ~100x cheaper. ``kwargs`` go to ``groq.Groq``.
        """
        import groq

        kwargs.setdefault("api_key", "fake-key")
        kwargs.setdefault("max_retries", 0)
        kwargs.setdefault("http_client", groq.DefaultHttpxClient(verify=False))
        return groq.Groq(base_url=self.base_url, **kwargs)

    # -- configuration -----------------------------------------------------------------------

    def configure(
        self,
        *,
        rpm: int | None = None,
        rpd: int | None = None,
        tpm: int | None = None,
        tpd: int | None = None,
        time_scale: float | None = None,
    ) -> None:
        """Replace all limits (``None``/``0`` = unlimited) and reset usage to zero."""
        with self._lock:
            if time_scale is not None:
                if time_scale <= 0:
                    raise ValueError("time_scale must be > 0")
                self.time_scale = float(time_scale)
            self.limits: dict[str, int | None] = {
                "rpm": rpm or None,
                "rpd": rpd or None,
                "tpm": tpm or None,
                "tpd": tpd or None,
            }
            self._reset_buckets()

    def _reset_buckets(self) -> None:
        self._rate_limits = RateLimits(self.limits, self.time_scale, self._clock())

    @property
    def minute_seconds(self) -> float:
        """Real seconds in one (scaled) minute."""
        return MINUTE / self.time_scale

    @property
    def day_seconds(self) -> float:
        """Real seconds in one (scaled) day."""
        return DAY / self.time_scale

    def reset(self) -> None:
        """Forget usage, faults, daily exhaustion, custom responders and the request log."""
        with self._lock:
            self._reset_buckets()
            self._faults.clear()
            self._responders.clear()
            self._log.clear()

    def exhaust_daily(self, reset_in_seconds: float, kind: str = "rpd") -> None:
        """Make the daily budget (``rpd`` or ``tpd``) read as used up for ``reset_in_seconds``.

        Until then every completion gets 429 naming that limit with the remaining time; after
        it, both per-day buckets start empty.
        """
        if kind not in ("rpd", "tpd"):
            raise ValueError("kind must be 'rpd' or 'tpd'")
        with self._lock:
            until = self._clock() + max(0.0, float(reset_in_seconds))
            self._rate_limits.exhaust_daily(until, kind)

    def set_responder(self, purpose: str, fn: Responder | None) -> None:
        """Answer requests whose ``X-Screener-Purpose`` is ``purpose`` with ``fn``.

        ``purpose="*"`` sets the fallback for every purpose (and requests without the
        header); ``fn=None`` removes the responder.
        """
        with self._lock:
            if fn is None:
                self._responders.pop(purpose, None)
            else:
                self._responders[purpose] = fn

    def set_static_response(self, purpose: str, content: JSON | list[Any] | str) -> None:
        """Always answer ``purpose`` with ``content`` (a deep copy is returned each time)."""
        frozen = json.dumps(content) if not isinstance(content, str) else None

        def _static(_body: JSON) -> JSON | list[Any] | str:
            return json.loads(frozen) if frozen is not None else str(content)

        self.set_responder(purpose, _static)

    # -- faults ------------------------------------------------------------------------------

    def inject(
        self,
        kind: str | int,
        count: int = 1,
        *,
        seconds: float | None = None,
        retry_after: float | None = None,
        message: str | None = None,
        purpose: str | None = None,
        finish_reason: str = "length",
    ) -> None:
        """Queue ``count`` faults of ``kind`` (see module docstring) for the next requests.

        ``kind`` is one of 429/500/502/503 (int or str), ``hang``, ``slow``, ``malformed_json``,
        ``truncated_json``, ``schema_violation``. ``purpose`` restricts which requests consume
        it. ``slow`` requires ``seconds``; ``429`` defaults to ``retry_after=1``.
        """
        fault = make_fault(
            kind,
            seconds=seconds,
            retry_after=retry_after,
            message=message,
            purpose=purpose,
            finish_reason=finish_reason,
        )
        with self._lock:
            self._faults.add(fault, count)

    def clear_faults(self) -> None:
        """Drop every queued fault."""
        with self._lock:
            self._faults.clear()

    def pending_faults(self) -> list[Fault]:
        """A copy of the fault queue."""
        with self._lock:
            return self._faults.pending()

    # -- request log -------------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of the request log (oldest first)."""
        with self._lock:
            return list(self._log)

    def completions(self, purpose: str | None = None) -> list[RequestRecord]:
        """Logged chat-completion requests, optionally only those with ``purpose``."""
        return [
            r
            for r in self.requests
            if r.path == CHAT_PATH and (purpose is None or r.purpose == purpose)
        ]

    def stats(self) -> dict[int, int]:
        """Number of logged requests by HTTP status (``0`` = never answered)."""
        with self._lock:
            return dict(Counter(r.status for r in self._log))

    def clear_log(self) -> None:
        """Empty the request log (usage and faults are untouched)."""
        with self._lock:
            self._log.clear()

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self._log.append(record)

    # -- rate limits -------------------------------------------------------------------------

    def rate_limit_headers(self) -> dict[str, str]:
        """The six ``x-ratelimit-*`` headers as they would be sent right now."""
        with self._lock:
            return self._rate_limits.headers(self._clock())

    # -- used while answering (by chat.py) ---------------------------------------------------

    def _responder_for(self, purpose: str | None) -> Responder:
        with self._lock:
            if purpose is not None and purpose in self._responders:
                return self._responders[purpose]
            return self._responders.get(FALLBACK_PURPOSE, default_responder)

    def _sleep(self, seconds: float) -> None:
        """Sleep, but wake up (raising) when the server stops."""
        if self._stopping.wait(max(0.0, seconds)):
            raise ServerStopping
