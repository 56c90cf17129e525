"""Job recommendations at scale: 100,000 synthetic 384-d job vectors in pgvector (HNSW).

Measures the app's own top-10 selector, ``profiles.selectors.recommend_jobs`` (ORM query
with ``SET LOCAL hnsw.ef_search``, over-fetch, skill/seniority re-rank), over 200 queries:

* p50 / p95 latency (goal p95 <= 10 ms) and recall@10 against the same selector run on an
  exact scan (``exact=True``: no index, every distance computed) — goal >= 0.98;
* the raw ANN recall@10 (HNSW nearest 10 vs the exact nearest 10, by distance only);
* a filter that keeps 1% of the jobs (one city of 100): rows returned (must be 10), latency
  and recall against the exact filtered answer.

Data: 200 random centroids; each job is a centroid plus noise, L2-normalised; each cluster
has its own 12 skills (a job requires 3-5 of them) and jobs get a random seniority, one of
100 cities and 30% remote. Queries are fresh points drawn the same way. Inserted once into
the separate database ``bench_reco`` (kept between runs; ``--reset`` rebuilds it); the HNSW
index (m=16, ef_construction=64, as in jobs.models) is built after the insert.

Run: ``.venv/bin/python -m benchmarks.recommendations [--queries 200] [--reset]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "screener.settings")
os.environ["EMBEDDED_PG_DB"] = "bench_reco"

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from jobs.models import JobPosting  # noqa: E402
from profiles import selectors  # noqa: E402
from screener.models import Team  # noqa: E402

N_JOBS, DIM, CENTROIDS, CITIES = 100_000, 384, 200, 100
VERSION = "bench-synthetic-1"
TEAM = "Benchmark recommendations"
SKILL_POOL = [f"Skill{i:03d}" for i in range(CENTROIDS * 3)]
LEVELS = ["junior", "mid", "senior", "lead"]
NOISE = 0.9  # per-job noise around its centroid (norm ~ NOISE), before normalising


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def centroids(rng: np.random.Generator) -> np.ndarray:
    return _unit(rng.normal(size=(CENTROIDS, DIM)))


def cluster_skills(c: int) -> list[str]:
    return [SKILL_POOL[(c * 3 + j) % len(SKILL_POOL)] for j in range(12)]


def jobs_vectors(rng: np.random.Generator, cents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    labels = rng.integers(0, CENTROIDS, size=N_JOBS)
    noise = rng.normal(size=(N_JOBS, DIM)) * (NOISE / np.sqrt(DIM))
    return _unit(cents[labels] + noise), labels


def insert(team: Team, vectors: np.ndarray, labels: np.ndarray, rng: np.random.Generator) -> None:
    """Drop the HNSW index, bulk insert in chunks, rebuild the index, VACUUM ANALYZE."""
    JobPosting.objects.filter(team=team).delete()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS job_embedding_hnsw")
    started = time.monotonic()
    chunk = 5_000
    for lo in range(0, N_JOBS, chunk):
        JobPosting.objects.bulk_create(
            [_job(team, i, vectors[i], int(labels[i]), rng) for i in range(lo, lo + chunk)]
        )
        print(f"  inserted {lo + chunk:,} jobs ({time.monotonic() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        built = time.monotonic()
        cursor.execute(
            "CREATE INDEX job_embedding_hnsw ON jobs_jobposting USING hnsw "
            "(embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
        )
        print(f"  HNSW index built in {time.monotonic() - built:.0f} s", flush=True)
        cursor.execute("VACUUM ANALYZE jobs_jobposting")


def _job(
    team: Team, i: int, vector: np.ndarray, label: int, rng: np.random.Generator
) -> JobPosting:
    skills = cluster_skills(label)
    required = list(rng.choice(skills, size=int(rng.integers(3, 6)), replace=False))
    return JobPosting(
        team=team,
        source="bench",
        external_id=str(i),
        position=f"Job {i} (cluster {label})",
        location=f"City {int(rng.integers(0, CITIES)):03d}",
        remote=bool(rng.random() < 0.3),
        required_skills=required,
        nice_to_have_skills=[s for s in skills if s not in required][:2],
        seniority=LEVELS[int(rng.integers(0, 4))],
        embedding=vector.tolist(),
        embedding_version=VERSION,
    )


def queries(rng: np.random.Generator, cents: np.ndarray, n: int) -> list[dict]:
    out = []
    for _ in range(n):
        c = int(rng.integers(0, CENTROIDS))
        vector = _unit(cents[c] + rng.normal(size=DIM) * (NOISE / np.sqrt(DIM)))
        skills = list(rng.choice(cluster_skills(c), size=5, replace=False))
        out.append(
            {"vector": vector, "skills": skills, "seniority": LEVELS[int(rng.integers(0, 4))]}
        )
    return out


def run(team: Team, qs: list[dict], **kw: object) -> tuple[list[float], list[list[int]]]:
    times, results = [], []
    for q in qs:
        started = time.perf_counter()
        recs = selectors.recommend_jobs(
            team, vector=q["vector"], skills=q["skills"], seniority=q["seniority"], top_n=10,
            embedding_version=VERSION, **kw,
        )  # fmt: skip
        times.append((time.perf_counter() - started) * 1000)
        results.append([r.obj.pk for r in recs])
    return times, results


def pct(values: list[float], p: float) -> float:
    return float(np.percentile(values, p))


def recall(got: list[list[int]], truth: list[list[int]]) -> float:
    hits = sum(len(set(g) & set(t)) for g, t in zip(got, truth, strict=True))
    return hits / max(1, sum(len(t) for t in truth))


def raw_ann(team: Team, qs: list[dict], exact: bool) -> tuple[list[float], list[list[int]]]:
    """Bare top-10 by distance (no re-rank): selectors.nearest (HNSW), or an exact scan."""
    base = JobPosting.objects.filter(team=team, embedding_version=VERSION)
    times, results = [], []
    for q in qs:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL hnsw.ef_search = 100")
            if exact:
                cursor.execute("SET LOCAL enable_indexscan = off")
            rows = (
                selectors.nearest(base, q["vector"].tolist(), 10)
                if not exact
                else list(
                    base.annotate(d=selectors.CosineDistance("embedding", q["vector"].tolist()))
                    .order_by("d", "id")
                    .values_list("id", flat=True)[:10]
                )
            )
        times.append((time.perf_counter() - started) * 1000)
        results.append([r if isinstance(r, int) else r.pk for r in rows])
    return times, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--reset", action="store_true", help="re-insert the 100,000 jobs")
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    rng = np.random.default_rng(2026)
    cents = centroids(rng)
    team, _ = Team.objects.get_or_create(name=TEAM)
    have = JobPosting.objects.filter(team=team, embedding_version=VERSION).count()
    if args.reset or have != N_JOBS:
        print(f"inserting {N_JOBS:,} synthetic jobs (have {have:,})...", flush=True)
        vectors, labels = jobs_vectors(rng, cents)
        insert(team, vectors, labels, rng)
    qrng = np.random.default_rng(7)
    qs = queries(qrng, cents, args.queries)
    run(team, qs[:20])  # warm the caches
    times, got = run(team, qs)
    _, truth = run(team, qs, exact=True)
    ann_times, ann = raw_ann(team, qs, exact=False)
    exact_times, exact = raw_ann(team, qs[:50], exact=True)
    print(f"\n{N_JOBS:,} jobs x {DIM}-d, HNSW m=16 ef_construction=64, {len(qs)} queries")
    print("app top-10 selector (ORM + re-rank), no filter:")
    print(f"  p50 {pct(times, 50):.2f} ms  p95 {pct(times, 95):.2f} ms  "
          f"mean {statistics.mean(times):.2f} ms")  # fmt: skip
    print(f"  recall@10 vs the same selector on an exact scan: {recall(got, truth):.3f}")
    print(f"bare nearest-10 (selectors.nearest, HNSW): p50 {pct(ann_times, 50):.2f} ms "
          f"p95 {pct(ann_times, 95):.2f} ms, recall@10 vs exact "
          f"{recall(ann[:50], exact):.3f}")  # fmt: skip
    print(f"exact scan nearest-10 (no index): p50 {pct(exact_times, 50):.2f} ms "
          f"p95 {pct(exact_times, 95):.2f} ms")  # fmt: skip
    city = "City 007"
    share = JobPosting.objects.filter(team=team, location=city).count() / N_JOBS
    f_times, f_got = run(team, qs, location=city)
    _, f_truth = run(team, qs, location=city, exact=True)
    rows = [len(r) for r in f_got]
    print(f"filter location={city!r} (keeps {share:.2%} of jobs):")
    print(f"  rows returned: min {min(rows)} max {max(rows)} (asked 10)")
    print(f"  p50 {pct(f_times, 50):.2f} ms  p95 {pct(f_times, 95):.2f} ms  "
          f"recall@10 vs exact {recall(f_got, f_truth):.3f}")  # fmt: skip
    wide = {"remote": True, "seniority_filter": "lead"}
    share = JobPosting.objects.filter(team=team, remote=True, seniority="lead").count() / N_JOBS
    w_times, w_got = run(team, qs, **wide)
    _, w_truth = run(team, qs, exact=True, **wide)
    print(f"filter remote + lead (keeps {share:.2%}): rows min {min(len(r) for r in w_got)}; "
          f"p50 {pct(w_times, 50):.2f} ms  p95 {pct(w_times, 95):.2f} ms  "
          f"recall@10 vs exact {recall(w_got, w_truth):.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
