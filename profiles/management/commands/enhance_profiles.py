"""``enhance_profiles``: enhance a team's candidate profiles with the LLM, as one Run."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from llm.selectors import llm_summary
from profiles import services
from profiles.enhancement import EnhancementSummary
from profiles.models import CandidateProfile
from runs import executor as runs
from runs.models import Run, RunItem
from screener.command_utils import add_team_argument, progress_ticker, resolve_team, table


class Command(BaseCommand):
    help = (
        "Enhance candidate profiles with the LLM: the summary, every experience and every "
        "project of a profile are rewritten in ONE call (split only when too large), each "
        "rewrite checked by the factual guard (no new numbers, dates, names, technologies "
        "or credentials, no emojis or "
        "decorative symbols, a project at most 1,000 characters) and stored as a "
        "proposal next to the untouched original, for a recruiter to accept or reject. "
        "--from-resumes first creates a profile for every parsed resume that has none. "
        "By default the Run is queued for the workers (`manage.py qcluster`); --wait runs it "
        "here with progress and prints per-profile model, calls, tokens, success rates and "
        "latency, and the Run's totals from the LLM call log. Exits with "
        "status 1 when any profile failed."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_team_argument(parser)
        parser.add_argument("--profile", type=int, action="append", help="only this id (repeat)")
        parser.add_argument(
            "--instruction", default="", help='custom emphasis, e.g. "emphasise leadership"'
        )
        parser.add_argument(
            "--from-resumes", action="store_true", help="create missing profiles from resumes"
        )
        parser.add_argument(
            "--create-only", action="store_true", help="with --from-resumes: do not enhance"
        )
        parser.add_argument("--wait", action="store_true", help="run here and print a summary")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        team = resolve_team(opts["team"])
        if opts["from_resumes"]:
            created = services.create_profiles_for_resumes(team)
            self.stdout.write(f"Created {created} profile(s) from resumes.")
            if opts["create_only"]:
                return
        profiles = CandidateProfile.objects.filter(team=team)
        if opts["profile"]:
            profiles = profiles.filter(pk__in=opts["profile"])
        try:
            run = services.start_enhancement(
                team, profiles.values_list("id", flat=True), instruction=opts["instruction"]
            )
        except services.ProfileError as exc:
            raise CommandError(str(exc)) from None
        if not opts["wait"]:
            self.stdout.write(
                f"Queued run {run.id}: {run.label}. Start workers: manage.py qcluster"
            )
            return
        summaries = self._execute(run)
        run.refresh_from_db()
        self._report(run, summaries, opts["json"])

    def _execute(self, run: Run) -> dict[str, EnhancementSummary]:
        """Run the Run here with the workers' executor (same claiming, quota parking)."""
        runs.execute_run(run.id, on_settled=progress_ticker(run.total, "Enhancing", sys.stderr))
        done = RunItem.objects.filter(run=run, status=RunItem.Status.DONE).values_list(
            "key", flat=True
        )
        profiles = CandidateProfile.objects.filter(pk__in=[int(k) for k in done])
        return {str(p.pk): EnhancementSummary.from_json(p.enhancement_summary) for p in profiles}

    def _report(self, run: Run, summaries: dict[str, EnhancementSummary], as_json: bool) -> None:
        failed = {
            i.key: i.error for i in RunItem.objects.filter(run=run, status=RunItem.Status.FAILED)
        }
        if as_json:
            totals = llm_summary(run.llm_calls.all())
            payload = {
                "run": run.id,
                "status": run.status,
                "llm": {
                    "calls": totals.calls,
                    "failed_calls": totals.failed,
                    "rate_limited_calls": totals.rate_limited,
                    "tokens": totals.tokens,
                },
                "profiles": {k: s.as_json() for k, s in summaries.items()},
                "errors": failed,
            }
            self.stdout.write(json.dumps(payload, indent=2))
        else:
            self.stdout.write(table(HEADERS, [_row(key, s) for key, s in summaries.items()]))
            self.stdout.write(f"run {run.id}: {run.get_status_display()}")
            self.stdout.write(_run_totals(run))
            for key, error in failed.items():
                self.stdout.write(f"profile {key}: {error}")
        if run.status in (Run.Status.WAITING_FOR_QUOTA, Run.Status.PAUSED):
            raise CommandError(f"run {run.id} is {run.get_status_display()}: {run.last_error}")
        if failed:
            raise CommandError(f"{len(failed)} profile(s) failed")


HEADERS = [
    "profile",
    "model",
    "requested",
    "enhanced",
    "refused",
    "failed",
    "success",
    "calls",
    "calls ok",
    "tokens",
    "ms",
]


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"


def _row(key: str, s: EnhancementSummary) -> tuple:
    """One profile's line: sections by outcome, then what the LLM call log says."""
    return (
        key,
        s.model or "-",
        s.sections_requested,
        s.sections_enhanced,
        s.sections_refused,
        s.sections_failed,
        _percent(s.section_success_rate),
        s.llm_calls,
        _percent(s.call_success_rate),
        s.prompt_tokens + s.completion_tokens,
        s.latency_ms,
    )


def _run_totals(run: Run) -> str:
    """The whole Run's LLM calls (every attempt, 429s and failures included)."""
    totals = llm_summary(run.llm_calls.all())
    ok = totals.calls - totals.failed - totals.rate_limited
    rate = _percent(ok / totals.calls if totals.calls else None)
    return (
        f"LLM calls: {totals.calls} ({rate} succeeded, {totals.rate_limited} rate-limited, "
        f"{totals.failed} failed), {totals.tokens:,} tokens"
    )
