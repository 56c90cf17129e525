"""A recruiter searches jobs, opens one and starts "Enrich all" in a real browser."""

from __future__ import annotations

import pytest

from jobs import services
from jobs.models import JobPosting
from runs.models import Run
from tests.browser import screenshot
from tests.conftest import PASSWORD
from tests.jobs.conftest import DEMO_FEED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, url: str) -> None:
    page.goto(f"{url}/jobs/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:text('Jobs')")


def test_it_searches_opens_a_job_and_follows_enrichment(
    page, live_server, user, team, settings
) -> None:
    settings.GROQ_API_KEY = "gsk-test"  # an LLM is configured: Enrich all is enabled (no worker)
    services.import_feed(team, DEMO_FEED.read_bytes())
    _login(page, live_server.url)
    assert page.locator("#job-results tbody tr").count() == 20

    page.fill("#id_q", "telehealth nurse")
    page.wait_for_function("document.querySelectorAll('#job-results tbody tr').length == 1")
    assert "q=telehealth" in page.url  # the search is in the address bar (shareable)
    page.fill("#id_q", "")
    page.select_option("#id_seniority", "lead")
    page.wait_for_function(
        "document.querySelectorAll('#job-results tbody tr').length == 3"
    )  # incl. Team Lead
    screenshot(page, "jobs_list_filtered")

    page.click("text=Lead DevOps Engineer (Kubernetes)")
    page.wait_for_selector("h2:text('Requirements')")
    assert "Kubernetes" in page.locator(".requirements").inner_text()
    screenshot(page, "job_detail")

    page.click("a:text('← All jobs')")
    page.click("button:text('Enrich all')")
    page.click("button:text('Start enrichment')")  # after the confirm (jobs, calls, tokens)
    run = Run.objects.get(team=team, kind=services.ENRICH_KIND)
    page.wait_for_selector(f"#run-{run.id}")
    assert "min left for 20 jobs" in page.locator(".enrichment-estimate").inner_text()
    # a worker makes progress: the bar follows without a reload
    Run.objects.filter(id=run.id).update(status=Run.Status.RUNNING, done=10)
    page.wait_for_function(f"document.querySelector('#run-{run.id} progress').value == 50")
    screenshot(page, "jobs_enrichment_progress")
    assert JobPosting.objects.filter(team=team).count() == 20
