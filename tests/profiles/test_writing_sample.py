"""The writing sample uploaded as a file: PDF, DOCX and TXT go through screener.lib.textract
(the resume upload's extraction and size limit); an empty, wrong-type or oversized file is a
readable form error and nothing is saved; another team's profile is a 404."""

from __future__ import annotations

import io
import textwrap

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from profiles.models import CandidateProfile
from tests.profiles.conftest import make_profile

SAMPLE = (
    "Dear hiring team, I'm writing because I've spent years building payment systems that "
    "people rely on every day. I enjoy turning messy requirements into simple, tested code, "
    "and I'd love to bring that care to your platform team. Thank you for reading!"
)


def _form_data(profile: CandidateProfile | None = None, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": profile.name if profile else "Casey Hand",
        "headline": "Data Engineer",
        "professional_summary": "",
        "skills": "",
        "seniority": "mid",
        "total_years": "",
        "location": "",
        "writing_sample": "typed sample",
        "exp-TOTAL_FORMS": "0",
        "exp-INITIAL_FORMS": "0",
        "proj-TOTAL_FORMS": "0",
        "proj-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.setFont("Helvetica", 11)
    for i, line in enumerate(textwrap.wrap(text, 80)):
        pdf.drawString(72, 700 - 14 * i, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _edit(client, profile: CandidateProfile, upload: SimpleUploadedFile):  # noqa: ANN001, ANN202
    url = reverse("profiles:edit", args=[profile.pk])
    return client.post(url, _form_data(profile, writing_sample_file=upload))


@pytest.mark.parametrize(
    ("name", "build"),
    [("letter.txt", str.encode), ("letter.docx", _docx), ("letter.pdf", _pdf)],
)
def test_an_uploaded_sample_replaces_the_typed_one_and_sets_the_tone(
    auth_client, team, name: str, build
) -> None:  # noqa: ANN001
    profile = make_profile(team, experiences=0, projects=0)
    response = _edit(auth_client, profile, _upload(name, build(SAMPLE)))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert " ".join(profile.writing_sample.split()) == SAMPLE
    assert profile.tone == "balanced sentences, first person, conversational"


def test_a_sample_can_be_uploaded_when_creating_a_profile(auth_client, team) -> None:
    upload = _upload("letter.txt", SAMPLE.encode())
    response = auth_client.post(reverse("profiles:create"), _form_data(writing_sample_file=upload))
    assert response.status_code == 302
    assert CandidateProfile.objects.get(team=team).writing_sample == SAMPLE


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"   \n\n  ", "file is empty"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "only PDF, DOCX and TXT files"),
        ("page.html", b"<html><body><p>Hello</p></body></html>", "only PDF, DOCX and TXT"),
        ("page.txt", b"<!DOCTYPE html><html><body><p>Hi there</p></body></html>", "it is HTML"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%garbage", "PDF is damaged"),
        ("broken.docx", b"PK\x03\x04 not really a zip archive", "not a DOCX document"),
    ],
)
def test_a_bad_file_is_a_readable_error_and_nothing_is_saved(
    auth_client, team, name: str, data: bytes, reason: str
) -> None:
    profile = make_profile(team, experiences=0, projects=0, writing_sample="kept", tone="x")
    response = _edit(auth_client, profile, _upload(name, data))
    assert response.status_code == 200  # the form again, with the error
    page = response.content.decode()
    assert f"The writing sample “{name}” could not be used:" in page and reason in page
    profile.refresh_from_db()
    assert (profile.writing_sample, profile.tone, profile.headline) == (
        "kept",
        "x",
        "Backend Engineer",
    )


def test_a_file_over_the_resume_size_limit_is_refused(auth_client, team, settings) -> None:
    settings.RESUME_MAX_BYTES = 1_000
    profile = make_profile(team, experiences=0, projects=0, writing_sample="kept")
    response = _edit(auth_client, profile, _upload("long.txt", b"word " * 400))
    assert response.status_code == 200
    assert "file is larger than" in response.content.decode()
    profile.refresh_from_db()
    assert profile.writing_sample == "kept"


def test_a_very_long_sample_is_cut_to_the_setting(auth_client, team, settings) -> None:
    settings.PROFILE_WRITING_SAMPLE_MAX_CHARS = 100
    profile = make_profile(team, experiences=0, projects=0)
    assert _edit(auth_client, profile, _upload("a.txt", SAMPLE.encode())).status_code == 302
    profile.refresh_from_db()
    assert profile.writing_sample == SAMPLE[:100]


def test_another_teams_profile_cannot_be_uploaded_to_or_seen(auth_client, other_team) -> None:
    profile = make_profile(other_team, experiences=0, projects=0, writing_sample="theirs")
    response = _edit(auth_client, profile, _upload("letter.txt", SAMPLE.encode()))
    assert response.status_code == 404
    profile.refresh_from_db()
    assert profile.writing_sample == "theirs" and profile.name == "Dana Example"
    for name in ("detail", "edit"):
        page = auth_client.get(reverse(f"profiles:{name}", args=[profile.pk]))
        assert page.status_code == 404 and b"theirs" not in page.content


def test_the_edit_form_accepts_files(auth_client, team) -> None:
    profile = make_profile(team, experiences=0, projects=0)
    page = auth_client.get(reverse("profiles:edit", args=[profile.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="writing_sample_file"' in page and 'accept=".pdf,.docx,.txt"' in page
