"""Reads of Runs, always scoped to a team."""

from __future__ import annotations

from django.db.models import QuerySet

from runs.models import Run
from screener.models import Team


def runs_for_team(team: Team) -> QuerySet[Run]:
    """The team's runs, newest first."""
    return Run.objects.filter(team=team).select_related("created_by")


def active_runs(team: Team) -> QuerySet[Run]:
    """Runs of the team that have not finished."""
    return runs_for_team(team).exclude(status__in=Run.FINISHED)
