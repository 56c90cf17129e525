"""`kill -9` a real qcluster in the middle of a Run, start a new one: every item ends done
exactly once, with the ORM broker (re-delivery) and with Redis (the watchdog)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

from jobs import services as job_services
from jobs.models import JobPosting
from jobs.prompts import PURPOSE
from runs import executor as runs
from runs.models import Run, RunItem
from screener.models import Team
from screening import services as screening_services
from screening.models import Candidate
from tests.fakes.groq_server import FakeGroqServer
from tests.jobs.conftest import jobs_in_request, make_job, packed_answer
from tests.reliability.helpers import FAST_RECOVERY, SLOW_EMBEDDER, Worker, manage, wait_for
from tests.screening.fakes import make_job as make_screening_job
from tests.screening.fakes import make_resume

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SKILLS = ["Python", "Django", "PostgreSQL", "Docker", "Kubernetes", "AWS", "Go", "React"]


def worker_env(**extra: str) -> dict[str, str]:
    """The environment of a test worker: the test database, fast crash recovery."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        EMBEDDED_PG_DB=connection.settings_dict["NAME"],
        Q_WORKERS="2",
        SCREENING_CHUNK="5",
        SCREENING_EMBEDDER=SLOW_EMBEDDER,
        **FAST_RECOVERY,
        **extra,
    )
    return env


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[Worker]]:
    """Workers started by a test; whatever is still running is stopped afterwards."""
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.crash()  # the test is over: no need to wait for a graceful stop


def synthetic_resume_text(i: int) -> str:
    skills = ", ".join(SKILLS[j % len(SKILLS)] for j in range(i % 5 + 1))
    return (
        f"Backend Engineer {i}\nSKILLS\n{skills}\nEXPERIENCE\n"
        f"Backend Engineer, Company {i}\nJan {2010 + i % 12} – Present\n"
        f"– Built services in {skills}.\n"
    )


def _crash_at_a_third(run_id: int, worker: Worker) -> set[str]:
    """Kill the worker once a third of the Run is done; the keys settled before the crash."""
    total = Run.objects.get(id=run_id).total
    assert wait_for(lambda: Run.objects.get(id=run_id).done >= total // 3, timeout=60), (
        "the worker made no progress: " + worker.log.read_text()[-2000:]
    )
    worker.crash()
    run = Run.objects.get(id=run_id)
    assert run.status == Run.Status.RUNNING and run.done < total, "crashed too late to matter"
    in_flight = RunItem.objects.filter(run_id=run_id, status="running")
    assert in_flight.exists(), "no item was in flight: the crash tested nothing"
    return set(RunItem.objects.filter(run_id=run_id, status="done").values_list("key", flat=True))


def _assert_each_item_done_once(run_id: int, settled_before: set[str]) -> None:
    run = Run.objects.get(id=run_id)
    assert (run.status, run.done, run.failed) == (Run.Status.DONE, run.total, 0)
    items = RunItem.objects.filter(run_id=run_id)
    assert set(items.values_list("status", flat=True)) == {"done"}
    # Items settled before the crash were never claimed again.
    assert set(items.filter(key__in=settled_before).values_list("attempts", flat=True)) == {1}


@pytest.mark.parametrize("broker", ["orm", "redis"])
def test_it_finishes_a_200_resume_screening_after_a_worker_is_killed(
    broker: str, team: Team, workers: list[Worker], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    job = make_screening_job(team)
    resumes = [make_resume(team, synthetic_resume_text(i), filename=f"{i}.txt") for i in range(200)]
    env = worker_env()
    if broker == "redis":
        # The session's own redis-server (requested only here, so the ORM case never skips).
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
        runs.ensure_watchdog()  # a Redis task in flight is lost with its worker
    batch = screening_services.create_batch(team, job, [r.id for r in resumes], enqueue=False)
    enqueue = (
        "from runs.executor import enqueue_run; from runs.models import Run; "
        f"enqueue_run(Run.objects.get(id={batch.run_id}), workers=2)"
    )
    workers.append(Worker(env, tmp_path / "first.log").start())
    manage(env, "shell", "-c", enqueue)

    settled = _crash_at_a_third(batch.run_id, workers[0])
    workers.append(Worker(env, tmp_path / "second.log").start())
    assert wait_for(
        lambda: Run.objects.get(id=batch.run_id).status == Run.Status.DONE, timeout=90
    ), "the Run did not finish after the restart: " + workers[1].log.read_text()[-3000:]

    _assert_each_item_done_once(batch.run_id, settled)
    candidates = Candidate.objects.filter(job=job)
    assert candidates.count() == 200
    assert candidates.values("resume").distinct().count() == 200
    assert sorted(candidates.values_list("rank", flat=True)) == list(range(1, 201))


def _answer_slowly(body: dict) -> dict:
    import time

    time.sleep(0.4)
    return packed_answer(body)


def test_it_finishes_an_enrichment_run_after_a_worker_is_killed(
    team: Team, workers: list[Worker], tmp_path: Path
) -> None:
    jobs = [make_job(team, f"e{i}", position=f"Backend Engineer {i}") for i in range(48)]
    with FakeGroqServer(rpm=None, rpd=None, tpm=None, tpd=None) as groq:
        groq.set_responder(PURPOSE, _answer_slowly)
        env = worker_env(
            GROQ_API_KEY="test-key",
            LLM_BASE_URL=f"{groq.base_url}/openai/v1",
            LLM_MODEL="openai/gpt-oss-20b",
            LLM_RPM="1000",
            LLM_RPD="100000",
            LLM_TPM="1000000",
            LLM_TPD="10000000",
            LLM_TIMEOUT="5",
        )
        workers.append(Worker(env, tmp_path / "first.log").start())
        run = job_services.start_enrichment(team, workers=2)
        assert run is not None and run.total == 48

        settled = _crash_at_a_third(run.id, workers[0])
        workers.append(Worker(env, tmp_path / "second.log").start())
        assert wait_for(lambda: Run.objects.get(id=run.id).status == Run.Status.DONE, timeout=90), (
            "the Run did not finish after the restart: " + workers[1].log.read_text()[-3000:]
        )
        answered = [r for r in groq.completions(PURPOSE) if r.status == 200]

    _assert_each_item_done_once(run.id, settled)
    sent: dict[int, int] = {}
    for record in answered:
        for job_id, _ in jobs_in_request(record.body):
            sent[job_id] = sent.get(job_id, 0) + 1
    assert set(sent) == {job.id for job in jobs}
    # A job settled before the crash was sent exactly once; one in flight at most twice.
    assert {sent[int(key)] for key in settled} == {1}
    assert max(sent.values()) <= 2
    stored = JobPosting.objects.filter(team=team).values("enrichment_status")
    assert list(stored.annotate(n=Count("id"))) == [{"enrichment_status": "done", "n": 48}]
