"""End-to-end fixtures: one fake Groq server and one real ``qcluster`` worker per module.

The worker is a separate process: it reaches the test database through ``EMBEDDED_PG_DB``
and the fake Groq server through the LLM environment variables that settings reads, so the
code under test runs exactly as in production (no ``sync`` mode, no mocks).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.browser import ARTIFACTS
from tests.fakes.groq_server import FakeGroqServer

ROOT = Path(__file__).resolve().parents[2]
LIMITS = {"LLM_RPM": 1000, "LLM_RPD": 100_000, "LLM_TPM": 1_000_000, "LLM_TPD": 10_000_000}
MODEL = "openai/gpt-oss-20b"
_WORKER_LOGS: dict[int, Path] = {}  # worker pid -> its log file


@pytest.fixture(scope="module")
def groq_server() -> Iterator[FakeGroqServer]:
    """A fake Groq server with generous limits, shared by the module's tests and worker."""
    with FakeGroqServer(rpm=1000, rpd=100_000, tpm=1_000_000, tpd=10_000_000) as server:
        yield server


@pytest.fixture(scope="module")
def e2e_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Uploaded files of the module (web server and worker), never var/media."""
    return tmp_path_factory.mktemp("e2e-media")


def _worker_env(server: FakeGroqServer, media: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        EMBEDDED_PG_DB=connection.settings_dict["NAME"],  # the test database
        Q_WORKERS="2",
        GROQ_API_KEY="test-key",
        LLM_BASE_URL=f"{server.base_url}/openai/v1",
        LLM_MODEL=MODEL,
        LLM_TIMEOUT="5",
        LLM_PROVIDER_RETRIES="2",
        MEDIA_ROOT=str(media),
        LOG_LEVEL="INFO",
        **{key: str(value) for key, value in LIMITS.items()},
    )
    return env


@pytest.fixture(scope="module")
def worker(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    groq_server: FakeGroqServer,
    e2e_media: Path,
) -> Iterator[subprocess.Popen]:
    """A real ``manage.py qcluster`` on the test database; its log goes to test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"worker-{request.module.__name__.rsplit('.', 1)[-1]}.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=_worker_env(groq_server, e2e_media),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _WORKER_LOGS[proc.pid] = log_path
        yield proc
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def llm(settings, groq_server: FakeGroqServer, e2e_media: Path) -> FakeGroqServer:
    """The web server (in this process) talks to the same fake Groq as the worker."""
    groq_server.reset()
    settings.GROQ_API_KEY = "test-key"
    settings.LLM_BASE_URL = f"{groq_server.base_url}/openai/v1"
    settings.LLM_MODEL = MODEL
    settings.LLM_RPM, settings.LLM_RPD = LIMITS["LLM_RPM"], LIMITS["LLM_RPD"]
    settings.LLM_TPM, settings.LLM_TPD = LIMITS["LLM_TPM"], LIMITS["LLM_TPD"]
    settings.MEDIA_ROOT = e2e_media
    return groq_server


def _assert_alive(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        tail = "\n".join(_WORKER_LOGS[proc.pid].read_text().splitlines()[-15:])
        pytest.fail(f"the qcluster worker exited with status {proc.returncode}:\n{tail}")


@pytest.fixture
def live_worker(worker: subprocess.Popen) -> Iterator[subprocess.Popen]:
    """The module's worker, checked before and after the test: a dead worker is named as the
    cause (with its log) instead of surfacing as a browser time-out."""
    _assert_alive(worker)
    yield worker
    _assert_alive(worker)
