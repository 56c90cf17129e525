"""Packed LLM enrichment of job postings, and the back-off of failed ones.

Several jobs go into one ``extract()`` call (sized to the token budget), the answer's items
are mapped back by job id and validated one by one; only items that came back missing or
invalid are re-sent, singly, once. So one bad item never fails its pack, and nothing is
retried in a loop: a job whose single re-send fails again is recorded as failed with the
reason (``JobPosting.enrichment_error``). Never called inside a database transaction.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from pydantic import ValidationError

from jobs.models import JobPosting
from jobs.prompts import PROMPT_VERSION, PURPOSE, SYSTEM_PROMPT, job_block, user_prompt
from jobs.schemas import JobEnrichment, PackedEnrichment
from llm.gateway import extract
from screener.lib.llm.errors import (
    InvalidOutput,
    LLMError,
    NotConfigured,
    QuotaExhausted,
    RequestTooLarge,
)
from screener.lib.llm.transport import estimate_tokens
from screener.lib.skills import canonical_names

logger = logging.getLogger(__name__)

Settled = Callable[[JobPosting, str], None]
# The JSON schema travels with every call; count it once per call in the budget.
SCHEMA_TOKENS = estimate_tokens(str(PackedEnrichment.model_json_schema()))
SYSTEM_TOKENS = estimate_tokens(SYSTEM_PROMPT)
# What a typical item costs to generate (measured on the demo feed: ~120-180 tokens).
EXPECTED_OUTPUT_PER_JOB = 160
# A failed job is retried by the schedule after each delay in turn, then left failed.
RETRY_DELAYS = (timedelta(hours=24), timedelta(hours=48))
MAX_ATTEMPTS = 1 + len(RETRY_DELAYS)


@dataclass(frozen=True)
class PackPlan:
    """Limits for one enrichment pass."""

    max_jobs: int
    token_budget: int
    output_per_job: int
    base_output: int
    max_chars: int

    @classmethod
    def from_settings(cls, max_jobs: int | None = None) -> PackPlan:
        tpm_cap = int(settings.LLM_TPM * 0.85)  # leave room: a request over TPM is a 413
        return cls(
            max_jobs=max(1, max_jobs or settings.JOB_ENRICH_PACK_MAX),
            token_budget=min(settings.JOB_ENRICH_PACK_TOKENS, tpm_cap),
            output_per_job=settings.JOB_ENRICH_OUTPUT_TOKENS_PER_JOB,
            base_output=200,
            max_chars=settings.JOB_ENRICH_MAX_CHARS,
        )

    def block(self, job: JobPosting) -> str:
        return job_block(job.id, job.position, job.company, job.description_text, self.max_chars)

    def job_cost(self, job: JobPosting) -> int:
        """Tokens one job adds to a request: its text plus the output reserved for it."""
        return estimate_tokens(self.block(job)) + 4 + self.output_per_job

    def fixed_cost(self) -> int:
        return SYSTEM_TOKENS + SCHEMA_TOKENS + self.base_output + 20

    def max_tokens(self, count: int) -> int:
        return self.base_output + self.output_per_job * count


def plan_packs(jobs: Sequence[JobPosting], plan: PackPlan) -> list[list[JobPosting]]:
    """Split jobs, in order, into packs within ``max_jobs`` and the token budget.

    A job too large for the budget on its own still gets a pack of its own (its text is
    already cut to ``max_chars``; the gateway reports a 413 if it is still too large).
    """
    packs: list[list[JobPosting]] = []
    current: list[JobPosting] = []
    used = plan.fixed_cost()
    for job in jobs:
        cost = plan.job_cost(job)
        if current and (len(current) >= plan.max_jobs or used + cost > plan.token_budget):
            packs.append(current)
            current, used = [], plan.fixed_cost()
        current.append(job)
        used += cost
    if current:
        packs.append(current)
    return packs


# --- one call -------------------------------------------------------------------------------


@dataclass
class PackOutcome:
    """Per job id: a validated result, or why there is none."""

    results: dict[int, JobEnrichment]
    errors: dict[int, str]
    # Jobs whose failure no retry can fix (sent alone and still too large for the model).
    hopeless: frozenset[int] = frozenset()


def _call(
    pack: Sequence[JobPosting], plan: PackPlan, run_id: int | None, use_cache: bool
) -> PackedEnrichment:
    ids = ",".join(str(job.id) for job in pack)
    return extract(
        PackedEnrichment,
        system=SYSTEM_PROMPT,
        user=user_prompt([plan.block(job) for job in pack]),
        purpose=PURPOSE,
        run_id=run_id,
        item_key=f"jobs:{ids}"[:100],
        prompt_version=PROMPT_VERSION,
        max_tokens=plan.max_tokens(len(pack)),
        use_cache=use_cache,
    )


def map_items(pack: Sequence[JobPosting], items: list[dict]) -> PackOutcome:
    """Validate each answer item on its own and map it to its job by id.

    Items for ids not in the pack are ignored; a job with no item is "missing"; when an id
    appears twice the first valid item wins.
    """
    wanted = {job.id for job in pack}
    outcome = PackOutcome({}, {})
    for raw in items:
        job_id = _item_id(raw)
        if job_id not in wanted or job_id in outcome.results:
            continue
        try:
            outcome.results[job_id] = JobEnrichment.model_validate(raw)
        except ValidationError as exc:
            outcome.errors[job_id] = "invalid answer: " + _brief(exc)
    for job_id in wanted - outcome.results.keys():
        outcome.errors.setdefault(job_id, "the answer had no item for this job")
    for job_id in outcome.results:
        outcome.errors.pop(job_id, None)
    return outcome


def _item_id(raw: object) -> int | None:
    if not isinstance(raw, dict):
        return None
    value = raw.get("id")
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _brief(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3])


def ask(
    pack: Sequence[JobPosting], plan: PackPlan, run_id: int | None, use_cache: bool
) -> PackOutcome:
    """One call for the pack; provider/format failures become per-job errors.

    QuotaExhausted and NotConfigured propagate: the Run parks or pauses and no job is
    marked failed for them.
    """
    try:
        answer = _call(pack, plan, run_id, use_cache)
    except (QuotaExhausted, NotConfigured):
        raise
    except InvalidOutput as exc:
        return PackOutcome(
            {}, {job.id: f"the model's answer was not valid JSON: {exc}" for job in pack}
        )
    except RequestTooLarge as exc:
        alone = frozenset(job.id for job in pack) if len(pack) == 1 else frozenset()
        return PackOutcome({}, {job.id: str(exc) for job in pack}, alone)
    except LLMError as exc:
        return PackOutcome({}, {job.id: f"LLM call failed: {exc}" for job in pack})
    return map_items(pack, answer.items)


# --- the whole pass -----------------------------------------------------------------------------


def enrich_jobs(
    jobs: Sequence[JobPosting],
    *,
    run_id: int | None = None,
    plan: PackPlan | None = None,
    force: bool = False,
    on_settled: Settled | None = None,
) -> dict[int, str]:
    """Enrich ``jobs`` in packs; return ``{job id: error or ""}`` and call ``on_settled``
    for each job as soon as it is settled (so progress moves while packs run).

    A pack's missing or invalid items are re-sent singly, once, without the answer cache
    (the cached answer is the bad one); a ``force`` pass skips the cache too.
    """
    plan = plan or PackPlan.from_settings()
    settled: dict[int, str] = {}

    def settle(
        job: JobPosting, result: JobEnrichment | None, error: str, hopeless: bool = False
    ) -> None:
        settled[job.id] = (
            save_result(job, result) if result else record_failure(job, error, retry=not hopeless)
        )
        if on_settled:
            on_settled(job, settled[job.id])

    for pack in plan_packs(jobs, plan):
        outcome = ask(pack, plan, run_id, use_cache=not force)
        for job in pack:
            if job.id in outcome.results:
                settle(job, outcome.results[job.id], "")
            elif len(pack) == 1 or _not_worth_resending(outcome.errors[job.id]):
                settle(job, None, outcome.errors[job.id], job.id in outcome.hopeless)
        for job in pack:
            if job.id not in settled:
                single = ask([job], plan, run_id, use_cache=False)
                error = single.errors.get(job.id, "")
                settle(job, single.results.get(job.id), error, job.id in single.hopeless)
    return settled


def _not_worth_resending(error: str) -> bool:
    """A provider failure is not the item's fault; re-sending it alone would just repeat it."""
    return error.startswith("LLM call failed")


