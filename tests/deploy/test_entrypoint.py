"""docker/entrypoint.sh run directly (no Docker) against the embedded test database.

Each mode as the image runs it: ``web`` migrates under the advisory lock and serves through
gunicorn (its health check passes host validation and the https redirect), ``worker`` runs a
qcluster that executes a queued task, ``manage`` runs any command, ``health`` answers for the
container's role.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django_q.tasks import async_task

from runs.models import Run
from screener.management.commands.migrate_locked import MIGRATION_LOCK_ID
from screener.models import Team

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The test database, this venv's python/gunicorn first on PATH, a private TMPDIR."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        EMBEDDED_PG_DB=connection.settings_dict["NAME"],
        TMPDIR=str(tmp_path),  # where the entrypoint records the container's role
        Q_WORKERS="1",
        WEB_CONCURRENCY="1",
        **extra,
    )
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ENTRYPOINT), *args], env=env, capture_output=True, text=True, timeout=180
    )


def _wait(predicate, timeout: float = 120) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def started(tmp_path: Path) -> Iterator[list[subprocess.Popen]]:
    """Entrypoint processes of a test; each gets SIGTERM (what `docker stop` sends) after."""
    procs: list[subprocess.Popen] = []
    yield procs
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _start(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen([str(ENTRYPOINT), *args], env=env, stdout=out, stderr=out)


def _healthz(port: int, host: str) -> int:
    """Status of a plain GET /healthz (redirects not followed); 0 while nothing answers."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/healthz", headers={"Host": host})
        return conn.getresponse().status
    except OSError:
        return 0
    finally:
        conn.close()


def test_web_migrates_then_serves_and_its_health_check_passes_behind_https(
    tmp_path: Path, started: list[subprocess.Popen]
) -> None:
    port = _free_port()
    env = _env(
        tmp_path, PORT=str(port), ALLOWED_HOSTS="screener.example.com", HTTPS="true"
    )  # production-like: only the real host name is allowed, http redirects to https
    log = tmp_path / "web.log"
    started.append(proc := _start(env, log, "web"))
    # Served once a plain request gets the https redirect (what the health check avoids).
    assert _wait(lambda: proc.poll() is not None or _healthz(port, "screener.example.com") == 301)
    assert proc.poll() is None, log.read_text()
    assert "No migrations to apply" in log.read_text()  # migrate_locked ran before gunicorn
    health = _run(env, "health")  # docker/healthcheck.py: GET /healthz
    assert health.returncode == 0, health.stdout + health.stderr + log.read_text()[-3000:]
    assert '"status": "ok"' in health.stdout


def test_worker_runs_qcluster_and_reports_healthy(
    tmp_path: Path, started: list[subprocess.Popen]
) -> None:
    env = _env(tmp_path)
    log = tmp_path / "worker.log"
    started.append(proc := _start(env, log, "worker"))
    run = Run.objects.create(team=Team.objects.create(name="Ops"), kind="probe", label="probe")
    async_task("tests.core.q_helpers.mark_run_done", run.id, "done by the entrypoint's worker")
    done = _wait(lambda: Run.objects.get(id=run.id).status == Run.Status.DONE)
    assert done, log.read_text()[-3000:]
    assert proc.poll() is None
    health = _run(env, "health")  # manage.py healthcheck in the worker's role
    assert health.returncode == 0, health.stdout + health.stderr
    assert "database: ok, broker: ok" in health.stdout


def test_manage_runs_a_command_and_health_is_a_no_op_outside_web_and_worker(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path)
    check = _run(env, "manage", "check")
    assert check.returncode == 0, check.stderr
    assert "System check identified no issues" in check.stdout
    assert _run(env, "health").returncode == 0  # no role recorded: nothing to check
    wrong = _run(env, "serve")
    assert wrong.returncode == 64 and "usage:" in wrong.stderr


def test_migrate_locked_waits_for_the_lock_another_process_holds(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_ID])
        try:
            blocked = _run(env, "manage", "migrate_locked", "--timeout", "3")
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_ID])
    assert blocked.returncode == 1
    assert "another process held the migration lock" in blocked.stderr
    free = _run(env, "manage", "migrate_locked", "--timeout", "30")
    assert free.returncode == 0, free.stderr
    assert "No migrations to apply" in free.stdout
