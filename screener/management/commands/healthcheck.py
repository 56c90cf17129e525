"""Exit 0 when this process can reach the database and the task broker, 1 otherwise."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from screener import health


class Command(BaseCommand):
    help = (
        "Check that the database and the task broker answer (what /healthz reports); exit "
        "code 1 when one does not. The worker containers' health check."
    )
    requires_system_checks: list[str] = []  # a probe: fast, and never fails on a warning

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        report = health.report()
        if opts["json"]:
            self.stdout.write(json.dumps(report))
        else:
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in report.items()))
        if report["status"] != health.OK:
            failing = [k for k, v in report.items() if v == health.UNREACHABLE]
            raise CommandError(f"unhealthy: {', '.join(failing)} unreachable")
