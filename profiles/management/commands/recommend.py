"""``recommend``: the best jobs of the team for a resume or a candidate profile."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from profiles import recommendations, selectors
from profiles.models import CandidateProfile
from resumes.models import Resume
from screener.command_utils import add_team_argument, resolve_team, table


class Command(BaseCommand):
    help = (
        "Recommend the team's jobs for a resume (--resume ID) or a profile (--profile ID): the "
        "nearest jobs by embedding (pgvector HNSW, cosine) re-ranked with skill overlap and "
        "seniority fit, each with a short explanation. Filters: --remote/--on-site, "
        "--location TEXT, --seniority LEVEL. Deterministic: the same data gives the same list."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_team_argument(parser)
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--resume", type=int, help="resume id")
        source.add_argument("--profile", type=int, help="candidate profile id")
        parser.add_argument("--top", type=int, default=10, help="how many jobs (10)")
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--remote", action="store_true", default=None, help="remote jobs only")
        where.add_argument(
            "--on-site", dest="remote", action="store_false", help="non-remote jobs only"
        )
        parser.add_argument("--location", help="location contains this text")
        parser.add_argument(
            "--seniority",
            choices=["junior", "mid", "senior", "lead", "unknown"],
            help="jobs of this seniority only",
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        team = resolve_team(opts["team"])
        if opts["top"] < 1:
            raise CommandError("--top must be at least 1")
        filters = {
            "remote": opts["remote"],
            "location": opts["location"],
            "seniority_filter": opts["seniority"],
        }
        if opts["resume"] is not None:
            resume = Resume.objects.filter(team=team, pk=opts["resume"]).first()
            if resume is None:
                raise CommandError(f"no resume {opts['resume']} in team {team}")
            recs = recommendations.recommend_jobs_for_resume(resume, opts["top"], **filters)
        else:
            profile = CandidateProfile.objects.filter(team=team, pk=opts["profile"]).first()
            if profile is None:
                raise CommandError(f"no profile {opts['profile']} in team {team}")
            recs = recommendations.recommend_jobs_for_profile(profile, opts["top"], **filters)
        if opts["json"]:
            self.stdout.write(json.dumps([_row(i, r) for i, r in enumerate(recs, 1)], indent=2))
            return
        if not recs:
            self.stdout.write("No matching jobs (import jobs, or loosen the filters).")
            return
        rows = [(i, r.obj.pk, f"{r.score:.3f}", str(r.obj)[:50]) for i, r in enumerate(recs, 1)]
        self.stdout.write(table(["#", "job", "score", "position"], rows))
        for i, rec in enumerate(recs, 1):
            self.stdout.write(f"{i}. {rec.explanation}")


def _row(index: int, rec: selectors.Recommendation) -> dict[str, Any]:
    return {
        "rank": index,
        "job_id": rec.obj.pk,
        "position": str(rec.obj),
        "score": rec.score,
        "similarity": rec.similarity,
        "skills": rec.skills_score,
        "seniority": rec.seniority_score,
        "matched": list(rec.matched),
        "missing": list(rec.missing),
        "explanation": rec.explanation,
    }
