"""Provider faults from the fake Groq server during an enrichment Run: retries are bounded and
the Run always ends (done, or failed per item with the reason), never stuck in running."""

from __future__ import annotations

import time

import pytest

from jobs import services as job_services
from jobs.models import JobPosting
from jobs.prompts import PURPOSE
from runs import executor as runs
from runs.models import Run, RunItem
from runs.tasks import resume_run
from screener.models import Team
from tests.fakes.groq_server import FakeGroqServer
from tests.jobs.conftest import make_job, packed_answer

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _enrich_three(team: Team) -> Run:
    for i in range(3):
        make_job(team, f"f{i}", position=f"Platform Engineer {i}")
    run = job_services.start_enrichment(team)
    assert run is not None
    runs.execute_run(run.id)
    run.refresh_from_db()
    return run


def _errors(run: Run) -> set[str]:
    return set(RunItem.objects.filter(run=run).values_list("error", flat=True))


# (fault, how many, outcome, substring of every item's error, HTTP calls made)
# One pack of three jobs; LLM_PROVIDER_RETRIES=2 and LLM_MAX_REASKS=2 in the fixture.
CASES = [
    ("429", 2, "done", "", 3),  # waits out retry-after twice, then answers
    ("500", 50, "failed", "the LLM provider failed (500)", 3),  # 1 try + 2 retries, no re-send
    ("503", 2, "done", "", 3),
    ("hang", 50, "failed", "did not answer within 1 s", 3),
    ("truncated_json", 1, "done", "", 4),  # cut off: the pack's jobs are re-sent singly
    ("schema_violation", 1, "done", "", 2),  # invalid: re-asked once
    ("malformed_json", 100, "failed", "not valid", 12),  # pack 3 tries, then 3 per job
]


@pytest.mark.parametrize(("fault", "count", "outcome", "reason", "calls"), CASES)
def test_it_bounds_retries_and_ends_the_run_under_a_fault(
    fault: str,
    count: int,
    outcome: str,
    reason: str,
    calls: int,
    team: Team,
    fake_groq: FakeGroqServer,
    settings,
) -> None:
    settings.LLM_TIMEOUT = 1.0
    fake_groq.set_responder(PURPOSE, packed_answer)
    fake_groq.inject(fault, count, purpose=PURPOSE)
    run = _enrich_three(team)
    fake_groq.clear_faults()

    assert run.status == outcome
    assert run.done + run.failed == run.total == 3
    assert not RunItem.objects.filter(run=run, status__in=["pending", "running"]).exists()
    if outcome == "failed":
        assert run.failed == 3 and all(reason in error for error in _errors(run))
        states = set(JobPosting.objects.values_list("enrichment_status", "enrichment_error"))
        assert all(status == "failed" and reason in error for status, error in states)
    else:
        assert _errors(run) == {""}
    assert len(fake_groq.completions(PURPOSE)) == calls


def test_it_waits_for_a_daily_quota_cut_and_then_finishes(
    team: Team, fake_groq: FakeGroqServer
) -> None:
    fake_groq.set_responder(PURPOSE, packed_answer)
    fake_groq.exhaust_daily(reset_in_seconds=2)
    run = _enrich_three(team)
    assert (run.status, run.done, run.failed) == (Run.Status.WAITING_FOR_QUOTA, 0, 0)
    assert "daily limit" in run.last_error and run.resume_at is not None
    assert set(RunItem.objects.filter(run=run).values_list("status", flat=True)) == {"pending"}

    time.sleep(max(0.0, run.resume_at.timestamp() - time.time()) + 0.2)
    resume_run(run.id)  # what the scheduled task does at resume_at
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert (run.status, run.done, run.failed) == (Run.Status.DONE, 3, 0)
    assert len([r for r in fake_groq.completions(PURPOSE) if r.status == 200]) == 1
