"""A real `manage.py qcluster` process executes queued tasks against the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_q.tasks import async_task

from runs import executor as runs
from runs import services
from runs.models import Run, RunItem

ROOT = Path(__file__).resolve().parents[2]


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    env["EMBEDDED_PG_DB"] = connection.settings_dict["NAME"]  # the test database
    env["Q_WORKERS"] = "1"
    return env


def _wait(predicate, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@pytest.fixture
def qcluster(transactional_db):
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=_worker_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield proc
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.slow
def test_it_executes_a_queued_task_in_a_real_worker(qcluster, team) -> None:
    run = Run.objects.create(team=team, kind="probe", label="probe")
    async_task("tests.core.q_helpers.mark_run_done", run.id, "executed by qcluster")
    assert _wait(lambda: Run.objects.get(id=run.id).status == Run.Status.DONE), (
        "the worker did not execute the task"
    )
    assert Run.objects.get(id=run.id).last_error == "executed by qcluster"


@pytest.mark.slow
def test_it_runs_a_whole_run_through_the_worker(qcluster, team) -> None:
    run = services.create_run(
        team, "tests.core.q_helpers.noop_handler", "noop run", ["a", "b", "c"]
    )
    runs.enqueue_run(run, workers=2)
    assert _wait(lambda: Run.objects.get(id=run.id).status == Run.Status.DONE)
    run.refresh_from_db()
    assert (run.done, run.failed) == (3, 0)
    assert set(RunItem.objects.filter(run=run).values_list("status", flat=True)) == {"done"}


@pytest.fixture
def redis_qcluster(transactional_db, redis_url: str):  # noqa: ANN001, ANN201
    env = {**_worker_env(), "REDIS_URL": redis_url}  # the session's own redis-server
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield env
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.slow
def test_it_uses_the_redis_broker_when_redis_url_is_set(redis_qcluster, team) -> None:  # noqa: ANN001
    run = Run.objects.create(team=team, kind="probe", label="probe")
    enqueue = (
        "from django_q.tasks import async_task; from django_q.conf import Conf; assert Conf.REDIS; "
        f"async_task('tests.core.q_helpers.mark_run_done', {run.id}, 'via redis')"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", enqueue],
        cwd=ROOT,
        env=redis_qcluster,
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert _wait(lambda: Run.objects.get(id=run.id).status == Run.Status.DONE)
    assert Run.objects.get(id=run.id).last_error == "via redis"
