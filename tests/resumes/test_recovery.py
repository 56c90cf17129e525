"""The failed-resume recovery pipeline against the fake Groq server (real HTTP, real SDK)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.urls import reverse

from llm.models import LLMCall
from resumes import recovery, selectors, services
from resumes.models import FailedResume, Resume
from runs import executor as runs
from runs.models import Run, RunItem
from tests.resumes.conftest import PRESENT, demo_file

pytestmark = pytest.mark.django_db(transaction=True)

PURPOSE = recovery.RECOVERY_PURPOSE
RECORD = {
    "job_role": "Computer Science Graduate",
    # copied from demo 33: recovery keeps only summary sentences the resume contains
    "professional_summary": [
        "Recent computer science graduate looking for a first software engineering role."
    ],
    "technical_skills": ["python", "Django", "React", "postgres"],
    "experiences": [
        {
            "title": "Software Engineering Intern",
            "company": "Badger Labs",
            "start": "Jun 2024",
            "end": "Aug 2025",
            "bullets": ["Built a booking app."],
        }
    ],
    "education": [
        {"degree": "B.S. Computer Sciences", "institution": "UW–Madison", "year": "2026"}
    ],
    "certifications": [],
    "projects": ["StudyRooms"],
}


def _partial(team) -> FailedResume:
    path = demo_file("33")  # no Experience section: a partial resume + a failed entry
    services.ingest_document(team, path.read_bytes(), path.name, today=PRESENT)
    return FailedResume.objects.get(team=team)


def _run(team, user, **kw) -> Run:
    run = recovery.start_recovery_run(team, user, enqueue=False, **kw)
    runs.execute_run(run.id)
    run.refresh_from_db()
    return run


def test_it_recovers_a_failed_resume_and_upgrades_the_partial_resume_in_place(
    team, user, fake_groq, settings
) -> None:
    settings.RESUME_RECOVERY_REVIEW = False  # review mode off: accepted directly
    failed = _partial(team)
    partial_id = failed.partial_resume_id
    fake_groq.set_static_response(PURPOSE, RECORD)
    run = _run(team, user)
    assert (run.status, run.done, run.failed) == (Run.Status.DONE, 1, 0)
    assert not FailedResume.objects.exists()
    resume = Resume.objects.get()
    assert resume.id == partial_id and resume.parse_method == Resume.ParseMethod.LLM
    assert resume.technical_skills == ["Python", "Django", "React", "PostgreSQL"]
    assert resume.total_years == pytest.approx(1.25, abs=0.06)
    assert resume.record["experiences"][0]["company"] == "Badger Labs"
    assert resume.candidate_name == "Noah Fischer"  # contact kept from the heuristic pass
    sent = fake_groq.completions(PURPOSE)[0].body["messages"][1]["content"]
    assert "Noah" not in sent and "noah.fischer@example.edu" not in sent and "<resume>" in sent
    assert LLMCall.objects.get().run_id == run.id


def test_it_keeps_the_failed_resume_and_counts_the_attempt_when_recovery_fails(
    team, user, fake_groq
) -> None:
    failed = _partial(team)
    fake_groq.set_static_response(PURPOSE, {**RECORD, "experiences": []})
    run = _run(team, user)
    assert (run.done, run.failed) == (0, 1)
    failed.refresh_from_db()
    assert failed.attempts == 1 and failed.last_tried_at is not None
    assert failed.error_message == "missing required sections after LLM recovery: work experience"
    assert RunItem.objects.get(run=run).error == failed.error_message
    assert Resume.objects.get().parse_method == Resume.ParseMethod.PARTIAL


def test_it_records_an_llm_error_as_the_reason(team, user, fake_groq, settings) -> None:
    settings.LLM_MAX_REASKS = 0
    failed = _partial(team)
    fake_groq.inject("malformed_json", count=5)
    outcome = recovery.recover_failed_resume(failed.id)
    assert outcome.status == "failed" and outcome.message.startswith("LLM recovery failed")
    failed.refresh_from_db()
    assert failed.attempts == 1 and failed.error_message == outcome.message


def test_it_shows_what_a_dry_run_would_recover_and_changes_nothing(
    team, user, fake_groq, auth_client
) -> None:
    failed = _partial(team)
    fake_groq.set_static_response(PURPOSE, RECORD)
    run = _run(team, user, dry_run=True)
    assert (run.status, run.done) == (Run.Status.DONE, 1)
    failed.refresh_from_db()
    assert failed.attempts == 0 and failed.error_message.startswith("missing required")
    assert Resume.objects.get().parse_method == Resume.ParseMethod.PARTIAL
    assert selectors.recovery_preview(failed).job_role == RECORD["job_role"]
    page = auth_client.get(reverse("resumes:failed")).content.decode()
    assert "Dry run: would recover" in page and "Computer Science Graduate · 4 skills" in page
    sent = len(fake_groq.completions(PURPOSE))
    _run(team, user)  # the real run re-uses the dry run's answer
    assert len(fake_groq.completions(PURPOSE)) == sent == 1
    assert FailedResume.objects.get().review == FailedResume.Review.PENDING


def test_it_waits_for_the_quota_and_resumes_where_it_stopped(team, user, fake_groq) -> None:
    failed = _partial(team)
    fake_groq.set_static_response(PURPOSE, RECORD)
    fake_groq.exhaust_daily(reset_in_seconds=2)
    run = _run(team, user)
    assert run.status == Run.Status.WAITING_FOR_QUOTA and run.resume_at is not None
    assert RunItem.objects.get(run=run).status == RunItem.Status.PENDING
    failed.refresh_from_db()
    assert failed.attempts == 0  # a quota stop is not a failed attempt
    time.sleep(max(0.0, (run.resume_at.timestamp() - time.time())) + 0.5)
    assert runs.resume_run(run.id)  # what the scheduled task does
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert (run.status, run.done, run.failed) == (Run.Status.DONE, 1, 0)
    assert FailedResume.objects.get().review == FailedResume.Review.PENDING


def test_it_does_not_call_the_llm_for_a_file_without_text(team, user, fake_groq) -> None:
    scan = demo_file("34")
    services.ingest_document(team, scan.read_bytes(), scan.name)
    run = _run(team, user)
    assert run.failed == 1 and "no readable text" in run.last_error
    assert fake_groq.completions(PURPOSE) == []


def test_it_shares_one_run_between_several_workers(team, user, fake_groq) -> None:
    _partial(team)
    path = demo_file("02")
    text = path.read_text().replace("Experience\n==========", "Jobs\n====")
    text += f"\n{RECORD['professional_summary'][0]}\n"  # RECORD's summary is copied
    services.ingest_document(team, text.encode(), "no-exp.txt", today=PRESENT)
    fake_groq.set_static_response(PURPOSE, RECORD)
    run = recovery.start_recovery_run(team, user, enqueue=False)

    def worker() -> None:
        try:
            runs.execute_run(run.id)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    run.refresh_from_db()
    assert (run.status, run.done, run.failed) == (Run.Status.DONE, 2, 0)
    assert len(fake_groq.completions(PURPOSE)) == 2  # every item processed exactly once
    assert set(FailedResume.objects.values_list("review", flat=True)) == {"pending"}


def test_it_starts_runs_from_the_page_only_for_the_own_team(
    team, user, auth_client, other_team_user, fake_groq
) -> None:
    failed = _partial(team)
    response = auth_client.post(reverse("resumes:recover"), {"failed_id": failed.id})
    assert response.status_code == 302
    run = Run.objects.get(kind=recovery.RECOVERY_KIND)
    assert run.total == 1 and run.team == team
    other = auth_client.__class__()
    other.force_login(other_team_user)
    assert other.post(reverse("resumes:recover"), {"failed_id": failed.id}).status_code == 404
    assert other.get(reverse("resumes:failed")).content.decode().count("Retry with LLM") == 0
