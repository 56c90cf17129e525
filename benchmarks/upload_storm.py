"""Upload storm: 500 small resumes uploaded in one go; all processed, memory bounded.

Run from the repo root::

    .venv/bin/python benchmarks/upload_storm.py [--files 500] [--concurrency 2] [--workers 2]
    .venv/bin/python benchmarks/upload_storm.py --mode form --files 100   # the no-script path

Database ``bench_storm`` in the embedded server. gunicorn is started as ``manage.py demo``
starts it (``-w 2``) on 127.0.0.1. Every file is a distinct ~1.2 KB TXT resume (a demo TXT
with a unique reference line).

- ``--mode rows`` (default) posts the files the way the upload page's script does: one file
  per request, ``--concurrency`` requests in flight (the script uses 2), each answered with
  its result row.
- ``--mode form`` posts them all in one request, as the page does without JavaScript.

Afterwards it counts, in the database, the Resume and FailedResume rows of this run's files:
every file must have exactly one outcome (nothing lost, nothing doubled). Prints wall time,
files/s, per-request p50/p95/max, HTTP errors, and the peak RSS of the web server's process
tree (master, workers and their extraction children) sampled every 0.2 s. Uploads queue no
background task (extraction and parsing happen in the request), so no worker is started.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "screener.settings")
os.environ["EMBEDDED_PG_DB"] = "bench_storm"
DB_NAME = "bench_storm"
TEAM = "Benchmark: upload storm"
USER = "storm"


def main() -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--mode", choices=["rows", "form"], default="rows")
    args = parser.parse_args()
    _setup()
    storm(args)


def _setup() -> None:
    from django.core.management import call_command

    from benchmarks.http_common import PASSWORD
    from screener.services import create_team_user

    call_command("migrate", interactive=False, verbosity=0)
    create_team_user(TEAM, USER, PASSWORD)


def _post_row(session, base: str, token: str, name: str, data: bytes) -> tuple[float, str]:  # noqa: ANN001
    headers = {"X-CSRFToken": token, "X-Upload-Row": "1"}
    started = time.perf_counter()
    try:
        response = session.post(
            f"{base}/resumes/upload/",
            files={"files": (name, data, "text/plain")},
            headers=headers,
            timeout=120,
        )
        error = "" if response.status_code == 200 else f"HTTP {response.status_code}"
    except Exception as exc:  # noqa: BLE001 - every failure is reported
        error = repr(exc)
    return (time.perf_counter() - started) * 1000, error


def _post_form(session, base: str, token: str, files: list[tuple[str, bytes]]) -> tuple[float, str]:  # noqa: ANN001
    started = time.perf_counter()
    response = session.post(
        f"{base}/resumes/upload/",
        files=[("files", (name, data, "text/plain")) for name, data in files],
        data={"csrfmiddlewaretoken": token},
        timeout=1200,
    )
    error = "" if response.status_code == 200 else f"HTTP {response.status_code}"
    return (time.perf_counter() - started) * 1000, error


def _outcomes(tag: str) -> tuple[int, int, int]:
    """(files with an outcome, Resume rows, FailedResume rows without a partial resume)."""
    from resumes.models import FailedResume, Resume

    resumes = set(Resume.objects.filter(source_ref__startswith=tag).values_list("source_ref"))
    failed = FailedResume.objects.filter(source_ref__startswith=tag, partial_resume=None)
    failed_refs = set(failed.values_list("source_ref"))
    return len(resumes | failed_refs), len(resumes), len(failed_refs)


def storm(args: argparse.Namespace) -> None:
    from benchmarks.http_common import (
        PeakRSS,
        free_port,
        load_average,
        login,
        median,
        percentile,
        rss_of_tree,
        small_resume,
        start_gunicorn,
        stop,
    )

    tag = f"storm{time.strftime('%H%M%S')}"
    files = [small_resume(i, tag) for i in range(args.files)]
    port = free_port()
    server = start_gunicorn(port, args.workers, 1, DB_NAME)
    base = f"http://127.0.0.1:{port}"
    try:
        session = login(base, USER)
        token = session.cookies.get("csrftoken")
        idle = rss_of_tree(server.pid)
        with PeakRSS(server.pid) as rss:
            started = time.monotonic()
            if args.mode == "rows":
                with ThreadPoolExecutor(args.concurrency) as pool:
                    results = list(pool.map(lambda f: _post_row(session, base, token, *f), files))
            else:
                results = [_post_form(session, base, token, files)]
            wall = time.monotonic() - started
    finally:
        stop(server)
    latencies = [ms for ms, _ in results]
    errors = [e for _, e in results if e]
    with_outcome, resumes, failed = _outcomes(tag)
    print(
        f"\n{args.files} files, mode {args.mode}, concurrency {args.concurrency}, "
        f"gunicorn -w {args.workers}"
    )
    print(f"wall {wall:.1f} s = {args.files / wall:.1f} files/s; {len(results)} requests")
    print(
        f"request ms: p50 {median(latencies):.0f}, p95 {percentile(latencies, 95):.0f}, "
        f"max {max(latencies):.0f}; HTTP errors {len(errors)} {sorted(set(errors))[:3]}"
    )
    print(
        f"outcomes: {with_outcome}/{args.files} files processed "
        f"({resumes} resumes incl. partial, {failed} failed without text); "
        f"lost {args.files - with_outcome}"
    )
    print(
        f"RSS of the web server tree: {idle / 2**20:.0f} MB before, "
        f"peak {rss.peak / 2**20:.0f} MB during the storm"
    )
    print(f"load average at the end: {load_average()}")


if __name__ == "__main__":
    main()
