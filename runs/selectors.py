"""Reads of Runs, always scoped to a team."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from runs.models import Run, RunItem
from screener.models import Team


def runs_for_team(team: Team) -> QuerySet[Run]:
    """The team's runs, newest first."""
    return Run.objects.filter(team=team).select_related("created_by")


def active_runs(team: Team) -> QuerySet[Run]:
    """Runs of the team that have not finished."""
    return runs_for_team(team).exclude(status__in=Run.FINISHED)


# --- what a Run means for the objects it works on -----------------------------------------------


@dataclass(frozen=True)
class RunState:
    """A Run's state in a recruiter's words: the one rule every page uses.

    ``text`` is what a page shows ("Paused: no LLM configured", "Waiting for quota until
    14:02", "Cancelled"); ``active`` is True while the Run may still do work.
    """

    status: str
    label: str
    reason: str = ""
    active: bool = False

    @property
    def text(self) -> str:
        if not self.reason:
            return self.label
        joined = self.reason.startswith(("by ", "until "))  # "Paused by alice"
        return f"{self.label}{' ' if joined else ': '}{self.reason}"

    @property
    def stopped(self) -> bool:
        """Paused, waiting for quota or cancelled: nothing moves until someone (or a reset)
        starts it again."""
        return self.status in _STOPPED

    def __str__(self) -> str:
        return self.text


_STOPPED = frozenset({Run.Status.PAUSED, Run.Status.WAITING_FOR_QUOTA, Run.Status.CANCELLED})


def run_state(run: Run) -> RunState:
    """The state of ``run`` with the reason it is paused, waiting or cancelled (if known)."""
    label, reason = run.get_status_display(), run.status_reason
    if run.status == Run.Status.WAITING_FOR_QUOTA and run.resume_at:
        reason = f"until {timezone.localtime(run.resume_at):%H:%M}"
    return RunState(run.status, label, reason, active=not run.is_finished)


def open_items(team: Team, kind: str, keys: Iterable[object]) -> dict[str, RunItem]:
    """For each key, its item in the newest Run of ``kind`` that holds it, when that item is
    still open (pending or running), with its Run loaded. One query.

    A key whose newest item is settled (or that no Run holds) is absent: the object's own
    stored status is then the truth. An open item means the object waits on its Run, so the
    Run's state (queued, paused, waiting for quota, cancelled...) is the object's state.
    """
    wanted = [str(k) for k in keys]
    if not wanted:
        return {}
    newest = (
        RunItem.objects.filter(run__team=team, run__kind=kind, key__in=wanted)
        .select_related("run")
        .order_by("key", "-run_id")
        .distinct("key")
    )
    return {item.key: item for item in newest if item.status in _OPEN_ITEM}


_OPEN_ITEM = frozenset({RunItem.Status.PENDING, RunItem.Status.RUNNING})


def object_states(team: Team, kind: str, keys: Iterable[object]) -> dict[str, RunState]:
    """The state each object (by key) takes from the Run it waits on; see :func:`open_items`.

    A Run that finished with the item still open never reached it: it says so.
    """
    states = {}
    for key, item in open_items(team, kind, keys).items():
        state = run_state(item.run)
        if item.run.status in (Run.Status.DONE, Run.Status.FAILED):
            state = RunState(item.run.status, "Not processed", "the run ended before it")
        states[key] = state
    return states


def attach_states(
    objects: Iterable[Any], team: Team, kind: str, attr: str = "run_state"
) -> list[Any]:
    """Set ``obj.<attr>`` to its :class:`RunState` (or None) for each object, by primary key."""
    rows = list(objects)
    states = object_states(team, kind, [obj.pk for obj in rows])
    for obj in rows:
        setattr(obj, attr, states.get(str(obj.pk)))
    return rows
