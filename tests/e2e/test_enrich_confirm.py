""" "Enrich all" in a real browser: it asks first (jobs, calls, tokens, time from today's
budget), cancelling spends nothing, confirming starts one Run that a real worker finishes
against the fake Groq; a greyed-out button says why and links to the Run holding it."""

from __future__ import annotations

import math

import pytest
from django.conf import settings

from jobs import selectors
from jobs import services as jobs_services
from jobs.models import JobPosting
from jobs.prompts import PURPOSE as ENRICH_PURPOSE
from runs.models import Run
from tests.e2e.steps import DEMO_FEED, log_in, shot
from tests.jobs.conftest import packed_answer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def test_it_confirms_before_enriching_and_cancel_spends_nothing(
    page, live_server, user, team, live_worker, llm
) -> None:  # noqa: ANN001
    jobs_services.import_feed(team, DEMO_FEED.read_bytes())
    llm.set_responder(ENRICH_PURPOSE, packed_answer)
    base = live_server.url
    log_in(page, base, "/jobs/")

    page.click("button:text('Enrich all')")
    card = page.locator("#enrich-confirm-card")
    card.wait_for()
    assert page.url == f"{base}/jobs/"  # the confirm opened in place (htmx fragment)
    preview = selectors.enrichment_preview(team)
    assert "Enrich 20 jobs with the LLM?" in card.inner_text()
    assert (
        card.locator(".confirm-calls")
        .inner_text()
        .startswith(f"about {math.ceil(20 / settings.JOB_ENRICH_PACK_MAX)} ")
    )
    assert (
        card.locator(".confirm-tokens").inner_text().startswith(f"about {preview.tokens_needed:,} ")
    )
    assert "covers it" in card.locator(".confirm-time").inner_text()
    shot(page, "enrich-confirm-01-asks")

    page.click("#enrich-confirm-card a:text('Cancel')")
    page.wait_for_url(f"{base}/jobs/")
    assert not Run.objects.exists() and llm.completions(ENRICH_PURPOSE) == []

    page.click("button:text('Enrich all')")
    page.click("button:text('Start enrichment')")
    run = Run.objects.get(team=team, kind=jobs_services.ENRICH_KIND)
    assert run.total == 20
    page.wait_for_selector(f"#run-{run.id}.status-done", timeout=90_000)
    assert JobPosting.objects.filter(team=team, enrichment_status="done").count() == 20
    assert Run.objects.count() == 1
    shot(page, "enrich-confirm-02-done")


def test_a_greyed_out_enrich_all_says_why_and_links_to_the_paused_run(
    page, live_server, user, team
) -> None:  # noqa: ANN001
    jobs_services.import_feed(team, DEMO_FEED.read_bytes())
    run = jobs_services.start_enrichment(team)
    Run.objects.filter(id=run.id).update(status=Run.Status.PAUSED)
    base = live_server.url
    log_in(page, base, "/jobs/")  # no LLM configured here: no time estimate is promised

    assert page.locator("button:text('Enrich all')").is_disabled()
    note = page.locator(".enrich-blocked")
    assert f"enrichment run “{run.label}” is paused: resume or cancel it first" in (
        note.inner_text()
    )
    assert "waits for an LLM to be configured" in page.inner_text(".enrichment-estimate")
    assert "min left" not in page.inner_text("body")
    note.locator("a").click()
    page.wait_for_url(f"{base}/jobs/#enrichment-run")
    assert page.locator(f"#run-{run.id} button:text('Resume')").is_visible()
    shot(page, "enrich-confirm-03-blocked")
