"""Honest states in a real browser, with a real worker that has no LLM configured (issue 17).

* An LLM action without a key: the page says so before anything is queued (the button is
  disabled with the reason); a request sent anyway is answered "it will wait", and the
  worker pauses the Run, whose reason ("Paused: no LLM configured") shows on the object's
  own page (profile, job, failed resume), not only on the dashboard.
* Cancel: after "Enhance all profiles", "Recover all" and a job enrichment are cancelled,
  every list (profiles, jobs, failed resumes) shows the cancelled state, as their pages do.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobs import services as jobs_services
from jobs.models import JobPosting
from profiles.models import CandidateProfile
from profiles.services import ENHANCE_KIND, start_enhancement
from resumes import services as resume_services
from resumes.recovery import RECOVERY_KIND, start_recovery_run
from runs.models import Run
from tests.browser import ARTIFACTS
from tests.e2e import conftest as e2e
from tests.e2e.steps import DEMO_FEED, demo_resume, log_in, shot, wait_until
from tests.fakes.groq_server import FakeGroqServer
from tests.profiles.conftest import make_profile

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

NO_LLM = "No LLM is configured"
PAUSED = "Paused: no LLM configured"


@pytest.fixture(scope="module")
def worker(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    groq_server: FakeGroqServer,
    e2e_media: Path,
) -> Iterator[subprocess.Popen]:
    """The module's real ``qcluster``, started WITHOUT an LLM (no key, no base URL)."""
    env = e2e._worker_env(groq_server, e2e_media) | {"GROQ_API_KEY": "", "LLM_BASE_URL": ""}
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "worker-test_journey_states.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=e2e.ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        e2e._WORKER_LOGS[proc.pid] = log_path
        yield proc
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def no_llm(settings, e2e_media: Path) -> None:
    """The web server (this process) has no LLM either; uploads go to the module's media."""
    settings.GROQ_API_KEY = ""
    settings.LLM_BASE_URL = ""
    settings.MEDIA_ROOT = e2e_media


def _paused(run_id: int) -> bool:
    return Run.objects.get(id=run_id).status == Run.Status.PAUSED


def test_an_llm_action_without_a_key_says_so_first_and_its_page_shows_why_it_waits(
    page, live_server, user, team, live_worker, no_llm
) -> None:  # noqa: ANN001
    profile = make_profile(team, name="Robin Example")
    base = live_server.url
    log_in(page, base, f"/profiles/{profile.pk}/")

    # Told before anything is queued: the button is disabled and the reason is on the page.
    enhance = page.locator("form[action$='/enhance/'] button")
    assert enhance.is_disabled()
    assert NO_LLM in enhance.get_attribute("title")
    assert NO_LLM in page.inner_text(".enhance")
    assert not Run.objects.filter(team=team).exists()
    shot(page, "states-01-llm-off-before")

    # A page opened before the key was removed still posts: the answer says it will wait.
    enhance.evaluate("button => button.disabled = false")
    enhance.click()
    page.wait_for_url(f"{base}/profiles/{profile.pk}/")
    assert f"It will wait: {NO_LLM}" in page.inner_text(".messages, body")
    run = Run.objects.get(team=team, kind=ENHANCE_KIND)
    wait_until(lambda: _paused(run.id), what="the worker to pause the enhancement run")

    # The profile's own page shows the paused reason in its progress (it polls: no reload).
    page.wait_for_selector(f"#run-{run.id}.status-paused")
    assert PAUSED in page.inner_text(f"#run-{run.id}")
    shot(page, "states-02-profile-paused")
    page.goto(f"{base}/profiles/")
    assert PAUSED in page.locator("tr", has_text="Robin Example").inner_text()

    # The same rule on the job page (enrichment queued by a feed schedule or a command) and
    # on a failed resume's page (Recover all sent before the key went).
    jobs_services.import_feed(team, DEMO_FEED.read_bytes())
    job = JobPosting.objects.filter(team=team).order_by("id").first()
    enrichment = jobs_services.start_enrichment(team, job_ids=[job.id], force=True)
    partial = demo_resume("33")
    failed = resume_services.ingest_document(team, partial.read_bytes(), partial.name).failed
    page.goto(f"{base}/resumes/failed/")
    recover = page.locator("button:text('Recover all with the LLM')")
    assert recover.is_disabled() and NO_LLM in recover.get_attribute("title")
    recover.evaluate("button => button.disabled = false")
    recover.click()
    page.wait_for_url(f"{base}/resumes/failed/")
    recovery = Run.objects.get(team=team, kind=RECOVERY_KIND)
    wait_until(lambda: _paused(enrichment.id), what="the worker to pause the enrichment run")
    wait_until(lambda: _paused(recovery.id), what="the worker to pause the recovery run")

    page.goto(f"{base}/jobs/{job.pk}/")
    assert PAUSED in page.inner_text(f"#run-{enrichment.id}")
    assert page.locator("form[action$='/reenrich/'] button").is_disabled()
    shot(page, "states-03-job-paused")
    page.goto(f"{base}/resumes/failed/{failed.pk}/")
    assert PAUSED in page.inner_text(f"#run-{recovery.id}")
    assert page.locator("button:text('Retry with LLM')").is_disabled()
    assert "no readable text" not in page.inner_text("body")
    shot(page, "states-04-failed-resume-paused")


