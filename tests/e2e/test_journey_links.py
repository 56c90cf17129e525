"""The recruiter's journey without dead ends (issue 17), in a real browser.

Upload, then click "Upload" anyway: no error over the results, and a reload keeps them; an
empty file is reported as empty. The job page leads to its candidates (name-blind, the
screening's scores) and back, and to a new screening with the job chosen. A resume leads to
its recommended jobs and back. ``q=postgres`` finds the PostgreSQL jobs. A malformed feed
gets a readable message. The weights panel refuses a negative weight with a message, says
that changes are shared, and resets to the defaults. The ``page`` fixture fails the test on
any console error or uncaught exception.
"""

from __future__ import annotations

import re

import pytest

from jobs import services as jobs_services
from jobs.models import JobPosting
from resumes import services as resume_services
from resumes.models import FailedResume, Resume
from runs import executor as runs
from screening import services as screening_services
from screening.models import Candidate
from tests.e2e.steps import DEMO_FEED, demo_resume, log_in, shot
from tests.screening.fakes import FAKE_EMBEDDER

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

BACKEND_JOB = "Senior Backend Engineer (Python/Django)"


@pytest.fixture(autouse=True)
def _fake_embedder(settings) -> None:  # noqa: ANN001
    """The live server runs in this process: pages that embed use the quick stand-in."""
    settings.SCREENING_EMBEDDER = FAKE_EMBEDDER


def _upload_rows(page) -> list[str]:  # noqa: ANN001
    return page.locator("#upload-rows tr").all_inner_texts()


def test_it_uploads_then_ignores_a_second_upload_click_and_keeps_results_on_reload(
    page, live_server, user, team, tmp_path
) -> None:  # noqa: ANN001
    base = live_server.url
    empty, blank = tmp_path / "empty.txt", tmp_path / "blank.txt"
    empty.write_bytes(b"")
    blank.write_bytes(b"")
    log_in(page, base, "/resumes/upload/")
    # "Upload" before choosing anything opens the file chooser (no "Please select" bubble);
    # the chosen files go up at once.
    with page.expect_file_chooser() as chooser:
        page.click("#upload-button")
    chooser.value.set_files([str(demo_resume("02")), str(empty), str(blank)])
    page.wait_for_function(
        "document.getElementById('upload-count').textContent.startsWith('3 of 3')",
        timeout=60_000,
    )
    page.wait_for_function("document.querySelectorAll('.status-processing').length === 0")

    # "Upload", as anyone would click it: no error, the results stay, the page says why.
    page.click("#upload-button")
    assert page.locator("#upload-hint").is_visible()
    assert "upload as soon as you choose" in page.inner_text("#upload-hint")
    # the browser's own "Please select one or more files." bubble is off for this form
    assert page.evaluate("document.getElementById('upload-form').noValidate") is True
    rows = _upload_rows(page)
    assert len(rows) == 3 and "Please select" not in page.inner_text("body")
    assert sum("Imported" in r for r in rows) == 1
    empties = [r for r in rows if "empty.txt" in r or "blank.txt" in r]
    assert len(empties) == 2 and all("file is empty" in r and "Duplicate" not in r for r in empties)
    assert FailedResume.objects.filter(team=team).count() == 2
    shot(page, "links-01-upload-clicked")

    # A reload keeps every per-file result (they are in the address).
    assert "done=" in page.url
    page.reload()
    assert sorted(_upload_rows(page)) == sorted(rows)
    assert page.locator("#upload-kept").is_visible()
    assert Resume.objects.filter(team=team).count() == 1


