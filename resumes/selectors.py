"""Reads of the resume app, always scoped to one team."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from llm.gateway import cache_key, config
from llm.models import LLMCacheEntry
from resumes import prompts
from resumes.models import FailedResume, Resume
from resumes.recovery import RECOVERY_KIND, RecoveryTotals, recovery_text
from resumes.schemas import ResumeRecord
from runs.models import Run
from screener.lib.llm.errors import NotConfigured
from screener.lib.skills import normalise_skill
from screener.models import Team


@dataclass(frozen=True)
class ResumeFilters:
    """Filters of the resume list (all optional)."""

    q: str = ""
    skill: str = ""
    role: str = ""
    min_years: float | None = None
    max_years: float | None = None
    status: str = ""  # a Resume.ParseMethod value, or "warnings"


def resumes_for_team(team: Team, filters: ResumeFilters | None = None) -> QuerySet[Resume]:
    """The team's resumes matching ``filters``, newest first (no text, record or vector loaded)."""
    f = filters or ResumeFilters()
    heavy = ("text", "ranking_text", "embedding", "record", "hidden_text", "contact")
    qs = Resume.objects.filter(team=team).defer(*heavy)
    if f.q:
        qs = qs.filter(
            Q(candidate_name__icontains=f.q) | Q(job_role__icontains=f.q)
            | Q(source_ref__icontains=f.q)
        )  # fmt: skip
    if f.skill:
        canonical = normalise_skill(f.skill)
        qs = qs.filter(
            Q(technical_skills__contains=[canonical]) if canonical
            else Q(technical_skills__icontains=f.skill)
        )  # fmt: skip
    if f.role:
        qs = qs.filter(job_role__icontains=f.role)
    if f.min_years is not None:
        qs = qs.filter(total_years__gte=f.min_years)
    if f.max_years is not None:
        qs = qs.filter(total_years__lte=f.max_years)
    if f.status == "warnings":
        qs = qs.exclude(warnings=[])
    elif f.status in Resume.ParseMethod.values:
        qs = qs.filter(parse_method=f.status)
    return qs


def failed_for_team(team: Team) -> QuerySet[FailedResume]:
    """The failed queue: everything not recovered yet (pending reviews are listed apart)."""
    return (
        FailedResume.objects.filter(team=team)
        .exclude(review=FailedResume.Review.PENDING)
        .select_related("partial_resume")
    )


# Rows of the failed queue with no Resume at all: nothing of them is screened. The others
# were parsed partially and are screened on their text while they wait for recovery.
NOT_SCREENED = Q(partial_resume__isnull=True)


def failed_counts(team: Team) -> dict[str, int]:
    """``not_screened`` (the really failed: no Resume) and ``partial`` rows of the queue."""
    counts = failed_for_team(team).aggregate(
        not_screened=Count("id", filter=NOT_SCREENED), partial=Count("id", filter=~NOT_SCREENED)
    )
    return {key: value or 0 for key, value in counts.items()}


def any_of_another_team(team: Team, failed_ids: list[int]) -> bool:
    """True when one of these failed-resume ids belongs to another team."""
    return FailedResume.objects.filter(id__in=failed_ids).exclude(team=team).exists()


def pending_reviews(team: Team) -> QuerySet[FailedResume]:
    """Recovered resumes waiting for a person, oldest recovery first."""
    return (
        FailedResume.objects.filter(team=team, review=FailedResume.Review.PENDING)
        .select_related("partial_resume")
        .order_by("recovered_at", "id")
    )


def original_text(failed: FailedResume) -> str:
    """The document's text as extracted (what the review page shows next to the record)."""
    partial = failed.partial_resume
    return (partial.text if partial is not None else "") or failed.text


def run_totals(run: Run) -> RecoveryTotals:
    """Total / recovered / failed / left of a recovery Run (recovered ones wait for review
    when the Run started with review mode on)."""
    waiting = run.done if run.params.get("review") and not run.params.get("dry_run") else 0
    return RecoveryTotals(run.total, run.done, run.failed, run.remaining, waiting)


def latest_recovery_run(team: Team) -> Run | None:
    return Run.objects.filter(team=team, kind=RECOVERY_KIND).order_by("-created_at").first()


def recovery_preview(failed: FailedResume) -> ResumeRecord | None:
    """What a recovery would produce, if the LLM already answered for this exact text.

    A dry run asks the model and the gateway caches the answer; this reads that cache
    without calling anyone (and a real run later re-uses it at no cost).
    """
    try:
        model = config().model
    except NotConfigured:
        return None
    key = cache_key(
        model,
        prompts.RECOVERY_PROMPT_VERSION,
        ResumeRecord,
        prompts.RECOVERY_SYSTEM,
        prompts.recovery_user(recovery_text(failed)),
    )
    entry = LLMCacheEntry.objects.filter(key=key).first()
    return ResumeRecord.model_validate(entry.response) if entry else None
