"""The failed queue (issue 17): honest counts, deleting junk outside the admin, the
recovery Run's state on each row and page, and "Recover all" without an LLM."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from resumes import recovery, services
from resumes.models import FailedResume
from runs import executor
from runs.models import Run
from tests.resumes.conftest import PRESENT, demo_file

FAILED = reverse("resumes:failed")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def no_llm(settings) -> None:
    settings.GROQ_API_KEY, settings.LLM_BASE_URL = "", ""


@pytest.fixture
def queue(team) -> dict[str, FailedResume]:
    """A partially parsed resume (screened on its text) and a scan with no text at all."""
    partial = demo_file("33")
    scan = demo_file("34")
    return {
        "partial": services.ingest_document(
            team, partial.read_bytes(), partial.name, today=PRESENT
        ).failed,
        "scan": services.ingest_document(team, scan.read_bytes(), scan.name).failed,
    }


def _stored(failed: FailedResume) -> Path:
    return Path(django_settings.MEDIA_ROOT) / failed.original_file.name


# --- counts ---------------------------------------------------------------------------------


def test_the_dashboard_counts_only_resumes_nothing_was_made_of(auth_client, queue) -> None:
    page = _text(auth_client.get(reverse("dashboard")).content.decode())
    assert "1 failed resume (and 1 parsed partially, screened on their text)" in page
    listing = _text(auth_client.get(FAILED).content.decode())
    assert "1 not screened (no resume could be made) · 1 parsed partially" in listing


def test_the_dashboard_says_nothing_failed_when_only_partial_resumes_wait(
    auth_client, team
) -> None:
    partial = demo_file("33")
    services.ingest_document(team, partial.read_bytes(), partial.name, today=PRESENT)
    page = _text(auth_client.get(reverse("dashboard")).content.decode())
    assert "0 failed resumes (and 1 parsed partially" in page


# --- deleting -------------------------------------------------------------------------------


def test_it_deletes_one_failed_resume_and_its_file(auth_client, queue) -> None:
    scan = queue["scan"]
    stored = _stored(scan)
    assert stored.exists()
    page = auth_client.get(reverse("resumes:failed-detail", args=[scan.pk])).content.decode()
    assert "hx-confirm=" in page and reverse("resumes:failed-delete", args=[scan.pk]) in page
    response = auth_client.post(reverse("resumes:failed-delete", args=[scan.pk]), follow=True)
    assert response.redirect_chain[-1][0] == FAILED
    assert "Deleted “" in response.content.decode()
    assert not FailedResume.objects.filter(pk=scan.pk).exists() and not stored.exists()


def test_deleting_a_partial_entry_keeps_the_screened_resume_and_its_file(
    auth_client, queue
) -> None:
    partial = queue["partial"]
    resume = partial.partial_resume
    auth_client.post(reverse("resumes:failed-delete", args=[partial.pk]))
    resume.refresh_from_db()  # still there, still screened
    assert _stored(partial).exists()


def test_it_deletes_the_selected_failed_resumes(auth_client, queue) -> None:
    ids = [queue["scan"].pk, queue["partial"].pk]
    response = auth_client.post(reverse("resumes:failed-bulk-delete"), {"ids": ids}, follow=True)
    assert "Deleted 2 failed resumes." in response.content.decode()
    assert not FailedResume.objects.exists()


def test_an_htmx_delete_redirects_the_page(auth_client, queue) -> None:
    url = reverse("resumes:failed-bulk-delete")
    response = auth_client.post(url, {"ids": [queue["scan"].pk]}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == FAILED


def test_a_bulk_delete_of_nothing_says_so_and_deletes_nothing(auth_client, queue) -> None:
    response = auth_client.post(reverse("resumes:failed-bulk-delete"), {"ids": ["x"]}, follow=True)
    assert "Nothing deleted" in response.content.decode()
    assert FailedResume.objects.count() == 2


def test_another_team_cannot_delete_our_failed_resumes(queue, other_team_user) -> None:
    client = Client()
    client.force_login(other_team_user)
    scan = queue["scan"]
    assert client.post(reverse("resumes:failed-delete", args=[scan.pk])).status_code == 404
    assert client.get(reverse("resumes:failed-detail", args=[scan.pk])).status_code == 404
    ids = [scan.pk]
    assert client.post(reverse("resumes:failed-bulk-delete"), {"ids": ids}).status_code == 404
    assert FailedResume.objects.count() == 2 and _stored(scan).exists()


def test_a_bulk_delete_with_one_foreign_id_deletes_nothing(auth_client, queue, other_team) -> None:
    theirs = FailedResume.objects.create(team=other_team, error_message="theirs")
    ids = [queue["scan"].pk, theirs.pk]
    assert auth_client.post(reverse("resumes:failed-bulk-delete"), {"ids": ids}).status_code == 404
    assert FailedResume.objects.count() == 3


def test_anonymous_users_are_sent_to_the_login_page(client, queue) -> None:
    scan = queue["scan"]
    for url in (
        reverse("resumes:failed-delete", args=[scan.pk]),
        reverse("resumes:failed-bulk-delete"),
    ):
        response = client.post(url, {"ids": [scan.pk]})
        assert response.status_code == 302 and "login" in response["Location"]
    assert FailedResume.objects.count() == 2


def test_delete_needs_a_post(auth_client, queue) -> None:
    url = reverse("resumes:failed-delete", args=[queue["scan"].pk])
    assert auth_client.get(url).status_code == 405
    assert FailedResume.objects.count() == 2


# --- without an LLM -------------------------------------------------------------------------


def test_recover_all_without_an_llm_says_the_key_is_missing(team, user, queue, no_llm) -> None:
    run = recovery.start_recovery_run(team, user)
    executor.execute_run(run.id)
    run.refresh_from_db()
    assert run.status == Run.Status.PAUSED and run.status_reason == "no LLM configured"
    assert run.failed == 0 and "no readable text" not in run.last_error
    assert "GROQ_API_KEY" in run.last_error
    scan = FailedResume.objects.get(pk=queue["scan"].pk)
    assert scan.attempts == 0 and "no readable text" not in scan.error_message


def test_each_row_and_page_shows_why_its_recovery_waits(
    auth_client, team, user, queue, no_llm
) -> None:
    scan = queue["scan"]
    run = recovery.start_recovery_run(team, user)
    executor.execute_run(run.id)
    listing = _text(auth_client.get(FAILED).content.decode())
    assert listing.count("Recovery: Paused: no LLM configured") == 2
    page = auth_client.get(reverse("resumes:failed-detail", args=[scan.pk])).content.decode()
    assert "Paused: no LLM configured" in page and f'id="run-{run.id}"' in page
    assert "Retry with LLM" not in page  # a scan has no text to send
    partial = reverse("resumes:failed-detail", args=[queue["partial"].pk])
    page = auth_client.get(partial).content.decode()
    assert 'disabled title="No LLM is configured' in page  # Retry with LLM is not offered


def test_a_cancelled_recovery_shows_cancelled_on_every_row(auth_client, team, user, queue) -> None:
    run = recovery.start_recovery_run(team, user)
    auth_client.post(reverse("runs:action", args=[run.id, "cancel"]))
    listing = _text(auth_client.get(FAILED).content.decode())
    assert listing.count("Recovery: Cancelled by alice") == 2


def test_a_forced_recover_all_without_an_llm_says_it_will_wait(auth_client, queue, no_llm) -> None:
    response = auth_client.post(reverse("resumes:recover"), follow=True)
    body = response.content.decode()
    assert "It will wait: No LLM is configured" in body and "msg-success" not in body
