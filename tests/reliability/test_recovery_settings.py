"""The recovery timings must be consistent; a bad combination stops start-up, named."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.reliability.helpers import ROOT


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"Q_TIMEOUT": "60", "Q_RETRY": "60"}, "Q_RETRY"),
        ({"Q_TIMEOUT": "60", "RUN_STALE_AFTER": "30"}, "RUN_STALE_AFTER"),
        ({"Q_TIMEOUT": "60", "RUN_TASK_BUDGET": "90"}, "RUN_TASK_BUDGET"),
        ({"RUN_STALE_AFTER": "soon"}, "RUN_STALE_AFTER"),
    ],
)
def test_it_refuses_inconsistent_recovery_timings(env: dict[str, str], named: str) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("Q_", "RUN_"))}
    result = subprocess.run(
        [sys.executable, "-c", "import screener.settings"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert named in result.stderr.splitlines()[-1]


def test_it_derives_the_recovery_timings_from_the_task_timeout() -> None:
    from django.conf import settings

    assert settings.RUN_TASK_BUDGET < settings.Q_CLUSTER["timeout"] < settings.RUN_STALE_AFTER
    assert settings.Q_CLUSTER["retry"] > settings.Q_CLUSTER["timeout"]
