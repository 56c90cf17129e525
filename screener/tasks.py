"""django-q2 entry points for Runs. Thin: they take ids and call services."""

from __future__ import annotations

from screener import runs


def execute_run(run_id: int) -> None:
    """Process the Run's pending items (see :func:`screener.runs.execute_run`)."""
    runs.execute_run(run_id)


def resume_run(run_id: int | str) -> None:
    """Scheduled after a quota pause: resume the Run."""
    runs.resume_run(int(run_id))
