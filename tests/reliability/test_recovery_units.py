"""The pieces crash recovery is built from, exercised in-process against the database."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django_q.models import OrmQ, Schedule

from runs import executor as runs
from runs import services
from runs.models import Run, RunItem
from screener.models import Team

pytestmark = pytest.mark.django_db(transaction=True)
NOOP = "tests.core.q_helpers.noop_handler"
DB_DROP = "tests.reliability.helpers.db_drop"


def _queued_executors(run_id: int) -> int:
    """execute_run tasks waiting in the ORM broker for this Run."""
    from django_q.signing import SignedPackage

    tasks = [SignedPackage.loads(row.payload) for row in OrmQ.objects.all()]
    return sum(1 for t in tasks if t["func"] == "runs.tasks.execute_run" and t["args"] == (run_id,))


def _age_claims(run: Run, seconds: float) -> None:
    RunItem.objects.filter(run=run, status="running").update(
        claimed_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_it_claims_items_while_another_worker_holds_the_run_row(team: Team) -> None:
    run = services.create_run(team, NOOP, "shared", ["a", "b"])
    services.mark_run_started(run.id)
    locked, release = threading.Event(), threading.Event()

    def record_a_result() -> None:  # what finish_item does in another worker
        with transaction.atomic():
            Run.objects.select_for_update().get(id=run.id)
            locked.set()
            release.wait(10)
        connection.close()

    other = threading.Thread(target=record_a_result)
    other.start()
    try:
        assert locked.wait(10)
        claimed = services.claim_items(run.id, 1)
    finally:
        release.set()
        other.join()
    assert [item.key for item in claimed] == ["a"]


def test_it_gives_back_dead_claims_and_fails_an_item_that_kept_killing_workers(
    team: Team, settings
) -> None:
    run = services.create_run(team, NOOP, "stale", ["fresh", "dead", "poison"])
    services.mark_run_started(run.id)
    items = {i.key: i for i in services.claim_items(run.id, 3)}
    RunItem.objects.filter(id=items["poison"].id).update(attempts=settings.RUN_ITEM_MAX_ATTEMPTS)
    old = timezone.now() - timedelta(seconds=settings.RUN_STALE_AFTER + 1)
    RunItem.objects.filter(key__in=["dead", "poison"], run=run).update(claimed_at=old)

    assert services.requeue_stale_items(run.id) == 1
    state = dict(RunItem.objects.filter(run=run).values_list("key", "status"))
    assert state == {"fresh": "running", "dead": "pending", "poison": "failed"}
    poison = RunItem.objects.get(run=run, key="poison")
    assert "stopped 3 times" in poison.error
    run.refresh_from_db()
    assert (run.done, run.failed) == (0, 1)


def test_it_does_not_release_a_claim_that_another_worker_took_over(team: Team) -> None:
    run = services.create_run(team, NOOP, "release", ["a"])
    services.mark_run_started(run.id)
    (mine,) = services.claim_items(run.id, 1)
    RunItem.objects.filter(id=mine.id).update(claimed_at=timezone.now() + timedelta(seconds=1))
    services.release_item(mine)  # my claim is gone: the item now belongs to someone else
    assert RunItem.objects.get(id=mine.id).status == "running"


def test_it_hands_over_to_a_new_task_when_the_budget_is_spent(team: Team) -> None:
    run = services.create_run(team, NOOP, "budget", ["a", "b", "c"])
    runs.execute_run(run.id, budget=0.0)
    run.refresh_from_db()
    assert (run.status, run.done) == (Run.Status.RUNNING, 0)  # claimed nothing, started
    assert _queued_executors(run.id) == 1  # ... and queued its continuation
    runs.execute_run(run.id, budget=60.0)
    run.refresh_from_db()
    assert (run.status, run.done) == (Run.Status.DONE, 3)


def test_it_waits_for_a_claim_that_goes_stale_within_its_budget(team: Team, settings) -> None:
    run = services.create_run(team, NOOP, "tail", ["a", "b"])
    services.mark_run_started(run.id)
    services.claim_items(run.id, 1)  # "a": claimed by a worker that then died
    _age_claims(run, settings.RUN_STALE_AFTER - 0.5)
    runs.execute_run(run.id, budget=30.0)
    run.refresh_from_db()
    assert (run.status, run.done, run.failed) == (Run.Status.DONE, 2, 0)
    assert RunItem.objects.get(run=run, key="a").attempts == 2


def test_it_leaves_a_fresh_claim_of_another_worker_alone(team: Team) -> None:
    run = services.create_run(team, NOOP, "fresh", ["a", "b"])
    services.mark_run_started(run.id)
    services.claim_items(run.id, 1)  # "a": another worker is on it
    runs.execute_run(run.id, budget=5.0)  # its claim outlives this task: do not wait
    run.refresh_from_db()
    assert (run.status, run.done) == (Run.Status.RUNNING, 1)
    assert RunItem.objects.get(run=run, key="a").status == "running"


def test_it_restarts_a_stalled_run_and_closes_a_settled_one(team: Team, settings) -> None:
    long_ago = timezone.now() - timedelta(seconds=settings.RUN_STALE_AFTER + 5)
    stalled = services.create_run(team, NOOP, "stalled", ["a", "b"])
    services.mark_run_started(stalled.id)
    services.claim_items(stalled.id, 1)
    _age_claims(stalled, settings.RUN_STALE_AFTER + 5)
    Run.objects.filter(id=stalled.id).update(started_at=long_ago)
    busy = services.create_run(team, NOOP, "busy", ["a", "b"])
    services.mark_run_started(busy.id)
    services.claim_items(busy.id, 1)
    Run.objects.filter(id=busy.id).update(started_at=long_ago)
    settled = services.create_run(team, NOOP, "settled", ["a"])
    services.mark_run_started(settled.id)
    services.finish_item(services.claim_items(settled.id, 1)[0])

    assert runs.recover_runs() == [stalled.id]
    assert _queued_executors(stalled.id) == 1 and _queued_executors(busy.id) == 0
    assert RunItem.objects.get(run=stalled, key="a").status == "pending"
    assert Run.objects.get(id=settled.id).status == Run.Status.DONE


def test_it_schedules_the_watchdog_once(team: Team) -> None:
    runs.ensure_watchdog()
    runs.ensure_watchdog()
    watchdog = Schedule.objects.get(name=runs.WATCHDOG_SCHEDULE)
    assert (watchdog.func, watchdog.schedule_type) == ("runs.tasks.recover_runs", "I")


def test_it_does_not_fail_items_when_the_database_goes_away(team: Team) -> None:
    run = services.create_run(team, DB_DROP, "db", ["a"])
    runs.execute_run(run.id, budget=30.0)  # reconnects, gives the item back, hands over
    item = RunItem.objects.get(run=run)
    assert (item.status, item.attempts, item.error) == ("pending", 0, "")
    assert Run.objects.get(id=run.id).failed == 0
    assert _queued_executors(run.id) == 1


def test_it_lets_a_database_error_propagate_without_a_budget(team: Team) -> None:
    run = services.create_run(team, DB_DROP, "db", ["a"])
    with pytest.raises(OperationalError):
        runs.execute_run(run.id)  # a command: nobody would continue it, so it fails loudly
    assert RunItem.objects.get(run=run).status == "running"
