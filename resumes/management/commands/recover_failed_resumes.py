"""``recover_failed_resumes [--dry-run] [--limit N]``: structure failed resumes with the LLM."""

from __future__ import annotations

import dataclasses
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from resumes import recovery
from screener.command_utils import add_team_argument, progress, resolve_team, table
from screener.lib.llm.errors import NotConfigured, QuotaExhausted


class Command(BaseCommand):
    help = (
        "Send each failed resume's text (contact details removed, boilerplate trimmed) to the "
        "LLM and turn it into a full record. With review mode on (RESUME_RECOVERY_REVIEW, the "
        "default) a success waits for a person on the review page; with it off a success "
        "creates or upgrades the Resume and removes the failed entry. A resume still lacking a "
        "summary, skills or work experience stays failed with that reason (nothing is made "
        "up); a URL whose download failed is fetched again first. Rows waiting for review or "
        "rejected in review are left alone. A failure records the reason and the attempt. "
        "--dry-run asks the LLM and shows what would be recovered without changing anything "
        "(answers are cached, so a real run afterwards costs nothing extra). When the daily "
        "LLM quota runs out the command stops cleanly and says when to run it again; the "
        "remaining resumes stay queued. Ends with the totals (total / recovered / failed / "
        "left). Exits with status 1 when any resume was not recovered."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_team_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help="change nothing; show results")
        parser.add_argument("--limit", type=int, default=None, help="at most N failed resumes")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        team = resolve_team(opts["team"])
        queue = recovery.recovery_queue(team).order_by("id")
        ids = list(queue.values_list("id", flat=True)[: opts["limit"]])
        if not ids:
            self.stdout.write("No failed resumes to recover.")
            return
        outcomes: list[recovery.RecoveryOutcome] = []
        stopped = ""
        try:
            for failed_id in progress(ids, len(ids), "recover", self.stderr._out):
                outcomes.append(recovery.recover_failed_resume(failed_id, dry_run=opts["dry_run"]))
        except QuotaExhausted as exc:
            stopped = f"LLM quota used up; run again after {exc.resume_at:%Y-%m-%d %H:%M %Z}"
        except NotConfigured as exc:
            raise CommandError(str(exc)) from None
        self._report(outcomes, opts["json"], stopped, len(ids))
        not_recovered = [o for o in outcomes if o.status == "failed"]
        if not_recovered or stopped:
            raise CommandError(stopped or f"{len(not_recovered)} resume(s) not recovered")

    def _report(
        self, outcomes: list[recovery.RecoveryOutcome], as_json: bool, stopped: str, total: int
    ) -> None:
        totals = recovery.totals_of(outcomes, total)
        if as_json:
            items = [
                {"failed_id": o.failed_id, "status": o.status, "message": o.message}
                for o in outcomes
            ]
            payload = {"items": items, "stopped": stopped, "left": totals.left}
            payload["totals"] = dataclasses.asdict(totals)
            self.stdout.write(json.dumps(payload, indent=2))
            return
        rows = [(o.failed_id, o.status, o.message) for o in outcomes]
        self.stdout.write(table(["failed id", "result", "details"], rows))
        if stopped:
            self.stdout.write(f"\nStopped: {stopped}. {totals.left} left in the queue.")
        self.stdout.write(f"\n{totals}")
        if totals.pending_review:
            self.stdout.write(
                "Recovered resumes wait on the review page until someone accepts them."
            )
