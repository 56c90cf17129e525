"""Failed enrichments retried by the schedule: 24 h, then 48 h, then stop with the reason.

Time is controlled through the service's ``now`` argument (no sleeps): the failure is
recorded at the real time, the retry schedule is asked "what is due at ``now``".
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobs import services, tasks
from jobs.models import JobPosting
from jobs.prompts import PURPOSE
from runs import executor as runs
from runs.models import Run
from tests.fakes.groq_server import FakeGroqServer
from tests.jobs.conftest import good_item, jobs_in_request, make_job

pytestmark = pytest.mark.django_db(transaction=True)
HOUR = timedelta(hours=1)


def _invalid(body: dict) -> dict:
    """An answer the validator refuses (min_years out of range) for every posting."""
    return {"items": [good_item(i) | {"min_years": 99} for i, _ in jobs_in_request(body)]}


def _execute(runs_started: list[Run]) -> None:
    for run in runs_started:
        runs.execute_run(run.id)


def _fail_once(team, fake_groq) -> tuple[JobPosting, object]:
    job = make_job(team, "flaky")
    fake_groq.set_responder(PURPOSE, _invalid)
    start = timezone.now()
    _execute([services.start_enrichment(team)])
    job.refresh_from_db()
    return job, start


def test_a_failed_job_is_retried_after_24_h_then_48_h_then_stops_with_the_reason(
    team, fake_groq
) -> None:
    job, t0 = _fail_once(team, fake_groq)
    assert (job.enrichment_status, job.enrichment_failures) == ("failed", 1)
    assert t0 + 24 * HOUR <= job.enrichment_retry_at <= timezone.now() + 24 * HOUR

    assert services.retry_failed_enrichments(now=t0 + 23 * HOUR) == []  # back-off not over
    retry = services.retry_failed_enrichments(now=t0 + 25 * HOUR)
    assert [r.total for r in retry] == [1] and retry[0].kind == services.ENRICH_KIND
    assert services.retry_failed_enrichments(now=t0 + 25 * HOUR) == []  # claimed once
    _execute(retry)
    job.refresh_from_db()
    assert (job.enrichment_failures, job.enrichment_attempts) == (2, 2)
    assert job.enrichment_retry_at >= t0 + 48 * HOUR  # the second back-off is 48 h

    assert services.retry_failed_enrichments(now=t0 + 47 * HOUR) == []
    _execute(services.retry_failed_enrichments(now=t0 + 49 * HOUR))
    job.refresh_from_db()
    assert (job.enrichment_status, job.enrichment_failures) == ("failed", 3)
    assert job.enrichment_retry_at is None
    assert "min_years" in job.enrichment_error
    assert "stopped after 3 attempts" in job.enrichment_error
    assert services.retry_failed_enrichments(now=t0 + 1000 * HOUR) == []
    assert len(fake_groq.completions(PURPOSE)) == 3  # one call per attempt, none after


def test_a_retry_that_succeeds_clears_the_back_off(team, fake_groq) -> None:
    job, t0 = _fail_once(team, fake_groq)
    fake_groq.set_responder(PURPOSE, lambda body: {"items": [good_item(job.id)]})
    _execute(tasks_due(t0 + 25 * HOUR))
    job.refresh_from_db()
    assert (job.enrichment_status, job.enrichment_failures) == ("done", 0)
    assert job.enrichment_retry_at is None and job.enrichment_error == ""


def tasks_due(now) -> list[Run]:  # noqa: ANN001
    return services.retry_failed_enrichments(now=now)


def test_the_scheduled_task_retries_what_is_due_now(team, fake_groq) -> None:
    job, _ = _fail_once(team, fake_groq)
    assert tasks.retry_failed_enrichments() == 0  # due only in 24 h
    JobPosting.objects.filter(id=job.id).update(
        enrichment_retry_at=timezone.now() - timedelta(seconds=1)
    )
    assert tasks.retry_failed_enrichments() == 1
    assert Run.objects.filter(team=team).count() == 2


def test_a_team_with_an_unfinished_enrichment_run_keeps_its_jobs_due(team, fake_groq) -> None:
    job, t0 = _fail_once(team, fake_groq)
    other = make_job(team, "other")
    busy = services.start_enrichment(team, job_ids=[other.id])  # queued, not executed
    assert services.retry_failed_enrichments(now=t0 + 25 * HOUR) == []
    job.refresh_from_db()
    assert job.enrichment_retry_at is not None  # still due: retried once the Run is over
    Run.objects.filter(id=busy.id).update(status=Run.Status.DONE)
    assert len(services.retry_failed_enrichments(now=t0 + 25 * HOUR)) == 1


def test_without_an_llm_nothing_is_started_and_the_jobs_stay_due(team, fake_groq, settings) -> None:
    job, t0 = _fail_once(team, fake_groq)
    settings.GROQ_API_KEY, settings.LLM_BASE_URL = "", ""
    assert services.retry_failed_enrichments(now=t0 + 25 * HOUR) == []
    assert Run.objects.count() == 1
    job.refresh_from_db()
    assert job.enrichment_retry_at is not None


def test_a_text_change_resets_the_attempts(team, fake_groq) -> None:
    job, _ = _fail_once(team, fake_groq)
    changed = make_job(team, "flaky", description_text="Needs 5+ years of Go and gRPC.")
    assert changed.id == job.id
    assert (changed.enrichment_status, changed.enrichment_failures) == ("none", 0)
    assert changed.enrichment_retry_at is None


def test_the_job_page_and_the_admin_show_the_attempts_and_the_next_retry(
    team, fake_groq, auth_client
) -> None:
    job, _ = _fail_once(team, fake_groq)
    body = auth_client.get(reverse("jobs:detail", args=[job.id])).content.decode()
    assert "failed 1 time in a row" in body and "Retried automatically after" in body
    JobPosting.objects.filter(id=job.id).update(enrichment_retry_at=None, enrichment_failures=3)
    body = auth_client.get(reverse("jobs:detail", args=[job.id])).content.decode()
    assert "No automatic retry" in body

    staff = get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345678")
    admin = Client()
    admin.force_login(staff)
    listing = admin.get(reverse("admin:jobs_jobposting_changelist")).content.decode()
    assert "column-enrichment_failures" in listing and "column-enrichment_retry_at" in listing
    page = admin.get(reverse("admin:jobs_jobposting_change", args=[job.id])).content.decode()
    assert "Enrichment retry at" in page


def test_a_job_too_large_for_the_model_is_not_retried_by_the_schedule(
    team, settings, fake_groq
) -> None:
    """Sent alone it is still over the provider's token limit (413): the same request would
    be refused again, so no back-off is planned and the reason says so."""
    job = make_job(team, "huge")
    with FakeGroqServer(rpm=1000, rpd=100_000, tpm=120, tpd=10_000_000) as small:
        settings.LLM_BASE_URL = f"{small.base_url}/openai/v1"
        small.set_responder(PURPOSE, lambda body: {"items": [good_item(job.id)]})
        _execute([services.start_enrichment(team)])
    job.refresh_from_db()
    assert job.enrichment_status == "failed" and job.enrichment_retry_at is None
    assert "too large" in job.enrichment_error
    assert "not retried automatically" in job.enrichment_error
    assert services.retry_failed_enrichments(now=timezone.now() + 1000 * HOUR) == []


def test_a_cancelled_retry_run_leaves_the_job_due_again_later(team, fake_groq) -> None:
    job, t0 = _fail_once(team, fake_groq)
    claimed_at = t0 + 25 * HOUR
    [retry] = services.retry_failed_enrichments(now=claimed_at)
    Run.objects.filter(id=retry.id).update(status=Run.Status.CANCELLED)  # nobody ran it
    job.refresh_from_db()
    assert (job.enrichment_status, job.enrichment_failures) == ("failed", 1)
    assert services.retry_failed_enrichments(now=claimed_at + 23 * HOUR) == []
    [again] = services.retry_failed_enrichments(now=claimed_at + 25 * HOUR)
    assert again.id != retry.id and again.total == 1
