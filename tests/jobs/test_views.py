"""Jobs pages: list, search and filters, detail, hand edits, import form, enrich actions."""

from __future__ import annotations

from datetime import UTC

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jobs import services
from jobs.models import JobPosting
from runs.models import Run
from tests.jobs.conftest import entry, feed_bytes, make_job

INDEX = reverse("jobs:index")


@pytest.fixture
def demo_jobs(team, demo_feed) -> None:
    services.import_feed(team, demo_feed)


def _titles(response) -> list[str]:
    return [job.position for job in response.context["page"].object_list]


def test_it_shows_an_empty_state_that_says_what_to_do(auth_client: Client) -> None:
    body = auth_client.get(INDEX).content.decode()
    assert "No job postings yet" in body and reverse("jobs:import") in body


def test_it_lists_only_the_teams_jobs(auth_client, demo_jobs, other_team) -> None:
    make_job(other_team, "secret", position="Secret Globex Role")
    response = auth_client.get(INDEX)
    assert response.status_code == 200
    assert len(_titles(response)) == 20
    assert "Secret Globex Role" not in response.content.decode()


def test_it_searches_title_company_and_description_by_relevance(auth_client, demo_jobs) -> None:
    titles = _titles(auth_client.get(INDEX, {"q": "django"}))
    assert set(titles[:2]) == {
        "Senior Backend Engineer (Python/Django)",
        "Full-Stack Engineer (Django + React)",
    }  # title matches (weight A) rank above description-only matches
    assert "Junior Python Developer" in titles[2:]  # Django only in its description
    assert "Registered Nurse – Telehealth Triage" not in titles
    assert _titles(auth_client.get(INDEX, {"q": "Quillstone"})) == [
        "Senior Backend Engineer (Python/Django)"
    ]
    assert _titles(auth_client.get(INDEX, {"q": '"telehealth triage" -accountant'})) == [
        "Registered Nurse – Telehealth Triage"
    ]
    assert _titles(auth_client.get(INDEX, {"q": "zzzunknownword"})) == []


def test_it_filters_by_company_seniority_skill_remote_and_salary(
    auth_client, demo_jobs, team
) -> None:
    by_company = _titles(auth_client.get(INDEX, {"company": "Quillstone Payments"}))
    assert by_company == ["Senior Backend Engineer (Python/Django)"]
    juniors = _titles(auth_client.get(INDEX, {"seniority": "junior"}))
    assert "Junior Python Developer" in juniors and all(
        JobPosting.objects.get(team=team, position=t).seniority == "junior" for t in juniors
    )
    postgres = _titles(auth_client.get(INDEX, {"skill": "postgres"}))  # normalised name
    assert "Senior Backend Engineer (Python/Django)" in postgres
    assert "Senior Accountant" not in postgres
    rich = _titles(auth_client.get(INDEX, {"min_salary": "200000"}))
    assert sorted(rich) == ["Lead DevOps Engineer (Kubernetes)", "Staff Data Engineer"]
    assert _titles(auth_client.get(INDEX, {"remote": "no"})) == []
    combined = _titles(auth_client.get(INDEX, {"q": "engineer", "seniority": "lead"}))
    assert set(combined) == {"Lead DevOps Engineer (Kubernetes)", "Staff Data Engineer"}


def test_it_answers_htmx_with_the_results_fragment_only(auth_client, demo_jobs) -> None:
    response = auth_client.get(
        INDEX, {"q": "nurse"}, headers={"HX-Request": "true", "HX-Target": "job-results"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="job-results">')
    assert "<html" not in body and "Telehealth" in body


def test_it_paginates(auth_client, demo_jobs, settings) -> None:
    settings.JOBS_PER_PAGE = 8
    response = auth_client.get(INDEX, {"page": 3})
    assert len(_titles(response)) == 4
    assert "Page 3 of 3" in response.content.decode()


def test_it_shows_a_job_with_requirements_and_enrichment_status(auth_client, demo_jobs) -> None:
    job = JobPosting.objects.get(external_id="1128401")
    body = auth_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Required skills" in body and "Django" in body and "5 years" in body
    assert "Not enriched yet" in body
    assert "<strong>Senior Backend Engineer</strong>" in body  # sanitised HTML rendered


def test_another_teams_user_gets_404_everywhere(demo_jobs, other_team_user) -> None:
    client = Client()
    client.force_login(other_team_user)
    job = JobPosting.objects.get(external_id="1128401")
    for name in ("jobs:detail", "jobs:edit"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:reenrich", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:edit", args=[job.pk]), {"position": "x"}).status_code == 404
    assert not Run.objects.exists()
    assert JobPosting.objects.get(pk=job.pk).position != "x"


def test_it_creates_a_job_by_hand_with_requirements(auth_client, team) -> None:
    response = auth_client.post(
        reverse("jobs:create"),
        {
            "position": "Senior Go Engineer",
            "company": "Initech",
            "tags": "go, backend",
            "salary_min": "100000",
            "salary_max": "130000",
            "description": "Requirements:\n- 6+ years with Go, Kubernetes and PostgreSQL",
        },
    )
    job = JobPosting.objects.get(team=team)
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.source, job.seniority, job.min_years, job.tags) == (
        "manual",
        "senior",
        6.0,
        ["go", "backend"],
    )
    assert "Kubernetes" in job.required_skills
    assert job.description_html.startswith("<p>Requirements:<br/>")
    assert _titles(auth_client.get(INDEX, {"q": "initech"})) == ["Senior Go Engineer"]


