"""``screen --job ID|--job-file FILE --resumes PATH...``: rank resumes against a job, offline."""

from __future__ import annotations

import json
import math
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jobs.models import JobPosting
from screener.command_utils import add_team_argument, progress, resolve_team, table
from screener.models import Team
from screening import services as screening_services
from screening.importing import ImportProblem, ingest_files, job_from_file, resume_files
from screening.models import Candidate
from screening.selectors import explanation_for

CHUNK = 50


class Command(BaseCommand):
    help = (
        "Screen resumes against one job and print the ranking. The job is --job ID (a job of "
        "the team) or --job-file FILE (a RemoteOK-style JSON feed, imported; --external-id "
        "picks the posting, default the first; or a text file: title line, then description). "
        "Each --resumes PATH is a file or a folder (PDF, DOCX, TXT, HTML); files are imported "
        "like uploads (duplicates are recognised). Works offline with no API key: no LLM is "
        "used. Results are stored (a batch with one candidate per resume; re-running reuses "
        "them). Files with no readable text are listed last with the reason. --json OUT writes "
        "[{resume, rank, score, passed_prefilter, reasons, explanation}] ordered by rank "
        "('-' for stdout). Exits with status 1 when a resume could not be screened."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--job", help="id of a job of the team")
        target.add_argument("--job-file", help="RemoteOK-style JSON feed or a plain-text job")
        parser.add_argument("--external-id", default="", help="which posting of --job-file")
        parser.add_argument(
            "--resumes", nargs="+", required=True, metavar="PATH", help="files or folders"
        )
        parser.add_argument("--json", metavar="OUT", help="write the ranking as JSON ('-': stdout)")
        parser.add_argument("--top", type=int, default=0, help="show only the N best")
        parser.add_argument(
            "--show-names", action="store_true", help="batch is not name-blind in the web UI"
        )
        add_team_argument(parser)

    def handle(self, *args: Any, **opts: Any) -> None:
        team = resolve_team(opts["team"])
        job = self._job(team, opts)
        try:
            files = resume_files(opts["resumes"])
        except ImportProblem as exc:
            raise CommandError(str(exc)) from None
        if not files:
            raise CommandError("no resume files (PDF, DOCX, TXT, HTML) in the given paths")
        err = self.stderr._out
        ingested = ingest_files(team, files, lambda it, n: progress(it, n, "import", err))
        if not ingested.resume_ids:
            raise CommandError("none of the files has readable text; nothing to screen")
        batch = screening_services.create_batch(
            team,
            job,
            ingested.resume_ids.values(),
            name_blind=not opts["show_names"],
            enqueue=False,
        )
        chunks = math.ceil(len(ingested.resume_ids) / CHUNK)
        for _ in progress(
            screening_services.iter_batch_inline(batch, CHUNK), chunks, "screen", err
        ):
            pass
        rows = self._rows(job, ingested.resume_ids, ingested.unreadable)
        if opts["json"] == "-":  # keep stdout pure JSON; the table goes to stderr
            self.stdout = self.stderr
        self._print(job, rows, opts["top"])
        if opts["json"]:
            self._write_json(rows[: opts["top"]] if opts["top"] else rows, opts["json"])
        failed = [r for r in rows if r["status"] == Candidate.Status.FAILED]
        if failed:
            raise CommandError(f"{len(failed)} resume(s) could not be screened; see the table")

    def _job(self, team: Team, opts: dict) -> JobPosting:
        if opts["job_file"]:
            try:
                return job_from_file(team, opts["job_file"], opts["external_id"])
            except ImportProblem as exc:
                raise CommandError(str(exc)) from None
        jobs = JobPosting.objects.filter(team=team)
        found = jobs.filter(pk=opts["job"]).first() if opts["job"].isdigit() else None
        found = found or jobs.filter(external_id=opts["job"]).order_by("id").first()
        if found is None:
            raise CommandError(f"no job {opts['job']!r} in team {team}")
        return found

    def _rows(self, job: JobPosting, ids: dict[str, int], unreadable: dict[str, str]) -> list:
        names = {rid: name for name, rid in ids.items()}
        cands = Candidate.objects.filter(job=job, resume_id__in=ids.values()).select_related(
            "job", "resume"
        )
        conf = screening_services.job_settings(job)
        rows = [
            {
                "resume": names[c.resume_id],
                "rank": 0,
                "job_rank": c.rank or 0,
                "score": c.score,
                "passed_prefilter": bool(c.passed_prefilter),
                "reasons": c.prefilter_reasons or ([c.error] if c.error else []),
                "explanation": explanation_for(c, conf).as_text(),
                "status": c.status,
                "flags": [f.get("code", "") for f in c.flags],
            }
            for c in cands
        ]
        rows.sort(key=lambda r: (r["job_rank"] or 10**9, r["resume"]))
        rows += [
            {"resume": name, "rank": 0, "job_rank": 0, "score": None, "passed_prefilter": False,
             "reasons": [reason], "explanation": f"Not screened: {reason}.",
             "status": Candidate.Status.UNREADABLE, "flags": ["no_text"]}
            for name, reason in sorted(unreadable.items())
        ]  # fmt: skip
        for position, row in enumerate(rows, start=1):
            row["rank"] = position
        return rows

    def _print(self, job: JobPosting, rows: list[dict], top: int) -> None:
        shown = rows[:top] if top else rows
        self.stdout.write(f"Ranking for {job} (job {job.pk}): {len(rows)} resume(s)")
        body = [
            (
                r["rank"],
                r["resume"][:48],
                "-" if r["score"] is None else f"{r['score']:.1f}",
                "yes" if r["passed_prefilter"] else "no",
                ",".join(r["flags"]) or "-",
                ("; ".join(r["reasons"]) or "-")[:70],
            )
            for r in shown
        ]
        self.stdout.write(table(["#", "resume", "score", "passed", "flags", "reasons"], body))

    def _write_json(self, rows: list[dict], out: str) -> None:
        keys = ("resume", "rank", "score", "passed_prefilter", "reasons", "explanation")
        payload = json.dumps([{k: r[k] for k in keys} for r in rows], indent=2)
        if out == "-":
            sys.stdout.write(payload + "\n")
        else:
            Path(out).write_text(payload + "\n", encoding="utf-8")
            self.stdout.write(f"wrote {len(rows)} row(s) to {out}")
