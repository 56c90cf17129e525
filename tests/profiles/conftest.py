"""Profile test helpers: profile builders, a fake-Groq responder for enhancement answers."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from profiles.models import CandidateProfile, ProfileExperience, ProfileProject
from screener.models import Team
from tests.screening.fakes import FAKE_EMBEDDER

SECTION_RE = re.compile(r'<section id="([^"]+)" kind="[^"]+">\n(.*?)\n</section>', re.S)

DESCRIPTIONS = [
    "Built payment APIs in Python and Django for the billing team.",
    "Moved nightly reports from cron scripts to Celery and cut report time.",
    "Mentored junior engineers and ran code reviews for the platform group.",
    "Designed the PostgreSQL schema for invoices and wrote the migration plan.",
    "Ran the on-call rotation and wrote runbooks for the checkout service.",
    "Replaced a legacy SOAP integration with a REST client and retries.",
]


@pytest.fixture
def fake_embedder(settings) -> str:
    """Screening's embedder setting pointed at the hashed bag-of-words stand-in."""
    settings.SCREENING_EMBEDDER = FAKE_EMBEDDER
    return FAKE_EMBEDDER


def make_profile(team: Team, experiences: int = 2, projects: int = 1, **fields) -> CandidateProfile:
    values = {"name": "Dana Example", "headline": "Backend Engineer", "seniority": "senior"}
    values.update(fields)
    profile = CandidateProfile.objects.create(team=team, **values)
    for i in range(experiences):
        ProfileExperience.objects.create(
            profile=profile,
            position=i,
            title="Backend Engineer",
            company=f"Northwind Traders {i}",
            start="2019",
            end="Present",
            description=DESCRIPTIONS[i % len(DESCRIPTIONS)],
        )
    for i in range(projects):
        ProfileProject.objects.create(
            profile=profile,
            position=i,
            name=f"Invoice exporter {i}",
            description="A command-line tool that exports invoices to CSV for accountants.",
        )
    return profile


def sections_in(body: dict) -> dict[str, str]:
    """Section id -> original text, read from the user message of a chat request."""
    user = body["messages"][-1]["content"]
    return {sid: inner.split("text:\n", 1)[1] for sid, inner in SECTION_RE.findall(user)}


def reword(text: str) -> str:
    """A faithful rewording: adds no fact the factual guard could object to."""
    return "Reworded: " + text


Responder = Callable[[dict], dict]


def faithful_responder(body: dict) -> dict:
    return {"sections": [{"id": k, "enhanced": reword(v)} for k, v in sections_in(body).items()]}
