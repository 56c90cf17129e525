"""The jobs app's django-q2 schedules, run by a real ``qcluster`` worker (no sync mode).

The feed schedule fetches a due source (one that cannot be resolved: the worker has no test
resolver, and there is no network) and records why nothing was imported; the retry schedule
re-enriches a failed job whose back-off is over, against the fake Groq.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.feed_sources import ensure_schedules
from jobs.models import FeedSource, JobPosting
from jobs.prompts import PURPOSE as ENRICH_PURPOSE
from runs.models import Run
from tests.e2e.steps import wait_until
from tests.jobs.conftest import make_job, packed_answer

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_worker_runs_the_feed_and_retry_schedules(team, live_worker, llm) -> None:
    llm.set_responder(ENRICH_PURPOSE, packed_answer)
    job = make_job(team, "flaky")
    JobPosting.objects.filter(id=job.id).update(
        enrichment_status=JobPosting.Enrichment.FAILED,
        enrichment_error="LLM call failed: 503",
        enrichment_failures=1,
        enrichment_retry_at=timezone.now() - timedelta(seconds=1),
    )
    source = FeedSource.objects.create(
        team=team, name="Nowhere", url="http://feeds.invalid/feed.json", source="nowhere"
    )
    ensure_schedules()  # what migrate creates (the test database was flushed)

    def retried() -> bool:
        # The job is marked done inside its Run; the Run finishes just after.
        done = JobPosting.objects.get(id=job.id).enrichment_status == "done"
        return done and Run.objects.filter(team=team, status=Run.Status.DONE).exists()

    wait_until(retried, timeout=120, what="the retry schedule to re-enrich the failed job")
    run = Run.objects.get(team=team)
    assert (run.status, run.done, run.params) == (Run.Status.DONE, 1, {"force": True})
    job.refresh_from_db()
    assert (job.enrichment_failures, job.enrichment_retry_at) == (0, None)

    wait_until(
        lambda: FeedSource.objects.get(id=source.id).last_fetched_at is not None,
        timeout=120,
        what="the feed schedule to fetch the due source",
    )
    source.refresh_from_db()
    assert source.last_error.startswith("Nothing was imported:")
    assert (
        source.next_fetch_at > timezone.now()
        and not JobPosting.objects.filter(source="nowhere").exists()
    )
