"""Object states derive from their Run: one rule (runs.selectors) for every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from runs import executor, selectors, services
from runs.models import Run, RunItem

HANDLER = "tests.core.q_helpers.noop_handler"
LLM_HANDLER = "tests.core.q_helpers.llm_echo_handler"


@pytest.fixture
def no_llm(settings) -> None:
    settings.GROQ_API_KEY = ""
    settings.LLM_BASE_URL = ""


def test_it_says_why_a_run_without_an_llm_is_paused(team, no_llm) -> None:
    run = services.create_run(team, LLM_HANDLER, "echo", ["a", "b"])
    executor.execute_run(run.id)
    run.refresh_from_db()
    state = selectors.run_state(run)
    assert (run.status, state.text) == (Run.Status.PAUSED, "Paused: no LLM configured")
    assert state.stopped and state.active
    assert set(run.items.values_list("status", flat=True)) == {RunItem.Status.PENDING}


def test_it_says_until_when_a_run_waits_for_quota(team, settings) -> None:
    settings.TIME_ZONE = "UTC"
    run = services.create_run(team, HANDLER, "quota", ["a"])
    when = timezone.now().replace(hour=14, minute=2) + timedelta(days=1)
    services.mark_run_started(run.id)
    executor._wait_for_quota(run.id, executor.PauseRun("daily tokens spent", when))
    run.refresh_from_db()
    assert selectors.run_state(run).text == "Waiting for LLM quota until 14:02"


def test_it_forgets_the_reason_once_the_run_runs_again(team, no_llm) -> None:
    run = services.create_run(team, LLM_HANDLER, "echo", ["a"])
    executor.execute_run(run.id)
    assert executor.resume_run(run.id)
    run.refresh_from_db()
    assert (run.status, run.status_reason, selectors.run_state(run).text) == (
        Run.Status.QUEUED,
        "",
        "Queued",
    )


def test_it_names_who_paused_or_cancelled_a_run(auth_client, team, user) -> None:
    run = services.create_run(team, HANDLER, "by hand", ["a"])
    auth_client.post(reverse("runs:action", args=[run.id, "pause"]))
    run.refresh_from_db()
    assert selectors.run_state(run).text == "Paused by alice"
    auth_client.post(reverse("runs:action", args=[run.id, "cancel"]))
    run.refresh_from_db()
    assert selectors.run_state(run).text == "Cancelled by alice"


def test_it_gives_waiting_objects_the_state_of_their_newest_run(team) -> None:
    old = services.create_run(team, "enrich_test", "old", ["1", "2", "3"])
    services.set_run_status(old, Run.Status.CANCELLED)
    new = services.create_run(team, "enrich_test", "new", ["2"])
    services.mark_run_started(new.id)
    item = services.claim_next_item(new.id)
    services.finish_item(item)
    states = selectors.object_states(team, "enrich_test", [1, 2, 3, 4])
    # 2 was settled by the newer run: its own status is the truth; 4 was never in a run.
    assert {k: s.text for k, s in states.items()} == {"1": "Cancelled", "3": "Cancelled"}


def test_it_marks_items_a_finished_run_never_reached(team) -> None:
    run = services.create_run(team, "enrich_test", "ended", ["1"])
    Run.objects.filter(id=run.id).update(status=Run.Status.DONE)
    assert selectors.object_states(team, "enrich_test", [1])["1"].label == "Not processed"


def test_it_never_reads_another_teams_runs(team, other_team) -> None:
    services.create_run(other_team, "enrich_test", "theirs", ["1"])
    assert selectors.object_states(team, "enrich_test", [1]) == {}


def test_it_shows_the_reason_in_the_progress_fragment(auth_client, team, no_llm) -> None:
    run = services.create_run(team, LLM_HANDLER, "echo", ["a"])
    executor.execute_run(run.id)
    html = auth_client.get(reverse("runs:status", args=[run.id])).content.decode()
    assert "Paused: no LLM configured" in html
    assert "Resume" in html


def test_it_keeps_the_status_reason_of_another_teams_run_private(auth_client, other_team) -> None:
    run = services.create_run(other_team, HANDLER, "theirs", ["a"])
    assert auth_client.get(reverse("runs:status", args=[run.id])).status_code == 404
    assert auth_client.post(reverse("runs:action", args=[run.id, "cancel"])).status_code == 404
    run.refresh_from_db()
    assert run.status == Run.Status.QUEUED


def test_the_admin_names_who_cancelled_a_run(team) -> None:
    from django.test import Client

    from screener.services import create_team_user

    staff = create_team_user(team.name, "root", "pw-root-123")[1]
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    run = services.create_run(team, HANDLER, "admin", ["a"])
    url = reverse("admin:runs_run_changelist")
    client.post(url, {"action": "cancel_runs", "_selected_action": [run.id]})
    run.refresh_from_db()
    assert selectors.run_state(run).text == "Cancelled by root"
