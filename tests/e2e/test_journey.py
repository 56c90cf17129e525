"""The recruiter's whole journey in a real browser, with a real worker and the fake Groq.

Log in → import the demo job feed → drop six resumes on the upload page → screen them
against the backend job → watch the progress bar reach 100% → read the ranking → open an
explanation → change a weight and see the order change → deep analysis → shortlist →
export CSV; then a failed resume recovered by the LLM, and "Enrich all" waiting out a quota
cut. Every page visited is saved to test-artifacts/e2e-*.png (see scripts/tour_screenshots.py).
"""

from __future__ import annotations

import csv
import io

import pytest

from jobs import services as jobs_services
from jobs.models import JobPosting
from jobs.prompts import PURPOSE as ENRICH_PURPOSE
from resumes.models import Resume
from resumes.recovery import RECOVERY_KIND, RECOVERY_PURPOSE
from runs.models import Run
from screening import services as screening_services
from screening.models import Candidate, ScreeningBatch
from screening.prompts import PURPOSE as ANALYSIS_PURPOSE
from screening.scoring import COMPONENTS
from tests.e2e.steps import DEMO_FEED, demo_resume, drop_files, log_in, shot, wait_until
from tests.jobs.conftest import packed_answer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

# Senior backend, junior Python, principal, data engineer, DevOps lead, full-stack.
RESUMES = ["01", "02", "03", "07", "08", "12"]
BACKEND_JOB = "Senior Backend Engineer (Python/Django)"
ANALYSIS = {
    "strengths": ["Ten years of Python and Django payment APIs", "Led a PostgreSQL migration"],
    "gaps": ["No Kubernetes in production"],
    "risks": ["Overlapping freelance work: confirm the dates"],
    "interview_questions": ["How did you keep the payment API idempotent under retries?"],
    "injection_detected": False,
}
NEW_WEIGHT = 10.0  # the raised weight (defaults are below 1)


def _row_ids(page) -> list[int]:  # noqa: ANN001
    """Candidate ids of the ranked table, top to bottom, as the browser shows them."""
    ids = page.eval_on_selector_all(
        "table.ranking:not(.filtered):not(.unscreened) > tbody", "els => els.map(e => e.id)"
    )
    return [int(i.removeprefix("cand-")) for i in ids]


def _expected_order(ids: list[int], weights: dict[str, float]) -> list[int]:
    """The ranking rule applied independently: weighted mean of the known components desc
    (unknown ones, stored as null, leave the mean), then fingerprint, then id."""
    rows = Candidate.objects.filter(id__in=ids).select_related("resume")

    def key(c: Candidate) -> tuple[float, str, int]:
        known = {k: w for k, w in weights.items() if c.components.get(k, 0.0) is not None}
        total = sum(known.values()) or 1.0
        score = round(100 * sum(w * c.components.get(k, 0.0) for k, w in known.items()) / total, 2)
        return (-score, c.resume.content_hash, c.id)

    return [c.id for c in sorted(rows, key=key)]


def _reordering_change(ids: list[int], weights: dict[str, float]) -> tuple[str, list[int]]:
    """The first component whose weight raised to NEW_WEIGHT reorders ``ids``, and that order.

    Chosen from the stored components, so the journey does not depend on which demo resumes
    the requirement extraction of the day lets through the pre-filter.
    """
    for component in COMPONENTS:
        order = _expected_order(ids, {**weights, component: NEW_WEIGHT})
        if order != ids:
            return component, order
    raise AssertionError(f"no single weight change reorders {ids}")


