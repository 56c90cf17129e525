"""Resume pages: upload (per-file rows and no-script form), URL import, list, detail, access."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from resumes import services
from resumes.models import FailedResume, Resume
from tests.resumes.conftest import PRESENT, demo_file

pytestmark = pytest.mark.django_db


def _upload(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def _import(team, prefix: str) -> Resume:
    path = demo_file(prefix)
    return services.ingest_document(team, path.read_bytes(), path.name, today=PRESENT).resume


def test_it_answers_one_file_with_its_result_row(auth_client, team) -> None:
    response = auth_client.post(
        reverse("resumes:upload"),
        {"files": _upload(demo_file("02"))},
        headers={"X-Upload-Row": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.strip().startswith("<tr")
    assert "Imported" in body and "Junior Python Developer" in body and "<html" not in body
    assert Resume.objects.filter(team=team).count() == 1


def test_it_imports_many_files_without_script_and_lists_every_outcome(auth_client, team) -> None:
    files = [_upload(demo_file(p)) for p in ("01", "34")] + [
        SimpleUploadedFile("virus.pdf", b"MZ" + b"\x00" * 64)
    ]
    response = auth_client.post(reverse("resumes:upload"), {"files": files}, follow=True)
    body = response.content.decode()  # redirected to the results, which a reload keeps
    assert response.redirect_chain[0][1] == 302
    assert body.count('class="upload-row') == 3
    assert "Imported" in body and "no text layer" in body and "Windows executable" in body
    assert Resume.objects.count() == 1 and FailedResume.objects.count() == 2


def test_it_rejects_an_upload_without_files(auth_client) -> None:
    response = auth_client.post(reverse("resumes:upload"), {}, headers={"X-Upload-Row": "1"})
    assert response.status_code == 400
    assert Resume.objects.count() == 0


def test_it_refuses_an_internal_url_on_the_import_form(auth_client) -> None:
    response = auth_client.post(
        reverse("resumes:import-urls"),
        {"urls": "http://169.254.169.254/latest/meta-data/"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert 'id="url-results"' in body and "link-local" in body and "<html" not in body
    assert not Resume.objects.exists() and not FailedResume.objects.exists()


def test_it_filters_the_list_by_skill_role_years_and_status(auth_client, team) -> None:
    for prefix in ("01", "18", "33"):
        _import(team, prefix)
    url = reverse("resumes:index")

    def names(**params) -> str:
        return auth_client.get(url, params).content.decode()

    assert "Daniel Okafor" in names(skill="django") and "Maria Santos" not in names(skill="django")
    assert "Maria Santos" in names(role="nurse") and "Daniel Okafor" not in names(role="nurse")
    assert "Daniel Okafor" in names(min_years=9) and "Noah Fischer" not in names(min_years=9)
    assert "Noah Fischer" in names(status="partial") and "Daniel" not in names(status="partial")
    fragment = auth_client.get(url, {"q": "maria"}, headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="resume-results"')


def test_it_shows_an_empty_state_that_says_what_to_do(auth_client) -> None:
    body = auth_client.get(reverse("resumes:index")).content.decode()
    assert "No resumes yet" in body and reverse("resumes:upload") in body


def test_it_shows_fields_warnings_and_the_original(auth_client, team) -> None:
    resume = _import(team, "05")
    body = auth_client.get(reverse("resumes:detail", args=[resume.pk])).content.decode()
    assert "Junior Frontend Developer" in body and "hidden text found" in body
    assert "Bluejay Ticketing" in body and "top candidate" in body  # shown, flagged as hidden
    original = auth_client.get(reverse("resumes:original", args=[resume.pk]))
    assert original.status_code == 200 and original["Content-Security-Policy"] == "sandbox"
    assert b"".join(original.streaming_content) == demo_file("05").read_bytes()


def test_it_serves_html_originals_as_downloads_only(auth_client, team) -> None:
    resume = _import(team, "04")
    response = auth_client.get(reverse("resumes:original", args=[resume.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_it_hides_another_teams_resumes(team, other_team_user) -> None:
    resume = _import(team, "01")
    failed_path = demo_file("34")
    failed = services.ingest_document(team, failed_path.read_bytes(), failed_path.name).failed
    client = Client()
    client.force_login(other_team_user)
    for name, args in (
        ("resumes:detail", [resume.pk]),
        ("resumes:original", [resume.pk]),
        ("resumes:failed-original", [failed.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404
    assert "Daniel" not in client.get(reverse("resumes:index")).content.decode()
    assert "ava-morgan" not in client.get(reverse("resumes:failed")).content.decode()


def test_it_lists_failed_resumes_with_reasons_and_retry_buttons(auth_client, team) -> None:
    _import(team, "33")
    scan = demo_file("34")
    services.ingest_document(team, scan.read_bytes(), scan.name)
    body = auth_client.get(reverse("resumes:failed")).content.decode()
    assert "missing required sections: work experience" in body and "no text layer" in body
    assert body.count("Retry with LLM") == 1  # the scan has no text to send
    assert "Recover all with the LLM" in body and "Dry run" in body


def test_it_requires_a_login(client) -> None:
    response = client.get(reverse("resumes:upload"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_disables_recovery_buttons_with_the_reason_when_no_llm_is_configured(
    auth_client, team, settings
) -> None:
    settings.GROQ_API_KEY, settings.LLM_BASE_URL = "", ""
    FailedResume.objects.create(team=team, text="some text", error_message="no experience")
    body = auth_client.get(reverse("resumes:failed")).content.decode()
    assert body.count('disabled title="No LLM is configured') == 3  # dry run, all, retry
