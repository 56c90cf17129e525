"""django-q2 tasks and Run handlers for jobs. Thin: they take ids and call services."""

from __future__ import annotations

import logging

from django.conf import settings

from jobs import enrichment, services
from jobs.models import JobPosting
from runs.executor import Report, batch_run_handler
from runs.models import Run, RunItem

logger = logging.getLogger(__name__)


@batch_run_handler(services.ENRICH_KIND, batch_size=settings.JOB_ENRICH_PACK_MAX)
def enrich_jobs_handler(run: Run, items: list[RunItem], report: Report) -> None:
    """Enrich the claimed jobs in packs; unchanged jobs are settled from the hash cache."""
    force = bool(run.params.get("force"))
    jobs = _jobs_of(run, items, report)
    todo = []
    for job in jobs:
        if not force and not services.needs_enrichment(job):
            report(str(job.id), "")  # cache hit: this text was enriched with this prompt
        else:
            todo.append(job)
    if not todo:
        return
    plan = enrichment.PackPlan.from_settings(run.params.get("pack_max"))
    enrichment.enrich_jobs(
        todo,
        run_id=run.id,
        plan=plan,
        force=force,
        on_settled=lambda job, error: report(str(job.id), error),
    )
    services.queue_embeddings(run.team_id)


def _jobs_of(run: Run, items: list[RunItem], report: Report) -> list[JobPosting]:
    """The Run's team's jobs for these items; items whose job is gone fail at once."""
    ids = [int(item.key) for item in items if item.key.isdigit()]
    found = {j.id: j for j in JobPosting.objects.filter(team_id=run.team_id, id__in=ids)}
    for item in items:
        if not item.key.isdigit() or int(item.key) not in found:
            report(item.key, "this job no longer exists")
    return [found[i] for i in ids if i in found]


def embed_jobs(team_id: int) -> int:
    """Embed the team's jobs whose embedding is missing or outdated."""
    try:
        return services.embed_pending_jobs(team_id)
    except ImportError:
        logger.warning("job embeddings skipped: screener.lib.embeddings is not available")
        return 0


def fetch_due_feeds() -> int:
    """Scheduled every minute: fetch the feed sources that are due; returns how many."""
    from jobs.feed_sources import fetch_due_feeds as fetch

    return len(fetch())


def retry_failed_enrichments() -> int:
    """Scheduled hourly: start enrichment Runs for failed jobs whose back-off has passed."""
    return len(services.retry_failed_enrichments())
