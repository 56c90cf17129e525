"""Upload results survive a reload (kept in ``?done=``), and an empty file is reported once,
as empty, never as a duplicate of another empty file."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from resumes import services, uploads
from resumes.models import FailedResume, Resume
from tests.resumes.conftest import demo_file

pytestmark = pytest.mark.django_db
UPLOAD = reverse("resumes:upload")
ROW = {"headers": {"X-Upload-Row": "1"}}


def _post_one(client: Client, name: str, data: bytes) -> str:
    response = client.post(UPLOAD, {"files": SimpleUploadedFile(name, data)}, **ROW)
    assert response.status_code == 200
    return response.content.decode()


def _ref(row_html: str) -> str:
    return re.search(r'data-ref="([a-z]+\d+)"', row_html)[1]


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr class="upload-row[^"]*"[^>]*>(.*?)</tr>', page, re.S)


def test_it_shows_the_results_again_after_a_reload(auth_client) -> None:
    good = demo_file("02")
    imported = _post_one(auth_client, good.name, good.read_bytes())
    failed = _post_one(auth_client, "setup.pdf", b"MZ" + b"\x00" * 64)
    duplicate = _post_one(auth_client, "again.txt", good.read_bytes())
    refs = [_ref(imported), _ref(failed), _ref(duplicate)]
    assert refs[0].startswith("r") and refs[1].startswith("f") and refs[2].startswith("dr")

    page = auth_client.get(UPLOAD, {"done": ".".join(reversed(refs))}).content.decode()
    rows = _rows(page)
    assert len(rows) == 3
    assert "Duplicate" in rows[0] and "already imported as" in rows[0]
    assert "Failed" in rows[1] and "Windows executable" in rows[1]
    assert "Imported" in rows[2] and "Junior Python Developer" in rows[2]
    assert "Clear the list" in page


def test_it_reports_each_empty_file_as_empty_never_as_a_duplicate(auth_client, team) -> None:
    first = _post_one(auth_client, "empty.txt", b"")
    second = _post_one(auth_client, "blank.txt", b"")
    for row in (first, second):
        assert "Failed" in row and "file is empty" in row
        assert "Duplicate" not in row and "Imported" not in row
        assert row.count("empty") == 1 + row.count("empty.txt")  # one error, no second one
    assert "blank.txt" in second
    assert FailedResume.objects.filter(team=team).count() == 2
    assert not Resume.objects.exists()


def test_it_still_reports_a_repeated_non_empty_file_as_a_duplicate(team) -> None:
    services.ingest_document(team, b"MZ" + b"\x00" * 64, "a.pdf")
    again = services.ingest_document(team, b"MZ" + b"\x00" * 64, "b.pdf")
    assert again.status == "duplicate" and again.ref == f"df{again.failed.pk}"


def test_it_redirects_a_form_post_to_its_results_without_script(auth_client) -> None:
    files = [SimpleUploadedFile(demo_file("01").name, demo_file("01").read_bytes())]
    files.append(SimpleUploadedFile("blank.txt", b""))
    response = auth_client.post(UPLOAD, {"files": files})
    assert response.status_code == 302 and "done=" in response.url
    page = auth_client.get(response.url).content.decode()
    rows = _rows(page)
    assert len(rows) == 2 and "Imported" in page and "file is empty" in page


def test_it_refuses_a_post_without_files_and_keeps_nothing(auth_client) -> None:
    response = auth_client.post(UPLOAD, {})
    assert (
        response.status_code == 200
        and "Choose one or more files to upload." in response.content.decode()
    )
    assert not Resume.objects.exists() and not FailedResume.objects.exists()


def test_it_never_shows_another_teams_results(auth_client, other_team) -> None:
    theirs = services.ingest_document(
        other_team, demo_file("02").read_bytes(), "secret-cv.txt"
    ).resume
    page = auth_client.get(UPLOAD, {"done": f"r{theirs.pk}.dr{theirs.pk}"}).content.decode()
    assert _rows(page) == [] and "secret-cv" not in page


def test_it_reads_only_well_formed_refs() -> None:
    assert uploads.parse_refs("r12.f7.x9.dr3.r12.df.<script>.df4") == [
        ("r", 12),
        ("f", 7),
        ("dr", 3),
        ("df", 4),
    ]
    assert len(uploads.parse_refs(".".join(f"r{i}" for i in range(1000)))) == uploads.MAX_REFS
