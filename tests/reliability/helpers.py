"""Support for the fault tests: real `qcluster` processes we can crash, and slow work.

Everything here is importable by a worker subprocess (handlers, the embedder), so the
worker runs the same code as production with only the environment changed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from llm.models import LLMCall
from runs.models import Run, RunItem
from tests.screening.fakes import fake_embed

ROOT = Path(__file__).resolve().parents[2]
PROBE_PURPOSE = "reliability-probe"

# Short but consistent timings for test workers: a task gives its Run to a fresh task
# after RUN_TASK_BUDGET s, django-q kills it after Q_TIMEOUT s and re-delivers an
# unacknowledged one after Q_RETRY s; a claim older than RUN_STALE_AFTER s is dead.
FAST_RECOVERY = {
    "Q_TIMEOUT": "10",
    "Q_RETRY": "12",
    "RUN_TASK_BUDGET": "8",
    "RUN_STALE_AFTER": "11",
}


def slow_fake_embed(texts: list[str]) -> np.ndarray:
    """``fake_embed`` that takes 50 ms a call, so a test can crash a worker mid-batch."""
    time.sleep(0.05)
    return fake_embed(texts)


slow_fake_embed.version = fake_embed.version  # type: ignore[attr-defined]
SLOW_EMBEDDER = "tests.reliability.helpers.slow_fake_embed"


def probe_handler(run: Run, item: RunItem) -> None:
    """A Run handler that logs each execution (an LLMCall row, as paid work would) and
    takes 150 ms, so executions can be counted after a crash or a database restart."""
    LLMCall.objects.create(
        purpose=PROBE_PURPOSE, model="none", status="200", run_id=run.id, item_key=item.key
    )
    time.sleep(0.15)


def db_drop(run: Run, item: RunItem) -> None:
    """A Run handler whose database connection dies under it."""
    from django.db import OperationalError

    raise OperationalError("server closed the connection unexpectedly")


def wait_for(predicate: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    """Poll ``predicate`` until it is true (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class Worker:
    """A `manage.py qcluster` (or another long-running command) in its own process group,
    so a crash kills every process it forked."""

    def __init__(self, env: dict[str, str], log: Path, command: tuple[str, ...] = ()) -> None:
        self.env = env
        self.log = log
        self.command = command or ("qcluster",)
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        """Start the command (its output is appended to ``log``)."""
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "manage.py", *self.command],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def crash(self) -> None:
        """``kill -9`` the cluster and every worker process it forked (no clean-up runs)."""
        self._signal(signal.SIGKILL)
        self._reap(10)

    def stop(self) -> None:
        """Stop the cluster gracefully (SIGTERM), or kill it after 20 s."""
        self._signal(signal.SIGTERM)
        if not self._reap(20):
            self.crash()

    def _signal(self, sig: int) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # already gone
                os.killpg(self.proc.pid, sig)

    def _reap(self, timeout: float) -> bool:
        if self.proc is None:
            return True
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        # Forked workers may outlive the parent for a moment; make sure none is left.
        return wait_for(lambda: not _group_alive(self.proc.pid), timeout=5)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def manage(env: dict[str, str], *args: str, timeout: float = 180) -> str:
    """Run ``manage.py *args`` with ``env``; its stdout (raises if it fails)."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout
