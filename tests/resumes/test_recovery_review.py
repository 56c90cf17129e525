"""Honest recovery (no invented summary) and review mode, against the fake Groq server."""

from __future__ import annotations

import logging

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from resumes import prompts, recovery, services
from resumes.models import FailedResume, Resume
from runs import executor as runs
from runs.models import Run
from screener.services import create_team_user
from screening import selectors as screening_selectors
from tests.resumes.conftest import PRESENT, demo_file
from tests.resumes.test_recovery import PURPOSE, RECORD

pytestmark = pytest.mark.django_db(transaction=True)

# A resume with skills and positions but no summary, and no "Experience" heading the
# heuristic parser knows, so it lands in the failed queue as text only.
NO_SUMMARY = """\
Jordan Vale
Data Engineer

Skills
Python, Airflow, PostgreSQL

Where I worked
Data Engineer, Riverline Analytics, Jan 2021 - Present
- Built nightly Airflow pipelines.
"""
NO_SUMMARY_RECORD = {
    **RECORD,
    "job_role": "Data Engineer",
    "technical_skills": ["Python", "Airflow", "PostgreSQL"],
    "experiences": [
        {
            "title": "Data Engineer",
            "company": "Riverline Analytics",
            "start": "Jan 2021",
            "end": "Present",
            "bullets": ["Built nightly Airflow pipelines."],
        }
    ],
}


def _partial(team) -> FailedResume:
    path = demo_file("33")  # no Experience section: a partial resume + a failed entry
    services.ingest_document(team, path.read_bytes(), path.name, today=PRESENT)
    return FailedResume.objects.get(team=team)


def _text_only(team, text: str = NO_SUMMARY) -> FailedResume:
    """A failed row with text and no partial Resume (as a re-fetched URL leaves it)."""
    return FailedResume.objects.create(
        team=team, source="url", source_ref="https://cv.example.com/jv", text=text,
        content_hash=services.content_hash(text.encode()), error_message="download failed",
    )  # fmt: skip


def _run(team, user, **kw) -> Run:
    run = recovery.start_recovery_run(team, user, enqueue=False, **kw)
    runs.execute_run(run.id)
    run.refresh_from_db()
    return run


def _pending(team, user, fake_groq) -> FailedResume:
    failed = _partial(team)
    fake_groq.set_static_response(PURPOSE, RECORD)
    _run(team, user)
    failed.refresh_from_db()
    assert failed.review == FailedResume.Review.PENDING
    return failed


# --- item 2: recovery never invents content ----------------------------------------------------


def test_it_never_asks_the_model_to_write_a_summary(team, user, fake_groq) -> None:
    _partial(team)
    fake_groq.set_static_response(PURPOSE, RECORD)
    _run(team, user)
    system = fake_groq.completions(PURPOSE)[0].body["messages"][0]["content"]
    assert "never write one" in system and "write one or two" not in system
    assert "summary/profile section, copied as written" in prompts.RECOVERY_SYSTEM


@pytest.mark.parametrize(
    "summary",
    [
        [],
        ["Passionate data engineer with a proven track record of driving business value."],
        ["Data Engineer skilled in Python, Airflow and PostgreSQL."],  # the resume's own words
    ],
    ids=["no-summary-answered", "invented-summary-answered", "summary-composed-by-the-model"],
)
def test_it_fails_a_resume_without_a_summary_and_stores_nothing_invented(
    team, user, fake_groq, summary
) -> None:
    failed = _text_only(team)
    fake_groq.set_static_response(PURPOSE, {**NO_SUMMARY_RECORD, "professional_summary": summary})
    run = _run(team, user)
    assert (run.done, run.failed) == (0, 1)
    failed.refresh_from_db()
    assert failed.error_message == "missing required sections after LLM recovery: summary"
    assert "professional_summary" not in failed.error_message  # readable words, no field names
    assert failed.review == "" and failed.recovered_record == {} and failed.attempts == 1
    assert not Resume.objects.exists()  # nothing was created, nothing invented was stored


def test_it_keeps_a_summary_copied_from_the_resume(team, user, fake_groq) -> None:
    text = NO_SUMMARY.replace("Skills\n", "Profile\nI build reliable batch pipelines.\n\nSkills\n")
    failed = _text_only(team, text)
    summary = ["I build reliable batch pipelines.", "A visionary leader in cloud strategy."]
    fake_groq.set_static_response(PURPOSE, {**NO_SUMMARY_RECORD, "professional_summary": summary})
    _run(team, user)
    failed.refresh_from_db()
    assert failed.recovered_record["professional_summary"] == summary[:1]  # the invented one goes


