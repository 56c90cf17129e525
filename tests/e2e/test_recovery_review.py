"""Review mode in a real browser, with a real worker and the fake Groq server.

Two partially parsed resumes are recovered by the LLM (a Run on the ``qcluster`` worker);
they wait for review instead of going live; the recruiter compares one record with the
original text, edits its headline and accepts it, and rejects the other, which goes back to
the failed queue. Pages are saved to test-artifacts/e2e-review-*.png.
"""

from __future__ import annotations

import pytest

from resumes import services
from resumes.models import FailedResume, Resume
from resumes.recovery import RECOVERY_KIND, RECOVERY_PURPOSE
from runs.models import Run
from screening.selectors import resumes_matching
from tests.e2e.steps import demo_resume, log_in, shot, wait_until

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

SUMMARY = "Recent computer science graduate looking for a first software engineering role."
RECOVERED = {
    "job_role": "Computer Science Graduate",
    "professional_summary": [SUMMARY],  # copied from both resumes below
    "technical_skills": ["Python", "Django", "React"],
    "experiences": [
        {
            "title": "Software Engineering Intern",
            "company": "Badger Labs",
            "start": "Jun 2024",
            "end": "Aug 2025",
            "bullets": ["Built a booking app."],
        }
    ],
    "education": [],
    "certifications": [],
    "projects": [],
}
EDITED_ROLE = "Graduate Software Engineer"


def _two_partial_resumes(team) -> tuple[FailedResume, FailedResume]:  # noqa: ANN001
    """33 (no Experience section) and 02 with its Experience heading renamed: both land in
    the failed queue as partial resumes, screened on text while they wait."""
    noah = demo_resume("33")
    services.ingest_document(team, noah.read_bytes(), noah.name)
    text = demo_resume("02").read_text().replace("Experience\n==========", "Jobs\n====")
    services.ingest_document(team, f"{text}\n{SUMMARY}\n".encode(), "mei-lin.txt")
    first, second = FailedResume.objects.filter(team=team).order_by("id")
    return first, second


def test_it_reviews_recovered_resumes_accepting_one_and_rejecting_the_other(
    page, live_server, user, team, live_worker, llm
) -> None:  # noqa: ANN001
    llm.set_static_response(RECOVERY_PURPOSE, RECOVERED)
    noah, mei = _two_partial_resumes(team)
    base = live_server.url
    log_in(page, base, "/resumes/failed/")
    page.click("button:text('Recover all with the LLM')")
    run = Run.objects.get(team=team, kind=RECOVERY_KIND)
    page.wait_for_selector(f"#run-{run.id}.status-done", timeout=60_000)
    page.click(".card >> text=reload")
    totals = page.inner_text(".recovery-totals")
    assert totals == "Total 2 · recovered 2 (2 waiting for review) · failed 0 · left 0"
    assert "2 recovered resumes wait for review" in page.inner_text("main")
    # nothing went live: both are still the partial resumes, screened on text only
    assert set(Resume.objects.values_list("parse_method", flat=True)) == {"partial"}
    shot(page, "review-01-failed-queue")

    page.click("text=2 recovered resumes wait for review")
    page.wait_for_url(f"{base}/resumes/failed/review/")
    shot(page, "review-02-list")
    page.locator("tr", has_text="33_noah").locator("text=Review").click()
    page.wait_for_url(f"{base}/resumes/failed/{noah.id}/review/")
    original = page.inner_text("section[aria-label='Original text']")
    assert "Noah Fischer" in original and "StudyRooms" in original
    assert page.input_value("#id_job_role") == RECOVERED["job_role"]
    shot(page, "review-03-side-by-side")
    page.fill("#id_job_role", EDITED_ROLE)
    page.click("button:text('Accept')")
    page.wait_for_url(f"{base}/resumes/failed/{mei.id}/review/")  # on to the next one
    assert "can now be screened" in page.inner_text(".messages")
    accepted = Resume.objects.get(team=team, parse_method=Resume.ParseMethod.LLM)
    assert accepted.job_role == EDITED_ROLE and accepted.candidate_name == "Noah Fischer"
    assert list(resumes_matching(team, role=EDITED_ROLE)) == [accepted]

    assert "Mei Lin Chen" in page.inner_text("section[aria-label='Original text']")
    page.click("button:text('Reject')")
    page.wait_for_url(f"{base}/resumes/failed/review/")
    assert "stays in the failed queue" in page.inner_text(".messages")
    assert "Nothing waits for review" in page.inner_text("main")
    shot(page, "review-04-done")
    wait_until(lambda: FailedResume.objects.filter(team=team).count() == 1, 5, "one failed left")
    mei.refresh_from_db()
    assert mei.review == FailedResume.Review.REJECTED and mei.recovered_record == {}
    assert mei.partial_resume.parse_method == Resume.ParseMethod.PARTIAL

    page.click("text=← Failed resumes")
    assert "rejected in review" in page.inner_text("table.failed")
    assert len(llm.completions(RECOVERY_PURPOSE)) == 2
