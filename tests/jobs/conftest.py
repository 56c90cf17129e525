"""Fixtures of the jobs tests: the demo feed, jobs built through the services, LLM answers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from jobs import services
from jobs.feed import FeedEntry
from jobs.models import JobPosting
from screener.models import Team

ROOT = Path(__file__).resolve().parents[2]
DEMO_FEED = ROOT / "demo_data" / "jobs" / "remoteok_feed.json"
JOB_ID_RE = re.compile(r'<job id="(\d+)">\nTitle: ([^\n]*)')


@pytest.fixture
def demo_feed() -> bytes:
    return DEMO_FEED.read_bytes()


def feed_bytes(*elements: Any) -> bytes:
    return json.dumps(list(elements)).encode()


def entry(**fields: Any) -> dict[str, Any]:
    """A RemoteOK-shaped feed element with sensible defaults."""
    base = {
        "id": "1",
        "position": "Backend Engineer",
        "company": "Acme",
        "location": "Remote",
        "tags": ["python"],
        "description": "<p>Requirements</p><ul><li>3+ years of Python</li></ul>",
        "salary_min": 100000,
        "salary_max": 120000,
        "url": "https://example.com/jobs/1",
        "date": "2026-10-01T10:00:00+00:00",
    }
    base.update(fields)
    return base


def make_job(team: Team, external_id: str = "x1", **fields: Any) -> JobPosting:
    """A job stored through the service (search vector and requirements filled)."""
    data = {
        "external_id": external_id,
        "position": "Python Developer",
        "company": "Acme",
        "location": "Remote",
        "remote": True,
        "tags": [],
        "salary_min": None,
        "salary_max": None,
        "url": "",
        "posted_at": None,
        "description_html": "",
        "description_text": "Requirements:\n- 3+ years of Python and Django\n- PostgreSQL",
    }
    data.update(fields)
    job, _ = services.upsert_job(team, "test", FeedEntry(**data))
    return job


def jobs_in_request(body: dict) -> list[tuple[int, str]]:
    """(id, title) of every posting in a chat request's user message."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return [(int(i), title) for i, title in JOB_ID_RE.findall(user)]


def good_item(job_id: int, title: str = "") -> dict[str, Any]:
    return {
        "id": job_id,
        "required_skills": ["python", "Postgres", "Underwater basket weaving"],
        "nice_to_have_skills": ["k8s"],
        "min_years": 3,
        "seniority": "mid",
        "summary": f"Builds backend services ({title or job_id}) in Python.",
        "requirements": ["3+ years of Python", "PostgreSQL"],
    }


def packed_answer(body: dict) -> dict[str, Any]:
    """A correct packed answer for whatever postings the request holds."""
    return {"items": [good_item(i, t) for i, t in jobs_in_request(body)]}
