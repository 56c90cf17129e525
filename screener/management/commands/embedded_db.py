"""Start, stop or inspect the embedded PostgreSQL server (used when DATABASE_URL is unset)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from screener.lib.embedded_pg import EmbeddedDatabaseError, ensure_server, stop_server


class Command(BaseCommand):
    help = "Manage the embedded PostgreSQL server: start | stop | status."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "action",
            choices=["start", "stop", "status"],
            help="start the server (if not running), stop it, or print where it runs",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if settings.DATABASES["default"]["ENGINE"] != "screener.embedded_db":
            raise CommandError("DATABASE_URL is set: the embedded server is not used.")
        pgdata = settings.EMBEDDED_PG_DIR
        if opts["action"] == "stop":
            stopped = stop_server(pgdata)
            self.stdout.write("stopped" if stopped else "not running")
            return
        if opts["action"] == "status" and not (pgdata / "postmaster.pid").exists():
            self.stdout.write(f"not running (data in {pgdata})")
            return
        try:
            address = ensure_server(pgdata)
        except EmbeddedDatabaseError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"running: socket {address.socket_dir}, data {pgdata}")
