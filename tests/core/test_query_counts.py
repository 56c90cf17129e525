"""Every list page runs a fixed number of SQL queries, whatever the number of rows (no N+1).

Each test renders the page with 3 rows, then with 30 more (more than one page), and asserts
the same query count both times, within a pinned budget (so a new query is noticed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.models import JobPosting
from profiles.models import CandidateProfile
from resumes.models import FailedResume, Resume
from runs.models import Run
from screener.models import Team
from screening.models import Candidate, ScreeningBatch
from tests.screening.fakes import make_job

Builder = Callable[[Team, int], str]


def _resume(team: Team, n: int, **fields: object) -> Resume:
    digest = hashlib.sha256(f"{team.pk}-{n}-{fields}".encode()).hexdigest()
    values: dict[str, object] = {
        "source_ref": f"resume-{n}.txt",
        "content_hash": digest,
        "text": "Python developer " * 50,
        "ranking_text": "Python developer " * 50,
        "job_role": "Backend Engineer",
        "technical_skills": ["Python", "Django"],
        "total_years": 5.0,
        "candidate_name": f"Person {n}",
        "record": {"job_role": "Backend Engineer"},
    }
    values.update(fields)
    return Resume.objects.create(team=team, **values)


def _runs(team: Team, count: int, user) -> None:  # noqa: ANN001
    for i in range(count):
        Run.objects.create(team=team, kind="test", label=f"Run {i}", total=10, created_by=user)


def _numbered(model: type, team: Team) -> int:
    return model.objects.filter(team=team).count()


def build_runs(team: Team, count: int, user) -> str:  # noqa: ANN001
    _runs(team, count, user)
    return reverse("dashboard")


def build_jobs(team: Team, count: int, user) -> str:  # noqa: ANN001, ARG001
    start = _numbered(JobPosting, team)
    for i in range(start, start + count):
        make_job(team, external_id=f"q{i}", enrichment_status="done")
    return reverse("jobs:index")


def build_resumes(team: Team, count: int, user) -> str:  # noqa: ANN001
    start = _numbered(Resume, team)
    for i in range(start, start + count):
        _resume(team, i, created_by=user, warnings=["short"])
    return reverse("resumes:index")


def build_failed(team: Team, count: int, user) -> str:  # noqa: ANN001, ARG001
    start = _numbered(FailedResume, team)
    for i in range(start, start + count):
        partial = _resume(team, i, parse_method=Resume.ParseMethod.PARTIAL)
        FailedResume.objects.create(
            team=team, source_ref=f"f{i}.pdf", error_message="no sections", partial_resume=partial
        )
    return reverse("resumes:failed")


def build_batches(team: Team, count: int, user) -> str:  # noqa: ANN001
    start = _numbered(ScreeningBatch, team)
    for i in range(start, start + count):
        job = make_job(team, external_id=f"b{i}")
        run = Run.objects.create(team=team, kind="screening", label=f"Screen {i}", total=2)
        batch = ScreeningBatch.objects.create(team=team, job=job, run=run, created_by=user)
        batch.resumes.add(_resume(team, i))
    return reverse("screening:index")


def build_candidates(team: Team, count: int, user) -> str:  # noqa: ANN001
    batch = ScreeningBatch.objects.filter(team=team).first()
    if batch is None:
        run = Run.objects.create(team=team, kind="screening", label="Screen", total=0)
        batch = ScreeningBatch.objects.create(team=team, job=make_job(team), run=run)
    start = batch.resumes.count()
    statuses = [Candidate.Status.SCORED, Candidate.Status.FILTERED, Candidate.Status.FAILED]
    for i in range(start, start + count):
        resume = _resume(team, i)
        batch.resumes.add(resume)
        Candidate.objects.create(
            team=team,
            job=batch.job,
            resume=resume,
            status=statuses[i % 3],
            score=50.0 + i,
            rank=i + 1,
            components={"semantic": 0.5},
            flags=[{"code": "gap", "message": "a gap"}],
            prefilter_reasons=["missing Docker"],
            decision=Candidate.Decision.SHORTLIST if i % 2 else Candidate.Decision.UNDECIDED,
            decided_by=user if i % 2 else None,
        )
    return reverse("screening:batch", args=[batch.pk])


def build_profiles(team: Team, count: int, user) -> str:  # noqa: ANN001
    start = _numbered(CandidateProfile, team)
    run = Run.objects.create(team=team, kind="enhance", label="Enhance", total=1)
    for i in range(start, start + count):
        resume = _resume(team, 1000 + i)
        CandidateProfile.objects.create(
            team=team, name=f"P{i}", resume=resume, last_run=run, created_by=user
        )
        _resume(team, 2000 + i)  # a resume without a profile (the "create from resume" list)
    return reverse("profiles:index")


def build_run_status(team: Team, count: int, user) -> str:  # noqa: ANN001
    _runs(team, count, user)
    return reverse("runs:status", args=[Run.objects.filter(team=team).first().pk])


# Queries per page today (session, user and team lookups included); raise only with a reason.
BUDGET = {
    "dashboard": 8,  # the five team counts are one query; +1: which batch each run screens
    "jobs": 11,  # +1: each row's state from the enrichment Run it waits on (issue 17)
    "resumes": 6,
    "failed resumes": 9,  # +1: how many recovered resumes wait for review (issue 15)
    # +2: each row's recovery Run state; the not-screened / partial counts (issue 17)
    "screening batches": 8,  # +1: job positions that repeat (the picker adds company + date)
    "batch candidates": 13,  # was 15: one GROUP BY replaces the 3 section and pending COUNTs;
    # +1 (issue 17): the deep-analysis Runs the listed candidates wait on
    "profiles": 8,  # +1: each row's state from the enhancement Run it waits on (issue 17)
    "run status fragment": 4,
}

PAGES = {
    "dashboard": build_runs,
    "jobs": build_jobs,
    "resumes": build_resumes,
    "failed resumes": build_failed,
    "screening batches": build_batches,
    "batch candidates": build_candidates,
    "profiles": build_profiles,
    "run status fragment": build_run_status,
}


def _count(client: Client, url: str, **extra: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", list(PAGES))
def test_it_runs_the_same_number_of_queries_for_3_and_33_rows(
    name: str, auth_client: Client, team: Team, user
) -> None:  # noqa: ANN001
    build = PAGES[name]
    url = build(team, 3, user)
    auth_client.get(url)  # warm the session/team caches the same way for both counts
    few = _count(auth_client, url)
    build(team, 30, user)
    many = _count(auth_client, url)
    assert few == many, f"{name}: {few} queries with 3 rows, {many} with 33"
    assert many <= BUDGET[name], f"{name}: {many} queries; the budget is {BUDGET[name]}"
    assert _count(auth_client, f"{url}?page=2") <= many


@pytest.mark.parametrize("name", ["jobs", "resumes", "batch candidates"])
def test_it_runs_the_same_number_of_queries_for_the_htmx_fragment(
    name: str, auth_client: Client, team: Team, user
) -> None:  # noqa: ANN001
    build = PAGES[name]
    url = build(team, 3, user)
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "job-results"}
    few = _count(auth_client, url, **headers)
    build(team, 30, user)
    assert _count(auth_client, url, **headers) == few
