"""Reads of the cross-cutting rows, always scoped to a team."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from screener.models import LLMCall, Membership, Run, Team


def team_for_user(user: AbstractBaseUser) -> Team | None:
    """The team the user works in (their oldest membership), or None."""
    membership = Membership.objects.select_related("team").filter(user=user).order_by("id").first()
    return membership.team if membership else None


def runs_for_team(team: Team) -> QuerySet[Run]:
    """The team's runs, newest first."""
    return Run.objects.filter(team=team).select_related("created_by")


def active_runs(team: Team) -> QuerySet[Run]:
    """Runs of the team that have not finished."""
    return runs_for_team(team).exclude(status__in=Run.FINISHED)


@dataclass(frozen=True)
class LLMRunSummary:
    calls: int
    prompt_tokens: int
    completion_tokens: int
    rate_limited: int
    failed: int
    cost_usd: float

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def llm_summary(calls: QuerySet[LLMCall]) -> LLMRunSummary:
    """Calls, tokens, 429s, failures and estimated cost (settings.LLM_PRICES) of some LLM calls."""
    rows = calls.values("model").annotate(
        n=Count("id"),
        p=Sum("prompt_tokens"),
        c=Sum("completion_tokens"),
        limited=Count("id", filter=Q(status="429")),
        bad=Count("id", filter=~Q(status__in=["200", "429"])),
    )
    total = LLMRunSummary(0, 0, 0, 0, 0, 0.0)
    for row in rows:
        price_in, price_out = settings.LLM_PRICES.get(row["model"], (0.0, 0.0))
        total = LLMRunSummary(
            calls=total.calls + row["n"],
            prompt_tokens=total.prompt_tokens + (row["p"] or 0),
            completion_tokens=total.completion_tokens + (row["c"] or 0),
            rate_limited=total.rate_limited + row["limited"],
            failed=total.failed + row["bad"],
            cost_usd=total.cost_usd
            + ((row["p"] or 0) * price_in + (row["c"] or 0) * price_out) / 1_000_000,
        )
    return total


@dataclass(frozen=True)
class LLMBudget:
    configured: bool
    message: str
    requests_left: int = 0
    tokens_left: int = 0
    waiting_until: object = None


def llm_budget() -> LLMBudget:
    """Whether LLM features are on, and what the shared limiter says is left today."""
    from screener.lib.llm.errors import NotConfigured
    from screener.lib.llm.gateway import config
    from screener.lib.llm.limiter import get_limiter

    try:
        cfg = config()
    except NotConfigured as exc:
        return LLMBudget(configured=False, message=str(exc))
    status = get_limiter(cfg.model).status()
    return LLMBudget(
        configured=True,
        message=cfg.model,
        requests_left=status["requests_left_today"],
        tokens_left=status["tokens_left_today"],
        waiting_until=status["quota_reset_at"],
    )


@dataclass(frozen=True)
class TeamCounts:
    jobs: int
    resumes: int
    failed_resumes: int
    batches: int
    active_runs: int


def team_counts(team: Team) -> TeamCounts:
    """What the team has, for the dashboard: one query of five scoped COUNT subqueries."""
    from jobs.models import JobPosting
    from resumes.models import FailedResume, Resume
    from screening.models import ScreeningBatch

    def count(queryset: QuerySet) -> Coalesce:
        rows = queryset.filter(team=OuterRef("pk")).order_by().values("team")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    unfinished = Run.objects.exclude(status__in=Run.FINISHED)
    values = (
        Team.objects.filter(pk=team.pk)
        .annotate(
            jobs=count(JobPosting.objects),
            resumes=count(Resume.objects),
            failed_resumes=count(FailedResume.objects),
            batches=count(ScreeningBatch.objects),
            active_runs=count(unfinished),
        )
        .values("jobs", "resumes", "failed_resumes", "batches", "active_runs")
        .get()
    )
    return TeamCounts(**values)


def recent_decisions(team: Team, limit: int = 8) -> QuerySet:
    """The team's latest recruiter decisions (the audit log), newest first, with their rows."""
    from screening.models import DecisionLog

    return DecisionLog.objects.filter(candidate__team=team).select_related(
        "candidate__resume", "candidate__job", "user"
    )[:limit]
