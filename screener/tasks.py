"""Old dotted paths of the Run tasks, for tasks queued before the move to ``runs.tasks``.

A task already in the broker (ORM queue or Redis) names its function by path, and those
messages are signed and cannot be rewritten; schedules are rewritten by
``runs/migrations/0002_task_paths``. Delete this module one release after the move.
"""

from runs.tasks import execute_run, recover_runs, resume_run

__all__ = ["execute_run", "recover_runs", "resume_run"]
