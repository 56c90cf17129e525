"""Environment parsing: bad values fail at start-up naming the variable; safe defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _start(extra_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    skip = ("LLM_", "Q_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Q_WORKERS", "many"),
        ("Q_WORKERS", "0"),
        ("LLM_TIMEOUT", "soon"),
        ("DEBUG", "maybe"),
        ("LOG_LEVEL", "LOUD"),
        ("DATABASE_URL", "mysql://x@localhost/db"),
    ],
)
def test_it_fails_at_start_up_naming_the_bad_variable(name: str, value: str) -> None:
    result = _start({name: value}, "check")
    assert result.returncode != 0
    assert name in result.stderr


def test_it_defaults_to_debug_off() -> None:
    result = _start({}, "shell", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_it_passes_check_deploy_with_production_variables() -> None:
    prod = {
        "SECRET_KEY": "x7!pL0qZ-a9sdf8#Jk2m3N4b5V6c7X8z9Q0w1E2r3T4y5U6i7O8p9",
        "ALLOWED_HOSTS": "screener.example.com",
        "HTTPS": "true",
    }
    result = _start(prod, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_uses_the_orm_broker_without_redis_and_never_retries_a_running_task() -> None:
    q = settings.Q_CLUSTER
    assert q["timeout"] < q["retry"]
    assert q["max_attempts"] >= 1
    assert ("orm" in q) != ("redis" in q)
