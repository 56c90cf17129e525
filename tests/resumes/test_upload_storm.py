"""A small upload storm: 40 resumes at once, through both paths of the upload page.

Every file must end with exactly one outcome (a Resume, or a FailedResume), nothing lost and
nothing doubled. The 500-file version with timings and memory is benchmarks/upload_storm.py.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from resumes.models import FailedResume, Resume
from screener.models import Team

DEMO = Path(__file__).resolve().parents[2] / "demo_data" / "resumes"
FILES = 40


def storm_files(tag: str, count: int = FILES) -> list[tuple[str, bytes]]:
    """``count`` distinct files: demo TXT resumes with a unique reference line, and every
    fifth a distinct Windows executable named .pdf, which can only end in the failed queue."""
    texts = sorted(DEMO.glob("*.txt"))
    files = []
    for i in range(count):
        lines = texts[i % len(texts)].read_bytes().split(b"\n")
        lines.insert(5, f"Reference: {tag}-{i:03d}".encode())
        if i % 5 == 4:
            files.append((f"{tag}-{i:03d}.pdf", b"MZ\x90\x00" + f"{tag}{i}".encode() * 50))
        else:
            files.append((f"{tag}-{i:03d}.txt", b"\n".join(lines)))
    return files


def outcomes(team: Team, tag: str) -> dict[str, int]:
    """File name -> number of outcomes (a Resume, or a FailedResume without a partial)."""
    counts: dict[str, int] = {}
    for ref in Resume.objects.filter(team=team, source_ref__startswith=tag).values_list(
        "source_ref", flat=True
    ):
        counts[ref] = counts.get(ref, 0) + 1
    failed = FailedResume.objects.filter(team=team, source_ref__startswith=tag, partial_resume=None)
    for ref in failed.values_list("source_ref", flat=True):
        counts[ref] = counts.get(ref, 0) + 1
    return counts


def test_it_processes_every_file_of_a_40_file_form_post(auth_client: Client, team: Team) -> None:
    files = storm_files("form")
    uploads = [SimpleUploadedFile(name, data, "text/plain") for name, data in files]
    response = auth_client.post(reverse("resumes:upload"), {"files": uploads}, follow=True)
    assert response.status_code == 200
    assert outcomes(team, "form") == {name: 1 for name, _ in files}
    assert FailedResume.objects.filter(team=team, partial_resume=None).count() == FILES // 5
    page = response.content.decode()
    assert all(name in page for name, _ in files)


def test_it_processes_every_file_posted_one_per_request(auth_client: Client, team: Team) -> None:
    files = storm_files("rows")
    for name, data in files:
        response = auth_client.post(
            reverse("resumes:upload"),
            {"files": SimpleUploadedFile(name, data, "text/plain")},
            HTTP_X_UPLOAD_ROW="1",
        )
        assert response.status_code == 200 and name in response.content.decode()
    assert outcomes(team, "rows") == {name: 1 for name, _ in files}


def test_it_refuses_a_form_post_above_the_file_limit_and_creates_nothing(
    auth_client: Client, team: Team
) -> None:
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    files = storm_files("over", limit + 1)
    uploads = [SimpleUploadedFile(name, data, "text/plain") for name, data in files]
    response = auth_client.post(reverse("resumes:upload"), {"files": uploads})
    assert response.status_code == 400
    assert outcomes(team, "over") == {}
    body = response.content.decode()  # the refusal says why and what to do instead
    assert f"at most {limit} files" in body and "Nothing was saved" in body
    page = auth_client.get(reverse("resumes:upload")).content.decode()
    assert f"send at most {limit} files per upload" in page


def test_it_keeps_the_other_files_when_one_of_them_is_empty(
    auth_client: Client, team: Team
) -> None:
    files = storm_files("mixed", 3) + [("mixed-empty.txt", b"")]
    uploads = [SimpleUploadedFile(name, data, "text/plain") for name, data in files]
    response = auth_client.post(reverse("resumes:upload"), {"files": uploads}, follow=True)
    assert response.status_code == 200
    assert outcomes(team, "mixed") == {name: 1 for name, _ in files}
    assert "empty" in FailedResume.objects.get(source_ref="mixed-empty.txt").error_message
