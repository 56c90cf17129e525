"""``enrich_jobs``: enrich a team's jobs with the LLM (packed calls, as one Run)."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jobs import services
from runs import executor as runs
from runs.models import Run, RunItem
from screener.command_utils import add_team_argument, resolve_team, table


class Command(BaseCommand):
    help = (
        "Enrich job postings with the LLM: skills, seniority, minimum years, summary and key "
        "requirements. Several jobs go into one call; jobs whose text was already enriched "
        "with the current prompt are skipped (use --force to redo them). By default the Run "
        "is queued for the workers (`manage.py qcluster`) and its progress shows on the Jobs "
        "page; --wait runs it here and prints a summary. Exits with status 1 when any job failed."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_team_argument(parser)
        parser.add_argument("--force", action="store_true", help="also re-enrich unchanged jobs")
        parser.add_argument("--job", type=int, action="append", help="only this job id (repeat)")
        parser.add_argument(
            "--wait", action="store_true", help="run in this process and print a summary"
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        team = resolve_team(opts["team"])
        if (running := services.active_enrichment_run(team)) is not None:
            raise CommandError(f"run {running.id} ({running.label}) is already {running.status}")
        run = services.start_enrichment(team, job_ids=opts["job"], force=opts["force"])
        if run is None:
            self.stdout.write("Nothing to do: every job is enriched with the current prompt.")
            return
        if not opts["wait"]:
            self.stdout.write(
                f"Queued run {run.id}: {run.label}. Start workers: manage.py qcluster"
            )
            return
        sys.stderr.write(f"{run.label}...\n")
        runs.execute_run(run.id)
        run.refresh_from_db()
        self._summary(run, opts["json"])

    def _summary(self, run: Run, as_json: bool) -> None:
        failed = list(RunItem.objects.filter(run=run, status=RunItem.Status.FAILED).order_by("id"))
        if as_json:
            payload = {
                "run": run.id,
                "status": run.status,
                "done": run.done,
                "failed": run.failed,
                "remaining": run.remaining,
                "errors": {item.key: item.error for item in failed},
            }
            self.stdout.write(json.dumps(payload, indent=2))
        else:
            rows = [("status", run.get_status_display()), ("done", run.done)]
            rows += [("failed", run.failed), ("remaining", run.remaining)]
            self.stdout.write(table(["run " + str(run.id), ""], rows))
            for item in failed:
                self.stdout.write(f"job {item.key}: {item.error}")
        if run.status == Run.Status.WAITING_FOR_QUOTA:
            self.stdout.write(f"Waiting for the LLM quota; resumes at {run.resume_at:%H:%M} UTC.")
        if run.failed:
            raise CommandError(f"{run.failed} job(s) failed")
