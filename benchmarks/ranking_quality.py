"""Ranking quality on the labelled demo set (in-sample): ours vs TF-IDF, BM25 and embeddings.

Run from the repo root (uses the configured database; works offline)::

    .venv/bin/python benchmarks/ranking_quality.py [--labels demo_data/labels.json]

Imports the 20 demo jobs and 34 demo resumes into a dedicated team ("Benchmark: ranking
quality"; re-runs reuse it), then ranks the resumes for every labelled job four ways:
ours (the full screening pipeline) and the three baselines of ``screening.baselines``
(TF-IDF, plain BM25, embedding cosine), which ``evaluate --baselines`` also prints.

The demo resumes, jobs and labels were written by the team, alongside the parser and the
skills vocabulary: figures here are in-sample, a smoke test. The held-out figures come from
``evaluate --baselines --split check`` on the outside set (see benchmarks/README.md).

Files with no readable text go last in every method. Prints nDCG@10, P@10 (relevant =
grade >= 2) and MAP per method (mean over jobs); the target is ours > both baselines on
nDCG@10. ``--per-job`` also prints nDCG@10 per job.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "screener.settings")

TEAM = "Benchmark: ranking quality"


def main() -> None:
    import django

    django.setup()
    from django.conf import settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", default=str(ROOT / "demo_data" / "labels.json"))
    parser.add_argument("--embedder", default="", help="dotted path replacing embed_documents")
    parser.add_argument("--per-job", action="store_true")
    args = parser.parse_args()
    if args.embedder:
        settings.SCREENING_EMBEDDER = args.embedder
    run(args.labels, args.per_job)


def run(labels_path: str, per_job: bool) -> None:

    from jobs.models import JobPosting
    from jobs.services import job_vector
    from resumes.models import Resume
    from resumes.services import embedding_text, resume_vectors
    from screener.models import Team
    from screening.evaluation import evaluate, load_labels
    from screening.importing import (
        ingest_files,
        job_from_file,
        resume_files,
        screen_and_rank,
    )

    labels = load_labels(labels_path)
    team, _ = Team.objects.get_or_create(name=TEAM)
    job_from_file(team, ROOT / "demo_data" / "jobs" / "remoteok_feed.json")
    ingested = ingest_files(team, resume_files([str(ROOT / "demo_data" / "resumes")]))
    jobs = {
        ext: JobPosting.objects.filter(team=team, external_id=ext).order_by("id").first()
        for ext in labels
    }
    names = {rid: name for name, rid in ingested.resume_ids.items()}
    resumes = list(Resume.objects.filter(id__in=names).order_by("id"))

    started = time.perf_counter()
    ours = {ext: screen_and_rank(team, job, ingested) for ext, job in jobs.items()}
    ours_seconds = time.perf_counter() - started

    from screening import baselines

    by_name = {names[r.id]: r for r in resumes}
    texts = {name: embedding_text(r) for name, r in by_name.items()}
    vectors = resume_vectors(resumes)
    tail = sorted(ingested.unreadable)
    job_texts = {ext: f"{job.position}\n{job.description_text}" for ext, job in jobs.items()}
    reference = {
        "tfidf": baselines.tfidf_rankings(job_texts, texts),
        "bm25": baselines.bm25_rankings(
            {ext: (job.position, job.description_text) for ext, job in jobs.items()}, texts
        ),
        "embedding": baselines.embedding_rankings(
            {ext: job_vector(job) for ext, job in jobs.items()},
            {names[rid]: v for rid, v in vectors.items()},
        ),
    }
    tfidf, bm25, embedding = ({e: [*r, *tail] for e, r in reference[m].items()}
                              for m in ("tfidf", "bm25", "embedding"))  # fmt: skip

    print(f"{len(jobs)} jobs x {len(resumes) + len(tail)} resumes; ours took {ours_seconds:.1f}s")
    print(f"{'method':<12} {'nDCG@10':>8} {'P@10':>6} {'MAP':>6}")
    results = {}
    methods = (("ours", ours), ("tfidf", tfidf), ("bm25", bm25), ("embedding", embedding))
    for method, rankings in methods:
        per, mean = evaluate(rankings, labels)
        results[method] = per
        print(
            f"{method:<12} {mean.ndcg:>8.3f} {mean.precision:>6.3f} {mean.average_precision:>6.3f}"
        )
    if per_job:
        print(f"\n{'job':<10} {'ours':>6} {'tfidf':>6} {'bm25':>6} {'emb':>6}  title")
        for ext, job in jobs.items():
            row = [results[m][ext].ndcg for m in ("ours", "tfidf", "bm25", "embedding")]
            print(f"{ext:<10} " + " ".join(f"{v:>6.3f}" for v in row) + f"  {job.position}")


if __name__ == "__main__":
    main()
