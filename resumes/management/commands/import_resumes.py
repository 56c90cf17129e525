"""``import_resumes PATH...``: import resume files, folders or a file of URLs into a team."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from resumes import services
from resumes.models import Source
from screener.command_utils import add_team_argument, progress, resolve_team, table
from screener.lib.textract import ACCEPTED_EXTENSIONS

_URL_LIST_MAX_LINES = 1000


class Command(BaseCommand):
    help = (
        "Import resumes (PDF, DOCX, TXT, HTML). Each PATH is a file, a folder (searched "
        "recursively for those extensions) or a text file listing http(s) URLs, one per line "
        "(downloaded through the SSRF-safe fetcher). A file already imported (same bytes) is "
        "reported as a duplicate and not stored twice. Files that cannot be read, or whose "
        "required sections are missing, go to the failed queue (see recover_failed_resumes). "
        "Prints a summary; exits with status 1 when any file failed unless --allow-failed."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or URL list")
        add_team_argument(parser)
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument(
            "--allow-failed",
            action="store_true",
            help="exit with status 0 even if some files failed (they stay in the failed queue)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        team = resolve_team(opts["team"])
        targets = list(self._targets(opts["paths"]))
        if not targets:
            raise CommandError("no resume files or URLs found in the given paths")
        outcomes: list[tuple[str, str, str]] = []
        for kind, target in progress(targets, len(targets), "import_resumes", self.stderr._out):
            result = self._ingest(team, kind, target)
            outcomes.append((target, _status(result), result.message))
        self._report(outcomes, opts["json"])
        failures = sum(1 for _, status, _ in outcomes if status in ("failed", "partial"))
        if failures and not opts["allow_failed"]:
            raise CommandError(f"{failures} file(s) failed; see the failed queue")

    def _targets(self, paths: list[str]) -> Iterator[tuple[str, str]]:
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    if child.is_file() and child.suffix.lower() in ACCEPTED_EXTENSIONS:
                        yield "file", str(child)
            elif path.is_file():
                urls = _url_list(path)
                yield from (("url", u) for u in urls) if urls else [("file", str(path))]
            else:
                raise CommandError(f"no such file or folder: {raw}")

    def _ingest(self, team, kind: str, target: str) -> services.IngestResult:  # noqa: ANN001
        if kind == "url":
            return services.ingest_url(team, target)
        path = Path(target)
        return services.ingest_document(
            team, path.read_bytes(), path.name, source=Source.IMPORT, source_ref=path.name
        )

    def _report(self, outcomes: list[tuple[str, str, str]], as_json: bool) -> None:
        counts = Counter(status for _, status, _ in outcomes)
        if as_json:
            items = [{"path": p, "status": s, "message": m} for p, s, m in outcomes]
            self.stdout.write(json.dumps({"counts": counts, "items": items}, indent=2))
            return
        order = ("imported", "duplicate", "partial", "failed")
        self.stdout.write(table(["result", "files"], [(s, counts.get(s, 0)) for s in order]))
        problems = [(Path(p).name, s, m) for p, s, m in outcomes if s in ("partial", "failed")]
        if problems:
            self.stdout.write("\nNot fully imported:")
            self.stdout.write(table(["file", "result", "reason"], problems))


def _status(result: services.IngestResult) -> str:
    """imported / duplicate / partial (text kept, queued for recovery) / failed."""
    if result.status == "failed" and result.resume is not None:
        return "partial"
    return result.status


def _url_list(path: Path) -> list[str]:
    """The URLs of a file that lists only http(s) URLs (one per line), else []."""
    if path.stat().st_size > 200_000:
        return []
    try:
        lines = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
    except UnicodeDecodeError:
        return []
    if not lines or len(lines) > _URL_LIST_MAX_LINES:
        return []
    return lines if all(line.startswith(("http://", "https://")) for line in lines) else []
