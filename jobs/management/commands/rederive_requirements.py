"""``rederive_requirements``: re-extract the requirements of jobs the LLM has not enriched.

This was data migration ``jobs/0003``; as a migration it applied whatever the extractor
does on the day it is replayed, so it is a command now, run on purpose after an extractor
change.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from jobs.models import JobPosting
from jobs.services import apply_deterministic_requirements
from screener.command_utils import resolve_team
from screener.models import Team

FIELDS = ["required_skills", "nice_to_have_skills", "min_years", "seniority"]
CHUNK = 1000


class Command(BaseCommand):
    help = (
        "Re-extract skills, minimum years and seniority of the jobs the LLM has not enriched, "
        "with the current extractor (run after an extractor change; enriched jobs keep the "
        "LLM's lists). Every team's jobs unless --team is given."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--team", help="only this team's jobs (default: every team)")

    def handle(self, *args: Any, **opts: Any) -> None:
        team = resolve_team(opts["team"]) if opts["team"] else None
        self.stdout.write(f"{rederive(team)} job(s) got new requirements.")


def rederive(team: Team | None) -> int:
    """Re-extract (in chunks) and save the jobs whose requirements changed; how many did."""
    jobs = JobPosting.objects.exclude(enrichment_status=JobPosting.Enrichment.DONE)
    if team is not None:
        jobs = jobs.filter(team=team)
    changed: list[JobPosting] = []
    total = 0
    for job in jobs.only("id", "position", "description_text", *FIELDS).iterator(CHUNK):
        if _rederived(job):
            changed.append(job)
        if len(changed) == CHUNK:
            total += JobPosting.objects.bulk_update(changed, FIELDS)
            changed = []
    return total + JobPosting.objects.bulk_update(changed, FIELDS)


def _rederived(job: JobPosting) -> bool:
    """Apply today's extractor in memory; True when any requirement field changed."""
    before = [getattr(job, name) for name in FIELDS]
    apply_deterministic_requirements(job)
    return [getattr(job, name) for name in FIELDS] != before
