"""Job recommendations: HNSW candidates re-ranked by skills and seniority; team-scoped,
deterministic, and a selective filter still returns N rows."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection, transaction
from pgvector.django import CosineDistance

from jobs.models import JobPosting
from profiles import selectors
from tests.profiles.conftest import make_profile
from tests.resumes.screening_fakes import fake_embed, make_job, make_resume

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
    first = selectors.recommend_jobs_for_resume(resume, top_n=5)
    again = selectors.recommend_jobs_for_resume(resume, top_n=5)
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
    recs = selectors.recommend_jobs_for_profile(profile, top_n=2)
    assert recs[0].obj.pk == python.pk
    assert recs[0].skills_score > recs[1].skills_score
    assert "Python" in recs[0].matched and "PostgreSQL" in recs[0].missing


def test_filters_remote_and_seniority(team, fake_embedder) -> None:
    remote = make_job(team, external_id="r", remote=True)
    make_job(team, external_id="o", remote=False, seniority="junior")
    resume = make_resume(team, PYTHON_RESUME, name="Pat Doe")
    assert [r.obj.pk for r in selectors.recommend_jobs_for_resume(resume, remote=True)] == [
        remote.pk
    ]
    only_junior = selectors.recommend_jobs_for_resume(resume, seniority_filter="junior")
    assert [r.obj.external_id for r in only_junior] == ["o"]


def test_candidates_for_a_job_come_from_the_teams_pool(team, other_team, fake_embedder) -> None:
    job = make_job(team, external_id="py")
    python = make_resume(team, PYTHON_RESUME, name="Pat Doe")
    nurse = make_resume(team, NURSE_RESUME, name="Sam Roe")
    theirs = make_resume(other_team, PYTHON_RESUME, name="Lee Poe")
    recs = selectors.recommend_candidates_for_job(job, top_n=5)
    assert [r.obj.pk for r in recs] == [python.pk, nurse.pk]
    assert theirs.pk not in {r.obj.pk for r in recs}


@pytest.mark.parametrize("top_n", [1, 3])
def test_it_returns_at_most_top_n(team, fake_embedder, top_n: int) -> None:
    for i in range(4):
        make_job(team, external_id=f"j{i}")
    resume = make_resume(team, PYTHON_RESUME, name="Pat Doe")
    assert len(selectors.recommend_jobs_for_resume(resume, top_n=top_n)) == top_n