def test_it_takes_a_recruiter_from_login_to_a_csv_shortlist(
    page, live_server, user, team, live_worker, llm
) -> None:  # noqa: ANN001
    llm.set_static_response(ANALYSIS_PURPOSE, ANALYSIS)
    base = live_server.url
    log_in(page, base)
    page.wait_for_selector("h1:text('Dashboard')")
    shot(page, "journey-01-dashboard")

    # Import the demo job feed through the page.
    page.click("nav >> text=Jobs")
    page.click("text=Import a feed")
    page.set_input_files("input[type=file]", str(DEMO_FEED))
    shot(page, "journey-02a-import-feed")
    page.click("button:text('Import')")
    page.wait_for_url(f"{base}/jobs/")
    assert "Feed imported" in page.inner_text("body")
    assert JobPosting.objects.filter(team=team).count() == 20
    assert page.locator("text=" + BACKEND_JOB).first.is_visible()
    shot(page, "journey-02b-jobs")

    # Drop six resumes on the upload page.
    page.goto(f"{base}/resumes/upload/")
    drop_files(page, "#dropzone", [demo_resume(p) for p in RESUMES])
    page.wait_for_function(
        "document.getElementById('upload-count').textContent.startsWith('6 of 6')",
        timeout=90_000,
    )
    page.wait_for_function("document.querySelectorAll('.status-processing').length === 0")
    assert page.inner_text("#upload-rows").count("Imported") == 6
    assert Resume.objects.filter(team=team).count() == 6
    shot(page, "journey-03-upload")

    # Start a screening batch and watch its progress bar reach 100%.
    page.click("nav >> text=Screening")
    page.select_option("#id_job", label=f"{BACKEND_JOB} at Quillstone Payments")
    shot(page, "journey-04-new-screening")
    page.click("button:text('Screen resumes')")
    page.wait_for_url(f"{base}/screening/*/")
    batch = ScreeningBatch.objects.get(team=team)
    progress = f"#run-{batch.run_id} progress"
    page.wait_for_function(f"document.querySelector('{progress}').value == 100", timeout=120_000)
    # The bar counts failed items too: the Run must also end, and end with none failed.
    page.wait_for_selector(f"#run-{batch.run_id}:not(.status-running):not(.status-queued)")
    assert "Done · 6 done · 0 failed · 0 left" in page.inner_text(f"#run-{batch.run_id}")
    assert Run.objects.get(id=batch.run_id).status == Run.Status.DONE

    # The ranked list, as stored, top to bottom.
    page.wait_for_selector("#results:not([hx-get])")  # the results fragment stopped polling
    before = _row_ids(page)
    ranked = Candidate.objects.filter(job=batch.job, passed_prefilter=True).order_by("rank")
    assert before == [c.id for c in ranked] and len(before) >= 3
    shot(page, "journey-05-ranking")

    # Expand the top candidate's explanation inline.
    top = before[0]
    page.click(f"#cand-{top} >> text=Why?")
    page.wait_for_selector(f"#explain-{top} .explanation")
    explanation = page.inner_text(f"#explain-{top}")
    assert "Must-have skills" in explanation and "Rank:" in explanation
    shot(page, "journey-06-explanation")

    # Change one weight: the order changes, to the one the new weights give.
    weights = dict(screening_services.job_settings(batch.job).weights)
    assert before == _expected_order(before, weights)
    component, expected = _reordering_change(before, weights)
    runs_before = Run.objects.filter(team=team).count()
    # Type the new weight and leave the field: the panel re-ranks by itself (one request).
    page.fill(f"#id_w_{component}", str(NEW_WEIGHT))
    page.press(f"#id_w_{component}", "Tab")
    page.wait_for_selector("#results [role=status]:text('Re-ranked in')")
    after = _row_ids(page)
    assert after == expected != before
    assert Run.objects.filter(team=team).count() == runs_before  # re-ranking queued no work
    shot(page, "journey-07-reranked")

    # Deep analysis of the new top candidate, on its own page.
    top = after[0]
    page.click(f"#cand-{top} >> text=Why?")
    page.click(f"#explain-{top} >> text=Full details and deep analysis")
    page.wait_for_url(f"{base}/screening/candidates/{top}/")
    page.click("button:text('Run deep analysis')")
    # The fast fake may finish before the redirect lands: either state is a valid page
    # (while it runs, the page shows the analysis Run's progress).
    page.locator(".analysis").or_(page.locator(".run-progress")).first.wait_for()
    wait_until(
        lambda: Candidate.objects.get(id=top).analysis_status == Candidate.Analysis.DONE,
        timeout=60,
        what="the deep analysis",
    )
    page.reload()
    analysis = page.inner_text(".analysis")
    assert ANALYSIS["strengths"][0] in analysis and ANALYSIS["interview_questions"][0] in analysis
    assert len(llm.completions(ANALYSIS_PURPOSE)) == 1
    shot(page, "journey-08-deep-analysis")

    # Shortlist from the ranking: the row now shows the decision and the name.
    page.click("text=← Back to the ranking")
    page.click(f"#cand-{top} button:text('Shortlist')")
    page.wait_for_selector(f"#cand-{top} .decision-shortlist")
    name = Candidate.objects.select_related("resume").get(id=top).resume.candidate_name
    assert name and name in page.inner_text(f"#cand-{top}")
    shot(page, "journey-09-shortlisted")

    # Export CSV: the shortlisted candidate is in it, with the decision.
    with page.expect_download() as download:
        page.click("text=Export CSV")
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert len(rows) == 6
    shortlisted = [r for r in rows if r["decision"] == "shortlist"]
    assert [r["candidate"] for r in shortlisted] == [name]
    assert set(COMPONENTS) <= set(rows[0])

    # The dashboard now lists the finished runs and the decision.
    page.click("nav >> text=Dashboard")
    assert name in page.inner_text("body")
    shot(page, "journey-10-dashboard")


