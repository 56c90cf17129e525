"""Execute any Run: claim its items one by one and hand each to the handler of its kind.

A handler is ``fn(run, item) -> None``; it raises to fail the item (the message is
recorded) or raises :class:`PauseRun` to give the item back and stop the Run until
``resume_at`` (the LLM daily quota ran out). Several workers may execute the same
Run at once: items are claimed with ``SKIP LOCKED`` so each is processed once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from screener import services
from screener.lib.llm.errors import QuotaExhausted
from screener.models import Run, RunItem

logger = logging.getLogger(__name__)

Handler = Callable[[Run, RunItem], None]
_HANDLERS: dict[str, Handler] = {}


class PauseRun(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Stop the Run without failing the current item; resume it at ``resume_at``."""

    def __init__(self, reason: str, resume_at: datetime) -> None:
        super().__init__(reason)
        self.reason = reason
        self.resume_at = resume_at


def run_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register ``fn`` as the handler of Runs of ``kind``."""

    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        return fn

    return register


def handler_for(kind: str) -> Handler:
    """The handler registered for ``kind``; a dotted path (set by code, not users) works too."""
    if kind in _HANDLERS:
        return _HANDLERS[kind]
    if "." in kind:
        return import_string(kind)
    raise LookupError(f"no handler registered for runs of kind {kind!r}")


def execute_run(run_id: int) -> None:
    """Process every pending item of the Run; safe to call from several workers at once."""
    if not services.mark_run_started(run_id):
        return
    services.requeue_stale_items(run_id)
    run = Run.objects.get(id=run_id)
    handler = handler_for(run.kind)
    while (item := services.claim_next_item(run_id)) is not None:
        try:
            _call_handler(handler, run, item)
        except PauseRun as pause:
            services.release_item(item)
            _wait_for_quota(run_id, pause)
            return
        except Exception as exc:  # one bad item never fails the batch
            logger.warning("run %s item %s failed: %s", run_id, item.key, exc, exc_info=True)
            services.finish_item(item, error=str(exc) or type(exc).__name__)
        else:
            services.finish_item(item)
    services.finish_run_if_complete(run_id)


def _call_handler(handler: Handler, run: Run, item: RunItem) -> None:
    """Run one item; the LLM's daily-quota error pauses the Run instead of failing the item."""
    try:
        handler(run, item)
    except QuotaExhausted as exc:
        raise PauseRun(str(exc), exc.resume_at) from exc


def _wait_for_quota(run_id: int, pause: PauseRun) -> None:
    """Park the Run until ``resume_at`` and schedule its resumption."""
    moved = Run.objects.filter(id=run_id, status=Run.Status.RUNNING).update(
        status=Run.Status.WAITING_FOR_QUOTA, resume_at=pause.resume_at, last_error=pause.reason
    )
    if moved:
        logger.info("run %s waits for quota until %s", run_id, pause.resume_at.isoformat())
        schedule_resume(run_id, pause.resume_at)


def schedule_resume(run_id: int, when: datetime) -> None:
    """Schedule a one-off django-q2 task that resumes the Run at ``when``."""
    from django_q.models import Schedule

    Schedule.objects.create(
        name=f"resume-run-{run_id}-{int(when.timestamp())}",
        func="screener.tasks.resume_run",
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
            async_task("screener.tasks.execute_run", run.id, group=f"run-{run.id}")

    transaction.on_commit(send)


def resume_run(run_id: int) -> bool:
    """Make a waiting/paused Run runnable again and queue it; False if it cannot resume."""
    moved = Run.objects.filter(
        id=run_id, status__in=[Run.Status.WAITING_FOR_QUOTA, Run.Status.PAUSED]
    ).update(status=Run.Status.QUEUED, resume_at=None)
    if not moved:
        return False
    enqueue_run(Run.objects.get(id=run_id))
    return True
