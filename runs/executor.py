"""Execute any Run: claim its items and hand them to the handler registered for its kind.

A handler is ``fn(run, item) -> None`` (or a batch handler, see
:func:`batch_run_handler`); it raises to fail the item (the message is recorded), or
raises :class:`PauseRun` / ``QuotaExhausted`` to give the item back and park the Run
until the quota resets; ``NotConfigured`` pauses the Run with the reason shown. Several
workers may execute the same Run at once: items are claimed with ``SKIP LOCKED``.

Crash recovery (README "Scaling out"): a worker task hands its Run over to a fresh task
after ``RUN_TASK_BUDGET`` seconds, reconnects and gives its items back when the database
restarts, and the every-minute watchdog :func:`recover_runs` restarts Runs whose worker
died or whose task the broker lost; claims older than ``RUN_STALE_AFTER`` are retried.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from runs import services
from runs.models import Run, RunItem
from screener.lib.llm.errors import NotConfigured, QuotaExhausted

logger = logging.getLogger(__name__)

Handler = Callable[[Run, RunItem], None]
Report = Callable[[str, str], None]
BatchHandler = Callable[[Run, list[RunItem], Report], None]


@dataclass(frozen=True)
class HandlerSpec:
    fn: Callable[..., None]
    batch_size: int = 1
    batched: bool = False


_HANDLERS: dict[str, HandlerSpec] = {}
# Run.status_reason of a Run the executor stopped (a user's pause or cancel names the user).
NO_LLM_REASON = "no LLM configured"
QUOTA_REASON = "the daily LLM quota is used up"
# The database went away (restart, failover): the work is not at fault, the worker retries.
DATABASE_GONE = (OperationalError, InterfaceError)
WATCHDOG_SCHEDULE = "recover-stalled-runs"


class ItemFailed(Exception):  # noqa: N818 - reads better at call sites
    """An expected, explained failure of one item: recorded with its reason, no traceback."""


class PauseRun(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Stop the Run without failing the current item; resume it at ``resume_at``."""

    def __init__(self, reason: str, resume_at: datetime) -> None:
        super().__init__(reason)
        self.reason = reason
        self.resume_at = resume_at


