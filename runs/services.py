"""The claim store: create Runs, claim their items idempotently, settle them, find stalled ones.

Every write is a conditional update (``filter(id=..., status=...).update(...)``), so a task
that runs twice, or two workers on the same Run, never settle an item twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from runs.models import Run, RunItem
from screener.models import Team


def create_run(
    team: Team,
    kind: str,
    label: str,
    item_keys: Iterable[str],
    *,
    user: AbstractBaseUser | None = None,
    params: dict | None = None,
) -> Run:
    """Create a queued Run with one pending RunItem per key (duplicates collapse)."""
    keys = list(dict.fromkeys(str(k) for k in item_keys))
    with transaction.atomic():
        run = Run.objects.create(
            team=team,
            kind=kind,
            label=label,
            total=len(keys),
            created_by=user,
            params=params or {},
        )
        RunItem.objects.bulk_create([RunItem(run=run, key=k) for k in keys])
    return run


def mark_run_started(run_id: int) -> bool:
    """Move a queued/waiting Run to running; False if it was paused, cancelled or finished."""
    startable = [Run.Status.QUEUED, Run.Status.WAITING_FOR_QUOTA, Run.Status.RUNNING]
    updated = Run.objects.filter(id=run_id, status__in=startable).update(
        status=Run.Status.RUNNING, resume_at=None, status_reason=""
    )
    Run.objects.filter(id=run_id, started_at__isnull=True).update(started_at=timezone.now())
    return updated == 1


def claim_items(run_id: int, limit: int = 1) -> list[RunItem]:
    """Claim up to ``limit`` pending items of a running Run (skip-locked: never shared).

    Only the item rows are locked (``of=self``): locking the joined Run row too would make
    a worker see "nothing left" whenever another one is recording a result on the Run.
    """
    with transaction.atomic():
        ids = list(
            RunItem.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(run_id=run_id, status=RunItem.Status.PENDING, run__status=Run.Status.RUNNING)
            .order_by("id")
            .values_list("id", flat=True)[:limit]
        )
        RunItem.objects.filter(id__in=ids).update(
            status=RunItem.Status.RUNNING, attempts=F("attempts") + 1, claimed_at=timezone.now()
        )
    return list(RunItem.objects.filter(id__in=ids).order_by("id"))


def claim_next_item(run_id: int) -> RunItem | None:
    """Claim one pending item of a running Run, or None."""
    items = claim_items(run_id, 1)
    return items[0] if items else None


def finish_item(item: RunItem, *, error: str = "") -> None:
    """Record an item's outcome once and count it on its Run (a second call is a no-op)."""
    finish_items([(item, error)])


def finish_items(results: Sequence[tuple[RunItem, str]]) -> None:
    """Settle items of one Run (``(item, error)``; "" means done) in one transaction.

    Each item is counted on its Run once: settling it again is a no-op.
    """
    if not results:
        return
    now = timezone.now()
    done_ids = [item.id for item, error in results if not error]
    with transaction.atomic():
        running = RunItem.objects.filter(status=RunItem.Status.RUNNING)
        done = running.filter(id__in=done_ids).update(
            status=RunItem.Status.DONE, error="", finished_at=now
        )
        failed, last_error = 0, ""
        for item, error in results:
            if error and running.filter(id=item.id).update(
                status=RunItem.Status.FAILED, error=error[:2000], finished_at=now
            ):
                failed, last_error = failed + 1, error[:2000]
        fields: dict[str, object] = {}
        if done:
            fields["done"] = F("done") + done
        if failed:
            fields.update(failed=F("failed") + failed, last_error=last_error)
        if fields:
            Run.objects.filter(id=results[0][0].run_id).update(**fields)


def stale_cutoff() -> datetime:
    """Claims older than this belong to a dead worker: no task runs longer than Q_TIMEOUT."""
    return timezone.now() - timedelta(seconds=settings.RUN_STALE_AFTER)


def requeue_stale_items(run_id: int) -> int:
    """Give back items claimed by a worker that died; returns how many became pending again.

    An item whose worker died ``RUN_ITEM_MAX_ATTEMPTS`` times is failed with that reason
    instead (it may be what kills the worker), so a Run always ends.
    """
    stale = RunItem.objects.filter(
        run_id=run_id, status=RunItem.Status.RUNNING, claimed_at__lt=stale_cutoff()
    )
    limit = settings.RUN_ITEM_MAX_ATTEMPTS
    for item in stale.filter(attempts__gte=limit):
        finish_item(item, error=f"the worker processing this item stopped {limit} times")
    return stale.filter(attempts__lt=limit).update(status=RunItem.Status.PENDING, claimed_at=None)