# --- item 3: review mode -----------------------------------------------------------------------


def test_it_holds_recovered_resumes_for_review_and_screening_does_not_see_them(
    team, user, fake_groq
) -> None:
    partial = _partial(team)
    text_only = _text_only(
        team, NO_SUMMARY.replace("Skills\n", "Summary\nI ship data.\n\nSkills\n")
    )
    fake_groq.set_static_response(PURPOSE, RECORD)
    run = _run(team, user, failed_ids=[partial.id])
    assert (run.done, run.params["review"]) == (1, True)
    partial.refresh_from_db()
    assert (
        partial.review == "pending" and partial.recovered_record["job_role"] == RECORD["job_role"]
    )
    resume = Resume.objects.get()
    assert resume.parse_method == Resume.ParseMethod.PARTIAL  # not upgraded before review
    assert resume.record["experiences"] == []  # the recovered positions are not on it
    # a recovered resume without a partial one is no Resume at all until accepted: the
    # screening pickers (and recommendations, which read Resumes too) cannot reach it
    fake_groq.set_static_response(
        PURPOSE, {**NO_SUMMARY_RECORD, "professional_summary": ["I ship data."]}
    )
    _run(team, user, failed_ids=[text_only.id])
    text_only.refresh_from_db()
    assert text_only.review == "pending"
    assert list(screening_selectors.resumes_matching(team)) == [resume]
    assert not Resume.objects.filter(source_ref=text_only.source_ref).exists()


def test_it_never_sends_a_pending_review_to_the_llm_again(team, user, fake_groq) -> None:
    failed = _pending(team, user, fake_groq)
    run = _run(team, user)  # "recover all"
    assert run.total == 0
    outcome = recovery.recover_failed_resume(failed.id)
    assert outcome.status == "skipped" and "waiting for review" in outcome.message
    assert len(fake_groq.completions(PURPOSE)) == 1


def test_it_accepts_from_the_review_page_and_then_screening_sees_it(
    team, user, fake_groq, auth_client
) -> None:
    failed = _pending(team, user, fake_groq)
    page = auth_client.get(reverse("resumes:review", args=[failed.id]))
    html = page.content.decode()
    assert page.status_code == 200 and "Noah Fischer" in html  # the original text
    assert "Software Engineering Intern | Badger Labs | Jun 2024 | Aug 2025" in html
    partial_page = auth_client.get(reverse("resumes:detail", args=[failed.partial_resume_id]))
    assert reverse("resumes:review", args=[failed.id]) in partial_page.content.decode()
    listing = auth_client.get(reverse("resumes:review-list")).content.decode()
    assert "Computer Science Graduate · 4 skills · 1 positions" in listing
    data = {**_form_data(auth_client, failed), "action": "accept"}
    response = auth_client.post(reverse("resumes:review", args=[failed.id]), data)
    assert response.status_code == 302
    assert not FailedResume.objects.exists()
    resume = Resume.objects.get()
    assert resume.parse_method == Resume.ParseMethod.LLM
    assert resume.technical_skills == ["Python", "Django", "React", "PostgreSQL"]
    assert resume.warnings[-1] == f"accepted in review by {user}"
    assert list(screening_selectors.resumes_matching(team, skill="React")) == [resume]


def test_it_accepts_an_edited_record(team, user, fake_groq, auth_client) -> None:
    failed = _pending(team, user, fake_groq)
    data = _form_data(auth_client, failed)
    data["technical_skills"] = "Python\nDjango\nGo"
    url = reverse("resumes:review", args=[failed.id])
    assert auth_client.post(url, {**data, "action": "save"}).status_code == 302
    failed.refresh_from_db()
    assert failed.review == "pending" and failed.recovered_record["technical_skills"][-1] == "Go"
    data["job_role"] = "Software Engineer"
    assert auth_client.post(url, {**data, "action": "accept"}).status_code == 302
    resume = Resume.objects.get()
    assert (resume.job_role, resume.technical_skills) == (
        "Software Engineer",
        ["Python", "Django", "Go"],
    )
    assert resume.record["experiences"][0]["company"] == "Badger Labs"
    assert resume.warnings[-1].endswith(", edited")


def test_it_refuses_an_edit_that_empties_a_required_section(
    team, user, fake_groq, auth_client
) -> None:
    failed = _pending(team, user, fake_groq)
    data = {**_form_data(auth_client, failed), "experiences": "", "action": "accept"}
    response = auth_client.post(reverse("resumes:review", args=[failed.id]), data)
    assert response.status_code == 422
    assert "a resume needs these sections: work experience" in response.content.decode()
    failed.refresh_from_db()
    assert failed.review == "pending" and failed.recovered_record["experiences"]
    assert Resume.objects.get().parse_method == Resume.ParseMethod.PARTIAL