# --- storing outcomes ---------------------------------------------------------------------------


def canonical_skills(names: list[str]) -> list[str]:
    """Vocabulary names for the model's skills, first mention order; unknown names dropped
    (screening compares vocabulary names, so an unknown name could never match)."""
    return canonical_names(names, keep_unknown=False)


def save_result(job: JobPosting, result: JobEnrichment) -> str:
    """Store a validated enrichment; "" on success, an error if the job changed meanwhile."""
    required = canonical_skills(result.required_skills)
    nice = [s for s in canonical_skills(result.nice_to_have_skills) if s not in required]
    if not required and not nice:  # nothing recognisable: keep the deterministic lists
        required, nice = job.required_skills, job.nice_to_have_skills
    updated = JobPosting.objects.filter(id=job.id, content_hash=job.content_hash).update(
        required_skills=required,
        nice_to_have_skills=nice,
        min_years=result.min_years,
        seniority=result.seniority,
        summary=result.summary,
        key_requirements=result.requirements,
        enrichment_status=JobPosting.Enrichment.DONE,
        enrichment_error="",
        enrichment_attempts=F("enrichment_attempts") + 1,
        enrichment_failures=0,
        enrichment_retry_at=None,
        enriched_hash=job.content_hash,
        prompt_version=PROMPT_VERSION,
        embedding_version="",  # the text to embed now includes the summary: re-embed
    )
    if not updated:
        return "the job was edited while it was being enriched; enrich it again"
    return ""


