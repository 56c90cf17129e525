"""Bring up the whole product on this machine: database, demo data, a worker, the web server.

Runs in the foreground; Ctrl-C stops the worker and the web server (the embedded
database keeps running; ``make stop`` stops it). A second ``demo`` while one runs
says where the first one is instead of starting a second copy.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from screener.services import create_team_user

DEMO_TEAM = "Demo Recruiting"
DEMO_USER = "demo"
DEMO_PASSWORD = "screener-demo"

# (command, args) run in order to load the demo data; each later module adds its step.
DEMO_STEPS: list[tuple[str, list[str]]] = [
    ("import_jobs", ["demo_data/jobs/remoteok_feed.json", "--team", "Demo Recruiting"]),
    ("import_resumes", ["demo_data/resumes", "--team", "Demo Recruiting", "--allow-failed"]),
    ("screen", ["--job=1128401", "--resumes", "demo_data/resumes", "--team=Demo Recruiting"]),
    ("enhance_profiles", ["--team", "Demo Recruiting", "--from-resumes", "--create-only"]),
]


class Command(BaseCommand):
    help = "Migrate, load demo data, start a worker and the web server; prints URL and login."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="web server port (8000)")
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument(
            "--no-serve", action="store_true", help="load the data, then exit (no servers)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        pidfile = settings.VAR_DIR / f"demo-{opts['port']}.pid"
        self._refuse_second_copy(pidfile, opts["host"], opts["port"])
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        create_team_user(DEMO_TEAM, DEMO_USER, DEMO_PASSWORD, staff=True)
        for name, step_args in DEMO_STEPS:
            self.stdout.write(f"==> {name} {' '.join(step_args)}")
            call_command(name, *step_args, stdout=self.stdout, stderr=self.stderr)
        if opts["no_serve"]:
            return
        self._serve(pidfile, opts["host"], opts["port"])

    def _refuse_second_copy(self, pidfile: Path, host: str, port: int) -> None:
        if pidfile.exists():
            pid = int(pidfile.read_text().strip() or 0)
            if pid and _alive(pid):
                raise CommandError(
                    f"the demo is already running (pid {pid}) at http://{host}:{port}/ — "
                    "open it, or stop it with `make stop` (or Ctrl-C in its terminal)."
                )
            pidfile.unlink()  # stale: the previous demo crashed or was killed
        if _port_taken(host, port):
            raise CommandError(
                f"port {port} on {host} is used by another program; "
                f"run `make demo PORT={port + 1}` to use another port."
            )

    def _serve(self, pidfile: Path, host: str, port: int) -> None:
        pidfile.write_text(str(os.getpid()))
        # `make stop` sends SIGTERM: stop the worker and web server too, as Ctrl-C does.
        signal.signal(signal.SIGTERM, _interrupt)
        manage = str(settings.BASE_DIR / "manage.py")
        bind = f"{host}:{port}"
        gunicorn = [sys.executable, "-m", "gunicorn", "screener.wsgi", "-b", bind, "-w", "2"]
        children = [
            subprocess.Popen([sys.executable, manage, "qcluster"], cwd=settings.BASE_DIR),
            subprocess.Popen([*gunicorn, "--access-logfile", "-"], cwd=settings.BASE_DIR),
        ]
        try:
            _wait_for_port(host, port, children)
            self.stdout.write(self.style.SUCCESS(f"\nScreener is up: http://{host}:{port}/"))
            self.stdout.write(f"Log in as {DEMO_USER} / {DEMO_PASSWORD}  (Ctrl-C stops it)\n")
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
            raise CommandError("a demo process exited; see the log above")
        except KeyboardInterrupt:
            self.stdout.write("\nstopping the worker and the web server…")
        finally:
            _stop(children)
            pidfile.unlink(missing_ok=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _port_taken(host: str, port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((host, port)) == 0


def _wait_for_port(
    host: str, port: int, children: list[subprocess.Popen], limit: float = 60
) -> None:
    deadline = time.monotonic() + limit
    while not _port_taken(host, port):
        if time.monotonic() > deadline or any(c.poll() is not None for c in children):
            raise CommandError(f"the web server did not start on {host}:{port}")
        time.sleep(0.2)


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
