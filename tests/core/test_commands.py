"""Management commands of the foundation: create_team_user, embedded_db, demo."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from screener.models import Membership

ROOT = Path(__file__).resolve().parents[2]


def test_it_creates_a_team_and_a_member(db) -> None:
    out = StringIO()
    call_command("create_team_user", "Initech", "bob", "--password", "long-enough-pw", stdout=out)
    assert "bob is a member of team Initech" in out.getvalue()
    membership = Membership.objects.get(user__username="bob")
    assert membership.team.name == "Initech"
    assert get_user_model().objects.get(username="bob").check_password("long-enough-pw")


def test_it_refuses_a_short_password_and_creates_nothing(db) -> None:
    with pytest.raises(CommandError, match="at least 8"):
        call_command("create_team_user", "Initech", "bob", "--password", "short")
    assert not get_user_model().objects.filter(username="bob").exists()


def test_it_reports_the_embedded_server_status(db) -> None:
    if settings.DATABASES["default"]["ENGINE"] != "screener.embedded_db":
        with pytest.raises(CommandError, match="DATABASE_URL"):
            call_command("embedded_db", "status")
        return
    out = StringIO()
    call_command("embedded_db", "status", stdout=out)
    assert out.getvalue().startswith("running")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return response.status
    except OSError:
        return 0


@pytest.fixture
def demo_database(db):
    name = f"test_demo_{os.getpid()}"
    yield name
    params = connection.get_connection_params()
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_it_brings_up_the_demo_and_refuses_a_second_copy(demo_database: str) -> None:
    if settings.DATABASES["default"]["ENGINE"] != "screener.embedded_db":
        pytest.skip("this test runs the demo on the embedded database only")
    port = _free_port()
    env = {**os.environ, "EMBEDDED_PG_DB": demo_database, "Q_WORKERS": "1"}
    cmd = [sys.executable, "manage.py", "demo", "--port", str(port)]
    demo = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        while _get(f"http://127.0.0.1:{port}/accounts/login/") != 200:
            assert demo.poll() is None, "the demo exited early"
            assert time.monotonic() < deadline, "the demo did not come up"
            time.sleep(0.5)
        second = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert second.returncode != 0
        assert "already running" in second.stderr
    finally:
        demo.send_signal(signal.SIGTERM)  # what `make stop` sends
        out, _ = demo.communicate(timeout=60)
    assert f"http://127.0.0.1:{port}/" in out
    assert "demo / screener-demo" in out
    assert not (settings.VAR_DIR / f"demo-{port}.pid").exists()
    assert _get(f"http://127.0.0.1:{port}/accounts/login/") != 200  # its web server stopped too