RECOVERED = {
    "job_role": "Graduate Software Engineer",
    # copied from the resume: recovery drops summary sentences the resume does not contain
    "professional_summary": [
        "Recent computer science graduate looking for a first software engineering role."
    ],
    "technical_skills": ["Python", "Django", "PostgreSQL", "JavaScript"],
    "experiences": [
        {
            "title": "Software Engineering Intern",
            "company": "Example Labs",
            "start": "Jun 2025",
            "end": "Sep 2025",
            "bullets": ["Built an internal reporting dashboard in Django"],
        }
    ],
    "education": [
        {"degree": "B.Sc. Computer Science", "institution": "Example University", "year": "2026"}
    ],
    "certifications": [],
    "projects": ["Course planner web application"],
}


def test_it_recovers_a_failed_resume_which_then_appears_in_the_list(
    page, live_server, user, team, live_worker, llm, settings
) -> None:  # noqa: ANN001
    settings.RESUME_RECOVERY_REVIEW = False  # review mode: tests/e2e/test_recovery_review.py
    llm.set_static_response(RECOVERY_PURPOSE, RECOVERED)
    base = live_server.url
    log_in(page, base, "/resumes/upload/")
    # 33 has no Experience section (recoverable); 34 is a scan without text (not recoverable).
    drop_files(page, "#dropzone", [demo_resume("33"), demo_resume("34")])
    page.wait_for_function(
        "document.getElementById('upload-count').textContent.startsWith('2 of 2')",
        timeout=60_000,
    )
    page.wait_for_function("document.querySelectorAll('.status-processing').length === 0")
    assert page.inner_text("#upload-rows").count("Failed") == 2
    shot(page, "recovery-01-upload")

    page.click("nav >> text=Resumes")
    assert page.locator("#resume-results .parse-partial").count() == 1  # 33, screened on text
    shot(page, "recovery-02a-resumes-before")
    page.click("text=Failed resumes (2)")
    assert "missing required sections: work experience" in page.inner_text("table.failed")
    shot(page, "recovery-02b-failed-queue")
    page.click("button:text('Recover all with the LLM')")
    run = Run.objects.get(team=team, kind=RECOVERY_KIND)
    page.wait_for_selector(f"#run-{run.id}.status-done", timeout=60_000)
    assert "1 done · 1 failed · 0 left" in page.inner_text(f"#run-{run.id}")
    shot(page, "recovery-03-run-done")

    page.click(".card >> text=reload")
    queue = page.inner_text("table.failed")
    assert "34_ava-morgan" in queue and "33_noah" not in queue
    assert "no readable text" in queue
    assert len(llm.completions(RECOVERY_PURPOSE)) == 1  # the scan never reached the LLM

    page.click("text=← Resumes")
    page.select_option("#id_status", Resume.ParseMethod.LLM)
    page.wait_for_selector("#resume-results td:text('Graduate Software Engineer')")
    rows = page.locator("#resume-results tbody tr")
    assert rows.count() == 1
    assert "Noah Fischer" in rows.first.inner_text()
    recovered = Resume.objects.get(team=team, parse_method=Resume.ParseMethod.LLM)
    assert recovered.total_years is not None and recovered.total_years > 0
    shot(page, "recovery-04-resumes")


def test_it_enriches_all_jobs_waiting_out_a_quota_cut(
    page, live_server, user, team, live_worker, llm
) -> None:  # noqa: ANN001
    jobs_services.import_feed(team, DEMO_FEED.read_bytes())
    calls = {"n": 0}

    def cut_after_first_call(body: dict) -> dict:
        calls["n"] += 1
        if calls["n"] == 1:
            llm.exhaust_daily(reset_in_seconds=3)
        return packed_answer(body)

    llm.set_responder(ENRICH_PURPOSE, cut_after_first_call)
    base = live_server.url
    log_in(page, base, "/jobs/")
    page.click("button:text('Enrich all')")
    page.click("button:text('Start enrichment')")  # after the confirm (jobs, calls, tokens)
    run = Run.objects.get(team=team, kind=jobs_services.ENRICH_KIND)
    page.wait_for_selector(f"#run-{run.id}.status-waiting_for_quota", timeout=60_000)
    assert "Waiting for LLM quota" in page.inner_text(f"#run-{run.id}")
    waiting = Run.objects.get(id=run.id)
    assert waiting.resume_at is not None and 0 < waiting.done < 20
    shot(page, "enrichment-01-waiting")

    page.wait_for_selector(f"#run-{run.id}.status-done", timeout=90_000)
    run.refresh_from_db()
    assert (run.status, run.done, run.failed) == (Run.Status.DONE, 20, 0)
    assert JobPosting.objects.filter(team=team, enrichment_status="done").count() == 20
    # Nothing was sent while the day's budget was gone: every call that reached the fake
    # was answered.
    assert {r.status for r in llm.completions(ENRICH_PURPOSE)} == {200}
    page.reload()
    assert "20 enriched" in page.inner_text("body")
    shot(page, "enrichment-02-done")
