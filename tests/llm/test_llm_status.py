"""The llm_status command, the per-Run LLM summary and the LLM admin pages."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from llm.models import LLMCall
from llm.selectors import llm_summary
from runs.models import Run
from screener.services import create_team_user


def test_it_says_the_llm_is_not_configured(settings, db) -> None:  # noqa: ANN001
    settings.GROQ_API_KEY = ""
    settings.LLM_BASE_URL = ""
    out = StringIO()
    call_command("llm_status", stdout=out)
    assert "NOT CONFIGURED" in out.getvalue()
    assert "GROQ_API_KEY" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_it_shows_learned_limits_and_recent_calls(fake_groq) -> None:  # noqa: ANN001
    from pydantic import BaseModel

    from llm.gateway import extract

    class Out(BaseModel):
        text: str

    extract(Out, system="s", user="u", purpose="status-test")
    out = StringIO()
    call_command("llm_status", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["status"]["learned_tpm"] == 1_000_000
    assert data["recent"][0]["purpose"] == "status-test"
    assert data["last_24h"]["calls"] == 1


def test_it_summarises_a_runs_calls_with_cost(team, settings) -> None:  # noqa: ANN001
    settings.LLM_PRICES = {"m": (1.0, 2.0)}
    run = Run.objects.create(team=team, kind="k", label="r")
    for status, p, c in [("200", 1_000, 500), ("429", 0, 0), ("500", 0, 0), ("200", 1_000, 500)]:
        LLMCall.objects.create(
            purpose="x", model="m", status=status, prompt_tokens=p, completion_tokens=c, run=run
        )
    summary = llm_summary(run.llm_calls.all())
    assert (summary.calls, summary.tokens, summary.rate_limited, summary.failed) == (4, 3_000, 1, 1)
    assert summary.cost_usd == pytest.approx((2_000 * 1.0 + 1_000 * 2.0) / 1_000_000)


def test_staff_see_llm_calls_and_run_usage_in_admin(team) -> None:  # noqa: ANN001
    _, staff = create_team_user(team.name, "admin", "an-admin-password", staff=True)
    run = Run.objects.create(team=team, kind="k", label="r")
    LLMCall.objects.create(purpose="resume_recovery", model="m", status="429", run=run)
    client = Client()
    client.force_login(staff)
    listing = client.get(reverse("admin:llm_llmcall_changelist") + "?status=429")
    assert listing.status_code == 200 and "resume_recovery" in listing.content.decode()
    detail = client.get(reverse("admin:runs_run_change", args=[run.id]))
    assert "1 rate-limited" in detail.content.decode()


def test_recruiters_cannot_open_the_admin(auth_client) -> None:  # noqa: ANN001
    response = auth_client.get(reverse("admin:llm_llmcall_changelist"))
    assert response.status_code == 302
