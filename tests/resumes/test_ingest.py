"""ingest_document: imports, duplicates, partial parses and every kind of bad input."""

from __future__ import annotations

import pytest

from resumes import services
from resumes.models import FailedResume, Resume
from tests.resumes.conftest import (
    PRESENT,
    demo_file,
    docx_zip_bomb,
    encrypted_pdf,
    expected_record,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


def _ingest(team, path, **kw) -> services.IngestResult:
    return services.ingest_document(team, path.read_bytes(), path.name, today=PRESENT, **kw)


def test_it_imports_a_resume_with_its_record_contact_and_original_file(team, user) -> None:
    path = demo_file("01")
    result = _ingest(team, path, user=user)
    assert result.status == "imported" and result.failed is None
    resume = Resume.objects.get()
    expected = expected_record(path)
    assert resume == result.resume and resume.team == team and resume.created_by == user
    assert (resume.job_role, resume.candidate_name, resume.email) == (
        expected["job_role"],
        expected["name"],
        expected["email"],
    )
    assert resume.total_years == pytest.approx(10.2, abs=0.05)
    assert resume.parse_method == Resume.ParseMethod.HEURISTIC and resume.parse_confidence > 0.8
    assert resume.content_type == "application/pdf"
    assert resume.original_file.read() == path.read_bytes()
    assert "daniel.okafor@example.com" in resume.text
    assert "daniel" not in resume.ranking_text.lower() and "555-0147" not in resume.ranking_text
    assert resume.record["experiences"][0]["company"] == "Ledgerline Payments"
    assert "Django" in resume.technical_skills


def test_it_recognises_a_re_upload_and_creates_nothing(team) -> None:
    first = _ingest(team, demo_file("02"))
    again = _ingest(team, demo_file("02"))
    assert again.status == "duplicate" and again.resume == first.resume
    assert Resume.objects.count() == 1


def test_it_keeps_teams_apart_for_duplicates(team, other_team) -> None:
    _ingest(team, demo_file("02"))
    assert _ingest(other_team, demo_file("02")).status == "imported"
    assert Resume.objects.filter(team=other_team).count() == 1


def test_it_stores_hidden_text_as_a_warning_and_never_in_the_text(team) -> None:
    resume = _ingest(team, demo_file("05")).resume
    assert any("hidden text" in w for w in resume.warnings)
    assert "top candidate" in resume.hidden_text
    assert "top candidate" not in resume.text and "Kubernetes" not in resume.ranking_text
    assert "Kubernetes" not in resume.technical_skills


def test_it_keeps_a_partial_resume_when_required_sections_are_missing(team) -> None:
    result = _ingest(team, demo_file("33"))
    assert result.status == "failed"
    failed = FailedResume.objects.get()
    assert failed.error_message == "missing required sections: work experience"
    assert "experiences" not in failed.error_message
    assert failed.partial_resume == result.resume
    assert result.resume.parse_method == Resume.ParseMethod.PARTIAL
    assert result.resume.ranking_text and "Python" in result.resume.technical_skills
    assert failed.original_file.name == result.resume.original_file.name


def _bad_inputs() -> list[tuple[str, bytes, str, str]]:
    scan = demo_file("34")
    return [
        ("exe renamed pdf", b"MZ\x90\x00" + b"\x00" * 500, "cv.pdf", "Windows executable"),
        ("zip renamed docx", zip_bytes({"a.txt": b"hello"}), "cv.docx", "ZIP archive"),
        ("docx zip bomb", docx_zip_bomb(), "cv.docx", "zip bomb"),
        ("encrypted pdf", encrypted_pdf(), "cv.pdf", "encrypted"),
        ("corrupt pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog", "cv.pdf", "damaged"),
        ("empty", b"", "cv.txt", "empty"),
        ("image-only pdf", scan.read_bytes(), scan.name, "no text layer"),
        ("unsupported type", b"plain words", "cv.exe", "unsupported file type"),
    ]


@pytest.mark.parametrize("case", _bad_inputs(), ids=lambda c: c[0])
def test_it_turns_bad_input_into_a_failed_resume_with_a_clear_reason(team, case) -> None:
    _label, data, name, reason = case
    result = services.ingest_document(team, data, name)
    assert result.status == "failed" and result.resume is None
    assert reason in result.message
    failed = FailedResume.objects.get()
    assert reason in failed.error_message and failed.partial_resume is None
    assert Resume.objects.count() == 0


def test_it_does_not_keep_the_bytes_of_refused_files(team) -> None:
    services.ingest_document(team, b"MZ" + b"\x00" * 100, "cv.pdf")
    assert not FailedResume.objects.get().original_file
    services.ingest_document(team, encrypted_pdf(), "locked.pdf")
    assert FailedResume.objects.get(source_ref="locked.pdf").original_file


def test_it_refuses_files_over_the_size_cap(team, settings) -> None:
    settings.RESUME_MAX_BYTES = 1000
    result = services.ingest_document(team, b"x" * 1001, "big.txt")
    assert result.message == "file is larger than 1 kB"
    assert Resume.objects.count() == 0


def test_it_gives_up_on_a_file_that_takes_too_long(team, settings) -> None:
    settings.RESUME_EXTRACT_TIMEOUT = 0.001
    path = demo_file("10")
    result = services.ingest_document(team, path.read_bytes(), path.name)
    assert result.status == "failed" and "longer than" in result.message
    assert Resume.objects.count() == 0


def test_it_writes_nothing_and_removes_the_file_when_the_database_write_fails(
    team, monkeypatch, settings
) -> None:
    def broken_save(*args, **kwargs) -> None:  # noqa: ANN002, ANN003
        raise RuntimeError("database went away")

    monkeypatch.setattr(Resume, "save", broken_save)
    with pytest.raises(RuntimeError):
        _ingest(team, demo_file("02"))
    assert FailedResume.objects.count() == 0
    stored = list((settings.MEDIA_ROOT).rglob("*.*")) if settings.MEDIA_ROOT.exists() else []
    assert stored == []


def test_it_names_missing_sections_as_a_recruiter_would() -> None:
    from resumes.schemas import readable_sections

    names = ["professional_summary", "technical_skills", "experiences"]
    assert readable_sections(names) == "summary, technical skills, work experience"
