"""Ranks do not depend on who computed them: real qcluster workers, 1 or 2 of them, or inline.

Each pass embeds the resumes afresh (stored vectors are cleared between passes) with the
real MiniLM embedder, in whatever chunks the workers claim, so the test covers the float
path across processes and batch compositions as well as the rank's tie-breaking.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from resumes.models import Resume
from runs.models import Run
from screening import services as svc
from screening.models import Candidate
from tests.screening.fakes import demo_text, make_job, make_resume

ROOT = Path(__file__).resolve().parents[2]
FILES = [
    "01_daniel-okafor_senior-backend-engineer.pdf",
    "02_mei-lin-chen_junior-python-developer.txt",
    "03_robert-lindqvist_principal-software-engineer.docx",
    "09_hannah-kowalski_site-reliability-engineer.txt",
    "12_kevin-obrien_full-stack-developer.docx",
    "13_elena-popescu_lead-data-engineer.html",
    "14_jordan-ellis_data-analyst.txt",
    "15_jordan-ellis_data-analyst.txt",  # the same person twice: a tie on every component
    "19_tyrone-jackson_registered-nurse.txt",
    "23_diego-ramirez_account-executive.txt",
    "27_jose-muller_mechanical-engineer.txt",
    "33_noah-fischer_computer-science-graduate.docx",
]


def _start_worker(workers: int, chunk: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "EMBEDDED_PG_DB": connection.settings_dict["NAME"],
        "Q_WORKERS": str(workers),
        "SCREENING_CHUNK": str(chunk),
        "SCREENING_EMBEDDER": "",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def _wait_done(run_id: int, timeout: float = 240) -> Run:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = Run.objects.get(id=run_id)
        if run.is_finished:
            return run
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} did not finish: {Run.objects.get(id=run_id).status}")


def _ranking(job) -> list[tuple[str, int | None, float | None, str]]:  # noqa: ANN001
    rows = Candidate.objects.filter(job=job).select_related("resume").order_by("rank", "id")
    return [(c.resume.source_ref, c.rank, c.score, c.status) for c in rows]


@pytest.mark.slow
def test_it_ranks_identically_with_one_or_two_real_workers_and_inline(transactional_db, team):  # noqa: ANN001, ANN201
    resumes = [make_resume(team, demo_text(name), filename=name) for name in FILES]
    ids = [r.id for r in resumes]
    rankings = []
    for workers, chunk in [(1, 12), (2, 3)]:
        Resume.objects.update(embedding=None)  # each pass embeds in its own chunks
        job = make_job(team, external_id=f"w{workers}")
        proc = _start_worker(workers, chunk)
        try:
            batch = svc.create_batch(team, job, ids)
            run = _wait_done(batch.run_id)
        finally:
            _stop(proc)
        assert (run.status, run.done, run.failed) == (Run.Status.DONE, len(ids), 0)
        rankings.append(_ranking(job))
    Resume.objects.update(embedding=None)
    job = make_job(team, external_id="inline")
    for _ in svc.iter_batch_inline(svc.create_batch(team, job, ids, enqueue=False), chunk=5):
        pass
    rankings.append(_ranking(job))

    assert rankings[0] == rankings[1] == rankings[2]
    assert len(rankings[0]) == len(FILES) == Candidate.objects.filter(job=job).count()
    scored = [r for r in rankings[0] if r[1] is not None]
    assert [r[1] for r in scored] == list(range(1, len(scored) + 1))  # no shared ranks
