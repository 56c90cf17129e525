"""Reads of the cross-cutting rows and the dashboard, always scoped to a team."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from runs.models import Run
from screener.models import Membership, Team


def team_for_user(user: AbstractBaseUser) -> Team | None:
    """The team the user works in (their oldest membership), or None."""
    membership = Membership.objects.select_related("team").filter(user=user).order_by("id").first()
    return membership.team if membership else None


@dataclass(frozen=True)
class TeamCounts:
    jobs: int
    resumes: int
    failed_resumes: int  # the failed queue's rows with no Resume: nothing of them is screened
    partial_resumes: int  # parsed partially: screened on their text while they wait
    batches: int
    active_runs: int


def team_counts(team: Team) -> TeamCounts:
    """What the team has, for the dashboard: one query of scoped COUNT subqueries."""
    from jobs.models import JobPosting
    from resumes.models import FailedResume, Resume
    from resumes.selectors import NOT_SCREENED
    from screening.models import ScreeningBatch

    def count(queryset: QuerySet) -> Coalesce:
        rows = queryset.filter(team=OuterRef("pk")).order_by().values("team")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    unfinished = Run.objects.exclude(status__in=Run.FINISHED)
    queue = FailedResume.objects.exclude(review=FailedResume.Review.PENDING)  # as failed_for_team
    values = (
        Team.objects.filter(pk=team.pk)
        .annotate(
            jobs=count(JobPosting.objects),
            resumes=count(Resume.objects),
            failed_resumes=count(queue.filter(NOT_SCREENED)),
            partial_resumes=count(queue.exclude(NOT_SCREENED)),
            batches=count(ScreeningBatch.objects),
            active_runs=count(unfinished),
        )
        .values("jobs", "resumes", "failed_resumes", "partial_resumes", "batches", "active_runs")
        .get()
    )
    return TeamCounts(**values)


def recent_decisions(team: Team, limit: int = 8) -> QuerySet:
    """The team's latest recruiter decisions (the audit log), newest first, with their rows."""
    from screening.models import DecisionLog

    return DecisionLog.objects.filter(candidate__team=team).select_related(
        "candidate__resume", "candidate__job", "user"
    )[:limit]


def attach_run_links(runs: list[Run]) -> None:
    """Set ``run.object_url`` to the page of what each Run works on (one query for batches)."""
    from django.urls import reverse

    from screening.models import ScreeningBatch

    batch_of = dict(
        ScreeningBatch.objects.filter(run_id__in=[r.id for r in runs]).values_list("run_id", "id")
    )
    pages = {
        "enrich_jobs": reverse("jobs:index"),
        "recover_resumes": reverse("resumes:failed"),
        "enhance_profiles": reverse("profiles:index"),
        "deep_analysis": reverse("screening:index"),
    }
    for run in runs:
        batch_id = batch_of.get(run.id)
        run.object_url = (
            reverse("screening:batch", args=[batch_id]) if batch_id else pages.get(run.kind, "")
        )
