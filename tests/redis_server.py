"""A private ``redis-server`` for the test session: a free port, a temporary folder, no disk.

Tests never use a Redis that happens to run on the machine (127.0.0.1:6379 belongs to
someone else, and a user's machine has none): the session starts Debian's ``redis-server``
binary itself and stops it at the end. ``make test`` installs the package when it can.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis

START_TIMEOUT = 10.0  # seconds for a fresh redis-server to answer PING


def redis_server_binary() -> str | None:
    """Path of ``redis-server`` (PATH first, then Debian's location), or None when missing."""
    found = shutil.which("redis-server")
    if found:
        return found
    debian = Path("/usr/bin/redis-server")
    return str(debian) if debian.exists() else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServerError(RuntimeError):
    """The private redis-server did not start (its log tail is in the message)."""


class RedisServer:
    """One ``redis-server`` process on 127.0.0.1 with nothing persisted; use as a context."""

    def __init__(self, binary: str, directory: Path) -> None:
        self.binary = binary
        self.directory = directory
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        """The ``redis://`` URL of logical database ``db`` of this server."""
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis.from_url(self.url(db))

    def start(self, attempts: int = 3) -> RedisServer:
        """Start on a free port; another port is tried if one was taken in the meantime."""
        for _ in range(attempts):
            self.port = _free_port()
            self.process = subprocess.Popen(self._command(), stdout=subprocess.DEVNULL)
            if self._wait_until_ready():
                return self
            self.stop()
        log = self.directory / "redis.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
        raise RedisServerError(f"redis-server did not start ({self.binary}):\n{tail}")

    def _command(self) -> list[str]:
        return [
            self.binary,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.directory),
            "--logfile", str(self.directory / "redis.log"),
            "--daemonize", "no",
        ]  # fmt: skip

    def _wait_until_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False  # exited: e.g. the port was taken after we picked it
            try:
                if self.client().ping():
                    return True
            except redis.ConnectionError:
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        """Terminate the server (SIGTERM makes it shut down at once: nothing to save)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
