"""The database restarts in the middle of a Run: the worker and the web server reconnect and
the Run completes with every item done once.

Runs against a private embedded PostgreSQL in a temporary folder (never the shared one):
every process is a subprocess with ``EMBEDDED_PG_DIR`` pointing there.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from screener.lib.embedded_pg import ServerAddress, ensure_server
from tests.reliability.helpers import FAST_RECOVERY, PROBE_PURPOSE, Worker, manage, wait_for

pytestmark = pytest.mark.slow
ITEMS = 60
SEED = f"""
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from runs import executor, services
from screener.services import create_team_user
team, user = create_team_user("Acme", "alice", "correct-horse-battery")
run = services.create_run(
    team, "tests.reliability.helpers.probe_handler", "probe", [str(i) for i in range({ITEMS})]
)
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
executor.enqueue_run(run, workers=2)
print(json.dumps({{"run": run.id, "session": session.session_key}}))
"""


class PrivateDatabase:
    """Read the private server with psycopg (without ever starting it from this process)."""

    def __init__(self, address: ServerAddress) -> None:
        self.address = address

    def rows(self, sql: str, *params: object) -> list[tuple] | None:
        """The query's rows, or None while the server is down."""
        try:
            with psycopg.connect(
                host=self.address.socket_dir,
                port=self.address.port,
                user=self.address.user,
                dbname="screener",
                connect_timeout=3,
            ) as conn:
                return conn.execute(sql, params).fetchall()
        except psycopg.OperationalError:
            return None

    def run(self, run_id: int) -> tuple[str, int, int] | None:
        rows = self.rows("SELECT status, done, failed FROM screener_run WHERE id = %s", run_id)
        return rows[0] if rows else None


@pytest.fixture
def private_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An environment whose database is a fresh embedded server in ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        EMBEDDED_PG_DIR=str(tmp_path / "pg"),
        EMBEDDED_PG_DB="screener",
        Q_WORKERS="2",
        **FAST_RECOVERY,
    )
    yield env
    with contextlib.suppress(AssertionError):  # a failed stop leaves nothing to clean up
        manage(env, "embedded_db", "stop", timeout=60)


def _stop_database(env: dict[str, str], log: Path) -> None:
    """`manage.py embedded_db stop`. The worker's next connection starts the server again by
    itself; when that happens within pg_ctl's 0.1 s polling, `pg_ctl -w` never sees the old
    server gone and waits out its 60 s timeout, so stop waiting once the server is back."""
    stop = Worker(env, log, ("embedded_db", "stop")).start()
    assert stop.proc is not None
    if not wait_for(lambda: stop.proc.poll() is not None, timeout=20, interval=0.2):
        stop.crash()  # the server was restarted under it (checked by the caller)
    else:
        assert stop.proc.returncode == 0, log.read_text()[-2000:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _dashboard(port: int, session: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/", headers={"Cookie": f"sessionid={session}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def test_it_completes_a_run_when_the_database_restarts_midway(
    private_env: dict[str, str], tmp_path: Path
) -> None:
    manage(private_env, "migrate", "--noinput")
    seeded = json.loads(manage(private_env, "shell", "-c", SEED).strip().splitlines()[-1])
    run_id, session = seeded["run"], seeded["session"]
    db = PrivateDatabase(ensure_server(tmp_path / "pg"))
    port = _free_port()
    serve = ("runserver", f"127.0.0.1:{port}", "--noreload")
    web = Worker(private_env, tmp_path / "web.log", serve)
    worker = Worker(private_env, tmp_path / "worker.log")
    try:
        web.start()
        worker.start()
        assert wait_for(lambda: _dashboard(port, session) == 200, timeout=60)
        assert wait_for(lambda: (db.run(run_id) or ("", 0, 0))[1] >= ITEMS // 3, timeout=60)

        done_rows = db.rows("SELECT key FROM screener_runitem WHERE status = 'done'") or []
        started = db.rows("SELECT pg_postmaster_start_time()")
        _stop_database(private_env, tmp_path / "stop.log")
        manage(private_env, "embedded_db", "start", timeout=60)
        assert db.rows("SELECT pg_postmaster_start_time()") != started, "no restart happened"

        assert wait_for(lambda: (db.run(run_id) or ("",))[0] == "done", timeout=90), (
            "the Run did not finish: " + worker.log.read_text()[-3000:]
        )
        assert _dashboard(port, session) == 200, "the web server did not reconnect"
    finally:
        worker.crash()
        web.crash()

    assert db.run(run_id) == ("done", ITEMS, 0)
    statuses = db.rows("SELECT status, count(*) FROM screener_runitem GROUP BY status")
    assert statuses == [("done", ITEMS)]
    executions = dict(
        db.rows(
            "SELECT item_key, count(*) FROM screener_llmcall WHERE purpose = %s GROUP BY 1",
            PROBE_PURPOSE,
        )
        or []
    )
    assert set(executions) == {str(i) for i in range(ITEMS)}
    assert max(executions.values()) <= 2  # only an item in flight at the restart re-runs
    assert {executions[key] for (key,) in done_rows} == {1}  # settled work never repeats
