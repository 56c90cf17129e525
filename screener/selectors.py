"""Reads of the cross-cutting rows, always scoped to a team."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from screener.models import Membership, Run, Team


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
