"""Packed LLM enrichment against the fake Groq server: mapping, re-sends, cache, quota."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import Schedule

from jobs import enrichment, selectors, services
from jobs.models import JobPosting
from jobs.prompts import PROMPT_VERSION, PURPOSE
from llm.models import LLMCall, LLMLimiterState
from runs import executor as runs
from runs.models import Run, RunItem
from tests.jobs.conftest import good_item, jobs_in_request, make_job, packed_answer

pytestmark = pytest.mark.django_db(transaction=True)


def _three_jobs(team) -> list[JobPosting]:
    return [
        make_job(team, "a", position="Backend Engineer"),
        make_job(team, "b", position="Data Engineer"),
        make_job(team, "c", position="Site Reliability Engineer"),
    ]


def _run_all(team, **kw) -> Run:
    run = services.start_enrichment(team, **kw)
    assert run is not None
    runs.execute_run(run.id)
    run.refresh_from_db()
    return run


def test_it_packs_several_jobs_into_one_call_and_maps_results_by_id(team, fake_groq) -> None:
    jobs = _three_jobs(team)
    fake_groq.set_responder(PURPOSE, packed_answer)
    run = _run_all(team)
    assert (run.status, run.done, run.failed) == (Run.Status.DONE, 3, 0)
    calls = fake_groq.completions(PURPOSE)
    assert len(calls) == 1
    assert [i for i, _ in jobs_in_request(calls[0].body)] == [j.id for j in jobs]
    for job in jobs:
        job.refresh_from_db()
        assert job.enrichment_status == JobPosting.Enrichment.DONE
        assert job.summary == f"Builds backend services ({job.position}) in Python."
        # vocabulary names; the unknown "Underwater basket weaving" is dropped
        assert job.required_skills == ["Python", "PostgreSQL"]
        assert job.nice_to_have_skills == ["Kubernetes"]
        assert (job.seniority, job.min_years) == ("mid", 3.0)
        assert job.key_requirements == ["3+ years of Python", "PostgreSQL"]
        assert (job.enriched_hash, job.prompt_version) == (job.content_hash, PROMPT_VERSION)
        assert job.enrichment_attempts == 1
    assert LLMCall.objects.filter(run=run, purpose=PURPOSE).count() == 1


def test_it_resends_only_the_missing_and_the_invalid_item_singly(team, fake_groq) -> None:
    first, missing, invalid = _three_jobs(team)

    def answer(body: dict) -> dict:
        ids = [i for i, _ in jobs_in_request(body)]
        if len(ids) == 1:
            return {"items": [good_item(ids[0])]}
        bad = good_item(invalid.id) | {"seniority": "wizard"}
        return {"items": [good_item(first.id), bad, good_item(9999)]}  # 9999: not asked

    fake_groq.set_responder(PURPOSE, answer)
    run = _run_all(team)
    assert (run.done, run.failed) == (3, 0)
    sent = [[i for i, _ in jobs_in_request(c.body)] for c in fake_groq.completions(PURPOSE)]
    assert sent == [[first.id, missing.id, invalid.id], [missing.id], [invalid.id]]


def test_it_fails_only_the_item_that_stays_invalid_after_one_single_resend(team, fake_groq) -> None:
    good, bad, _ = _three_jobs(team)

    def answer(body: dict) -> dict:
        items = [good_item(i) for i, _ in jobs_in_request(body)]
        return {"items": [it | {"min_years": 99} if it["id"] == bad.id else it for it in items]}

    fake_groq.set_responder(PURPOSE, answer)
    run = _run_all(team)
    assert (run.status, run.done, run.failed) == (Run.Status.DONE, 2, 1)
    assert len(fake_groq.completions(PURPOSE)) == 2  # the pack, then one single re-send
    bad.refresh_from_db()
    assert bad.enrichment_status == JobPosting.Enrichment.FAILED
    assert "min_years" in bad.enrichment_error
    assert RunItem.objects.get(run=run, key=str(bad.id)).error == bad.enrichment_error
    good.refresh_from_db()
    assert good.enrichment_status == JobPosting.Enrichment.DONE


def test_it_records_a_json_parse_failure_and_does_not_retry_it_in_a_loop(
    team, fake_groq, settings
) -> None:
    settings.LLM_MAX_REASKS = 1
    job = make_job(team, "solo")
    fake_groq.inject("malformed_json", 10, purpose=PURPOSE)
    run = _run_all(team)
    assert (run.status, run.failed) == (Run.Status.FAILED, 1)
    assert len(fake_groq.completions(PURPOSE)) == 2  # one ask + instructor's one re-ask
    job.refresh_from_db()
    assert job.enrichment_status == JobPosting.Enrichment.FAILED
    assert "not valid JSON" in job.enrichment_error
    runs.execute_run(run.id)  # executing again does not send anything more
    assert len(fake_groq.completions(PURPOSE)) == 2


def test_a_pack_that_is_not_json_falls_back_to_single_calls_once(team, fake_groq, settings) -> None:
    settings.LLM_MAX_REASKS = 0
    _three_jobs(team)
    fake_groq.set_responder(PURPOSE, packed_answer)
    fake_groq.inject("malformed_json", 1, purpose=PURPOSE)
    run = _run_all(team)
    assert (run.done, run.failed) == (3, 0)
    assert [len(jobs_in_request(c.body)) for c in fake_groq.completions(PURPOSE)] == [3, 1, 1, 1]


def test_it_skips_unchanged_jobs_from_the_content_hash_cache(team, fake_groq) -> None:
    jobs = _three_jobs(team)
    fake_groq.set_responder(PURPOSE, packed_answer)
    _run_all(team)
    assert services.start_enrichment(team) is None  # nothing needs enrichment
    # a Run naming an enriched job settles it without calling the LLM
    run = services.create_run(team, services.ENRICH_KIND, "again", [str(jobs[0].id)])
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert (run.status, run.done) == (Run.Status.DONE, 1)
    assert len(fake_groq.completions(PURPOSE)) == 1
    # a changed text, or a forced re-enrich, calls again
    make_job(team, "b", position="Data Engineer", description_text="Needs 4+ years of Scala.")
    assert _run_all(team).total == 1
    assert _run_all(team, job_ids=[jobs[0].id], force=True).done == 1
    assert len(fake_groq.completions(PURPOSE)) == 3


def test_it_waits_for_the_daily_quota_and_resumes_after_the_reset(team, fake_groq) -> None:
    jobs = _three_jobs(team)
    fake_groq.set_responder(PURPOSE, packed_answer)
    fake_groq.exhaust_daily(reset_in_seconds=300)
    run = _run_all(team)
    assert (run.status, run.done, run.failed) == (Run.Status.WAITING_FOR_QUOTA, 0, 0)
    assert "daily" in run.last_error
    assert RunItem.objects.filter(run=run, status=RunItem.Status.PENDING).count() == 3
    assert Schedule.objects.filter(func="runs.tasks.resume_run", args=str(run.id)).exists()
    estimate = selectors.enrichment_estimate(run)
    assert estimate.remaining == 3 and estimate.seconds > 0

    # the reset passes: the scheduled task resumes the Run, which finishes by itself
    fake_groq.configure(rpm=1000, rpd=100_000, tpm=1_000_000, tpd=10_000_000)
    past = timezone.now() - timedelta(seconds=1)
    LLMLimiterState.objects.update(quota_reset_at=past, requests_reset_at=past)
    assert runs.resume_run(run.id)
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert (run.status, run.done) == (Run.Status.DONE, 3)
    assert all(JobPosting.objects.get(id=j.id).enrichment_status == "done" for j in jobs)


def test_it_pauses_with_the_reason_when_no_llm_is_configured(team, settings) -> None:
    settings.GROQ_API_KEY = ""
    settings.LLM_BASE_URL = ""
    job = make_job(team, "solo")
    run = _run_all(team)
    assert run.status == Run.Status.PAUSED and "GROQ_API_KEY" in run.last_error
    job.refresh_from_db()
    assert job.enrichment_status == JobPosting.Enrichment.NONE


def test_it_records_provider_failures_on_the_jobs_without_resending(
    team, fake_groq, settings
) -> None:
    settings.LLM_PROVIDER_RETRIES = 0
    _three_jobs(team)
    fake_groq.inject(500, 1, purpose=PURPOSE)
    run = _run_all(team)
    assert (run.status, run.failed) == (Run.Status.FAILED, 3)
    assert len(fake_groq.completions(PURPOSE)) == 1
    assert JobPosting.objects.filter(enrichment_error__contains="500").count() == 3


def test_it_sizes_packs_to_the_token_budget(team, settings) -> None:
    jobs = [make_job(team, str(n), description_text="Python " * 200) for n in range(5)]
    settings.JOB_ENRICH_PACK_MAX = 8
    plan = enrichment.PackPlan.from_settings()
    assert [len(p) for p in enrichment.plan_packs(jobs, plan)] == [5]
    cost = plan.job_cost(jobs[0])
    settings.JOB_ENRICH_PACK_TOKENS = plan.fixed_cost() + 2 * cost
    tight = enrichment.PackPlan.from_settings()
    assert [len(p) for p in enrichment.plan_packs(jobs, tight)] == [2, 2, 1]
    assert [len(p) for p in enrichment.plan_packs(jobs, enrichment.PackPlan.from_settings(1))] == [
        1
    ] * 5
    settings.LLM_TPM = 1000  # never plan a request the provider would refuse as too large
    assert enrichment.PackPlan.from_settings().token_budget == 850


def test_it_maps_items_leniently_by_id(team) -> None:
    a, b = make_job(team, "a"), make_job(team, "b")
    outcome = enrichment.map_items(
        [a, b],
        [
            "not an object",
            good_item(a.id) | {"id": str(a.id)},  # an id given as a string still maps
            good_item(a.id) | {"summary": "a second item for the same id is ignored"},
            {"id": b.id, "summary": "too short"},
        ],
    )
    assert set(outcome.results) == {a.id}
    assert outcome.results[a.id].summary.startswith("Builds backend")
    assert "invalid answer" in outcome.errors[b.id]


def test_it_estimates_time_left_from_the_limiter_budget(team, settings) -> None:
    settings.LLM_TPM, settings.LLM_RPM = 6000, 30
    for n in range(10):
        make_job(team, str(n), description_text="Python and Django. " * 40)
    run = services.start_enrichment(team)
    estimate = selectors.enrichment_estimate(run)
    assert estimate.remaining == 10 and not estimate.measured
    assert estimate.limited_by == "tokens per minute"
    assert estimate.seconds == pytest.approx(estimate.tokens_needed / 6000 * 60)
