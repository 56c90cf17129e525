"""``evaluate --labels FILE``: nDCG@10, P@10 and MAP of our ranking on a labelled set."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from jobs.models import JobPosting
from resumes.models import Resume
from screener.command_utils import add_team_argument, progress, resolve_team, table
from screener.models import Team
from screening import baselines
from screening.evaluation import SPLITS, LabelsError, Scores, evaluate, load_labels, select_split
from screening.importing import (
    ImportProblem,
    Ingested,
    ingest_files,
    job_from_file,
    resume_files,
    screen_and_rank,
)


class Command(BaseCommand):
    help = (
        "Measure ranking quality on a labelled set: for every job in the labels file, screen "
        "the labelled resumes against it (offline, reusing stored results) and compute "
        "nDCG@K, P@K (relevant = grade >= 2) and MAP, per job and averaged. Labels file: "
        '{"jobs": {"<job external id>": {"<resume file name>": grade 0-3}}} (see README, '
        "Screening). Jobs are found by external id and resumes by file name in the team; "
        "--job-file and --resumes import them first (e.g. demo_data/jobs/remoteok_feed.json "
        "and demo_data/resumes/). Exits with status 1 when no labelled job can be found."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--labels", required=True, help="labels JSON file")
        parser.add_argument("--job-file", help="import this RemoteOK-style feed first")
        parser.add_argument("--resumes", nargs="+", metavar="PATH", help="import these first")
        parser.add_argument("--k", type=int, default=10, help="cut-off for nDCG and P (10)")
        parser.add_argument("--json", metavar="OUT", help="write the metrics as JSON ('-': stdout)")
        parser.add_argument(
            "--split",
            choices=SPLITS,
            default="all",
            help="only the jobs of one fixed half: tune (fit on it) or check (quote it)",
        )
        parser.add_argument(
            "--baselines",
            action="store_true",
            help="also rank by plain TF-IDF, BM25 and embedding cosine, on the same labels",
        )
        add_team_argument(parser)

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            labels = select_split(load_labels(opts["labels"]), opts["split"])
        except LabelsError as exc:
            raise CommandError(str(exc)) from None
        team = resolve_team(opts["team"])
        ingested = self._prepare(team, opts, labels)
        jobs = self._jobs(team, labels)
        err = self.stderr._out
        rankings = {
            ext_id: screen_and_rank(team, job, ingested)
            for ext_id, job in progress(list(jobs.items()), len(jobs), "evaluate", err)
        }
        per_job, mean = evaluate(rankings, labels, opts["k"])
        self._print(per_job, mean, jobs, opts["k"])
        means, jobs_by_method = {"ours": mean}, {"ours": per_job}
        if opts["baselines"]:
            for method, ranked in self._baselines(team, jobs, ingested).items():
                jobs_by_method[method], means[method] = evaluate(ranked, labels, opts["k"])
            self._print_methods(means, opts["k"], opts["split"], len(per_job))
        if opts["json"]:
            self._write_json(jobs_by_method, means, opts["k"], opts["json"])

    def _prepare(self, team: Team, opts: dict, labels: dict) -> Ingested:
        try:
            if opts["job_file"]:
                job_from_file(team, opts["job_file"])
            if opts["resumes"]:
                files = resume_files(opts["resumes"])
                return ingest_files(
                    team, files, lambda it, n: progress(it, n, "import", sys.stderr)
                )
        except ImportProblem as exc:
            raise CommandError(str(exc)) from None
        return _known_resumes(team, {n for grades in labels.values() for n in grades})

    def _jobs(self, team: Team, labels: dict) -> dict[str, JobPosting]:
        jobs: dict[str, JobPosting] = {}
        for ext_id in labels:
            job = JobPosting.objects.filter(team=team, external_id=ext_id).order_by("id").first()
            if job is None:
                self.stderr.write(f"job {ext_id} is not in team {team}; skipped")
            else:
                jobs[ext_id] = job
        if not jobs:
            raise CommandError("none of the labelled jobs exists in this team (use --job-file)")
        return jobs

    def _print(self, per_job: dict, mean: Scores, jobs: dict, k: int) -> None:
        rows = [
            (ext_id, str(jobs[ext_id])[:44], f"{s.ndcg:.3f}", f"{s.precision:.2f}",
             f"{s.average_precision:.3f}")
            for ext_id, s in per_job.items()
        ]  # fmt: skip
        rows.append(("mean", f"{len(per_job)} jobs", f"{mean.ndcg:.3f}", f"{mean.precision:.2f}",
                     f"{mean.average_precision:.3f}"))  # fmt: skip
        self.stdout.write(table(["job", "title", f"nDCG@{k}", f"P@{k}", "AP"], rows))

    def _baselines(self, team: Team, jobs: dict, ingested: Ingested) -> dict[str, dict]:
        """Rankings of the reference methods over the same resumes (unreadable ones last)."""
        from jobs.services import job_vector
        from resumes.services import embedding_text

        resumes = Resume.objects.filter(team=team, id__in=ingested.resume_ids.values())
        by_id = {r.id: r for r in resumes}
        names = {name: by_id[rid] for name, rid in ingested.resume_ids.items() if rid in by_id}
        texts = {name: embedding_text(r) for name, r in names.items()}
        vectors = {n: np.asarray(r.embedding, dtype=np.float32) for n, r in names.items()
                   if r.embedding is not None}  # fmt: skip
        job_text = {j: f"{job.position}\n{job.description_text}" for j, job in jobs.items()}
        out = {
            "bm25": baselines.bm25_rankings(
                {j: (job.position, job.description_text) for j, job in jobs.items()}, texts
            ),
            "embedding": baselines.embedding_rankings(
                {j: job_vector(job) for j, job in jobs.items()}, vectors
            ),
        }
        try:
            out["tfidf"] = baselines.tfidf_rankings(job_text, texts)
        except baselines.BaselineUnavailable as exc:
            self.stderr.write(f"{exc}: skipped (pip install -r requirements-dev.txt)")
        tail = sorted(ingested.unreadable)
        return {m: {j: [*r, *tail] for j, r in ranked.items()} for m, ranked in out.items()}

    def _print_methods(self, means: dict[str, Scores], k: int, split: str, n: int) -> None:
        self.stdout.write(f"\n{split} half: {n} jobs" if split != "all" else f"\nall {n} jobs")
        rows = [
            (method, f"{s.ndcg:.3f}", f"{s.precision:.3f}", f"{s.average_precision:.3f}")
            for method, s in means.items()
        ]
        self.stdout.write(table(["method", f"nDCG@{k}", f"P@{k}", "MAP"], rows))

    def _write_json(
        self, jobs_by_method: dict[str, dict], means: dict[str, Scores], k: int, out: str
    ) -> None:
        """Ours per job and on average; every method on average and per job."""

        def as_dict(s: Scores) -> dict[str, float]:
            return {f"ndcg@{k}": s.ndcg, f"p@{k}": s.precision, "ap": s.average_precision}

        mean = means["ours"]
        payload = {
            "mean": {**as_dict(mean), "map": mean.average_precision},
            "jobs": {job: as_dict(s) for job, s in jobs_by_method["ours"].items()},
            "methods": {m: {**as_dict(s), "map": s.average_precision} for m, s in means.items()},
            "methods_by_job": {
                m: {job: as_dict(s) for job, s in per_job.items()}
                for m, per_job in jobs_by_method.items()
            },
        }
        text = json.dumps(payload, indent=2)
        if out == "-":
            sys.stdout.write(text + "\n")
        else:
            Path(out).write_text(text + "\n", encoding="utf-8")


def _known_resumes(team: Team, names: set[str]) -> Ingested:
    """Resumes of the team whose file name (source_ref's last part) is labelled."""
    out = Ingested()
    for rid, ref in Resume.objects.filter(team=team).order_by("id").values_list("id", "source_ref"):
        name = ref.replace("\\", "/").rsplit("/", 1)[-1]
        if name in names:
            out.resume_ids.setdefault(name, rid)
    return out
