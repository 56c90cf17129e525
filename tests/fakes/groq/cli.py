"""Ways to run the fake: a context manager, a pytest fixture factory and the command line."""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from typing import Any

from .server import FakeGroqServer

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def running_fake_groq(**kwargs: Any) -> Iterator[FakeGroqServer]:
    """Context manager yielding a started ``FakeGroqServer(**kwargs)``; always stops it."""
    server = FakeGroqServer(**kwargs).start()
    try:
        yield server
    finally:
        server.stop()


def make_fixture(name: str = "fake_groq", **kwargs: Any) -> Any:
    """Build a function-scoped pytest fixture called ``name`` yielding a fresh server.

    Assign it at module level (test module or conftest), e.g.
    ``fake_groq = make_fixture("fake_groq", rpm=30, time_scale=60)``; tests then take a
    ``fake_groq`` argument. ``kwargs`` go to ``FakeGroqServer``.
    """
    import pytest

    def _fake_groq() -> Iterator[FakeGroqServer]:
        with running_fake_groq(**kwargs) as server:
            yield server

    return pytest.fixture(name=name)(_fake_groq)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point: serve until Ctrl-C / SIGTERM, printing the base URL first."""
    parser = argparse.ArgumentParser(description="Fake Groq API server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--rpm", type=int, default=30, help="0 = unlimited")
    parser.add_argument("--rpd", type=int, default=14_400, help="0 = unlimited")
    parser.add_argument("--tpm", type=int, default=6_000, help="0 = unlimited")
    parser.add_argument("--tpd", type=int, default=500_000, help="0 = unlimited")
    parser.add_argument("--time-scale", type=float, default=1.0)
    parser.add_argument("--reserve-max-tokens", action="store_true")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    server = FakeGroqServer(
        host=args.host,
        port=args.port,
        rpm=args.rpm,
        rpd=args.rpd,
        tpm=args.tpm,
        tpd=args.tpd,
        time_scale=args.time_scale,
        reserve_max_tokens=args.reserve_max_tokens,
    )
    done = threading.Event()

    def _on_signal(signum: int, _frame: object) -> None:
        logger.info("signal %s received, stopping", signum)
        done.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    server.start()
    print(f"Fake Groq server: base_url={server.base_url} (Ctrl-C to stop)", flush=True)
    try:
        while not done.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
