"""The HTTP layer: a threading HTTP/1.1 keep-alive server on 127.0.0.1 whose handler routes
``/openai/v1/chat/completions``, ``/openai/v1/models`` and ``/_fake/control``.

Every request is logged (``RequestRecord``) just before its answer goes out, so a client
that has its answer always finds the record.
"""

from __future__ import annotations

import contextlib
import json
import logging
import select
import socket
import socketserver
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from .answers import (
    CHAT_PATH,
    CONTROL_PATH,
    MODELS_PATH,
    PURPOSE_HEADER,
    error_body,
    model_list,
    request_id,
)
from .chat import Reply, chat_completion
from .control import control
from .faults import RequestRecord
from .schemas import JSON

if TYPE_CHECKING:
    from .server import FakeGroqServer

logger = logging.getLogger(__name__)


class ServerStopping(Exception):
    """Raised inside a handler when the server is shutting down."""


class FakeHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its ``FakeGroqServer`` and logs instead of printing."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        fake: FakeGroqServer,
    ) -> None:
        self.fake = fake
        super().__init__(address, handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse-DNS lookup of the host."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connection errors (mostly from shutdown or impatient clients) are not test failures."""
        logger.debug("error while handling %s", client_address, exc_info=True)


class Handler(BaseHTTPRequestHandler):
    """HTTP/1.1 keep-alive handler; all state lives on the ``FakeGroqServer``."""

    protocol_version = "HTTP/1.1"
    server_version = "FakeGroq/1.0"
    sys_version = ""
    _pending: RequestRecord | None = None  # the request being handled, until logged
    _started = 0.0

    def version_string(self) -> str:
        """The ``Server`` header value."""
        return self.server_version

    @property
    def fake(self) -> FakeGroqServer:
        server = self.server
        assert isinstance(server, FakeHTTPServer)
        return server.fake

    # -- plumbing ----------------------------------------------------------------------------

    def setup(self) -> None:
        super().setup()
        with self.fake._lock:
            self.fake._connections.add(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        with self.fake._lock:
            self.fake._connections.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        logger.debug("%s %s", self.address_string(), format % args)

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send_json(
        self, status: int, payload: object, headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(payload).encode()
        self._send_bytes(status, data, "application/json", headers)

    def _send_bytes(
        self, status: int, data: bytes, content_type: str, headers: dict[str, str] | None
    ) -> None:
        self._commit(status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _path(self) -> str:
        return self.path.split("?", 1)[0].rstrip("/") or "/"

    def _new_record(self, purpose: str | None, body: Any) -> RequestRecord:
        """Start logging this request; it is committed once, just before answering."""
        record = RequestRecord(
            time=time.time(),
            method=self.command,
            path=self._path(),
            purpose=purpose,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        self._pending = record
        self._started = time.monotonic()
        return record

    def _commit(self, status: int | None = None) -> None:
        """Append the pending record to the log (before the answer goes out, so a client
        that has its answer always finds the record). Idempotent per request."""
        record = self._pending
        if record is None:
            return
        self._pending = None
        if status is not None:
            record.status = status
        record.duration = time.monotonic() - self._started
        self.fake._record(record)

    # -- routes ------------------------------------------------------------------------------
    # -- routes ------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        path = self._path()
        record = self._new_record(self.headers.get(PURPOSE_HEADER), None)
        if path == MODELS_PATH:
            record.status = 200
            self._send_json(200, model_list(self.fake.models), {"x-request-id": request_id()})
        else:
            record.status = 404
            self._send_json(404, self._unknown_url())
        self._commit()

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        path = self._path()
        raw = self._read_body()
        if path == CONTROL_PATH:
            self._send_json(*control(self.fake, raw))
            return
        purpose = self.headers.get(PURPOSE_HEADER)
        record = self._new_record(purpose, None)
        try:
            if path == CHAT_PATH:
                authorization = self.headers.get("Authorization", "")
                self._send_reply(chat_completion(self.fake, authorization, raw, record))
            else:
                record.status = 404
                self._send_json(404, self._unknown_url())
        except ServerStopping:
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            logger.debug("client went away before the answer was sent")
            self.close_connection = True
        finally:
            self._commit()

    def _unknown_url(self) -> JSON:
        return error_body(
            f"Unknown request URL: {self.command} {self.path}. Please check the URL for typos, "
            "or see the docs at https://console.groq.com/docs/",
            "invalid_request_error",
            "unknown_url",
        )

    def _send_reply(self, reply: Reply) -> None:
        if reply.hang:
            self._hang(reply.hang_seconds)
        else:
            self._send_json(reply.status, reply.payload, reply.headers)

    def _hang(self, seconds: float | None) -> None:
        """Hold the connection without answering until the client leaves or the server stops."""
        deadline = None if seconds is None else time.monotonic() + seconds
        sock = self.connection
        self.close_connection = True
        while not self.fake._stopping.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                break
            try:
                readable, _, _ = select.select([sock], [], [], 0.05)
                if readable:
                    if not sock.recv(1, socket.MSG_PEEK):
                        break  # client closed its end (e.g. it timed out)
                    time.sleep(0.05)
            except (OSError, ValueError):
                break
        logger.debug("hang released")
