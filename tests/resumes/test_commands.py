"""import_resumes and recover_failed_resumes."""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from resumes.models import FailedResume, Resume
from tests.resumes.conftest import demo_file

pytestmark = pytest.mark.django_db(transaction=True)


def _folder(tmp_path, prefixes: tuple[str, ...]):
    folder = tmp_path / "cvs"
    folder.mkdir()
    for prefix in prefixes:
        shutil.copy(demo_file(prefix), folder)
    (folder / "notes.md").write_text("not a resume")  # ignored: not an accepted extension
    return folder


def test_it_imports_a_folder_and_summarises_imported_duplicate_and_failed(team, tmp_path) -> None:
    folder = _folder(tmp_path, ("01", "02", "33", "34"))
    out = StringIO()
    with pytest.raises(CommandError, match="2 file"):
        call_command("import_resumes", str(folder), stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "imported   2" in text and "partial    1" in text and "failed     1" in text
    assert "missing required sections: work experience" in text and "no text layer" in text
    assert Resume.objects.count() == 3 and FailedResume.objects.count() == 2

    again = StringIO()
    call_command("import_resumes", str(folder), "--json", stdout=again, stderr=StringIO())
    report = json.loads(again.getvalue())
    assert report["counts"] == {"duplicate": 4}
    assert Resume.objects.count() == 3


def test_it_allows_failures_when_asked_and_needs_a_team_when_there_are_several(
    team, other_team, tmp_path
) -> None:
    folder = _folder(tmp_path, ("34",))
    with pytest.raises(CommandError, match="--team"):
        call_command("import_resumes", str(folder), stdout=StringIO(), stderr=StringIO())
    call_command(
        "import_resumes", str(folder), "--team", team.name, "--allow-failed",
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    assert FailedResume.objects.get().team == team


def test_it_reads_a_file_of_urls_through_the_safe_fetcher(team, tmp_path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1/cv.pdf\nhttp://10.0.0.1/cv.pdf\n")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_resumes", str(urls), stdout=out, stderr=StringIO())
    assert out.getvalue().count("blocked address") == 2
    assert not Resume.objects.exists() and not FailedResume.objects.exists()


def test_it_recovers_with_a_dry_run_first_then_for_real(team, tmp_path, fake_groq) -> None:
    call_command(
        "import_resumes", str(_folder(tmp_path, ("33",))), "--allow-failed",
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    from tests.resumes.test_recovery import PURPOSE, RECORD

    fake_groq.set_static_response(PURPOSE, RECORD)
    out = StringIO()
    call_command("recover_failed_resumes", "--dry-run", stdout=out, stderr=StringIO())
    assert "would_recover" in out.getvalue() and "Computer Science Graduate" in out.getvalue()
    assert FailedResume.objects.get().attempts == 0
    out = StringIO()
    call_command("recover_failed_resumes", "--limit", "5", stdout=out, stderr=StringIO())
    assert "pending_review" in out.getvalue()  # review mode is on by default
    assert out.getvalue().rstrip().splitlines()[-2] == (
        "Total 1 · recovered 1 (1 waiting for review) · failed 0 · left 0"
    )
    assert FailedResume.objects.get().review == FailedResume.Review.PENDING
    assert Resume.objects.get().parse_method == "partial"  # nothing goes live before review


def test_it_prints_the_totals_and_writes_resumes_directly_without_review(
    team, tmp_path, fake_groq, settings
) -> None:
    settings.RESUME_RECOVERY_REVIEW = False
    call_command(
        "import_resumes", str(_folder(tmp_path, ("33", "34"))), "--allow-failed",
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    from tests.resumes.test_recovery import PURPOSE, RECORD

    assert FailedResume.objects.count() == 2
    fake_groq.set_static_response(PURPOSE, RECORD)  # 34 is a scan: no text to send
    out = StringIO()
    with pytest.raises(CommandError, match="1 resume"):
        call_command("recover_failed_resumes", stdout=out, stderr=StringIO())
    assert out.getvalue().rstrip().endswith("Total 2 · recovered 1 · failed 1 · left 0")
    assert Resume.objects.filter(parse_method="llm").count() == 1
    assert "no readable text" in FailedResume.objects.get().error_message


def test_it_stops_cleanly_when_the_quota_is_used_up(team, tmp_path, fake_groq) -> None:
    call_command(
        "import_resumes", str(_folder(tmp_path, ("33",))), "--allow-failed",
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    fake_groq.exhaust_daily(reset_in_seconds=300)
    out = StringIO()
    with pytest.raises(CommandError, match="quota used up"):
        call_command("recover_failed_resumes", stdout=out, stderr=StringIO())
    assert "1 left in the queue" in out.getvalue()
    assert "Total 1 · recovered 0 · failed 0 · left 1" in out.getvalue()
    assert FailedResume.objects.get().attempts == 0
