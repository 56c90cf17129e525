"""Every admin action that starts batched work creates the right Run, per team, or says why not."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from jobs.models import JobPosting
from resumes.models import FailedResume
from runs.models import Run
from screener.services import create_team_user
from screening.models import ScreeningBatch
from tests.jobs.conftest import make_job
from tests.profiles.conftest import make_profile
from tests.screening.fakes import make_resume

RESUME_TEXT = "Jane Roe\nBackend Engineer\nSkills: Python, Django, PostgreSQL\n"


@pytest.fixture
def staff_client(team) -> Client:  # noqa: ANN001
    _, staff = create_team_user(team.name, "staffer", "an-admin-password", staff=True)
    client = Client()
    client.force_login(staff)
    return client


def _act(client: Client, changelist: str, action: str, ids: list[int], **extra: str):  # noqa: ANN202
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(i) for i in ids], **extra}
    return client.post(reverse(f"admin:{changelist}_changelist"), data, follow=True)


def _messages(response) -> str:  # noqa: ANN001
    return " | ".join(str(m) for m in response.context["messages"])


def _item_keys(run: Run) -> list[str]:
    return sorted(run.items.values_list("key", flat=True))


def test_it_enriches_the_selected_jobs_in_one_run_per_team(
    staff_client, team, other_team, settings
) -> None:  # noqa: ANN001
    settings.GROQ_API_KEY, settings.LLM_BASE_URL = "", ""
    mine = [make_job(team, external_id=f"a{i}") for i in range(2)]
    theirs = make_job(other_team, external_id="b1")
    make_job(team, external_id="not-selected")
    ids = [j.id for j in [*mine, theirs]]
    response = _act(staff_client, "jobs_jobposting", "enrich_selected", ids)
    runs = {run.team: run for run in Run.objects.filter(kind="enrich_jobs")}
    assert _item_keys(runs[team]) == sorted(str(j.id) for j in mine)
    assert _item_keys(runs[other_team]) == [str(theirs.id)]
    text = _messages(response)
    assert f"queued as run {runs[team].id}" in text
    assert "will pause until the LLM is configured" in text and "GROQ_API_KEY" in text


def test_it_skips_up_to_date_jobs_unless_re_enrichment_is_asked(staff_client, team) -> None:  # noqa: ANN001
    job = make_job(team)
    JobPosting.objects.filter(id=job.id).update(
        enrichment_status="done", enriched_hash=job.content_hash
    )
    from jobs.enrichment import PROMPT_VERSION

    JobPosting.objects.filter(id=job.id).update(prompt_version=PROMPT_VERSION)
    response = _act(staff_client, "jobs_jobposting", "enrich_selected", [job.id])
    assert not Run.objects.exists()
    assert "nothing to do (already enriched and up to date)" in _messages(response)
    _act(staff_client, "jobs_jobposting", "re_enrich_selected", [job.id])
    assert _item_keys(Run.objects.get()) == [str(job.id)]


def test_it_recovers_the_selected_failed_resumes(staff_client, team) -> None:  # noqa: ANN001
    failed = [
        FailedResume.objects.create(team=team, source_ref=f"f{i}.pdf", error_message="no text")
        for i in range(3)
    ]
    _act(staff_client, "resumes_failedresume", "recover_selected", [f.id for f in failed[:2]])
    run = Run.objects.get()
    assert run.kind == "recover_resumes" and run.params == {"dry_run": False, "review": True}
    assert _item_keys(run) == sorted(str(f.id) for f in failed[:2])
    _act(staff_client, "resumes_failedresume", "dry_run_selected", [failed[2].id])
    assert Run.objects.filter(params__dry_run=True).count() == 1


def test_it_enhances_the_selected_profiles(staff_client, team) -> None:  # noqa: ANN001
    profiles = [make_profile(team, name=f"P{i}") for i in range(2)]
    _act(staff_client, "profiles_candidateprofile", "enhance_selected", [p.id for p in profiles])
    assert _item_keys(Run.objects.get()) == sorted(str(p.id) for p in profiles)


def test_it_asks_for_a_job_then_screens_the_selected_resumes(staff_client, team) -> None:  # noqa: ANN001
    job = make_job(team)
    resumes = [make_resume(team, RESUME_TEXT + str(i)) for i in range(3)]
    ids = [r.id for r in resumes]
    page = _act(staff_client, "resumes_resume", "screen_selected", ids)
    assert "Screen resumes against a job" in page.content.decode()
    assert not ScreeningBatch.objects.exists()  # nothing starts before a job is chosen
    done = _act(staff_client, "resumes_resume", "screen_selected", ids, apply="1", job=str(job.id))
    batch = ScreeningBatch.objects.get()
    assert batch.job == job and sorted(batch.resumes.values_list("id", flat=True)) == sorted(ids)
    assert _item_keys(batch.run) == sorted(str(i) for i in ids)
    assert f"queued as run {batch.run_id}" in _messages(done)


def test_it_refuses_to_screen_another_teams_job_or_a_mixed_selection(
    staff_client, team, other_team
) -> None:  # noqa: ANN001
    theirs = make_job(other_team, external_id="theirs")
    make_job(team, external_id="ours")
    mine = make_resume(team, RESUME_TEXT)
    page = _act(
        staff_client, "resumes_resume", "screen_selected", [mine.id], apply="1", job=str(theirs.id)
    )
    assert "Select a valid choice" in page.content.decode()  # the job list is the team's only
    other = make_resume(other_team, RESUME_TEXT + "x")
    mixed = _act(staff_client, "resumes_resume", "screen_selected", [mine.id, other.id])
    assert "Select resumes of one team" in _messages(mixed)
    assert not ScreeningBatch.objects.exists() and not Run.objects.exists()


def test_it_tells_staff_when_the_team_has_no_job(staff_client, team) -> None:  # noqa: ANN001
    resume = make_resume(team, RESUME_TEXT)
    page = _act(staff_client, "resumes_resume", "screen_selected", [resume.id])
    assert "This team has no job yet" in page.content.decode()


def test_recruiters_cannot_run_admin_actions(auth_client, team) -> None:  # noqa: ANN001
    job = make_job(team)
    response = auth_client.post(
        reverse("admin:jobs_jobposting_changelist"),
        {"action": "enrich_selected", ACTION_CHECKBOX_NAME: [str(job.id)]},
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Run.objects.exists()
