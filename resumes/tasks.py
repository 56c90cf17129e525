"""django-q2 tasks and Run handlers for resume ingestion and recovery (thin: call services)."""

from __future__ import annotations

from resumes import recovery
from runs.executor import ItemFailed, run_handler
from runs.models import Run, RunItem


@run_handler(recovery.RECOVERY_KIND)
def recover_resume_item(run: Run, item: RunItem) -> None:
    """Recover one FailedResume (item key = its id); raise to fail the item with the reason."""
    outcome = recovery.recover_failed_resume(
        int(item.key),
        run_id=run.id,
        dry_run=bool(run.params.get("dry_run")),
        review=run.params.get("review"),
    )
    if outcome.status == "failed":
        raise ItemFailed(outcome.message)
