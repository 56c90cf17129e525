"""django-q2 entry points for Runs. Thin: they take ids and call services."""

from __future__ import annotations

from django.conf import settings

from runs import executor


def execute_run(run_id: int) -> None:
    """Process the Run's pending items within RUN_TASK_BUDGET, then hand over to a new task
    (see :func:`runs.executor.execute_run`)."""
    executor.execute_run(run_id, budget=settings.RUN_TASK_BUDGET)


def resume_run(run_id: int | str) -> None:
    """Scheduled after a quota pause: resume the Run."""
    executor.resume_run(int(run_id))


def recover_runs() -> list[int]:
    """Scheduled every minute: restart stalled Runs (see :func:`runs.executor.recover_runs`)."""
    return executor.recover_runs()
