"""Recommendations that may embed first: jobs for a resume or a profile, resumes for a job.

These are services, not selectors: a resume, profile or job without a current vector (and
a few stale jobs or resumes of the team) is embedded and stored before the read, which
:mod:`profiles.selectors` then does without writing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from jobs.models import JobPosting
from jobs.services import job_vector
from profiles import services
from profiles.knn import nearest
from profiles.models import CandidateProfile
from profiles.selectors import (
    Recommendation,
    Seeker,
    current_version,
    job_name_blind,
    pool_size,
    rank,
    recommend_jobs,
    score_pair,
    screened_candidates,
    screened_resume_ids,
)
from resumes.models import Resume
from resumes.services import embedding_text, resume_vectors
from screener.lib.skills import skill_set
from screener.models import Team
from screening.models import Candidate
from screening.scoring import job_requirements
from screening.selectors import display_name


def resume_seeker(resume: Resume) -> Seeker:
    """Skills (parsed list plus mentions in the text), years and seniority of a resume."""
    skills = [*(resume.technical_skills or []), *skill_set(embedding_text(resume))]
    level = services.profile_seniority(resume.job_role, resume.total_years)
    return Seeker.build([s for s in skills if isinstance(s, str)], resume.total_years, level)


def recommend_jobs_for_resume(
    resume: Resume, top_n: int = 10, **filters: Any
) -> list[Recommendation]:
    """Jobs of the resume's team for this resume (embeds it, and few stale jobs, if needed)."""
    vector = resume_vectors([resume]).get(resume.id)
    return _jobs_for(resume.team, vector, lambda: resume_seeker(resume), top_n, filters)


def profile_seeker(profile: CandidateProfile) -> Seeker:
    skills = [*(profile.skills or []), *skill_set(services.profile_text(profile))]
    return Seeker.build(skills, profile.total_years, profile.seniority)


def recommend_jobs_for_profile(
    profile: CandidateProfile, top_n: int = 10, **filters: Any
) -> list[Recommendation]:
    """Jobs of the profile's team for this profile (its vector follows its final texts)."""
    vector = services.profile_vector(profile)
    return _jobs_for(profile.team, vector, lambda: profile_seeker(profile), top_n, filters)


def _jobs_for(
    team: Team,
    vector: np.ndarray | None,
    seeker_of: Callable[[], Seeker],
    top_n: int,
    filters: dict[str, Any],
) -> list[Recommendation]:
    """The team's jobs nearest ``vector`` (after embedding a few stale jobs), re-ranked by
    the seeker's skills and seniority; none without a vector."""
    if vector is None:
        return []
    services.embed_stale_jobs(team)
    seeker = seeker_of()
    return recommend_jobs(
        team,
        vector=vector,
        skills=list(seeker.skills),
        seniority=seeker.seniority,
        years=seeker.years,
        top_n=top_n,
        **filters,
    )


# --- candidates for a job ---------------------------------------------------------------------


@dataclass(frozen=True)
class JobCandidates:
    """The job's candidates page: screened ones with their screening score and blind label,
    then resumes of the pool not screened for the job yet (no score until screened)."""

    screened: list[Candidate]
    unscreened: list[Recommendation]
    name_blind: bool


def candidates_for_job(job: JobPosting, top_n: int = 10) -> JobCandidates:
    """The job's best ``top_n`` screened candidates, scored and labelled exactly as on its
    screening results (``screening.selectors.display_name``), and the ``top_n`` nearest
    resumes of the team that were not screened for it. Only screening gives a score, so a
    page can never show two different scores for one resume and job."""
    blind = job_name_blind(job)
    screened = screened_candidates(job, top_n)
    for cand in screened:
        cand.label = display_name(cand, blind)
    unscreened = recommend_candidates_for_job(job, top_n, exclude=screened_resume_ids(job))
    return JobCandidates(screened, unscreened, blind)


def recommend_candidates_for_job(
    job: JobPosting, top_n: int = 10, exclude: set[int] | frozenset[int] = frozenset()
) -> list[Recommendation]:
    """The team's ``top_n`` resumes for ``job`` (but ``exclude``): nearest by vector,
    re-ranked the same way."""
    job_vec = job_vector(job)
    services.embed_stale_resumes(job.team)
    pool_qs = Resume.objects.filter(team=job.team, embedding_version=current_version())
    pool_qs = pool_qs.exclude(id__in=exclude).only(
        "id", "candidate_name", "job_role", "source_ref", "technical_skills", "total_years",
        "ranking_text", "text", "email",
    )  # fmt: skip
    pool = nearest(pool_qs, job_vec.tolist(), pool_size(top_n))
    req = job_requirements(job)
    recs = [score_pair(r, 1.0 - float(r.distance), resume_seeker(r), req) for r in pool]
    return rank(recs, top_n)
