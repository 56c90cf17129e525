"""Job recommendations: HNSW candidates re-ranked by skills and seniority; team-scoped,
deterministic, and a selective filter still returns N rows."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from pgvector.django import CosineDistance

from jobs.models import JobPosting
from profiles import knn, recommendations, selectors
from screening import services as svc
from screening.scoring import Requirements, job_requirements
from tests.profiles.conftest import make_profile
from tests.screening.fakes import fake_embed, make_job, make_resume

VERSION = fake_embed.version
PYTHON_RESUME = (
    "Senior Backend Engineer\n\nExperience\nSenior Backend Engineer, Northwind, 2016 - Present\n"
    "- Built payment APIs in Python, Django and PostgreSQL; Docker in production.\n\n"
    "Skills: Python, Django, PostgreSQL, Docker, Kubernetes"
)
NURSE_RESUME = (
    "Registered Nurse\n\nExperience\nICU Nurse, St Mary Hospital, 2015 - Present\n"
    "- Patient care, medication administration, BLS and ACLS.\n\nSkills: patient care, BLS"
)


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors = rng.normal(size=(n, 384)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _bulk_jobs(team, vectors: np.ndarray, location_of) -> None:
    JobPosting.objects.bulk_create(
        JobPosting(
            team=team,
            source="bench",
            external_id=str(i),
            position=f"Job {i}",
            location=location_of(i),
            embedding=vectors[i].tolist(),
            embedding_version=VERSION,
        )
        for i in range(len(vectors))
    )


def test_a_filter_keeping_one_percent_still_returns_n_rows(team) -> None:
    rng = np.random.default_rng(7)
    vectors = _unit(rng, 1500)
    _bulk_jobs(team, vectors, lambda i: "Lisbon" if i % 100 == 0 else "Berlin")
    query = _unit(rng, 1)[0]
    lisbon = JobPosting.objects.filter(team=team, location__icontains="lisbon")
    with transaction.atomic(), connection.cursor() as cursor:  # what a plain filtered HNSW gives
        cursor.execute("SET LOCAL hnsw.ef_search = 100")
        for plan in ("seqscan", "bitmapscan", "sort"):  # a table this small might skip HNSW
            cursor.execute(f"SET LOCAL enable_{plan} = off")
        plain = list(lisbon.order_by(CosineDistance("embedding", query.tolist()))[:10])
    assert len(plain) < 10
    recs = selectors.recommend_jobs(
        team, vector=query, skills=[], seniority=None, top_n=10, location="lisbon",
        embedding_version=VERSION,
    )  # fmt: skip
    assert len(recs) == 10 == len({r.obj.pk for r in recs})
    assert all(r.obj.location == "Lisbon" for r in recs)
    exact = sorted(lisbon, key=lambda j: -float(np.dot(vectors[int(j.external_id)], query)))
    assert {r.obj.pk for r in recs} == {j.pk for j in exact[:10]}


def test_without_filters_the_hnsw_result_matches_an_exact_scan(team) -> None:
    rng = np.random.default_rng(11)
    vectors = _unit(rng, 600)
    _bulk_jobs(team, vectors, lambda i: "Berlin")
    query = vectors[5] + 0.05 * _unit(rng, 1)[0]
    recs = selectors.recommend_jobs(
        team, vector=query / np.linalg.norm(query), skills=[], seniority=None, top_n=10,
        embedding_version=VERSION,
    )  # fmt: skip
    assert recs[0].obj.external_id == "5"
    assert len(recs) == 10


def test_recommendations_are_team_scoped_and_deterministic(team, other_team, fake_embedder) -> None:
    ours = make_job(team, external_id="a")
    make_job(team, external_id="b", position="Registered Nurse (ICU)", required_skills=["BLS"],
             nice_to_have_skills=[], seniority="mid", min_years=2,
             description_text="ICU nursing, patient care, BLS required.")  # fmt: skip
    theirs = make_job(other_team, external_id="a")
    resume = make_resume(team, PYTHON_RESUME, name="Pat Doe")
    first = recommendations.recommend_jobs_for_resume(resume, top_n=5)
    again = recommendations.recommend_jobs_for_resume(resume, top_n=5)
    assert [r.obj.pk for r in first] == [r.obj.pk for r in again]
    assert [(r.score, r.explanation) for r in first] == [(r.score, r.explanation) for r in again]
    assert theirs.pk not in {r.obj.pk for r in first}
    assert first[0].obj.pk == ours.pk
    assert "Shares Python" in first[0].explanation and "similarity" in first[0].explanation


def test_ties_are_broken_by_id(team) -> None:
    vector = _unit(np.random.default_rng(3), 1)[0]
    for i in range(3):
        JobPosting.objects.create(
            team=team, source="t", external_id=str(i), position="Same job",
            embedding=vector.tolist(), embedding_version=VERSION,
        )  # fmt: skip
    recs = selectors.recommend_jobs(
        team, vector=vector, skills=[], seniority=None, top_n=3, embedding_version=VERSION
    )
    assert [r.obj.pk for r in recs] == sorted(r.obj.pk for r in recs)


def test_skill_overlap_and_seniority_reorder_similar_jobs(team, fake_embedder) -> None:
    python = make_job(team, external_id="py")
    make_job(team, external_id="nurse", position="Registered Nurse", required_skills=["BLS"],
             nice_to_have_skills=[], seniority="junior", min_years=None,
             description_text="Nursing role. BLS required.")  # fmt: skip
    profile = make_profile(team, experiences=1, projects=0, skills=["Python", "Django"])
    recs = recommendations.recommend_jobs_for_profile(profile, top_n=2)
    assert recs[0].obj.pk == python.pk
    assert recs[0].skills_score > recs[1].skills_score
    assert "Python" in recs[0].matched and "PostgreSQL" in recs[0].missing


def test_filters_remote_and_seniority(team, fake_embedder) -> None:
    remote = make_job(team, external_id="r", remote=True)
    make_job(team, external_id="o", remote=False, seniority="junior")
    resume = make_resume(team, PYTHON_RESUME, name="Pat Doe")
    assert [r.obj.pk for r in recommendations.recommend_jobs_for_resume(resume, remote=True)] == [
        remote.pk
    ]
    only_junior = recommendations.recommend_jobs_for_resume(resume, seniority_filter="junior")
    assert [r.obj.external_id for r in only_junior] == ["o"]


def test_candidates_for_a_job_come_from_the_teams_pool(team, other_team, fake_embedder) -> None:
    job = make_job(team, external_id="py")
    python = make_resume(team, PYTHON_RESUME, name="Pat Doe")
    nurse = make_resume(team, NURSE_RESUME, name="Sam Roe")
    theirs = make_resume(other_team, PYTHON_RESUME, name="Lee Poe")
    recs = recommendations.recommend_candidates_for_job(job, top_n=5)
    assert [r.obj.pk for r in recs] == [python.pk, nurse.pk]
    assert theirs.pk not in {r.obj.pk for r in recs}


@pytest.mark.parametrize("top_n", [1, 3])
def test_it_returns_at_most_top_n(team, fake_embedder, top_n: int) -> None:
    for i in range(4):
        make_job(team, external_id=f"j{i}")
    resume = make_resume(team, PYTHON_RESUME, name="Pat Doe")
    assert len(recommendations.recommend_jobs_for_resume(resume, top_n=top_n)) == top_n


# --- one round trip, memoised requirements, location list, moderate filters -----------------


def _setting(cursor) -> str | None:
    cursor.execute("SELECT current_setting('hnsw.ef_search', true)")
    return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_it_applies_ef_search_to_the_query_alone_and_in_the_same_message() -> None:
    with CaptureQueriesContext(connection) as ctx, connection.cursor() as cursor:
        with knn.ef_search(77):
            assert _setting(cursor) == "77"
        assert _setting(cursor) != "77"  # autocommit: it ended with that statement
    assert len(ctx.captured_queries) == 2
    sql = ctx.captured_queries[0]["sql"]
    assert sql.startswith("SET LOCAL hnsw.ef_search = 77; SELECT")
    assert sql.endswith("; SET LOCAL hnsw.ef_search TO DEFAULT")


def test_it_applies_ef_search_inside_an_outer_transaction_and_only_there(team) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        with knn.ef_search(123):
            assert _setting(cursor) == "123"
        assert _setting(cursor) != "123"


def test_it_returns_more_rows_than_the_default_ef_search_from_the_hnsw_index(team) -> None:
    vectors = _unit(np.random.default_rng(5), 300)
    _bulk_jobs(team, vectors, lambda i: "Berlin")
    ordered = (
        JobPosting.objects.filter(team=team)
        .annotate(distance=CosineDistance("embedding", vectors[0].tolist()))
        .order_by("distance")
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for plan in ("seqscan", "bitmapscan", "sort"):  # make the small table use HNSW
            cursor.execute(f"SET LOCAL enable_{plan} = off")
        default = list(ordered[:60])  # pgvector's default ef_search (40) caps an index scan
        with knn.ef_search(1000):
            widened = list(ordered[:60])
    # Fewer than 60 can come back: the index still lists rows of earlier tests' rollbacks.
    assert len(default) <= 40 < len(widened)
    assert widened[0].external_id == "0"


def test_recommendations_and_screening_share_one_requirements_definition(team) -> None:
    job = JobPosting(
        team=team, position="Backend", seniority="", min_years=0,
        required_skills=["python", "Python ", "", "postgres", "Kubernetes", 7],
        nice_to_have_skills=["PostgreSQL", "Docker", "Made-up skill", " "],
    )  # fmt: skip
    built = Requirements.build(
        job.position,
        [s for s in job.required_skills if isinstance(s, str)],
        job.nice_to_have_skills,
        job.min_years,
        job.seniority,
    )
    # one definition for screening and recommendations (screening.scoring.job_requirements)
    assert job_requirements(job) == built
    job.save()
    assert svc.job_settings(job).requirements == built


def test_matching_locations_are_the_teams_and_case_insensitive(team, other_team) -> None:
    for i, place in enumerate(["Lisbon, Portugal", "Berlin", "LISBON", "Porto", ""]):
        make_job(team, external_id=f"l{i}", location=place)
    make_job(other_team, external_id="x", location="Lisbon Other")
    assert sorted(selectors.matching_locations(team, "lisbon")) == ["LISBON", "Lisbon, Portugal"]
    assert selectors.matching_locations(team, "nowhere") == []


def test_location_filter_falls_back_to_contains_beyond_the_skip_scan_cap(team, monkeypatch) -> None:
    vectors = _unit(np.random.default_rng(9), 30)
    _bulk_jobs(team, vectors, lambda i: f"Lisbon {i}" if i % 3 == 0 else f"Berlin {i}")
    monkeypatch.setattr(selectors, "LOCATION_SKIP_SCAN_MAX", 5)
    assert selectors.matching_locations(team, "lisbon") is None
    recs = selectors.recommend_jobs(
        team, vector=vectors[0], skills=[], seniority=None, top_n=20, location="LISBON",
        embedding_version=VERSION,
    )  # fmt: skip
    assert sorted(int(r.obj.external_id) for r in recs) == list(range(0, 30, 3))


def test_a_moderate_filter_returns_the_exact_nearest_rows(team) -> None:
    rng = np.random.default_rng(21)
    vectors = _unit(rng, 2000)
    _bulk_jobs(team, vectors, lambda i: "Lisbon" if i % 20 == 0 else "Berlin")  # keeps 5%
    query = _unit(rng, 1)[0]
    jobs = JobPosting.objects.filter(team=team, location="Lisbon").only("id", "external_id")
    rows = knn.nearest(jobs, query.tolist(), 50)
    lisbon = [i for i in range(2000) if i % 20 == 0]
    best = sorted(lisbon, key=lambda i: -float(np.dot(vectors[i], query)))[:50]
    assert len(rows) == 50
    assert len({int(r.external_id) for r in rows} & set(best)) >= 48  # HNSW or exact: ~all


def test_the_exact_fallback_reads_only_the_selected_columns(team) -> None:
    vectors = _unit(np.random.default_rng(8), 400)
    _bulk_jobs(team, vectors, lambda i: "Lisbon" if i % 100 == 0 else "Berlin")
    jobs = JobPosting.objects.filter(team=team, location__icontains="lisbon").only("id")
    with CaptureQueriesContext(connection) as ctx:
        rows = knn.nearest(jobs, vectors[0].tolist(), 10)
    assert len(rows) == 4
    selects = [q["sql"] for q in ctx.captured_queries if "<=>" in q["sql"]]
    assert selects and all('"description_text"' not in sql for sql in selects)
