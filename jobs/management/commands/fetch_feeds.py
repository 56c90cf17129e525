"""``fetch_feeds``: fetch the team's feed sources now (what the every-minute schedule does)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jobs import feed_sources, selectors
from screener.command_utils import add_team_argument, resolve_team, table


class Command(BaseCommand):
    help = (
        "Fetch a team's job feed sources now through the SSRF-safe fetcher and import them "
        "(jobs already known are updated, never duplicated); with auto-enrich on, new jobs get "
        "an enrichment Run. By default only due sources; --all fetches every enabled one. "
        "Exits with status 1 when any fetch failed."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_team_argument(parser)
        parser.add_argument("--all", action="store_true", help="also sources not due yet")

    def handle(self, *args: Any, **opts: Any) -> None:
        team = resolve_team(opts["team"])
        sources = selectors.feed_sources_for_team(team).filter(enabled=True)
        if not opts["all"]:
            due = {s.id for s in feed_sources.due_sources(timezone.now())}
            sources = sources.filter(id__in=due)
        fetched = [feed_sources.fetch_source(source) for source in sources]
        if not fetched:
            self.stdout.write("No feed source is due (use --all to fetch them anyway).")
            return
        rows = [
            (s.name, s.last_imported, s.last_duplicates, s.last_rejected, s.last_error or "ok")
            for s in fetched
        ]
        self.stdout.write(table(["feed", "new", "known", "rejected", "result"], rows))
        if any(s.last_error for s in fetched):
            raise CommandError("some feeds could not be fetched (see the result column)")
