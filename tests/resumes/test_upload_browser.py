"""Bulk upload in a real browser: many files, one live result row each, live progress."""

from __future__ import annotations

import pytest

from resumes.models import FailedResume, Resume
from tests.browser import screenshot
from tests.conftest import PASSWORD
from tests.resumes.conftest import demo_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_uploads_many_files_and_shows_each_outcome(page, live_server, user, tmp_path) -> None:  # noqa: F811
    bad = tmp_path / "setup.pdf"
    bad.write_bytes(b"MZ" + b"\x00" * 200)
    files = [str(demo_file(p)) for p in ("01", "04", "12", "34")] + [str(bad)]
    page.goto(f"{live_server.url}/resumes/upload/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:text('Upload resumes')")
    page.set_input_files("#id_files", files)
    page.wait_for_function(
        "document.getElementById('upload-count').textContent.startsWith('5 of 5')",
        timeout=60_000,
    )
    page.wait_for_function("document.querySelectorAll('.status-processing').length === 0")
    rows = page.locator("#upload-rows tr")
    assert rows.count() == 5
    text = page.locator("#upload-rows").inner_text()
    assert text.count("Imported") == 3 and text.count("Failed") == 2
    assert "no text layer" in text and "Windows executable" in text
    assert Resume.objects.count() == 3 and FailedResume.objects.count() == 2
    screenshot(page, "resume-upload")

    page.set_input_files("#id_files", [files[0]])  # the same file again
    page.wait_for_function(
        "document.getElementById('upload-count').textContent.startsWith('6 of 6')"
    )
    assert "Duplicate" in page.locator("#upload-rows tr").first.inner_text()
    assert Resume.objects.count() == 3