def oldest_claim(run_id: int) -> datetime | None:
    """When the oldest claim on a running Run's items was made (None: nothing claimed)."""
    return (
        RunItem.objects.filter(
            run_id=run_id, status=RunItem.Status.RUNNING, run__status=Run.Status.RUNNING
        )
        .order_by("claimed_at")
        .values_list("claimed_at", flat=True)
        .first()
    )


def stalled_runs() -> list[int]:
    """Unfinished Runs with open items that no live worker is working on.

    A Run is stalled when it is queued or running and none of its items was claimed or
    settled within ``RUN_STALE_AFTER`` (its task was lost, its worker died, or the database
    went away under it). Queuing another executor for it is always safe.
    """
    cutoff = stale_cutoff()
    open_items = RunItem.objects.filter(
        run=OuterRef("pk"), status__in=[RunItem.Status.PENDING, RunItem.Status.RUNNING]
    )
    recent = RunItem.objects.filter(run=OuterRef("pk")).filter(
        Q(claimed_at__gte=cutoff) | Q(finished_at__gte=cutoff)
    )
    return list(
        Run.objects.filter(status__in=[Run.Status.QUEUED, Run.Status.RUNNING])
        .filter(Exists(open_items), ~Exists(recent))
        .filter(Q(started_at__lt=cutoff) | Q(started_at__isnull=True, created_at__lt=cutoff))
        .values_list("id", flat=True)
    )


def settled_running_runs() -> list[int]:
    """Running Runs whose items are all settled (their executor died before closing them)."""
    open_items = RunItem.objects.filter(
        run=OuterRef("pk"), status__in=[RunItem.Status.PENDING, RunItem.Status.RUNNING]
    )
    return list(
        Run.objects.filter(status=Run.Status.RUNNING)
        .filter(~Exists(open_items))
        .values_list("id", flat=True)
    )


def release_item(item: RunItem) -> None:
    """Give a claimed item back (e.g. the LLM quota ran out): it is not failed, just pending.

    Only this claim of it: once the item was given away as stale and claimed again by
    another worker, the other claim is left alone.
    """
    RunItem.objects.filter(
        id=item.id, status=RunItem.Status.RUNNING, claimed_at=item.claimed_at
    ).update(status=RunItem.Status.PENDING, attempts=F("attempts") - 1, claimed_at=None)


def finish_run_if_complete(run_id: int) -> bool:
    """Mark a running Run done (or failed if every item failed) once no item is open."""
    open_items = RunItem.objects.filter(
        run_id=run_id, status__in=[RunItem.Status.PENDING, RunItem.Status.RUNNING]
    )
    if open_items.exists():
        return False
    run = Run.objects.get(id=run_id)
    status = Run.Status.FAILED if run.total and run.failed == run.total else Run.Status.DONE
    return bool(
        Run.objects.filter(id=run_id, status=Run.Status.RUNNING).update(
            status=status, finished_at=timezone.now()
        )
    )


def set_run_status(run: Run, status: str, *, reason: str = "") -> bool:
    """Pause, resume or cancel a Run from a user action; False when not allowed now.

    ``reason`` (e.g. "by alice") is shown with the new status wherever the Run shows.
    """
    allowed = {
        Run.Status.PAUSED: [Run.Status.QUEUED, Run.Status.RUNNING, Run.Status.WAITING_FOR_QUOTA],
        Run.Status.QUEUED: [Run.Status.PAUSED],
        Run.Status.CANCELLED: [
            Run.Status.QUEUED,
            Run.Status.RUNNING,
            Run.Status.WAITING_FOR_QUOTA,
            Run.Status.PAUSED,
        ],
    }
    if status not in allowed:
        raise ValueError(f"cannot set a run to {status!r} by hand")
    extra = {"finished_at": timezone.now()} if status == Run.Status.CANCELLED else {}
    return bool(
        Run.objects.filter(id=run.id, status__in=allowed[status]).update(
            status=status, status_reason=reason[:200], **extra
        )
    )
