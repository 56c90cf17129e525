"""Each object page links to what a recruiter does next (issue 17): job -> screen and
candidates, resume -> recommended jobs, dashboard run -> its object."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from runs.models import Run
from screening import services as screening_services
from tests.screening.fakes import FAKE_EMBEDDER, make_job, make_resume


@pytest.fixture(autouse=True)
def _fake_embedder(settings) -> None:  # noqa: ANN001
    settings.SCREENING_EMBEDDER = FAKE_EMBEDDER


def test_the_job_page_links_to_screening_it_and_to_its_candidates(auth_client, team) -> None:
    job = make_job(team)
    body = auth_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f'href="{reverse("screening:index")}?job={job.pk}"' in body
    assert "Screen resumes for this job" in body
    assert f'href="{reverse("profiles:job-candidates", args=[job.pk])}"' in body


def test_screening_with_job_in_the_query_preselects_it_and_lists_its_batches(
    auth_client, team
) -> None:
    job, other = make_job(team, position="Data Engineer"), make_job(team, position="Designer")
    resume = make_resume(team, "Ada\nData Engineer\nSkills: Python\n")
    screening_services.create_batch(team, job, [resume.id], enqueue=False)
    screening_services.create_batch(team, other, [resume.id], enqueue=False)
    body = auth_client.get(reverse("screening:index"), {"job": job.pk}).content.decode()
    assert f'<option value="{job.pk}" selected>' in body
    batches = body[body.index('id="batches"') :]
    assert "Data Engineer" in batches and "Designer" not in batches


def test_a_job_of_another_team_in_the_query_preselects_nothing(
    auth_client, team, other_team
) -> None:
    make_job(team)
    theirs = make_job(other_team)
    body = auth_client.get(reverse("screening:index"), {"job": theirs.pk}).content.decode()
    assert "selected>" not in body.split('name="job"')[1].split("</select>")[0]
    assert auth_client.get(reverse("screening:index"), {"job": "x'"}).status_code == 200


def test_the_job_picker_tells_jobs_with_the_same_name_apart(auth_client, team) -> None:
    posted = datetime(2026, 10, 1, tzinfo=UTC)
    make_job(team, position="Backend Engineer", company="Acme", posted_at=posted)
    make_job(team, position="Backend Engineer", company="Globex", posted_at=None)
    make_job(team, position="Designer", company="Acme")
    body = auth_client.get(reverse("screening:index")).content.decode()
    assert "Backend Engineer at Acme · posted 2026-10-01" in body
    assert "Backend Engineer at Globex · posted no date" in body
    assert ">Designer at Acme</option>" in body


def test_the_resume_page_links_to_its_recommended_jobs(auth_client, team) -> None:
    resume = make_resume(team, "Ada\nData Engineer\nSkills: Python\n")
    body = auth_client.get(reverse("resumes:detail", args=[resume.pk])).content.decode()
    assert reverse("profiles:resume-recommendations", args=[resume.pk]) in body


def test_dashboard_run_titles_link_to_their_object(auth_client, team) -> None:
    job = make_job(team)
    resume = make_resume(team, "Ada\nData Engineer\nSkills: Python\n")
    batch = screening_services.create_batch(team, job, [resume.id], enqueue=False)
    Run.objects.create(team=team, kind="enrich_jobs", label="Enrich 3 jobs")
    Run.objects.create(team=team, kind="mystery", label="Unknown kind")
    body = auth_client.get(reverse("dashboard")).content.decode()
    assert f'<a href="{reverse("screening:batch", args=[batch.pk])}">' in body
    assert f'<a href="{reverse("jobs:index")}">Enrich 3 jobs</a>' in body
    assert "<td>Unknown kind<br>" in body
