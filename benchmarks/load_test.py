"""Load test: 20 recruiters at once on a 1,000-candidate batch, through gunicorn on loopback.

Run from the repo root::

    .venv/bin/python benchmarks/load_test.py [--clients 20] [--seconds 60] [--think 0.5]
        [--workers 2] [--threads 1] [--reset] [--only "ranked list"] [--app-dir DIR]

``--only`` runs one action (its server CPU a request is then that page's); ``--app-dir``
serves another checkout against the same data, for a before/after figure, e.g.
``git archive 77f7c79 | tar -x -C /tmp/old`` then ``--app-dir /tmp/old``.

Setup (not timed; database ``bench_load`` in the embedded server, kept between runs,
``--reset`` rebuilds it): one team, 20 recruiter accounts, 60 jobs, 1,000 resume rows (with
384-d vectors, ~1.5 KB text) and one finished screening batch holding 1,000 candidates
(800 ranked, 150 filtered out, 50 unreadable), plus one running Run to poll.

Timed: gunicorn started as ``manage.py demo`` starts it (``-w 2`` by default) on 127.0.0.1;
``--clients`` threads each log in through the login form, then, until ``--seconds`` have
passed, pick a random action, time it, and wait a random 0..2x``--think`` seconds:

- ranked list: a random page of the batch's results (50 per page)   40 %
- progress poll: the running Run's status fragment (htmx header)     25 %
- jobs list / resumes list: a random page                            10 % each
- dashboard                                                          5 %
- upload: one new small TXT resume, as the upload page's script posts it   10 %

Prints, per action: requests, p50 / p95 / max latency (ms) and errors (any status other
than 200, or 286 for a poll that stops, or an exception); the web server's CPU time per
request (robust on a shared machine, where latency is not) and the load average.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "screener.settings")
os.environ["EMBEDDED_PG_DB"] = "bench_load"
DB_NAME = "bench_load"
TEAM = "Benchmark: load"
CANDIDATES = 1000
ACTIONS = [
    ("ranked list", 40),
    ("progress poll", 25),
    ("jobs list", 10),
    ("resumes list", 10),
    ("dashboard", 5),
    ("upload", 10),
]


def main() -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=0.5, help="mean pause between actions")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--only", choices=[name for name, _ in ACTIONS], help="one action only")
    parser.add_argument(
        "--app-dir", type=Path, default=ROOT, help="serve this checkout (before/after figures)"
    )
    args = parser.parse_args()
    targets = seed(args.clients, args.reset)
    run(targets, args)


# --- seeding ----------------------------------------------------------------------------------


def seed(clients: int, reset: bool) -> dict[str, int]:
    """The rows the clients browse (created once, reused); returns the ids they need."""
    from django.core.management import call_command

    from runs.models import Run
    from screener.models import Team
    from screener.services import create_team_user
    from screening.models import ScreeningBatch

    call_command("migrate", interactive=False, verbosity=0)
    if reset:
        Team.objects.filter(name=TEAM).delete()
    for i in range(clients):
        team, _ = create_team_user(TEAM, f"recruiter{i:02d}", "bench-load-password")
    batch = ScreeningBatch.objects.filter(team=team).first()
    if batch is None:
        print("seeding 1,000 candidates…", flush=True)
        batch = _seed_batch(team)
    running = Run.objects.filter(team=team, status=Run.Status.RUNNING).first()
    if running is None:
        running = Run.objects.create(
            team=team, kind="screening", label="Poll me", total=1000, done=400,
            status=Run.Status.RUNNING,
        )  # fmt: skip
    return {"batch": batch.pk, "run": running.pk}


def _seed_batch(team):  # noqa: ANN001, ANN202
    import numpy as np

    from jobs.models import JobPosting
    from resumes.models import Resume
    from runs.models import Run
    from screening.models import Candidate, ScreeningBatch

    rng = np.random.default_rng(7)
    jobs = JobPosting.objects.bulk_create([_job(team, i) for i in range(60)])
    resumes = Resume.objects.bulk_create([_resume(team, i, rng) for i in range(CANDIDATES)])
    run = Run.objects.create(
        team=team, kind="screening", label="Screening 1,000", total=CANDIDATES,
        done=CANDIDATES, status=Run.Status.DONE,
    )  # fmt: skip
    batch = ScreeningBatch.objects.create(team=team, job=jobs[0], run=run)
    batch.resumes.add(*resumes)
    Candidate.objects.bulk_create([_candidate(team, jobs[0], r, i) for i, r in enumerate(resumes)])
    return batch


def _job(team, i: int):  # noqa: ANN001, ANN202
    from jobs.models import JobPosting

    return JobPosting(
        team=team, source="bench", external_id=f"load-{i}", position=f"Backend Engineer {i}",
        company=f"Company {i % 9}", description_text="Python, Django, PostgreSQL. " * 40,
        required_skills=["Python", "Django", "PostgreSQL"], seniority="senior", min_years=3,
    )  # fmt: skip


def _resume(team, i: int, rng):  # noqa: ANN001, ANN202
    import numpy as np

    from resumes.models import Resume

    vector = rng.normal(size=384).astype("float32")
    text = (f"Person {i}\nBackend Engineer\n" + "Built Python services with Django. " * 40)[:1500]
    return Resume(
        team=team, source_ref=f"person-{i}.pdf", text=text, ranking_text=text,
        content_hash=hashlib.sha256(f"load-{i}".encode()).hexdigest(),
        record={"job_role": "Backend Engineer", "experiences": [{"title": "Engineer"}] * 4},
        job_role="Backend Engineer", technical_skills=["Python", "Django", "Docker"] * 3,
        total_years=3 + i % 12, candidate_name=f"Person {i}",
        embedding=vector / np.linalg.norm(vector),
    )  # fmt: skip


def _candidate(team, job, resume, i: int):  # noqa: ANN001, ANN202
    from screening.models import Candidate
    from screening.scoring import COMPONENTS

    status = Candidate.Status.SCORED
    if i >= 800:
        status = Candidate.Status.FILTERED if i < 950 else Candidate.Status.UNREADABLE
    return Candidate(
        team=team, job=job, resume=resume, status=status, passed_prefilter=i < 800,
        score=100 - i / 10, rank=i + 1, components={k: 0.5 for k in COMPONENTS},
        prefilter_reasons=["missing Docker"] if i >= 800 else [],
        flags=[{"code": "job_hopping", "message": "Four jobs in three years"}] * (i % 7 == 0),
        facts={"skills": ["python", "django"] * 20, "years": 5.0},
        explanation={"evidence": {"python": ["Built Python services"] * 5}},
    )  # fmt: skip


# --- the clients ------------------------------------------------------------------------------


class Stats:
    """Latencies (ms) and errors per action, shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    def add(self, action: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.latency[action].append(ms)
            if error:
                self.errors[action].append(error)


def _request(session, base: str, action: str, targets: dict, token: str, n: int):  # noqa: ANN001, ANN202
    from benchmarks.http_common import small_resume

    pages = {"ranked list": 16, "jobs list": 3, "resumes list": 40}
    page = random.randint(1, pages.get(action, 1))
    if action == "ranked list":
        return session.get(f"{base}/screening/{targets['batch']}/?page={page}", timeout=60)
    if action == "progress poll":
        url = f"{base}/runs/{targets['run']}/status/"
        return session.get(url, headers={"HX-Request": "true"}, timeout=60)
    if action in ("jobs list", "resumes list"):
        path = "jobs" if action == "jobs list" else "resumes"
        return session.get(f"{base}/{path}/?page={page}", timeout=60)
    if action == "dashboard":
        return session.get(f"{base}/", timeout=60)
    name, data = small_resume(n, f"load{os.getpid()}-{threading.get_ident()}-{time.time_ns()}")
    headers = {"X-CSRFToken": token, "X-Upload-Row": "1", "Referer": f"{base}/resumes/upload/"}
    files = {"files": (name, data, "text/plain")}
    return session.post(f"{base}/resumes/upload/", files=files, headers=headers, timeout=60)


def _client(base: str, user: str, targets: dict, args, stats: Stats, until: float) -> None:  # noqa: ANN001
    from benchmarks.http_common import login

    session = login(base, user)
    token = session.cookies.get("csrftoken")
    actions = [(n, w) for n, w in ACTIONS if args.only in (None, n)]
    names, weights = zip(*actions, strict=True)
    n = 0
    while time.monotonic() < until:
        action = random.choices(names, weights)[0]
        started = time.perf_counter()
        error = None
        try:
            response = _request(session, base, action, targets, token, n)
            if response.status_code not in (200, 286):
                error = f"{response.status_code} {response.url}"
        except Exception as exc:  # noqa: BLE001 - every failure counts as an error
            error = repr(exc)
        stats.add(action, (time.perf_counter() - started) * 1000, error)
        n += 1
        time.sleep(random.uniform(0, 2 * args.think))


def run(targets: dict[str, int], args: argparse.Namespace) -> None:
    from benchmarks.http_common import (
        PeakRSS,
        cpu_seconds_of_tree,
        free_port,
        load_average,
        median,
        percentile,
        start_gunicorn,
        stop,
    )

    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads, DB_NAME, args.app_dir)
    base = f"http://127.0.0.1:{port}"
    stats = Stats()
    try:
        cpu_before = cpu_seconds_of_tree(server.pid)
        with PeakRSS(server.pid) as rss:
            until = time.monotonic() + args.seconds
            threads = [
                threading.Thread(
                    target=_client,
                    args=(base, f"recruiter{i:02d}", targets, args, stats, until),
                )
                for i in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        server_cpu = cpu_seconds_of_tree(server.pid) - cpu_before
    finally:
        stop(server)
    print(
        f"\n{args.clients} clients, {args.seconds:.0f} s, think {args.think} s, "
        f"gunicorn -w {args.workers} --threads {args.threads}, code {args.app_dir}; peak web RSS "
        f"{rss.peak / 2**20:.0f} MB"
    )
    print(f"{'action':<15}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    total = errors = 0
    for action, _ in ACTIONS:
        values = stats.latency.get(action, [])
        wrong = stats.errors.get(action, [])
        total, errors = total + len(values), errors + len(wrong)
        print(
            f"{action:<15}{len(values):>9}{median(values):>9.0f}{percentile(values, 95):>9.0f}"
            f"{max(values, default=0):>9.0f}{len(wrong):>8}"
        )
        for sample in sorted(set(wrong))[:3]:
            print(f"    e.g. {sample}")
    print(f"total {total} requests ({total / args.seconds:.1f}/s), {errors} errors")
    print(
        f"web server CPU: {server_cpu:.1f} s = {1000 * server_cpu / max(total, 1):.0f} ms per "
        f"request (all actions; includes the extraction children of uploads)"
    )
    print(f"load average at the end: {load_average()}")


if __name__ == "__main__":
    main()
