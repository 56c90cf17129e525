"""django-q2 entry points for Runs. Thin: they take ids and call services."""

from __future__ import annotations

from django.conf import settings

from screener import runs


def execute_run(run_id: int) -> None:
    """Process the Run's pending items within RUN_TASK_BUDGET, then hand over to a new task
    (see :func:`screener.runs.execute_run`)."""
    runs.execute_run(run_id, budget=settings.RUN_TASK_BUDGET)


def resume_run(run_id: int | str) -> None:
    """Scheduled after a quota pause: resume the Run."""
    runs.resume_run(int(run_id))


def recover_runs() -> list[int]:
    """Scheduled every minute: restart stalled Runs (see :func:`screener.runs.recover_runs`)."""
    return runs.recover_runs()
