"""Security sweep generated from the URLconf, so a new URL cannot be forgotten.

For every route of the project (the admin site aside, see ``EXCEPTIONS``):
- without a session, GET and POST redirect to the login page;
- with another team's object ids in the path, GET and POST answer 404 (or 405 for the
  method the view does not accept), and the object is left unchanged;
- a POST without a CSRF token is refused with 403.
A route whose path takes ids must have an entry in ``KWARGS``; the sweep fails otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jobs.models import FeedSource, JobPosting
from profiles.models import CandidateProfile, ProfileExperience
from resumes.models import FailedResume, Resume
from runs.models import Run
from screener.models import Team
from screening.models import Candidate, ScreeningBatch
from tests.screening.fakes import make_job, make_resume

# Routes outside the sweep, with the reason.
EXCEPTIONS = {
    "login": "the one public page (its POST is in the CSRF sweep)",
    "logout": "logs out whoever asks; it holds no team data",
    "healthz": "public health check (no data; tested in tests/deploy/test_healthz.py)",
    "favicon": "redirects to the public static icon (tested in tests/core/test_error_pages.py)",
}
# Namespaces outside the sweep: the admin site has its own staff login (checked below) and
# its routes take model names and object ids of every app.
SKIPPED_NAMESPACES = {"admin": "own staff login; tested by test_it_sends_anonymous_admin..."}


@dataclass(frozen=True)
class Victim:
    """One object of each kind, all belonging to the victim team."""

    run: Run
    job: JobPosting
    resume: Resume
    failed: FailedResume
    batch: ScreeningBatch
    candidate: Candidate
    profile: CandidateProfile
    experience: ProfileExperience
    feed: FeedSource


KWARGS: dict[str, Callable[[Victim], dict[str, object]]] = {
    "runs:status": lambda v: {"pk": v.run.pk},
    "runs:action": lambda v: {"pk": v.run.pk, "action": "cancel"},
    "jobs:estimate": lambda v: {"run_id": v.run.pk},
    "jobs:detail": lambda v: {"pk": v.job.pk},
    "jobs:edit": lambda v: {"pk": v.job.pk},
    "jobs:reenrich": lambda v: {"pk": v.job.pk},
    "jobs:feed-edit": lambda v: {"pk": v.feed.pk},
    "jobs:feed-delete": lambda v: {"pk": v.feed.pk},
    "jobs:feed-fetch": lambda v: {"pk": v.feed.pk},
    "resumes:failed-original": lambda v: {"pk": v.failed.pk},
    "resumes:failed-detail": lambda v: {"pk": v.failed.pk},
    "resumes:failed-delete": lambda v: {"pk": v.failed.pk},
    "resumes:review": lambda v: {"pk": v.failed.pk},
    "resumes:review-reject": lambda v: {"pk": v.failed.pk},
    "resumes:detail": lambda v: {"pk": v.resume.pk},
    "resumes:original": lambda v: {"pk": v.resume.pk},
    "screening:batch": lambda v: {"pk": v.batch.pk},
    "screening:weights": lambda v: {"pk": v.batch.pk},
    "screening:weights-reset": lambda v: {"pk": v.batch.pk},
    "screening:export": lambda v: {"pk": v.batch.pk},
    "screening:analyse-top": lambda v: {"pk": v.batch.pk},
    "screening:candidate": lambda v: {"pk": v.candidate.pk},
    "screening:decision": lambda v: {"pk": v.candidate.pk},
    "screening:analyse": lambda v: {"pk": v.candidate.pk},
    "profiles:detail": lambda v: {"pk": v.profile.pk},
    "profiles:edit": lambda v: {"pk": v.profile.pk},
    "profiles:enhance": lambda v: {"pk": v.profile.pk},
    "profiles:sections": lambda v: {"pk": v.profile.pk},
    "profiles:section-decision": lambda v: {
        "pk": v.profile.pk,
        "kind": "experience",
        "section_pk": v.experience.pk,
        "decision": "reject",
    },
    "profiles:recommendations": lambda v: {"pk": v.profile.pk},
    "profiles:resume-recommendations": lambda v: {"pk": v.resume.pk},
    "profiles:job-candidates": lambda v: {"pk": v.job.pk},
    "profiles:job-candidates-screen": lambda v: {"pk": v.job.pk},
}

# Forms that take another team's id in the POST body instead of the path.
BODY_IDS: dict[str, Callable[[Victim], dict[str, object]]] = {
    "resumes:recover": lambda v: {"failed_id": v.failed.pk},
    "resumes:failed-bulk-delete": lambda v: {"ids": [v.failed.pk]},
    "profiles:from-resume": lambda v: {"resume": v.resume.pk},
}


def _walk(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            space = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _walk(entry.url_patterns, space)
        elif entry.name:
            yield f"{prefix}{entry.name}", entry


def project_routes() -> list[tuple[str, bool]]:
    """(qualified name, takes path arguments) of every swept route."""
    routes = []
    for name, pattern in _walk(get_resolver().url_patterns):
        if name not in EXCEPTIONS:
            routes.append((name, bool(pattern.pattern.converters or pattern.pattern.regex.groups)))
    return routes


ROUTES = project_routes()
WITH_IDS = [name for name, has_args in ROUTES if has_args]


def test_it_knows_how_to_fill_every_route_that_takes_ids() -> None:
    missing = sorted(set(WITH_IDS) - set(KWARGS))
    assert not missing, f"add these routes to KWARGS in {__file__}: {missing}"
    assert len(ROUTES) >= 35  # the walk found the apps' routes, not an empty list


@pytest.fixture
def victim(team: Team, user) -> Victim:  # noqa: ANN001
    job = make_job(team)
    resume = make_resume(team, "Jane Doe\nBackend Engineer\nSkills: Python, Django\n")
    run = Run.objects.create(team=team, kind="enrich_jobs", label="Enrich", total=1)
    batch = ScreeningBatch.objects.create(team=team, job=job, run=run, created_by=user)
    batch.resumes.add(resume)
    candidate = Candidate.objects.create(
        team=team, job=job, resume=resume, status=Candidate.Status.SCORED, score=80, rank=1
    )
    profile = CandidateProfile.objects.create(team=team, name="Jane Doe", resume=resume)
    experience = ProfileExperience.objects.create(
        profile=profile, position=0, title="Engineer", description="Built APIs."
    )
    failed = FailedResume.objects.create(
        team=team, source_ref="x.pdf", error_message="no text", text="some text"
    )
    feed = FeedSource.objects.create(
        team=team, name="Board", url="https://jobs.example.com/feed.json", source="board"
    )
    return Victim(run, job, resume, failed, batch, candidate, profile, experience, feed)


def _url(name: str, victim: Victim) -> str:
    kwargs = KWARGS[name](victim) if name in KWARGS else None
    return reverse(name, kwargs=kwargs)


def _client(user=None, **options: object) -> Client:  # noqa: ANN001
    client = Client(**options)
    if user is not None:
        client.force_login(user)
    return client


def _snapshot(victim: Victim) -> list[dict]:
    """Every victim row as stored, to prove a refused request changed nothing."""
    rows = [victim.run, victim.job, victim.resume, victim.failed, victim.batch]
    rows += [victim.candidate, victim.profile, victim.experience, victim.feed]
    return [type(r).objects.filter(pk=r.pk).values().get() for r in rows]


@pytest.mark.parametrize("name", [name for name, _ in ROUTES])
def test_it_redirects_every_route_to_login_without_a_session(name: str, victim: Victim) -> None:
    url = _url(name, victim)
    for method in ("get", "post"):
        response = getattr(_client(), method)(url)
        assert response.status_code == 302, f"{method.upper()} {url}"
        assert response.url.startswith(reverse(settings.LOGIN_URL) + "?next="), url


@pytest.mark.parametrize("name", WITH_IDS)
def test_it_answers_404_for_another_teams_ids(name: str, victim: Victim, other_team_user) -> None:  # noqa: ANN001
    before = _snapshot(victim)
    client, url = _client(other_team_user), _url(name, victim)
    statuses = {"GET": client.get(url).status_code, "POST": client.post(url).status_code}
    assert set(statuses.values()) <= {404, 405} and 404 in statuses.values(), (url, statuses)
    assert _snapshot(victim) == before


@pytest.mark.parametrize("name", list(BODY_IDS))
def test_it_answers_404_for_another_teams_ids_in_a_form(
    name: str, victim: Victim, other_team_user
) -> None:  # noqa: ANN001
    before = _snapshot(victim)
    response = _client(other_team_user).post(reverse(name), BODY_IDS[name](victim))
    assert response.status_code == 404
    assert _snapshot(victim) == before
    assert not Run.objects.exclude(pk=victim.run.pk).exists()
    assert CandidateProfile.objects.count() == 1


@pytest.mark.parametrize("name", [name for name, _ in ROUTES] + ["login"])
def test_it_refuses_every_post_without_a_csrf_token(name: str, victim: Victim, user) -> None:  # noqa: ANN001
    before = _snapshot(victim)
    client = _client(None if name == "login" else user, enforce_csrf_checks=True)
    response = client.post(_url(name, victim), {"decision": "reject"})
    assert response.status_code == 403, name
    assert _snapshot(victim) == before


def test_it_sends_anonymous_admin_visitors_to_the_admin_login(db) -> None:  # noqa: ANN001
    response = _client().get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response.url