def run_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register ``fn(run, item)`` as the handler of Runs of ``kind`` (one item at a time)."""

    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = HandlerSpec(fn)
        return fn

    return register


def batch_run_handler(kind: str, batch_size: int) -> Callable[[BatchHandler], BatchHandler]:
    """Register ``fn(run, items, report)`` for Runs of ``kind``, given up to ``batch_size`` items.

    The handler calls ``report(item.key, error)`` for each item as soon as it is settled
    (``error=""`` for success). Items it does not report are failed with a generic reason;
    if it raises, every unreported item fails with that message; if it raises
    :class:`PauseRun` or ``QuotaExhausted``, unreported items are given back, not failed.
    """

    def register(fn: BatchHandler) -> BatchHandler:
        _HANDLERS[kind] = HandlerSpec(fn, batch_size=batch_size, batched=True)
        return fn

    return register


def handler_for(kind: str) -> HandlerSpec:
    """The handler registered for ``kind``; a dotted path (set by code, not users) works too."""
    if kind in _HANDLERS:
        return _HANDLERS[kind]
    if "." in kind:
        return HandlerSpec(import_string(kind))
    raise LookupError(f"no handler registered for runs of kind {kind!r}")


def execute_run(
    run_id: int, on_settled: Report | None = None, *, budget: float | None = None
) -> None:
    """Process every pending item of the Run; safe to call from several workers at once.

    ``on_settled(key, error)`` is called after each item is recorded (commands use it to
    show progress). With a ``budget`` (seconds; the worker task passes RUN_TASK_BUDGET) it
    stops claiming once the budget is spent and queues its own continuation, so the task
    never reaches django-q's timeout; it also survives a database restart: it waits for the
    database, gives back the items it held and queues a continuation.
    """
    started = time.monotonic()
    deadline = None if budget is None else started + budget
    claimed: list[RunItem] = []
    try:
        _execute(run_id, on_settled, deadline, claimed)
    except DATABASE_GONE as exc:
        # Wait for the database while the task is safely below django-q's timeout.
        if deadline is None or not _await_database(started + 0.9 * settings.Q_TIMEOUT):
            raise
        logger.warning("run %s: database connection lost (%s); continuing", run_id, exc)
        for item in claimed:
            services.release_item(item)
        enqueue_run(Run.objects.get(id=run_id))


def _execute(
    run_id: int, on_settled: Report | None, deadline: float | None, claimed: list[RunItem]
) -> None:
    if not services.mark_run_started(run_id):
        return
    services.requeue_stale_items(run_id)
    run = Run.objects.get(id=run_id)
    spec = handler_for(run.kind)
    while True:
        if deadline is not None and time.monotonic() >= deadline:
            enqueue_run(run)  # a fresh task continues: this one must end before its timeout
            return
        claimed[:] = services.claim_items(run_id, spec.batch_size)
        if claimed:
            if not _process(run, spec, claimed, on_settled):
                return
            continue
        if services.requeue_stale_items(run_id) or _wait_for_other_claims(run_id, deadline):
            continue
        services.finish_run_if_complete(run_id)
        return


def _wait_for_other_claims(run_id: int, deadline: float | None) -> bool:
    """True (after a short sleep) when another worker's claim may still settle or go stale
    before ``deadline``: waiting then lets this task finish the Run or take the items over.

    False when nothing is claimed, or the claim would outlive this task: the stalled-run
    watchdog (:func:`recover_runs`) takes over if that worker is dead.
    """
    oldest = services.oldest_claim(run_id)
    if oldest is None or deadline is None:
        return False
    stale_in = (oldest - services.stale_cutoff()).total_seconds()
    if stale_in > deadline - time.monotonic():
        return False
    time.sleep(min(1.0, max(0.05, stale_in)))
    return True


def _await_database(until: float) -> bool:
    """Reconnect to the database, retrying until the monotonic time ``until``."""
    while True:
        connection.close()
        try:
            connection.ensure_connection()
            return True
        except DATABASE_GONE:
            if time.monotonic() >= until:
                return False
            time.sleep(1.0)


def recover_runs() -> list[int]:
    """Watchdog (scheduled every minute): restart Runs whose workers died or whose task was
    lost, and close running Runs whose items are all settled. Returns the restarted ids.
    """
    for run_id in services.settled_running_runs():
        services.finish_run_if_complete(run_id)
    stalled = services.stalled_runs()
    for run_id in stalled:
        logger.warning("run %s looks stalled (no live worker); queuing an executor", run_id)
        services.requeue_stale_items(run_id)
        enqueue_run(Run.objects.get(id=run_id))
    return stalled


def ensure_watchdog() -> None:
    """Create the every-minute schedule of :func:`recover_runs` unless it exists."""
    ensure_schedule(WATCHDOG_SCHEDULE, "runs.tasks.recover_runs", minutes=1)


def ensure_schedule(name: str, func: str, *, minutes: int) -> None:
    """Create the django-q2 schedule ``name`` calling ``func`` every ``minutes``, forever,
    unless a schedule of that name exists (created after ``migrate``; idempotent)."""
    from django_q.models import Schedule

    Schedule.objects.get_or_create(
        name=name,
        defaults={
            "func": func,
            "schedule_type": Schedule.MINUTES,
            "minutes": minutes,
            "repeats": -1,
        },
    )


def _process(
    run: Run, spec: HandlerSpec, items: list[RunItem], on_settled: Report | None = None
) -> bool:
    """Hand claimed items to the handler and settle each once; False when the Run must stop.

    A batch handler's reports are settled together when it returns (or stops), in one
    transaction: a chunk of 200 screened resumes costs a few queries, not 400.
    """
    unsettled = {item.key: item for item in items}
    reported: list[tuple[RunItem, str]] = []

    def report(key: str, error: str = "") -> None:
        if (item := unsettled.pop(key, None)) is not None:
            reported.append((item, error))
            if not spec.batched:
                flush()

    def flush() -> None:
        services.finish_items(reported)
        if on_settled is not None:
            for item, error in reported:
                on_settled(item.key, error)
        reported.clear()

    try:
        if spec.batched:
            spec.fn(run, items, report)
        else:
            for item in items:
                _process_one(spec.fn, run, item, report)
    except DATABASE_GONE:
        raise  # not the items' fault: execute_run gives them back once the database is up
    except (PauseRun, QuotaExhausted, NotConfigured) as stop:
        flush()
        for item in unsettled.values():
            services.release_item(item)
        _stop_run(run.id, stop)
        return False
    except Exception as exc:  # one bad batch never fails the Run
        logger.warning("run %s batch failed: %s", run.id, exc, exc_info=True)
        for key in list(unsettled):
            report(key, str(exc) or type(exc).__name__)
    for key in list(unsettled):
        report(key, "the handler produced no result for this item")
    flush()
    return True


def _process_one(fn: Handler, run: Run, item: RunItem, report: Report) -> None:
    try:
        fn(run, item)
    except (PauseRun, QuotaExhausted, NotConfigured, *DATABASE_GONE):
        raise
    except ItemFailed as exc:
        logger.info("run %s item %s failed: %s", run.id, item.key, exc)
        report(item.key, str(exc))
    except Exception as exc:  # one bad item never fails the batch
        logger.warning("run %s item %s failed: %s", run.id, item.key, exc, exc_info=True)
        report(item.key, str(exc) or type(exc).__name__)
    else:
        report(item.key, "")


def _stop_run(run_id: int, stop: Exception) -> None:
    """Quota: wait and resume by itself. Not configured: pause with the reason shown."""
    if isinstance(stop, NotConfigured):
        Run.objects.filter(id=run_id, status=Run.Status.RUNNING).update(
            status=Run.Status.PAUSED, last_error=str(stop), status_reason=NO_LLM_REASON
        )
        return
    resume_at = stop.resume_at
    _wait_for_quota(run_id, PauseRun(str(stop), resume_at))


def _wait_for_quota(run_id: int, pause: PauseRun) -> None:
    """Park the Run until ``resume_at`` and schedule its resumption."""
    moved = Run.objects.filter(id=run_id, status=Run.Status.RUNNING).update(
        status=Run.Status.WAITING_FOR_QUOTA,
        resume_at=pause.resume_at,
        last_error=pause.reason,
        status_reason=QUOTA_REASON,
    )
    if moved:
        logger.info("run %s waits for quota until %s", run_id, pause.resume_at.isoformat())
        schedule_resume(run_id, pause.resume_at)


def schedule_resume(run_id: int, when: datetime) -> None:
    """Schedule a one-off django-q2 task that resumes the Run at ``when``."""
    from django_q.models import Schedule

    Schedule.objects.create(
        name=f"resume-run-{run_id}-{int(when.timestamp())}",
        func="runs.tasks.resume_run",
        args=str(run_id),
        schedule_type=Schedule.ONCE,
        next_run=max(when, timezone.now()),
        repeats=1,
    )


def enqueue_run(run: Run, *, workers: int = 1) -> None:
    """Queue ``workers`` copies of the executor after the current transaction commits."""
    from django_q.tasks import async_task

    def send() -> None:
        for _ in range(max(1, min(workers, run.total or 1))):
            async_task("runs.tasks.execute_run", run.id, group=f"run-{run.id}")

    transaction.on_commit(send)


def resume_run(run_id: int) -> bool:
    """Make a waiting/paused Run runnable again and queue it; False if it cannot resume."""
    moved = Run.objects.filter(
        id=run_id, status__in=[Run.Status.WAITING_FOR_QUOTA, Run.Status.PAUSED]
    ).update(status=Run.Status.QUEUED, resume_at=None, status_reason="")
    if not moved:
        return False
    enqueue_run(Run.objects.get(id=run_id))
    return True
