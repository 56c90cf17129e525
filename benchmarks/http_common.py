"""Shared pieces of the HTTP benchmarks (load_test, upload_storm): the web server as
``manage.py demo`` starts it, logged-in ``requests`` sessions, small TXT resumes, RSS sampling.

Import after ``django.setup()``; nothing here touches the network beyond 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
TXT_RESUMES = sorted((ROOT / "demo_data" / "resumes").glob("*.txt"))
PASSWORD = "bench-load-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    port: int, workers: int, threads: int, db_name: str, app_dir: Path = ROOT
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:port as the demo runs it (``-w`` workers, optional threads).

    ``app_dir`` serves another checkout of the code (e.g. an older commit, for a before/after
    figure) against the same embedded server and database.
    """
    from django.conf import settings

    env = os.environ | {
        "EMBEDDED_PG_DB": db_name,
        "EMBEDDED_PG_DIR": str(settings.EMBEDDED_PG_DIR),
        "DJANGO_SETTINGS_MODULE": "screener.settings",
    }
    command = [sys.executable, "-m", "gunicorn", "screener.wsgi", "-b", f"127.0.0.1:{port}"]
    command += ["-w", str(workers), "--threads", str(threads), "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=app_dir, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
            return process
        except requests.ConnectionError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def login(base: str, username: str) -> requests.Session:
    """A session logged in through the real login form (CSRF cookie + token)."""
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    data = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    answer = session.post(f"{base}/accounts/login/", data=data, timeout=30, allow_redirects=False)
    if answer.status_code != 302:
        raise RuntimeError(f"login of {username} failed: {answer.status_code}")
    return session


def small_resume(index: int, tag: str) -> tuple[str, bytes]:
    """A distinct demo TXT resume (~1.2 KB): a reference line makes each one a new document."""
    path = TXT_RESUMES[index % len(TXT_RESUMES)]
    lines = path.read_bytes().split(b"\n")  # some demo files are cp1252: keep their bytes
    lines.insert(5, f"Reference: {tag}-{index:06d}".encode())
    return f"{tag}-{index:06d}-{path.name}", b"\n".join(lines)


def rss_of_tree(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    total = 0
    for child in [pid, *_descendants(pid)]:
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(match.group(1)) * 1024 if match else 0
    return total


def cpu_seconds_of_tree(pid: int) -> float:
    """CPU time (user + system, including reaped children) used so far by a process tree."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for proc in [pid, *_descendants(pid)]:
        try:
            fields = Path(f"/proc/{proc}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += sum(int(v) for v in fields[11:15]) / tick  # utime stime cutime cstime
    return total


def _descendants(pid: int) -> Iterator[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return
    for child in map(int, children):
        yield child
        yield from _descendants(child)


@dataclass
class PeakRSS:
    """Samples the RSS of a process tree every ``interval`` seconds until stopped."""

    pid: int
    interval: float = 0.2
    peak: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> PeakRSS:
        threading.Thread(target=self._sample, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_of_tree(self.pid))
            time.sleep(self.interval)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest-rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def load_average() -> str:
    """The 1/5/15-minute load averages, as ``uptime`` prints them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