def test_it_connects_jobs_candidates_screening_and_recommendations(
    page, live_server, user, team
) -> None:  # noqa: ANN001
    base = live_server.url
    jobs_services.import_feed(team, DEMO_FEED.read_bytes())
    job = JobPosting.objects.get(team=team, position=BACKEND_JOB)
    resumes = [
        _import(team, prefix) for prefix in ("01", "02", "07")
    ]  # backend, junior Python, data engineer
    batch = screening_services.create_batch(team, job, [r.id for r in resumes], enqueue=False)
    runs.execute_run(batch.run_id)
    log_in(page, base, f"/jobs/{job.pk}/")

    # Job page -> its candidates: the screening's labels and scores, no names; and back.
    page.click("a.button:text('Candidates')")
    page.wait_for_url(f"{base}/profiles/job/{job.pk}/candidates/")
    body = page.inner_text("main")
    assert "screening scores" in body
    for resume in resumes:
        assert resume.candidate_name not in body
    ranked = Candidate.objects.filter(job=job, status=Candidate.Status.SCORED).order_by("rank")
    for cand in ranked:
        row = page.locator("tr", has_text=f"Candidate C-{cand.id}")
        assert row.locator("td.score").inner_text() == f"{cand.score:.1f}"
    shot(page, "links-02-job-candidates")
    page.click(f"a:text('← {job}')")
    page.wait_for_url(f"{base}/jobs/{job.pk}/")

    # Job page -> a new screening with this job already chosen.
    page.click("text=Screen resumes for this job")
    page.wait_for_url(re.compile(rf".*/screening/\?job={job.pk}$"))
    assert page.input_value("#id_job") == str(job.pk)
    shot(page, "links-03-new-screening-preselected")

    # Resume page -> its recommended jobs, titled by the candidate, and back.
    resume = resumes[0]
    page.goto(f"{base}/resumes/{resume.pk}/")
    page.click("text=Recommended jobs")
    page.wait_for_url(f"{base}/profiles/resume/{resume.pk}/recommendations/")
    assert page.inner_text("h1") == f"Recommended jobs for {resume.candidate_name}"
    assert page.locator("#job-recommendations .reco-list li").count() >= 1
    shot(page, "links-04-resume-recommendations")
    page.click(f"a:text('← {resume.candidate_name}')")
    page.wait_for_url(f"{base}/resumes/{resume.pk}/")


def test_it_finds_postgres_jobs_and_explains_a_malformed_feed(
    page, live_server, user, team, tmp_path
) -> None:  # noqa: ANN001
    base = live_server.url
    jobs_services.import_feed(team, DEMO_FEED.read_bytes())
    log_in(page, base, "/jobs/?skill=PostgreSQL")
    by_skill = set(page.locator("#job-results td:first-child a").all_inner_texts())
    assert by_skill, "the demo feed has PostgreSQL jobs"
    page.goto(f"{base}/jobs/?q=postgres")
    by_text = set(page.locator("#job-results td:first-child a").all_inner_texts())
    assert by_skill <= by_text
    shot(page, "links-05-search-postgres")

    broken = tmp_path / "feed.json"
    broken.write_bytes(b'[{"id": 1, "position": "A",}]')
    page.goto(f"{base}/jobs/import/")
    page.set_input_files("input[type=file]", str(broken))
    page.click("button:text('Import')")
    errors = page.locator("p.error").all_inner_texts()
    assert len(errors) == 1 and "broken near line 1, column" in errors[0]
    assert "Expecting" not in page.inner_text("body")
    shot(page, "links-06-malformed-feed")


def test_the_weights_panel_refuses_a_negative_weight_and_resets_to_defaults(
    page, live_server, user, team
) -> None:  # noqa: ANN001
    base = live_server.url
    jobs_services.import_feed(team, DEMO_FEED.read_bytes())
    job = JobPosting.objects.get(team=team, position=BACKEND_JOB)
    resumes = [_import(team, prefix) for prefix in ("01", "02", "07")]
    batch = screening_services.create_batch(team, job, [r.id for r in resumes], enqueue=False)
    runs.execute_run(batch.run_id)
    defaults = screening_services.job_settings(job).weights
    log_in(page, base, f"/screening/{batch.pk}/")
    assert "apply to everyone's view of this job" in page.inner_text(".weights-panel")

    component = next(iter(defaults))
    page.fill(f"#id_w_{component}", "-1")
    page.press(f"#id_w_{component}", "Tab")
    alert = page.locator("#results [role=alert]")
    alert.wait_for()
    assert "Weights not changed" in alert.inner_text()
    assert "greater than or equal to 0" in alert.inner_text()
    assert screening_services.job_settings(job).weights == defaults
    shot(page, "links-07-negative-weight")

    page.fill(f"#id_w_{component}", "7")
    page.press(f"#id_w_{component}", "Tab")
    page.wait_for_selector("#results [role=status]:text('Re-ranked in')")
    assert screening_services.job_settings(job).weights[component] == 7
    page.click("#weights-reset")
    page.wait_for_selector("text=reset to the defaults")
    assert screening_services.job_settings(job).weights == defaults
    assert float(page.input_value(f"#id_w_{component}")) == pytest.approx(defaults[component])


def _import(team, prefix: str) -> Resume:  # noqa: ANN001
    path = demo_resume(prefix)
    return resume_services.ingest_document(team, path.read_bytes(), path.name).resume
