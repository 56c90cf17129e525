""" "Enrich all" asks first: jobs, calls, tokens and time from today's budget, before any Run."""

from __future__ import annotations

import math

import pytest
from django.test import Client
from django.urls import reverse

from jobs import selectors, services
from runs.models import Run

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_jobs(team, demo_feed) -> None:
    services.import_feed(team, demo_feed)


@pytest.fixture
def llm_on(settings) -> None:
    settings.GROQ_API_KEY = "gsk-test"
    settings.LLM_BASE_URL = ""
    settings.LLM_RPM, settings.LLM_RPD = 30, 1000
    settings.LLM_TPM, settings.LLM_TPD = 6000, 500_000


def test_the_confirm_shows_jobs_calls_tokens_and_time_and_starts_nothing(
    auth_client, demo_jobs, team, llm_on, settings
) -> None:
    response = auth_client.get(reverse("jobs:enrich-confirm"))
    body = response.content.decode()
    preview = response.context["preview"]
    assert preview.remaining == 20
    assert preview.calls == math.ceil(20 / settings.JOB_ENRICH_PACK_MAX)
    assert "Enrich 20 jobs with the LLM?" in body
    assert f"about {preview.calls} (several jobs per call)" in body
    assert f"about {preview.tokens_needed:,} (" in body
    assert f"about {preview.minutes} min (limited by" in body and "covers it" in body
    assert f'action="{reverse("jobs:enrich-all")}"' in body and "Start enrichment" in body
    assert not Run.objects.exists()  # asking costs nothing

    # the Run, once started, shows the same estimate it was previewed with
    run = services.start_enrichment(team)
    started = selectors.enrichment_estimate(run)
    assert (started.tokens_needed, started.calls, started.seconds) == (
        preview.tokens_needed,
        preview.calls,
        preview.seconds,
    )


def test_the_confirm_says_when_todays_budget_runs_out_first(
    auth_client, demo_jobs, team, llm_on, settings
) -> None:
    settings.LLM_TPD = 2000
    response = auth_client.get(reverse("jobs:enrich-confirm"), headers={"HX-Request": "true"})
    preview = selectors.enrichment_preview(team)
    assert preview.quota_short and 0 < preview.jobs_today < 20
    body = response.content.decode()
    assert "<html" not in body  # htmx gets the fragment only
    assert f"covers about {preview.jobs_today} jobs" in body
    assert "waits for the daily reset and continues by itself" in body


def test_without_an_llm_the_confirm_promises_no_time_and_cannot_start(
    auth_client, demo_jobs
) -> None:
    body = auth_client.get(reverse("jobs:enrich-confirm")).content.decode()
    assert "would wait for an LLM to be configured" in body
    assert " min (limited by" not in body
    assert "disabled" in body.split("Start enrichment")[0].rsplit("<button", 1)[1]


def test_without_an_llm_a_queued_run_says_it_waits_instead_of_minutes_left(
    auth_client, demo_jobs, team
) -> None:
    run = services.start_enrichment(team)
    body = auth_client.get(reverse("jobs:index")).content.decode()
    assert "This run waits for an LLM to be configured" in body
    assert "min left for" not in body
    fragment = auth_client.get(reverse("jobs:estimate", args=[run.id]), headers={"HX-Request": "1"})
    assert "waits for an LLM to be configured" in fragment.content.decode()


@pytest.mark.parametrize("status", [Run.Status.PAUSED, Run.Status.QUEUED])
def test_a_greyed_out_enrich_all_says_why_and_links_to_the_run(
    auth_client, demo_jobs, team, llm_on, status
) -> None:
    run = services.start_enrichment(team)
    Run.objects.filter(id=run.id).update(status=status)
    body = auth_client.get(reverse("jobs:index")).content.decode()
    label = Run.Status(status).label.lower()
    text = " ".join(body.split())
    assert (
        f'Enrich all is unavailable while <a href="#enrichment-run">enrichment run '
        f"“{run.label}”</a> is {label}: resume or cancel it first"
    ) in text
    assert 'id="enrichment-run"' in body
    button = body.split(">Enrich all</button>")[0].rsplit("<button", 1)[1]
    assert "disabled" in button and label in button
    confirm = auth_client.get(reverse("jobs:enrich-confirm")).content.decode()
    assert f"already {label}" in confirm and "Start enrichment" not in confirm


def test_nothing_to_enrich_is_said_plainly(auth_client, team, llm_on) -> None:
    body = auth_client.get(reverse("jobs:enrich-confirm")).content.decode()
    assert "nothing to send" in body and "Start enrichment" not in body


def test_the_confirm_counts_only_the_users_team(demo_jobs, other_team_user, llm_on) -> None:
    mallory = Client()
    mallory.force_login(other_team_user)
    response = mallory.get(reverse("jobs:enrich-confirm"))
    assert response.context["preview"].remaining == 0
    assert "nothing to send" in response.content.decode()