def retry_at_after(failures: int, now: datetime) -> datetime | None:
    """When the retry schedule tries again after the ``failures``-th failure in a row;
    None once the automatic attempts are used up (24 h, then 48 h, then stop)."""
    if failures <= len(RETRY_DELAYS):
        return now + RETRY_DELAYS[failures - 1]
    return None


def record_failure(
    job: JobPosting, error: str, *, now: datetime | None = None, retry: bool = True
) -> str:
    """Mark the job failed with the reason shown on its page and plan its automatic retry
    (or stop, saying so in the reason); ``retry=False`` stops at once (the same request
    would be refused again). Returns the stored reason."""
    error = (error or "enrichment failed for an unknown reason")[:1900]
    failures = (
        JobPosting.objects.filter(id=job.id).values_list("enrichment_failures", flat=True).first()
    )
    if failures is None:
        return error  # the job was deleted meanwhile
    failures += 1
    retry_at = retry_at_after(failures, now or timezone.now()) if retry else None
    if not retry:
        error = f"{error} (not retried automatically: the same request would be refused again)"
    elif retry_at is None:
        error = f"{error} (stopped after {failures} attempts: no more automatic retries)"
    JobPosting.objects.filter(id=job.id).update(
        enrichment_status=JobPosting.Enrichment.FAILED,
        enrichment_error=error,
        enrichment_attempts=F("enrichment_attempts") + 1,
        enrichment_failures=failures,
        enrichment_retry_at=retry_at,
    )
    logger.info("job %s enrichment failed (%s in a row): %s", job.id, failures, error)
    return error


def estimated_tokens_per_job(jobs: Sequence[JobPosting], plan: PackPlan | None = None) -> float:
    """Expected tokens per job when packed: its text, its output and a share of the overhead."""
    plan = plan or PackPlan.from_settings()
    if not jobs:
        return 0.0
    text = sum(estimate_tokens(plan.block(job)) for job in jobs) / len(jobs)
    per_pack = min(plan.max_jobs, max(1, len(jobs)))
    overhead = (SYSTEM_TOKENS + SCHEMA_TOKENS) / per_pack
    return math.ceil(text + EXPECTED_OUTPUT_PER_JOB + overhead)
