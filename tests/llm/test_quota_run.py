"""A Run whose items call the LLM waits when the daily quota runs out and resumes after it."""

from __future__ import annotations

import time

import pytest
from django.db.models import Count
from django_q.models import Schedule

from llm.models import LLMCall
from runs import executor as runs
from runs import services
from runs.models import Run, RunItem
from runs.tasks import resume_run

pytestmark = pytest.mark.django_db(transaction=True)
HANDLER = "tests.core.q_helpers.llm_echo_handler"


def test_it_waits_for_quota_and_finishes_every_item_exactly_once(fake_groq, team) -> None:  # noqa: ANN001
    fake_groq.set_responder("echo", lambda body: {"text": "ok"})
    run = services.create_run(team, HANDLER, "echo run", [str(i) for i in range(6)])
    calls = {"n": 0}

    def cut_after_three(body: dict) -> dict:
        calls["n"] += 1
        if calls["n"] == 3:
            fake_groq.exhaust_daily(reset_in_seconds=2)
        return {"text": "ok"}

    fake_groq.set_responder("echo", cut_after_three)
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert run.status == Run.Status.WAITING_FOR_QUOTA
    assert run.failed == 0 and run.done == 3
    assert run.resume_at is not None
    assert Schedule.objects.filter(func="runs.tasks.resume_run", args=str(run.id)).exists()

    # No request was sent once the provider's headers said the day's budget was gone.
    assert len(fake_groq.completions()) == 3
    time.sleep(max(0.0, run.resume_at.timestamp() - time.time()) + 0.2)
    resume_run(run.id)  # what the scheduled task calls at resume_at
    runs.execute_run(run.id)  # what the queued task runs
    run.refresh_from_db()
    assert (run.status, run.done, run.failed) == (Run.Status.DONE, 6, 0)
    assert not RunItem.objects.filter(run=run).exclude(status="done").exists()
    per_item = (
        LLMCall.objects.filter(run=run, status="200").values("item_key").annotate(n=Count("id"))
    )
    assert sorted((row["item_key"], row["n"]) for row in per_item) == [
        (str(i), 1) for i in range(6)
    ]


def test_it_pauses_a_run_that_needs_the_llm_when_no_key_is_set(settings, team) -> None:  # noqa: ANN001
    settings.GROQ_API_KEY = ""
    settings.LLM_BASE_URL = ""
    run = services.create_run(team, HANDLER, "echo run", ["a"])
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert run.status == Run.Status.PAUSED
    assert "GROQ_API_KEY" in run.last_error
