"""A recruiter logs in through a real browser and sees the dashboard with live progress."""

from __future__ import annotations

import pytest

from runs.models import Run
from tests.browser import screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_it_logs_in_and_shows_the_dashboard(page, live_server, user, team) -> None:
    run = Run.objects.create(
        team=team,
        kind="k",
        label="Backend batch",
        total=4,
        done=1,
        status=Run.Status.RUNNING,
        created_by=user,
    )
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:text('Dashboard')")
    assert page.locator("nav a", has_text="Screening").is_visible()
    assert page.locator(f"#run-{run.id} progress").get_attribute("value") == "25"

    Run.objects.filter(id=run.id).update(done=4, status=Run.Status.DONE)
    page.wait_for_function(
        f"document.querySelector('#run-{run.id} progress').value == 100", timeout=10_000
    )
    assert "Done" in page.locator(f"#run-{run.id}").inner_text()
    assert screenshot(page, "dashboard").stat().st_size > 5_000


def test_it_rejects_a_wrong_password(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "wrong password")
    page.click("button[type=submit]")
    assert page.locator("[role=alert]").is_visible()
    assert "/accounts/login/" in page.url
