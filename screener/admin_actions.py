"""Shared plumbing for admin actions that start Runs: one Run per team, one message each."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import groupby

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from runs.models import Run
from screener.models import Team


def per_team(queryset: QuerySet) -> Iterator[tuple[Team, list[int]]]:
    """The selected rows' ids grouped by team, teams in id order (Runs are team-scoped)."""
    rows = queryset.order_by("team_id", "id").values_list("team_id", "id")
    teams = Team.objects.in_bulk({team_id for team_id, _ in rows})
    for team_id, group in groupby(rows, key=lambda row: row[0]):
        yield teams[team_id], [pk for _, pk in group]


def report_runs(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    started: Mapping[Team, Run | None],
    *,
    nothing: str,
) -> None:
    """Tell staff which Run each team got (or why none), and warn when the LLM is off."""
    for team, run in started.items():
        if run is None:
            model_admin.message_user(request, f"{team}: nothing to do ({nothing}).", messages.INFO)
            continue
        text = f"{team}: “{run.label}” queued as run {run.pk}; follow it under Runs."
        model_admin.message_user(request, text, messages.SUCCESS)
    warn_if_llm_off(model_admin, request)


def warn_if_llm_off(model_admin: admin.ModelAdmin, request: HttpRequest) -> None:
    """A Run started without an LLM pauses at once; say so where staff acted."""
    from llm.gateway import config  # imports groq: only when an action runs
    from screener.lib.llm.errors import NotConfigured

    try:
        config()
    except NotConfigured as exc:
        text = f"The run will pause until the LLM is configured: {exc}"
        model_admin.message_user(request, text, messages.WARNING)
