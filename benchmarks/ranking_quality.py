"""Ranking quality on the labelled demo set: our screening vs plain TF-IDF vs plain embeddings.

Run from the repo root (uses the configured database; works offline)::

    .venv/bin/python benchmarks/ranking_quality.py [--labels demo_data/labels.json]

Imports the 20 demo jobs and 34 demo resumes into a dedicated team ("Benchmark: ranking
quality"; re-runs reuse it), then ranks the resumes for every labelled job three ways:

* ours: the full screening pipeline (pre-filter, six components, weighted score, rank);
* TF-IDF: cosine of scikit-learn TF-IDF vectors (job title + description vs resume text);
* embedding: cosine of the same MiniLM vectors our pipeline uses, nothing else.

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
    import numpy as np

    from jobs.models import JobPosting
    from resumes.evaluation import evaluate, load_labels
    from resumes.models import Resume
    from resumes.screening_import import (
        ingest_files,
        job_from_file,
        resume_files,
        screen_and_rank,
    )
    from resumes.screening_services import ensure_job_embedding, ensure_resume_embeddings
    from screener.models import Team

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

    from resumes.screening_services import _screening_text

    texts = {r.id: _screening_text(r) for r in resumes}
    vectors = ensure_resume_embeddings([(r, texts[r.id]) for r in resumes])
    tail = sorted(ingested.unreadable)

    def ordered(scores: dict[int, float]) -> list[str]:
        ids = sorted(scores, key=lambda rid: (-scores[rid], names[rid]))
        return [names[rid] for rid in ids] + tail

    embedding, tfidf = {}, {}
    from sklearn.feature_extraction.text import TfidfVectorizer

    resume_ids = [r.id for r in resumes]
    job_texts = {ext: f"{job.position}\n{job.description_text}" for ext, job in jobs.items()}
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    matrix = vectorizer.fit_transform([texts[i] for i in resume_ids] + list(job_texts.values()))
    resume_m, job_m = matrix[: len(resume_ids)], matrix[len(resume_ids) :]
    for index, (ext, job) in enumerate(jobs.items()):
        jv = ensure_job_embedding(job)
        embedding[ext] = ordered({rid: float(np.dot(vectors[rid], jv)) for rid in resume_ids})
        sims = (resume_m @ job_m[index].T).toarray().ravel()
        tfidf[ext] = ordered(dict(zip(resume_ids, sims.tolist(), strict=True)))

    print(f"{len(jobs)} jobs x {len(resumes) + len(tail)} resumes; ours took {ours_seconds:.1f}s")
    print(f"{'method':<12} {'nDCG@10':>8} {'P@10':>6} {'MAP':>6}")
    results = {}
    for method, rankings in (("ours", ours), ("tfidf", tfidf), ("embedding", embedding)):
        per, mean = evaluate(rankings, labels)
        results[method] = per
        print(
            f"{method:<12} {mean.ndcg:>8.3f} {mean.precision:>6.3f} {mean.average_precision:>6.3f}"
        )
    if per_job:
        print(f"\n{'job':<10} {'ours':>6} {'tfidf':>6} {'emb':>6}  title")
        for ext, job in jobs.items():
            row = [results[m][ext].ndcg for m in ("ours", "tfidf", "embedding")]
            print(f"{ext:<10} {row[0]:>6.3f} {row[1]:>6.3f} {row[2]:>6.3f}  {job.position}")


if __name__ == "__main__":
    main()
