"""Every list is paged with plain links (readable without JavaScript), filters kept.

Each list gets 6 rows with a page size of 3: page 1 and page 2 show disjoint halves that
together are all 6 rows, and page 1 links to page 2 with an ordinary ``href``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from profiles.models import CandidateProfile
from resumes.models import FailedResume, Resume
from runs.models import Run
from screener.models import Team
from screening.models import Candidate, ScreeningBatch
from tests.screening.fakes import make_job

SIZE, ROWS = 3, 6


def _resume(team: Team, name: str) -> Resume:
    digest = hashlib.sha256(f"{team.pk}-{name}".encode()).hexdigest()
    return Resume.objects.create(
        team=team, source_ref=f"{name}.txt", content_hash=digest, candidate_name=name
    )


def jobs(team: Team) -> tuple[str, list[str]]:
    names = [f"Position-{i:02d}" for i in range(ROWS)]
    for i, name in enumerate(names):
        make_job(team, external_id=f"p{i}", position=name)
    return reverse("jobs:index"), names


def resumes(team: Team) -> tuple[str, list[str]]:
    names = [f"Person-{i:02d}" for i in range(ROWS)]
    for name in names:
        _resume(team, name)
    return reverse("resumes:index"), names


def failed(team: Team) -> tuple[str, list[str]]:
    names = [f"broken-{i:02d}.pdf" for i in range(ROWS)]
    for name in names:
        FailedResume.objects.create(team=team, source_ref=name, error_message="no text")
    return reverse("resumes:failed"), names


def batches(team: Team) -> tuple[str, list[str]]:
    """Markers are the batches' links (the job names also fill the form's job list)."""
    markers = []
    for i in range(ROWS):
        job = make_job(team, external_id=f"b{i}", position=f"Opening-{i:02d}")
        batch = ScreeningBatch.objects.create(team=team, job=job)
        markers.append(f'href="{reverse("screening:batch", args=[batch.pk])}"')
    return reverse("screening:index"), markers


def candidates(team: Team) -> tuple[str, list[str]]:
    batch = ScreeningBatch.objects.create(team=team, job=make_job(team), name_blind=False)
    names = [f"Applicant-{i:02d}" for i in range(ROWS)]
    for rank, name in enumerate(names, start=1):
        resume = _resume(team, name)
        batch.resumes.add(resume)
        Candidate.objects.create(
            team=team, job=batch.job, resume=resume, status=Candidate.Status.SCORED,
            score=100 - rank, rank=rank,
        )  # fmt: skip
    return reverse("screening:batch", args=[batch.pk]), names


def profiles(team: Team) -> tuple[str, list[str]]:
    names = [f"Profile-{i:02d}" for i in range(ROWS)]
    for name in names:
        CandidateProfile.objects.create(team=team, name=name)
    return reverse("profiles:index"), names


def runs(team: Team) -> tuple[str, list[str]]:
    names = [f"Batch-run-{i:02d}" for i in range(ROWS)]
    for name in names:
        Run.objects.create(team=team, kind="test", label=name, total=1)
    return reverse("dashboard"), names


LISTS: dict[str, tuple[str, Callable[[Team], tuple[str, list[str]]]]] = {
    "jobs": ("JOBS_PER_PAGE", jobs),
    "resumes": ("RESUMES_PER_PAGE", resumes),
    "failed resumes": ("RESUMES_PER_PAGE", failed),
    "screening batches": ("SCREENING_BATCHES_PER_PAGE", batches),
    "batch candidates": ("CANDIDATES_PER_PAGE", candidates),
    "profiles": ("PROFILES_PER_PAGE", profiles),
    "dashboard runs": ("RUNS_PER_PAGE", runs),
}


def _shown(html: str, names: list[str]) -> set[str]:
    return {name for name in names if name in html}


@pytest.mark.parametrize("name", list(LISTS))
def test_it_shows_the_second_half_of_the_rows_on_page_2(
    name: str, auth_client: Client, team: Team, settings
) -> None:  # noqa: ANN001
    setting, build = LISTS[name]
    setattr(settings, setting, SIZE)
    url, names = build(team)
    first = auth_client.get(url).content.decode()
    second = auth_client.get(url, {"page": 2}).content.decode()
    assert len(_shown(first, names)) == SIZE and len(_shown(second, names)) == SIZE
    assert _shown(first, names) | _shown(second, names) == set(names)
    assert re.search(r'<a rel="next" href="\?page=2"', first), "page 1 links to page 2"
    assert re.search(r'<a rel="prev" href="\?page=1"', second), "page 2 links back"


def test_it_keeps_the_filters_in_the_pager_links(auth_client: Client, team: Team, settings) -> None:  # noqa: ANN001
    settings.RESUMES_PER_PAGE = SIZE
    resumes(team)
    _resume(team, "Someone else")
    html = auth_client.get(reverse("resumes:index"), {"q": "Person"}).content.decode()
    assert 'href="?q=Person&amp;page=2"' in html
    second = auth_client.get(reverse("resumes:index"), {"q": "Person", "page": 2})
    assert "Someone else" not in second.content.decode()


def test_it_keeps_the_other_sections_page_on_the_results_page(
    auth_client: Client, team: Team, settings
) -> None:  # noqa: ANN001
    settings.CANDIDATES_PER_PAGE = SIZE
    url, _ = candidates(team)
    html = auth_client.get(url, {"fpage": 2}).content.decode()
    assert 'href="?fpage=2&amp;page=2"' in html


def test_it_counts_each_results_section_and_the_pending_resumes_in_one_query(
    team: Team, django_assert_num_queries
) -> None:  # noqa: ANN001
    from screening.selectors import section_counts

    batch = ScreeningBatch.objects.create(team=team, job=make_job(team))
    S = Candidate.Status
    statuses = [S.SCORED, S.SCORED, S.FILTERED, S.FAILED, S.UNREADABLE, S.PENDING, None]
    for i, status in enumerate(statuses):
        resume = _resume(team, f"Mixed-{i}")
        batch.resumes.add(resume)
        if status is not None:  # the last resume has no candidate row yet
            Candidate.objects.create(team=team, job=batch.job, resume=resume, status=status)
    with django_assert_num_queries(2):  # the GROUP BY, and the batch's resume count
        counts = section_counts(batch)
    assert counts == {"ranked": 2, "filtered": 1, "unscreened": 2, "pending": 2}


def test_it_pages_the_filtered_section_on_its_own(
    auth_client: Client, team: Team, settings
) -> None:  # noqa: ANN001
    settings.CANDIDATES_OTHER_PER_PAGE = SIZE
    url, names = candidates(team)
    Candidate.objects.filter(team=team).update(status=Candidate.Status.FILTERED)
    first = auth_client.get(url).content.decode()
    second = auth_client.get(url, {"fpage": 2}).content.decode()
    assert len(_shown(first, names)) == SIZE and len(_shown(second, names)) == SIZE
    assert _shown(first, names) | _shown(second, names) == set(names)
    assert 'href="?fpage=2"' in first
