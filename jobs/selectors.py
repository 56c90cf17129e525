"""Reads of job postings, always scoped to a team: search, filters, enrichment progress."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q, QuerySet

from jobs.models import FeedSource, JobPosting
from jobs.services import ENRICH_KIND, SEARCH_CONFIG
from llm.selectors import llm_summary
from runs.models import Run, RunItem
from screener.lib.skills import normalise_skill
from screener.models import Team


def jobs_for_team(team: Team) -> QuerySet[JobPosting]:
    """The team's jobs, newest posting first."""
    return JobPosting.objects.filter(team=team)


@dataclass(frozen=True)
class JobFilters:
    """What the jobs list can be narrowed by; empty values mean "any"."""

    q: str = ""
    company: str = ""
    seniority: str = ""
    skill: str = ""
    remote: bool | None = None
    min_salary: int | None = None


def search_jobs(team: Team, filters: JobFilters) -> QuerySet[JobPosting]:
    """Jobs matching every filter; with ``q``, Postgres full-text search ranked by relevance.

    ``q`` uses web-search syntax ("python -java", "\"data engineer\"", "react or vue") over
    title (weight A), company (B) and description (C). ``skill`` matches required or
    nice-to-have skills by vocabulary name ("postgres" finds PostgreSQL). ``min_salary``
    keeps jobs whose range reaches it (salary_max, else salary_min, at least the amount).
    """
    jobs = jobs_for_team(team)
    if filters.company:
        jobs = jobs.filter(company__iexact=filters.company)
    if filters.seniority:
        jobs = jobs.filter(seniority=filters.seniority)
    if filters.skill:
        name = normalise_skill(filters.skill) or filters.skill.strip()
        jobs = jobs.filter(
            Q(required_skills__contains=[name]) | Q(nice_to_have_skills__contains=[name])
        )
    if filters.remote is not None:
        jobs = jobs.filter(remote=filters.remote)
    if filters.min_salary is not None:
        jobs = jobs.filter(
            Q(salary_max__gte=filters.min_salary)
            | Q(salary_max__isnull=True, salary_min__gte=filters.min_salary)
        )
    if filters.q.strip():
        match, query = _text_search(filters.q.strip())
        jobs = (
            jobs.filter(match)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-posted_at", "-id")
        )
    return jobs


# Web-search syntax the user typed on purpose: quotes, "-word", "or". Such a query is kept as is.
_WEBSEARCH_SYNTAX = re.compile(r'["]|(^|\s)-\S|\sor\s', re.IGNORECASE)


def _text_search(q: str) -> tuple[Q, SearchQuery]:
    """The filter and the rank query for ``q``; each plain word also finds its skill.

    "postgres" finds jobs saying "PostgreSQL" or listing it as a skill, the way the skill
    filter does; every word must match (by its text or by its skill).
    """
    if _WEBSEARCH_SYNTAX.search(q):
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        return Q(search_vector=query), query
    match, rank_query = Q(), None
    for word in q.split():
        term = SearchQuery(word, search_type="plain", config=SEARCH_CONFIG)
        word_match = Q(search_vector=term)
        skill = normalise_skill(word)
        if skill and skill.casefold() != word.casefold():
            term |= SearchQuery(skill, search_type="phrase", config=SEARCH_CONFIG)
            word_match = Q(search_vector=term)
        if skill:
            word_match |= Q(required_skills__contains=[skill])
            word_match |= Q(nice_to_have_skills__contains=[skill])
        match &= word_match
        rank_query = term if rank_query is None else rank_query | term
    return match, rank_query


def company_choices(team: Team) -> list[str]:
    """Distinct company names of the team's jobs, alphabetical."""
    return list(
        jobs_for_team(team)
        .exclude(company="")
        .order_by("company")
        .values_list("company", flat=True)
        .distinct()
    )


def skill_choices(team: Team, limit: int = 200) -> list[str]:
    """Skills named by the team's jobs (required first-seen order), for the filter list."""
    names: dict[str, None] = {}
    for required, nice in jobs_for_team(team).values_list("required_skills", "nice_to_have_skills"):
        for name in [*required, *nice]:
            names.setdefault(name)
    return sorted(names)[:limit]


