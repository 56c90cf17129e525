"""The batch page and the candidate page take their state from their Runs (issue 17)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from runs import executor
from runs.models import Run
from screening import services as svc
from screening.models import Candidate
from tests.screening.fakes import FAKE_EMBEDDER, make_job, make_resume
from tests.screening.test_pipeline import SENIOR


@pytest.fixture(autouse=True)
def _fake_embedder(settings) -> None:
    settings.SCREENING_EMBEDDER = FAKE_EMBEDDER


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def _screened(team):
    job = make_job(team)
    resume = make_resume(team, SENIOR)
    batch = svc.create_batch(team, job, [resume.id], enqueue=False)
    executor.execute_run(batch.run_id)
    return job, resume, Candidate.objects.get(resume=resume)


def test_a_new_screening_says_listed_candidates_come_from_an_earlier_one(auth_client, team) -> None:
    job, resume, _ = _screened(team)
    others = [make_resume(team, SENIOR + f"\nProject {i}\n") for i in range(3)]
    batch = svc.create_batch(team, job, [resume.id, *[r.id for r in others]], enqueue=False)
    page = auth_client.get(reverse("screening:batch", args=[batch.pk])).content.decode()
    assert "Queued · 0 done · 0 failed · 4 left" in _text(page)  # the header: the Run itself
    assert "Queued · 4 of 4 resumes still to screen" in page  # the list agrees with it
    assert "1 candidate below was scored by an earlier screening of this job" in page


def test_a_cancelled_screening_says_so_over_its_list(auth_client, team) -> None:
    job = make_job(team)
    resumes = [make_resume(team, SENIOR + f"\nProject {i}\n") for i in range(2)]
    batch = svc.create_batch(team, job, [r.id for r in resumes], enqueue=False)
    auth_client.post(reverse("runs:action", args=[batch.run_id, "cancel"]))
    page = auth_client.get(reverse("screening:batch", args=[batch.pk])).content.decode()
    assert "Cancelled by alice: 2 resumes were not screened." in page
    assert "still being screened" not in page


def test_a_finished_screening_says_nothing_about_earlier_ones(auth_client, team) -> None:
    _, _, cand = _screened(team)
    batch = cand.job.batches.get()
    page = auth_client.get(reverse("screening:batch", args=[batch.pk])).content.decode()
    assert "earlier screening" not in page and "still to screen" not in page


def test_a_paused_deep_analysis_shows_its_reason_on_the_candidate_page(
    auth_client, team, settings
) -> None:
    settings.GROQ_API_KEY, settings.LLM_BASE_URL = "", ""
    _, _, cand = _screened(team)
    auth_client.post(reverse("screening:analyse", args=[cand.pk]))
    run = Run.objects.get(kind=svc.ANALYSIS_RUN_KIND)
    executor.execute_run(run.id)  # what a worker does: no LLM, so the Run pauses
    cand.refresh_from_db()
    assert cand.analysis_status == Candidate.Analysis.NONE  # restored, nothing half-done
    page = auth_client.get(reverse("screening:candidate", args=[cand.pk])).content.decode()
    assert "Paused: no LLM configured" in page and f'id="run-{run.id}"' in page
    assert "Run deep analysis</button>" not in page  # the button does not quietly come back
    batch = cand.job.batches.get()
    page = auth_client.get(reverse("screening:batch", args=[batch.pk])).content.decode()
    assert "Deep analysis of 1 candidate(s):" in page and "Paused: no LLM configured" in page


def test_a_cancelled_deep_analysis_says_cancelled(auth_client, team) -> None:
    _, _, cand = _screened(team)
    auth_client.post(reverse("screening:analyse", args=[cand.pk]))
    run = Run.objects.get(kind=svc.ANALYSIS_RUN_KIND)
    auth_client.post(reverse("runs:action", args=[run.id, "cancel"]))
    page = auth_client.get(reverse("screening:candidate", args=[cand.pk])).content.decode()
    assert "Cancelled by alice" in page
    assert "Analysis is running" not in page


def test_another_teams_candidate_page_stays_private(auth_client, other_team) -> None:
    _, _, cand = _screened(other_team)
    assert auth_client.get(reverse("screening:candidate", args=[cand.pk])).status_code == 404


def test_re_analyse_is_disabled_with_the_reason_without_an_llm(auth_client, team, settings) -> None:
    _, _, cand = _screened(team)
    Candidate.objects.filter(pk=cand.pk).update(analysis_status="done", analysis={"strengths": []})
    settings.GROQ_API_KEY, settings.LLM_BASE_URL = "", ""
    page = auth_client.get(reverse("screening:candidate", args=[cand.pk])).content.decode()
    assert 'disabled title="No LLM is configured' in page and "Re-analyse" in page
