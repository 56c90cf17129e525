"""``import_jobs PATH_OR_URL``: import a RemoteOK-shaped JSON feed into a team."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jobs import services
from jobs.feed import FeedError
from screener.command_utils import add_team_argument, resolve_team, table
from screener.lib.fetch import FetchError


class Command(BaseCommand):
    help = (
        "Import job postings from a RemoteOK-shaped JSON feed (a file path, or an http(s) URL "
        "fetched through the SSRF-safe fetcher). The legal notice RemoteOK puts first is "
        "skipped; malformed entries are listed one by one and the rest imported; re-importing "
        "updates jobs with the same id instead of duplicating them. Skills, years and "
        "seniority are extracted from the text at once (no LLM needed); run `enrich_jobs` to "
        "refine them with the LLM. Exits with status 1 when any entry was rejected."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("feed", help="path to a JSON file, or an http(s) URL")
        add_team_argument(parser)
        parser.add_argument(
            "--source", default="remoteok", help="source label; ids are unique per source"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        team = resolve_team(opts["team"])
        data = self._read(opts["feed"])
        try:
            report = services.import_feed(team, data, source=opts["source"])
        except FeedError as exc:
            raise CommandError(f"nothing was imported: {exc}") from None
        if opts["json"]:
            self.stdout.write(json.dumps(_as_dict(report), indent=2))
        else:
            self._print(report)
        if report.problems:
            raise CommandError(
                f"{report.failed} entr{'y' if report.failed == 1 else 'ies'} rejected"
            )

    def _read(self, feed: str) -> bytes:
        if feed.startswith(("http://", "https://")):
            try:
                return services.fetch_feed(feed)
            except FetchError as exc:
                raise CommandError(f"could not fetch the feed: {exc}") from None
        path = Path(feed)
        if not path.is_file():
            raise CommandError(f"no such file: {feed}")
        if path.stat().st_size > settings.JOB_FEED_MAX_BYTES:
            raise CommandError(
                f"nothing was imported: {feed} is larger than {settings.JOB_FEED_MAX_BYTES:,} "
                "bytes (JOB_FEED_MAX_BYTES)"
            )
        return path.read_bytes()

    def _print(self, report: services.ImportReport) -> None:
        rows = [
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
            ("rejected", report.failed),
            ("legal notices skipped", report.notices_skipped),
        ]
        self.stdout.write(table(["result", "jobs"], rows))
        if report.problems:
            self.stdout.write("\nRejected entries:")
            problems = [
                (p.index if p.index >= 0 else "-", p.external_id or "-", p.message)
                for p in report.problems
            ]
            self.stdout.write(table(["entry", "id", "problem"], problems))
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")


def _as_dict(report: services.ImportReport) -> dict[str, Any]:
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.failed,
        "notices_skipped": report.notices_skipped,
        "problems": [
            {"index": p.index, "id": p.external_id, "message": p.message} for p in report.problems
        ],
        "warnings": report.warnings,
    }
