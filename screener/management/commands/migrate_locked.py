"""``migrate`` under a PostgreSQL advisory lock, for containers that start side by side."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

# Any constant bigint works, as long as every copy of the app uses the same one.
MIGRATION_LOCK_ID = 7_310_011_160


class Command(BaseCommand):
    help = (
        "Wait for the database, then apply migrations while holding a PostgreSQL advisory "
        "lock: of several web containers starting at once, one migrates and the others wait, "
        "then find nothing left to do. The Docker entrypoint's web mode runs it."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--timeout",
            type=float,
            default=300.0,
            help="seconds to wait for the database and then for the lock (default 300)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        deadline = time.monotonic() + opts["timeout"]
        _wait_for_database(deadline)
        with _advisory_lock(deadline):
            call_command("migrate", interactive=False, verbosity=opts["verbosity"])


def _wait_for_database(deadline: float) -> None:
    """Retry connecting until ``deadline``: a database container may still be starting."""
    while True:
        try:
            connection.ensure_connection()
            return
        except OperationalError as exc:
            if time.monotonic() >= deadline:
                raise CommandError(f"the database did not answer in time: {exc}") from exc
            connection.close()
            time.sleep(1)


@contextmanager
def _advisory_lock(deadline: float) -> Iterator[None]:
    """Hold the session-level migration lock on the default connection (migrate uses it too)."""
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [MIGRATION_LOCK_ID])
            if cursor.fetchone()[0]:
                break
            if time.monotonic() >= deadline:
                raise CommandError("another process held the migration lock for too long")
            time.sleep(0.5)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_ID])