def test_it_creates_nothing_from_an_invalid_form(auth_client) -> None:
    response = auth_client.post(
        reverse("jobs:create"),
        {"position": "", "salary_min": "9", "salary_max": "1", "description": ""},
    )
    assert response.status_code == 200
    assert "below the minimum" in response.content.decode()
    assert not JobPosting.objects.exists()


def test_it_edits_a_job_and_keeps_search_current(auth_client, team) -> None:
    job = make_job(team, "e1", position="Python Developer")
    response = auth_client.post(
        reverse("jobs:edit", args=[job.pk]),
        {"position": "Rust Developer", "description": "<p>Rust and <b>Tokio</b></p>"},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.position, job.source, job.external_id) == ("Rust Developer", "test", "e1")
    assert JobPosting.objects.count() == 1
    assert _titles(auth_client.get(INDEX, {"q": "rust"})) == ["Rust Developer"]
    assert _titles(auth_client.get(INDEX, {"q": "python"})) == []


def test_it_imports_an_uploaded_feed_and_lists_rejected_entries(auth_client, team) -> None:
    data = feed_bytes({"legal": "terms"}, entry(id="1"), entry(id="2", position=""))
    upload = SimpleUploadedFile("feed.json", data, content_type="application/json")
    response = auth_client.post(reverse("jobs:import"), {"feed_file": upload, "source": "ok"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 created" in body and "position" in body
    assert JobPosting.objects.filter(team=team).count() == 1


def test_it_imports_nothing_from_a_broken_feed(auth_client) -> None:
    upload = SimpleUploadedFile("feed.json", b"{not json", content_type="application/json")
    response = auth_client.post(reverse("jobs:import"), {"feed_file": upload, "source": "x"})
    assert "Nothing was imported" in response.content.decode()
    assert not JobPosting.objects.exists()


@pytest.mark.parametrize(
    ("data", "readable", "jargon"),
    [
        (b'[{"id": 1, "position": "A",}]', "broken near line 1, column", "Expecting"),
        (b"%PDF-1.7\n\x93\xe2 binary", "this is a PDF, not a job feed", "codec"),
        (b"", "the file is empty", "submitted file is empty"),
        (b"\xff\xfe\x00garbage", "the file is not text", "codec"),
    ],
)
def test_it_explains_an_unreadable_feed_in_one_readable_message(
    auth_client, data: bytes, readable: str, jargon: str
) -> None:
    upload = SimpleUploadedFile("feed.json", data, content_type="application/json")
    response = auth_client.post(reverse("jobs:import"), {"feed_file": upload, "source": "x"})
    body = response.content.decode()
    assert readable in body and jargon not in body
    assert body.count('class="error"') == 1
    assert "Give either" not in body
    assert not JobPosting.objects.exists()


def test_it_refuses_a_feed_url_on_a_private_address(auth_client) -> None:
    response = auth_client.post(
        reverse("jobs:import"), {"feed_url": "http://127.0.0.1/feed.json", "source": "x"}
    )
    assert "Nothing was imported" in response.content.decode()
    assert not JobPosting.objects.exists()


def test_enrich_all_starts_one_run_and_shows_progress_with_an_estimate(
    auth_client, demo_jobs, team, settings
) -> None:
    settings.GROQ_API_KEY = "gsk-test"  # an LLM is configured: the page estimates the time
    response = auth_client.post(reverse("jobs:enrich-all"), follow=True)
    run = Run.objects.get(team=team, kind=services.ENRICH_KIND)
    assert run.total == 20
    body = response.content.decode()
    assert "runs to the end by itself" in body
    assert f'id="run-{run.id}"' in body and "min left for 20 jobs" in body
    again = auth_client.post(reverse("jobs:enrich-all"), follow=True)
    assert "already in progress" in again.content.decode()
    assert Run.objects.filter(kind=services.ENRICH_KIND).count() == 1


def test_the_estimate_fragment_stops_polling_when_the_run_ends(auth_client, demo_jobs, team):
    run = services.start_enrichment(team)
    url = reverse("jobs:estimate", args=[run.id])
    live = auth_client.get(url, headers={"HX-Request": "true"})
    assert live.status_code == 200 and "every 2s" in live.content.decode()
    Run.objects.filter(id=run.id).update(status=Run.Status.DONE, done=20)
    assert auth_client.get(url, headers={"HX-Request": "true"}).status_code == 286


def test_the_estimate_says_when_the_run_waits_for_the_daily_quota(
    auth_client, demo_jobs, team, settings
):
    from datetime import datetime

    settings.GROQ_API_KEY = "gsk-test"

    run = services.start_enrichment(team)
    resume_at = datetime(2026, 11, 27, 0, 5, tzinfo=UTC)
    Run.objects.filter(id=run.id).update(status=Run.Status.WAITING_FOR_QUOTA, resume_at=resume_at)
    url = reverse("jobs:estimate", args=[run.id])
    body = auth_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Waiting for the LLM's daily quota to reset: continues at 00:05" in body
    assert "for the 20 jobs left" in body and "min left for" not in body


def test_reenrich_queues_a_forced_run_for_one_job(auth_client, team) -> None:
    job = make_job(team, "r1")
    response = auth_client.post(reverse("jobs:reenrich", args=[job.pk]), follow=True)
    run = Run.objects.get(team=team)
    assert (run.total, run.params) == (1, {"force": True})
    assert "Queued (Enrich 1 job)." in response.content.decode()


def test_actions_need_post(auth_client, team) -> None:
    job = make_job(team, "p1")
    assert auth_client.get(reverse("jobs:enrich-all")).status_code == 405
    assert auth_client.get(reverse("jobs:reenrich", args=[job.pk])).status_code == 405


def test_it_disables_enrich_with_the_reason_when_no_llm_is_configured(
    auth_client, team, settings
) -> None:
    settings.GROQ_API_KEY, settings.LLM_BASE_URL = "", ""
    job = make_job(team, "n1")
    for url in (reverse("jobs:detail", args=[job.pk]), reverse("jobs:index")):
        body = auth_client.get(url).content.decode()
        assert 'disabled title="No LLM is configured' in body, url
        assert "ask an administrator to set GROQ_API_KEY" in body, url


def test_it_enables_enrich_when_an_llm_is_configured(auth_client, team, settings) -> None:
    settings.GROQ_API_KEY = "gsk-test"
    job = make_job(team, "y1")
    body = auth_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "No LLM is configured" not in body and "disabled" not in body.split("Enrich</")[0][-80:]


def test_a_forced_enrich_without_an_llm_says_it_will_wait(auth_client, team, settings) -> None:
    settings.GROQ_API_KEY, settings.LLM_BASE_URL = "", ""
    job = make_job(team, "w1")
    response = auth_client.post(reverse("jobs:reenrich", args=[job.pk]), follow=True)
    body = response.content.decode()
    assert "Re-enrichment queued. It will wait: No LLM is configured" in body
    assert "msg-success" not in body


def test_it_finds_postgresql_jobs_when_searching_for_postgres(auth_client, team) -> None:
    make_job(team, "pg1", position="Database Administrator", description_text="We run PostgreSQL.")
    make_job(team, "pg2", position="Backend Developer", description_text="Go services.")
    JobPosting.objects.filter(external_id="pg2").update(required_skills=["PostgreSQL"])
    make_job(team, "my1", position="MySQL Administrator", description_text="We run MySQL.")
    JobPosting.objects.filter(external_id="my1").update(required_skills=["MySQL"])
    found = _titles(auth_client.get(INDEX, {"q": "postgres"}))
    assert set(found) == {"Database Administrator", "Backend Developer"}
    assert _titles(auth_client.get(INDEX, {"q": "postgres administrator"})) == [
        "Database Administrator"
    ]  # every word must match
    assert _titles(auth_client.get(INDEX, {"q": "postgres -administrator"})) == []  # syntax kept


def test_the_job_form_labels_the_link_for_people(auth_client) -> None:
    body = auth_client.get(reverse("jobs:create")).content.decode()
    assert "Original posting (URL)" in body and ">Url:<" not in body


def test_it_says_remote_once_when_the_location_already_does(auth_client, team) -> None:
    said = make_job(team, "rm1", location="Remote (US)", remote=True)
    plain = make_job(team, "rm2", location="Berlin", remote=True)
    body = auth_client.get(reverse("jobs:detail", args=[said.pk])).content.decode()
    assert "Remote (US)" in body and "Remote (US) · remote" not in body
    body = auth_client.get(reverse("jobs:detail", args=[plain.pk])).content.decode()
    assert "Berlin · remote" in body
    listing = auth_client.get(reverse("jobs:index")).content.decode()
    assert "Remote (US) · remote" not in listing and "Berlin · remote" in listing
