"""/healthz: public JSON, 200 when the database and the broker answer, 503 when one does not."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


@pytest.mark.django_db
def test_it_answers_200_with_the_orm_broker_without_a_login(settings) -> None:  # noqa: ANN001
    settings.REDIS_URL = ""
    response = Client().get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_answers_200_when_the_redis_broker_answers(settings, redis_url: str) -> None:  # noqa: ANN001
    settings.REDIS_URL = redis_url
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_unreachable_and_says_no_more(settings) -> None:  # noqa: ANN001
    port = _closed_port()
    settings.REDIS_URL = f"redis://:s3cret-password@127.0.0.1:{port}/0"
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "unreachable"}
    body = response.content.decode()
    assert str(port) not in body and "s3cret" not in body


@pytest.mark.django_db
def test_it_answers_503_when_the_redis_server_stops(settings, tmp_path: Path) -> None:  # noqa: ANN001
    from tests.redis_server import redis_server_binary

    binary = redis_server_binary()
    if binary is None:
        pytest.skip("redis-server is missing: REDIS TESTS SKIPPED")
    with RedisServer(binary, tmp_path) as server:
        settings.REDIS_URL = server.url()
        assert Client().get("/healthz").status_code == 200
    assert Client().get("/healthz").status_code == 503


@pytest.mark.django_db
def test_it_accepts_only_get_and_head() -> None:
    assert Client().head("/healthz").status_code == 200
    assert Client().post("/healthz").status_code == 405


def test_the_healthcheck_command_exits_1_when_the_database_is_unreachable() -> None:
    """A real refused connection (a closed port), in a process of its own."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "EMBEDDED_PG_DB")}
    env["DATABASE_URL"] = f"postgres://screener:secret@127.0.0.1:{_closed_port()}/screener"
    result = subprocess.run(
        [sys.executable, "manage.py", "healthcheck", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"status": "unavailable", "database": "unreachable", "broker": "unreachable"}
    assert "CommandError: unhealthy: database, broker unreachable" in result.stderr
    assert "secret" not in result.stdout
