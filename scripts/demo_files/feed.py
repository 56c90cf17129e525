"""The job feed (RemoteOK API shape) and the relevance labels document."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from .facts import FIXED_TIME
from .model import Description, JobPosting, Person, slugify

LEGAL_NOTICE = (
    "API Terms of Service: this is a fictional demo feed in the RemoteOK format. "
    "If you republish listings you must link back to the listing URL and credit the "
    "source, and you may not use the company names or logos to imply endorsement. "
    "All companies and listings in this file are invented."
)


def _ul(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def description_html(d: Description) -> str:
    parts = [
        f"<p>{d.intro}</p>",
        "<p><strong>What you will do</strong></p>",
        _ul(d.duties),
        "<p><strong>Requirements</strong></p>",
        _ul(d.requirements),
        "<p><strong>Nice to have</strong></p>",
        _ul(d.nice_to_have),
    ]
    if d.closing:
        parts.append(f"<p>{d.closing}</p>")
    return "".join(parts)


def job_object(job: JobPosting) -> dict[str, object]:
    slug = f"remote-{slugify(job.position)}-{slugify(job.company)}-{job.id}"
    logo = f"https://logos.example.com/{slugify(job.company)}.png"
    return {
        "slug": slug,
        "id": job.id,
        "epoch": job.epoch,
        "date": datetime.fromtimestamp(job.epoch, UTC).isoformat(),
        "company": job.company,
        "company_logo": logo,
        "position": job.position,
        "tags": list(job.tags),
        "logo": logo,
        "description": description_html(job.description),
        "location": job.location,
        "salary_min": job.salary_min,
        "salary_max": job.salary_max,
        "apply_url": f"https://remoteok.com/remote-jobs/{slug}/apply",
        "url": f"https://remoteok.com/remote-jobs/{slug}",
    }


def remoteok_feed(jobs: Sequence[JobPosting]) -> list[dict[str, object]]:
    """The legal notice object, then the postings newest first."""
    legal: dict[str, object] = {"last_updated": int(FIXED_TIME.timestamp()), "legal": LEGAL_NOTICE}
    return [legal, *(job_object(j) for j in sorted(jobs, key=lambda j: -j.epoch))]


def labels_document(
    people: Sequence[Person], jobs: Sequence[JobPosting], labels: dict[str, dict[str, int]]
) -> dict[str, object]:
    """A grade for every resume file against every job id; raises on unknown keys."""
    person_keys = {p.key for p in people}
    jobs_by_key = {j.key: j for j in jobs}
    if set(labels) != set(jobs_by_key):
        raise ValueError(f"label/job mismatch: {set(labels) ^ set(jobs_by_key)}")
    out: dict[str, dict[str, int]] = {}
    for job in jobs:
        grades = labels[job.key]
        unknown = set(grades) - person_keys
        if unknown:
            raise ValueError(f"unknown people in labels for {job.key}: {unknown}")
        out[job.id] = {
            p.filename: (0 if p.special == "image_only" else grades.get(p.key, 0)) for p in people
        }
    return {"format": "graded relevance 0-3", "jobs": out}
