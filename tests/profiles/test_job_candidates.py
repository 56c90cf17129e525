"""A job's candidates page: name-blind like screening, the screening's own scores, links
back to the job, and "screen these" for close matches not screened yet."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from runs import executor as runs
from screening import services as screening_services
from screening.models import Candidate, ScreeningBatch
from tests.profiles.test_views import RESUME
from tests.screening.fakes import make_job, make_resume
from tests.screening.test_pipeline import JUNIOR, NURSE, SENIOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def screened(team, fake_embedder):
    job = make_job(team)
    resumes = [
        make_resume(team, SENIOR, name="Daniel Okafor", filename="01_daniel-okafor.txt"),
        make_resume(team, JUNIOR, name="Mei Chen", filename="02_mei-chen.txt"),
        make_resume(team, NURSE, name="Maria Santos", filename="03_maria-santos.txt"),
    ]
    batch = screening_services.create_batch(team, job, [r.id for r in resumes], enqueue=False)
    runs.execute_run(batch.run_id)
    return batch


def _scores(page: str) -> dict[str, str]:
    """Blind label -> score text, read from a ranking table."""
    rows = re.findall(
        r"(Candidate C-\d+)</(?:a|strong)>.*?<td class=\"score\">([^<]*)</td>", page, re.S
    )
    return dict(rows)


def test_it_shows_screening_labels_and_the_same_scores_as_the_screening(
    auth_client, screened
) -> None:
    url = reverse("profiles:job-candidates", args=[screened.job_id])
    page = auth_client.get(url).content.decode()
    results = auth_client.get(reverse("screening:batch", args=[screened.pk])).content.decode()
    ours, theirs = _scores(page), _scores(results)
    ranked = Candidate.objects.filter(job=screened.job, status=Candidate.Status.SCORED)
    assert len(ours) == ranked.count() >= 2
    assert ours == {label: theirs[label] for label in ours}
    for name in ("Daniel", "Okafor", "Mei Chen", "Maria", "okafor.txt"):
        assert name not in page
    assert "screening scores" in page and "Names stay hidden" in page


def test_it_follows_a_weight_change_of_the_screening(auth_client, screened) -> None:
    only_recency = {k: 0.0 for k in screening_services.ranking.default_weights()}
    screening_services.update_job_settings(screened, only_recency | {"recency": 1.0})
    url = reverse("profiles:job-candidates", args=[screened.job_id])
    page = auth_client.get(url).content.decode()
    results = auth_client.get(reverse("screening:batch", args=[screened.pk])).content.decode()
    assert _scores(page) == {k: v for k, v in _scores(results).items() if k in _scores(page)}


def test_it_shows_a_name_once_decided_as_screening_does(auth_client, screened) -> None:
    top = Candidate.objects.get(job=screened.job, rank=1)
    screening_services.set_decision(top, "shortlist", None)
    page = auth_client.get(reverse("profiles:job-candidates", args=[screened.job_id])).content
    assert top.resume.candidate_name.encode() in page


def test_it_links_back_to_the_job_and_to_its_screening(auth_client, screened) -> None:
    job = screened.job
    page = auth_client.get(reverse("profiles:job-candidates", args=[job.pk])).content.decode()
    assert f'href="{reverse("jobs:detail", args=[job.pk])}"' in page
    assert f'href="{reverse("screening:index")}?job={job.pk}"' in page
    job_page = auth_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f'href="{reverse("profiles:job-candidates", args=[job.pk])}"' in job_page


def test_it_lists_unscreened_matches_blind_and_without_a_score(auth_client, team, screened) -> None:
    extra = make_resume(team, RESUME, name="Jordan Smith")
    page = auth_client.get(reverse("profiles:job-candidates", args=[screened.job_id])).content
    body = page.decode()
    unscreened = body[body.index('id="unscreened-title"') :]
    assert f"Resume R-{extra.pk}" in unscreened and "Jordan Smith" not in body
    assert "%" not in unscreened.split("</ol>")[0]  # no second kind of score
    assert f'value="{extra.pk}"' in unscreened


def test_it_screens_the_listed_resumes(auth_client, team, screened) -> None:
    extra = make_resume(team, RESUME, name="Jordan Smith")
    url = reverse("profiles:job-candidates-screen", args=[screened.job_id])
    response = auth_client.post(url, {"resume": [str(extra.pk)]})
    batch = ScreeningBatch.objects.exclude(pk=screened.pk).get()
    assert response.status_code == 302 and response.url == reverse(
        "screening:batch", args=[batch.pk]
    )
    assert list(batch.resumes.values_list("id", flat=True)) == [extra.pk]
    assert batch.job_id == screened.job_id and batch.name_blind


def test_it_screens_nothing_for_another_teams_resume(auth_client, screened, other_team) -> None:
    theirs = make_resume(other_team, RESUME, name="Jordan Smith")
    url = reverse("profiles:job-candidates-screen", args=[screened.job_id])
    response = auth_client.post(url, {"resume": [str(theirs.pk)]}, follow=True)
    assert "Nothing was screened" in response.content.decode()
    assert ScreeningBatch.objects.count() == 1


def test_another_teams_job_is_404(team, screened, other_team_user) -> None:
    client = Client()
    client.force_login(other_team_user)
    job = screened.job
    assert client.get(reverse("profiles:job-candidates", args=[job.pk])).status_code == 404
    url = reverse("profiles:job-candidates-screen", args=[job.pk])
    assert client.post(url, {"resume": ["1"]}).status_code == 404
    assert ScreeningBatch.objects.count() == 1


def test_a_job_without_screening_says_how_to_get_scores(auth_client, team, fake_embedder) -> None:
    job = make_job(team)
    page = auth_client.get(reverse("profiles:job-candidates", args=[job.pk])).content.decode()
    assert "No resume has been screened for this job yet" in page
    assert f'href="{reverse("screening:index")}?job={job.pk}"' in page


def test_a_resumes_recommended_jobs_page_names_it_and_links_back(
    auth_client, team, fake_embedder
) -> None:
    job = make_job(team)
    resume = make_resume(team, RESUME, name="Jordan Smith", filename="cv-2024-final.txt")
    url = reverse("profiles:resume-recommendations", args=[resume.pk])
    page = auth_client.get(url).content.decode()
    assert "<h1>Recommended jobs for Jordan Smith</h1>" in page
    assert f'<a href="{reverse("resumes:detail", args=[resume.pk])}">← Jordan Smith</a>' in page
    assert job.position in page


def test_the_job_and_resume_pages_of_profiles_highlight_their_own_section(
    auth_client, team, fake_embedder
) -> None:
    job = make_job(team)
    resume = make_resume(team, RESUME, name="Jordan Smith")

    def current(url: str) -> str:
        page = auth_client.get(url).content.decode()
        return re.search(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', page)[1]

    assert current(reverse("profiles:job-candidates", args=[job.pk])) == "Jobs"
    assert current(reverse("profiles:resume-recommendations", args=[resume.pk])) == "Resumes"
    assert current(reverse("profiles:index")) == "Profiles"
