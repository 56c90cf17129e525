"""Runs: claiming items, counting, pausing for quota, user actions, the progress fragment."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from runs import executor as runs
from runs import services
from runs.models import Run, RunItem

HANDLER = "tests.core.q_helpers.noop_handler"


def test_it_counts_done_and_failed_items_and_finishes(team) -> None:
    run = services.create_run(team, HANDLER, "mixed", ["a", "bad", "c", "a"])
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert (run.total, run.done, run.failed, run.status) == (3, 2, 1, Run.Status.DONE)
    assert run.last_error == "bad item"
    assert RunItem.objects.get(run=run, key="bad").error == "bad item"


def test_it_marks_a_run_failed_when_every_item_failed(team) -> None:
    run = services.create_run(team, HANDLER, "all bad", ["bad"])
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED


def test_it_never_counts_an_item_twice(team) -> None:
    run = services.create_run(team, HANDLER, "once", ["a"])
    services.mark_run_started(run.id)
    item = services.claim_next_item(run.id)
    services.finish_item(item)
    services.finish_item(item)
    assert services.claim_next_item(run.id) is None
    run.refresh_from_db()
    assert run.done == 1


def test_it_settles_a_chunk_at_once_and_never_twice(team) -> None:
    run = services.create_run(team, HANDLER, "chunk", ["a", "b", "c", "d"])
    services.mark_run_started(run.id)
    a, b, c = services.claim_items(run.id, 3)
    results = [(a, ""), (b, "unreadable"), (c, "")]
    services.finish_items(results)
    services.finish_items(results)  # a retried task reports the same chunk again
    run.refresh_from_db()
    assert (run.done, run.failed, run.last_error) == (2, 1, "unreadable")
    statuses = dict(RunItem.objects.filter(run=run).values_list("key", "status"))
    assert statuses == {"a": "done", "b": "failed", "c": "done", "d": "pending"}


def test_it_does_not_process_a_paused_or_cancelled_run(team) -> None:
    run = services.create_run(team, HANDLER, "paused", ["a", "b"])
    assert services.set_run_status(run, Run.Status.PAUSED)
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert (run.status, run.done) == (Run.Status.PAUSED, 0)
    assert services.set_run_status(run, Run.Status.CANCELLED)
    assert not runs.resume_run(run.id)


def test_it_waits_for_quota_without_failing_the_item_and_schedules_resume(
    team, monkeypatch
) -> None:
    resume_at = timezone.now() + timedelta(minutes=7)

    def out_of_quota(run: Run, item: RunItem) -> None:
        if item.key == "b":
            raise runs.PauseRun("daily token quota used up", resume_at)

    monkeypatch.setitem(runs._HANDLERS, "quota-test", runs.HandlerSpec(out_of_quota))
    run = services.create_run(team, "quota-test", "quota", ["a", "b", "c"])
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert run.status == Run.Status.WAITING_FOR_QUOTA
    assert (run.done, run.failed) == (1, 0)
    assert RunItem.objects.get(run=run, key="b").status == RunItem.Status.PENDING
    schedule = Schedule.objects.get(func="runs.tasks.resume_run", args=str(run.id))
    assert abs((schedule.next_run - resume_at).total_seconds()) < 1

    monkeypatch.setitem(runs._HANDLERS, "quota-test", runs.HandlerSpec(lambda run, item: None))
    assert runs.resume_run(run.id)  # what the scheduled task calls; the queue is synchronous
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert (run.status, run.done, run.failed) == (Run.Status.DONE, 3, 0)


def test_it_requeues_items_claimed_by_a_dead_worker(team) -> None:
    run = services.create_run(team, HANDLER, "crash", ["a", "b"])
    services.mark_run_started(run.id)
    item = services.claim_next_item(run.id)
    RunItem.objects.filter(id=item.id).update(claimed_at=timezone.now() - timedelta(hours=2))
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert (run.status, run.done) == (Run.Status.DONE, 2)


def test_it_polls_progress_and_stops_polling_with_286_when_finished(auth_client, team) -> None:
    run = Run.objects.create(team=team, kind="k", label="live", total=4, done=1)
    url = reverse("runs:status", args=[run.id])
    running = auth_client.get(url, headers={"HX-Request": "true"})
    assert running.status_code == 200
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert 'value="25"' in running.content.decode()
    Run.objects.filter(id=run.id).update(status=Run.Status.DONE, done=4)
    finished = auth_client.get(url, headers={"HX-Request": "true"})
    assert finished.status_code == 286
    assert "every 1s" not in finished.content.decode()


def test_it_lets_a_user_pause_and_cancel_from_the_page(auth_client, team) -> None:
    run = Run.objects.create(team=team, kind="k", label="mine", status=Run.Status.RUNNING)
    auth_client.post(reverse("runs:action", args=[run.id, "pause"]))
    run.refresh_from_db()
    assert run.status == Run.Status.PAUSED
    auth_client.post(reverse("runs:action", args=[run.id, "cancel"]))
    run.refresh_from_db()
    assert run.status == Run.Status.CANCELLED
    response = auth_client.post(reverse("runs:action", args=[run.id, "pause"]), follow=True)
    assert "Cannot pause" in response.content.decode()


def test_it_redirects_to_a_local_next_after_an_action(auth_client, team) -> None:
    run = Run.objects.create(team=team, kind="k", label="mine", status=Run.Status.RUNNING)
    url = reverse("runs:action", args=[run.id, "pause"])
    response = auth_client.post(url, {"next": "/jobs/?page=2"})
    assert (response.status_code, response["Location"]) == (302, "/jobs/?page=2")


def test_it_never_redirects_to_another_site_after_an_action(auth_client, team) -> None:
    run = Run.objects.create(team=team, kind="k", label="mine", status=Run.Status.RUNNING)
    url = reverse("runs:action", args=[run.id, "pause"])
    for hostile in (
        "https://evil.example/",
        "//evil.example/x",
        "javascript:alert(1)",
        "/\\evil.example",
    ):
        response = auth_client.post(url, {"next": hostile})
        assert response.status_code == 302
        assert response["Location"] == reverse("dashboard"), hostile


def test_it_settles_each_item_of_a_batch_handler_once(team, monkeypatch) -> None:
    def batch(run: Run, items: list[RunItem], report) -> None:  # noqa: ANN001
        assert len(items) <= 2
        for item in items:
            if item.key == "skip":
                continue  # not reported: failed with a generic reason
            report(item.key, "bad" if item.key == "b" else "")

    monkeypatch.setitem(runs._HANDLERS, "batch-test", runs.HandlerSpec(batch, 2, True))
    run = services.create_run(team, "batch-test", "batch", ["a", "b", "skip", "d", "e"])
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert (run.done, run.failed, run.status) == (3, 2, Run.Status.DONE)
    assert "no result" in RunItem.objects.get(run=run, key="skip").error


def test_it_gives_back_unreported_items_when_a_batch_hits_the_quota(team, monkeypatch) -> None:
    from screener.lib.llm.errors import QuotaExhausted

    def batch(run: Run, items: list[RunItem], report) -> None:  # noqa: ANN001
        report(items[0].key, "")
        raise QuotaExhausted("daily limit", timezone.now() + timedelta(minutes=5))

    monkeypatch.setitem(runs._HANDLERS, "batch-quota", runs.HandlerSpec(batch, 3, True))
    run = services.create_run(team, "batch-quota", "batch", ["a", "b", "c"])
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert (run.status, run.done, run.failed) == (Run.Status.WAITING_FOR_QUOTA, 1, 0)
    assert RunItem.objects.filter(run=run, status=RunItem.Status.PENDING).count() == 2


def test_it_pauses_with_the_reason_when_the_llm_is_not_configured(team, monkeypatch) -> None:
    from screener.lib.llm.errors import NotConfigured

    def needs_llm(run: Run, item: RunItem) -> None:
        raise NotConfigured("LLM features need GROQ_API_KEY")

    monkeypatch.setitem(runs._HANDLERS, "needs-llm", runs.HandlerSpec(needs_llm))
    run = services.create_run(team, "needs-llm", "llm", ["a", "b"])
    runs.execute_run(run.id)
    run.refresh_from_db()
    assert (run.status, run.failed) == (Run.Status.PAUSED, 0)
    assert "GROQ_API_KEY" in run.last_error
    assert RunItem.objects.filter(run=run, status=RunItem.Status.PENDING).count() == 2


def test_it_records_an_explained_item_failure_without_a_traceback(
    team, monkeypatch, caplog
) -> None:
    def explained(run: Run, item: RunItem) -> None:
        if item.key == "scan":
            raise runs.ItemFailed("no readable text: the LLM cannot recover it")
        raise KeyError("surprise")

    monkeypatch.setitem(runs._HANDLERS, "explained", runs.HandlerSpec(explained))
    run = services.create_run(team, "explained", "mixed", ["scan", "bug"])
    with caplog.at_level("INFO", logger="runs.executor"):
        runs.execute_run(run.id)
    errors = dict(RunItem.objects.filter(run=run).values_list("key", "error"))
    assert errors == {"scan": "no readable text: the LLM cannot recover it", "bug": "'surprise'"}
    by_item = {r.getMessage().split(" failed")[0]: r for r in caplog.records if "failed" in r.msg}
    assert by_item[f"run {run.id} item scan"].exc_info is None  # expected: one line
    assert by_item[f"run {run.id} item bug"].exc_info is not None  # a bug: full traceback