def enrichment_counts(team: Team) -> dict[str, int]:
    """How many of the team's jobs are in each enrichment state."""
    counts = {value: 0 for value, _ in JobPosting.Enrichment.choices}
    for status in jobs_for_team(team).values_list("enrichment_status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def job_in_active_run(team: Team, job: JobPosting) -> Run | None:
    """The unfinished enrichment Run that still has this job to do, if any."""
    open_states = [RunItem.Status.PENDING, RunItem.Status.RUNNING]
    return (
        Run.objects.filter(
            team=team, kind=ENRICH_KIND, items__key=str(job.id), items__status__in=open_states
        )
        .exclude(status__in=Run.FINISHED)
        .distinct()
        .first()
    )


# --- estimated time -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrichmentEstimate:
    """Expected cost and duration of enriching ``remaining`` jobs (a Run's rest, or a preview)."""

    remaining: int
    tokens_per_job: float
    tokens_needed: int
    seconds: float
    limited_by: str  # "tokens per minute" or "requests per minute"
    quota_short: bool  # the daily budget will run out first: the Run waits for the reset
    measured: bool  # tokens_per_job measured on this Run (else estimated from the texts)
    calls: int = 0  # LLM calls expected (packed)
    jobs_today: int = 0  # how many of the jobs today's remaining budget covers
    tokens_left_today: int = 0
    requests_left_today: int = 0

    @property
    def minutes(self) -> int:
        return math.ceil(self.seconds / 60)


def enrichment_estimate(run: Run) -> EnrichmentEstimate:
    """Time left from the limiter's budget: remaining jobs' tokens / TPM (or calls / RPM).

    Tokens per job are what this Run's calls used per processed job so far, or an estimate
    from the remaining jobs' texts before the first call has come back.
    """
    from jobs.enrichment import estimated_tokens_per_job

    spent = llm_summary(run.llm_calls.all()).tokens
    measured = bool(spent and run.processed)
    if measured:
        per_job = spent / run.processed
    else:
        keys = RunItem.objects.filter(run=run, status=RunItem.Status.PENDING).values("key")
        jobs = list(JobPosting.objects.filter(team=run.team, id__in=_int_keys(keys))[:200])
        per_job = estimated_tokens_per_job(jobs)
    return _estimate(run.remaining, per_job, measured, run.params.get("pack_max"))


def enrichment_preview(team: Team) -> EnrichmentEstimate:
    """What "Enrich all" would cost before it starts: the same estimate a Run shows once
    started, for the jobs it would take (tokens estimated from their texts)."""
    from jobs.enrichment import estimated_tokens_per_job
    from jobs.services import jobs_to_enrich

    ids = jobs_to_enrich(team)
    sample = list(JobPosting.objects.filter(id__in=ids[:200]))
    return _estimate(len(ids), estimated_tokens_per_job(sample), False, None)


def _estimate(
    remaining: int, per_job: float, measured: bool, pack_max: int | None
) -> EnrichmentEstimate:
    from jobs.enrichment import PackPlan
    from llm.limiter import get_limiter
    from screener.lib.llm.pacing import window_seconds

    status: dict[str, Any] = get_limiter(settings.LLM_MODEL).status()
    limits = status["limits"]
    tokens_needed = math.ceil(per_job * remaining)
    minute = window_seconds()[0]
    plan = PackPlan.from_settings(pack_max)
    calls = math.ceil(remaining / plan.max_jobs)
    by_tokens = tokens_needed / max(limits.tpm, 1) * minute
    by_requests = calls / max(limits.rpm, 1) * minute
    tokens_left, requests_left = status["tokens_left_today"], status["requests_left_today"]
    jobs_today = min(
        remaining,
        math.floor(tokens_left / per_job) if per_job else remaining,
        requests_left * plan.max_jobs,
    )
    return EnrichmentEstimate(
        remaining=remaining,
        tokens_per_job=round(per_job, 1),
        tokens_needed=tokens_needed,
        seconds=max(by_tokens, by_requests),
        limited_by="tokens per minute" if by_tokens >= by_requests else "requests per minute",
        quota_short=tokens_needed > tokens_left or calls > requests_left,
        measured=measured,
        calls=calls,
        jobs_today=max(jobs_today, 0),
        tokens_left_today=tokens_left,
        requests_left_today=requests_left,
    )


def _int_keys(rows: QuerySet) -> list[int]:
    return [int(r["key"]) for r in rows if str(r["key"]).isdigit()]


# --- feed sources -------------------------------------------------------------------------------


def feed_sources_for_team(team: Team) -> QuerySet[FeedSource]:
    """The team's feed sources, by name, with the last enrichment Run they started."""
    return FeedSource.objects.filter(team=team).select_related("last_run")


def feed_source_of(job: JobPosting) -> FeedSource | None:
    """The feed source the job came from (same team and source name), if it still exists."""
    return FeedSource.objects.filter(team_id=job.team_id, source=job.source).first()
