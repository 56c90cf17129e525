"""Test support for screening: a deterministic stand-in embedder and row builders.

``fake_embed`` is a real (if crude) embedding: hashed bag of words, L2-normalised, 384
dimensions. It keeps unit tests fast and independent of the model files; the tests that
need MiniLM itself use ``screener.lib.embeddings`` directly.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np

from jobs.models import JobPosting
from resumes.models import Resume
from screener.models import Team

DEMO = Path(__file__).resolve().parents[2] / "demo_data"


def fake_embed(texts: list[str]) -> np.ndarray:
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i, text in enumerate(texts):
        for word in re.findall(r"[a-z][a-z+#]+", text.lower()):
            bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
            out[i, bucket % 384] += 1.0
        norm = np.linalg.norm(out[i])
        if norm:
            out[i] /= norm
    return out


fake_embed.version = "fake-bow-1"  # type: ignore[attr-defined]
FAKE_EMBEDDER = "tests.screening.fakes.fake_embed"


def make_job(team: Team, **fields: object) -> JobPosting:
    values: dict[str, object] = {
        "source": "test",
        "external_id": str(fields.pop("external_id", JobPosting.objects.count() + 1)),
        "position": "Senior Backend Engineer (Python/Django)",
        "description_text": (
            "We build payment APIs in Python and Django.\nRequirements:\n"
            "- 5+ years of experience with Python\n- Must have: Django, PostgreSQL, Docker\n"
            "Nice to have:\n- Kubernetes\n- AWS"
        ),
        "required_skills": ["Python", "Django", "PostgreSQL", "Docker"],
        "nice_to_have_skills": ["Kubernetes", "AWS"],
        "min_years": 5,
        "seniority": "senior",
    }
    values.update(fields)
    return JobPosting.objects.create(team=team, **values)


def make_resume(
    team: Team,
    text: str,
    *,
    name: str = "",
    email: str = "",
    filename: str = "",
    **fields: object,
) -> Resume:
    """A Resume row the way ingestion stores one: parsed, contact details kept apart."""
    from resumes.parsing import parse_resume

    parsed = parse_resume(text)
    values: dict[str, object] = {
        "source_ref": filename or f"resume-{hashlib.sha1(text.encode()).hexdigest()[:8]}.txt",
        "content_hash": hashlib.sha256((text + name + email + filename).encode()).hexdigest(),
        "text": text,
        "ranking_text": parsed.ranking_text,
        "record": parsed.record.model_dump(mode="json"),
        "job_role": parsed.record.job_role,
        "technical_skills": parsed.record.technical_skills,
        "total_years": parsed.total_years,
        "candidate_name": name or parsed.contact.name,
        "email": email or parsed.contact.email,
        "parser_version": "test",
    }
    values.update(fields)
    return Resume.objects.create(team=team, **values)


def demo_text(filename: str) -> str:
    from screener.lib.textract import extract_text

    path = DEMO / "resumes" / filename
    return extract_text(path.read_bytes(), path.name, isolate=False).text