def test_cancel_shows_the_cancelled_state_on_every_list(
    page, live_server, user, team, live_worker, no_llm
) -> None:  # noqa: ANN001
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing"):
        make_profile(team, name=name)
    jobs_services.import_feed(team, DEMO_FEED.read_bytes())
    jobs = list(JobPosting.objects.filter(team=team).order_by("id")[:3])
    for prefix in ("33", "34"):
        path = demo_resume(prefix)
        resume_services.ingest_document(team, path.read_bytes(), path.name)
    # Queued as the pages (or a schedule) would; the worker pauses them: it has no LLM.
    enhance = start_enhancement(team, CandidateProfile.objects.values_list("id", flat=True))
    enrichment = jobs_services.start_enrichment(team, job_ids=[j.id for j in jobs])
    recovery = start_recovery_run(team, user)
    runs = [enhance, enrichment, recovery]

    # Cancel each from the dashboard, where every run's progress shows.
    base = live_server.url
    log_in(page, base)
    for run in runs:
        page.wait_for_selector(f"#run-{run.id}")
        page.once("dialog", lambda dialog: dialog.accept())
        page.click(f"#run-{run.id} button:text('Cancel')")
        page.wait_for_selector(f"#run-{run.id}.status-cancelled")
    assert set(Run.objects.filter(team=team).values_list("status", flat=True)) == {"cancelled"}
    shot(page, "states-05-dashboard-cancelled")

    page.goto(f"{base}/profiles/")
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing"):
        row = page.locator("tr", has_text=name).inner_text()
        assert "Cancelled by alice" in row and "Queued" not in row
    shot(page, "states-06-profiles-cancelled")
    profile = CandidateProfile.objects.get(team=team, name="Ada Lovelace")
    page.click("text=Ada Lovelace")
    page.wait_for_url(f"{base}/profiles/{profile.pk}/")
    assert "Cancelled by alice" in page.inner_text(f"#run-{enhance.id}")

    page.goto(f"{base}/jobs/")
    for job in jobs:
        row = page.locator(f"tr:has(a[href='/jobs/{job.pk}/'])").inner_text()
        assert "Cancelled by alice" in row and "Queued" not in row
    shot(page, "states-07-jobs-cancelled")

    page.goto(f"{base}/resumes/failed/")
    assert page.locator("table.failed").inner_text().count("Recovery: Cancelled by alice") == 2
    shot(page, "states-08-failed-cancelled")