def test_it_rejects_from_the_review_page_and_keeps_the_document_failed(
    team, user, fake_groq, auth_client
) -> None:
    failed = _pending(team, user, fake_groq)
    response = auth_client.post(reverse("resumes:review-reject", args=[failed.id]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.review == "rejected" and failed.recovered_record == {}
    assert failed.error_message.startswith(
        f"the LLM's recovered record was rejected in review by {user}"
    )
    assert Resume.objects.get().parse_method == Resume.ParseMethod.PARTIAL
    assert _run(team, user).total == 0  # "recover all" leaves rejected ones alone
    _run(team, user, failed_ids=[failed.id])  # a retry of this one asks the model again
    assert len(fake_groq.completions(PURPOSE)) == 2
    failed.refresh_from_db()
    assert failed.review == "pending"


def test_it_accepts_directly_when_review_mode_is_off(team, user, fake_groq, settings) -> None:
    settings.RESUME_RECOVERY_REVIEW = False
    _partial(team)
    fake_groq.set_static_response(PURPOSE, RECORD)
    run = _run(team, user)
    assert run.params["review"] is False and not FailedResume.objects.exists()
    assert Resume.objects.get().parse_method == Resume.ParseMethod.LLM


def test_it_scopes_review_pages_to_the_team(team, user, fake_groq, other_team_user, client) -> None:
    failed = _pending(team, user, fake_groq)
    review_url = reverse("resumes:review", args=[failed.id])
    reject_url = reverse("resumes:review-reject", args=[failed.id])
    assert client.get(review_url).status_code == 302  # anonymous: to the login page
    other = Client()
    other.force_login(other_team_user)
    assert other.get(review_url).status_code == 404
    assert other.post(review_url, {"action": "accept"}).status_code == 404
    assert other.post(reject_url).status_code == 404
    assert "Badger" not in other.get(reverse("resumes:review-list")).content.decode()
    failed.refresh_from_db()
    assert failed.review == "pending" and Resume.objects.get().parse_method == "partial"


def test_it_bulk_accepts_in_the_admin(team, user, fake_groq) -> None:
    failed = _pending(team, user, fake_groq)
    scan = demo_file("34")
    services.ingest_document(team, scan.read_bytes(), scan.name)  # not recovered: not accepted
    other = FailedResume.objects.exclude(id=failed.id).get()
    _, staff = create_team_user(team.name, "staffer", "an-admin-password", staff=True)
    client = Client()
    client.force_login(staff)
    data = {"action": "accept_selected", ACTION_CHECKBOX_NAME: [str(failed.id), str(other.id)]}
    response = client.post(reverse("admin:resumes_failedresume_changelist"), data, follow=True)
    text = " | ".join(str(m) for m in response.context["messages"])
    assert "Accepted 1 recovered resume(s)" in text and "1 selected row(s) were not waiting" in text
    assert list(FailedResume.objects.all()) == [other]
    assert Resume.objects.get().parse_method == Resume.ParseMethod.LLM


def test_the_failed_page_shows_the_run_totals_and_the_reviews_waiting(
    team, user, fake_groq, auth_client
) -> None:
    _pending(team, user, fake_groq)
    html = auth_client.get(reverse("resumes:failed")).content.decode()
    assert "Total 1 · recovered 1 (1 waiting for review) · failed 0 · left 0" in html
    assert "1 recovered resume waits for review" in html


def test_it_logs_the_rate_limit_figures_at_info(team, user, fake_groq, caplog) -> None:
    failed = _partial(team)
    fake_groq.set_static_response(PURPOSE, RECORD)
    with caplog.at_level(logging.INFO, logger="resumes.recovery"):
        recovery.recover_failed_resume(failed.id, dry_run=True)
    lines = [r.getMessage() for r in caplog.records if r.name == "resumes.recovery"]
    assert any(
        "requests left today" in line and "tokens left this minute" in line for line in lines
    )
    assert all(r.levelno == logging.INFO for r in caplog.records if r.name == "resumes.recovery")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="resumes.recovery"):
        recovery.recover_failed_resume(failed.id)  # the cached answer: no call, no figures
    assert not [r for r in caplog.records if "requests left" in r.getMessage()]
    assert len(fake_groq.completions(PURPOSE)) == 1


def _form_data(client: Client, failed: FailedResume) -> dict[str, str]:
    """The review form's fields as the page renders them (initial values)."""
    form = client.get(reverse("resumes:review", args=[failed.id])).context["form"]
    return {name: form[name].value() or "" for name in form.fields}
