"""Job rows and the job page take their enrichment state from the Run (issue 17)."""

from __future__ import annotations

import re

from django.urls import reverse

from jobs import services
from runs import executor
from runs.models import Run
from tests.jobs.conftest import make_job


def _row(page: str, position: str) -> str:
    start = page.index(f">{position}</a>")
    return re.sub(r"<[^>]+>", "", page[start : page.index("</tr>", start)])


def test_a_paused_enrichment_shows_its_reason_on_the_list_and_the_job(
    auth_client, team, settings
) -> None:
    settings.GROQ_API_KEY, settings.LLM_BASE_URL = "", ""
    job = make_job(team, "a1", position="Data Wrangler")
    run = services.start_enrichment(team, job_ids=[job.id], force=True)
    executor.execute_run(run.id)  # a worker with no LLM pauses the Run, loses nothing
    run.refresh_from_db()
    assert run.status == Run.Status.PAUSED
    assert "Paused: no LLM configured" in _row(
        auth_client.get(reverse("jobs:index")).content.decode(), "Data Wrangler"
    )
    page = auth_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Paused: no LLM configured" in page and f'id="run-{run.id}"' in page


def test_a_cancelled_enrichment_says_cancelled_not_queued(auth_client, team) -> None:
    job = make_job(team, "b1", position="Queue Keeper")
    run = services.start_enrichment(team, job_ids=[job.id], force=True)
    auth_client.post(reverse("runs:action", args=[run.id, "cancel"]))
    row = _row(auth_client.get(reverse("jobs:index")).content.decode(), "Queue Keeper")
    assert "Cancelled by alice" in row and "Queued" not in row
    page = auth_client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Last enrichment run: Cancelled by alice." in page
    assert "Not enriched yet" in page  # the job's own state is still told


def test_a_job_no_run_holds_shows_its_own_state(auth_client, team) -> None:
    make_job(team, "c1", position="Plain Job")
    row = _row(auth_client.get(reverse("jobs:index")).content.decode(), "Plain Job")
    assert "Not enriched" in row


def test_another_teams_run_does_not_colour_our_job(auth_client, team, other_team) -> None:
    job = make_job(team, "d1", position="Our Job")
    from runs.services import create_run

    create_run(other_team, services.ENRICH_KIND, "theirs", [str(job.id)])
    row = _row(auth_client.get(reverse("jobs:index")).content.decode(), "Our Job")
    assert "Queued" not in row and "Not enriched" in row
