"""Reads of profiles and recommendations (jobs for a resume/profile, candidates for a job).

Recommendation promises:

* Team-scoped: only the team's jobs (or resumes) are ever considered.
* Candidates come from pgvector's HNSW index (cosine distance on L2-normalised vectors),
  over-fetched ``top_n x PROFILE_RECO_OVERFETCH`` with ``hnsw.ef_search`` raised by
  ``SET LOCAL``, sent in the same message as the SELECT: one round trip, and the setting
  ends with that statement's transaction, so it never leaks to other queries. pgvector 0.6
  applies WHERE filters *after* the index scan, so a selective filter (or a small team in a
  big table) can leave too few rows: then the filtered ids are read (a covering index makes
  that an index-only scan) and ranked by an exact scan, which is cheap because the filtered
  set is small. So a filter that keeps 1% of the jobs still returns ``top_n`` rows.
* "Location contains X" becomes the list of the team's distinct locations containing X (a
  skip scan of an index, ``matching_locations``), so the planner can see how selective it
  is and rank a small filtered set exactly by itself.
* The final order combines similarity, skill overlap and seniority fit with the weights in
  ``PROFILE_RECO_WEIGHTS``, rounded, ties broken by id: the same inputs give the same list.
* Each row carries a short explanation built with the screening explainer
  (``screening.explain.build_explanation``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Model, QuerySet

from jobs.models import JobPosting
from profiles.knn import nearest
from profiles.models import CandidateProfile, ProfileSummary
from resumes.models import Resume
from screener.lib.skills import normalise_skill
from screener.models import Team
from screening.explain import build_explanation
from screening.models import Candidate, ScreeningBatch
from screening.scoring import Requirements, ResumeFacts, job_requirements, seniority_fit


def profiles_for_team(team: Team) -> QuerySet[CandidateProfile]:
    """The team's profiles, newest first (without their vectors)."""
    return CandidateProfile.objects.filter(team=team).defer("embedding")


def profile_with_sections(team: Team, pk: int) -> CandidateProfile:
    """One of the team's profiles with its sections prefetched (404-able DoesNotExist)."""
    return (
        profiles_for_team(team)
        .select_related("summary_section")
        .prefetch_related("experiences", "projects")
        .get(pk=pk)
    )


def summary_section(profile: CandidateProfile) -> ProfileSummary | None:
    """The profile's summary section if it matches the current summary (else None: the
    summary was changed outside the pages and not enhanced since, so show the plain text)."""
    try:
        row = profile.summary_section
    except ProfileSummary.DoesNotExist:
        return None
    return row if row.description == profile.professional_summary else None


def resumes_without_profile(team: Team) -> QuerySet[Resume]:
    """Parsed resumes of the team that no profile was created from yet."""
    return (
        Resume.objects.filter(team=team, profiles__isnull=True)
        .exclude(record={})
        .only("id", "candidate_name", "job_role", "source_ref", "created_at")
        .order_by("-created_at", "-id")
    )


# --- scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """One recommended job (or resume) with its score parts and a short explanation."""

    obj: Model
    score: float
    similarity: float
    skills_score: float
    seniority_score: float
    matched: tuple[str, ...]
    missing: tuple[str, ...]
    explanation: str

    @property
    def percent(self) -> int:
        return round(100 * self.score)


@dataclass(frozen=True)
class Seeker:
    """The side being matched: canonical skills, years and seniority."""

    skills: frozenset[str]
    years: float | None = None
    seniority: str = "unknown"

    @classmethod
    def build(cls, skills: Sequence[str], years: float | None, seniority: str | None) -> Seeker:
        canonical = {normalise_skill(s) or s.strip() for s in skills if s and s.strip()}
        return cls(frozenset(canonical), years, seniority or "unknown")


def skill_overlap(seeker: Seeker, req: Requirements) -> float:
    """Share of must-haves covered (80%) plus share of nice-to-haves (20%); 0.5 if none known."""

    def share(skills: tuple[str, ...]) -> float | None:
        return sum(s in seeker.skills for s in skills) / len(skills) if skills else None

    required, nice = share(req.required), share(req.nice)
    if required is None and nice is None:
        return 0.5
    if required is None or nice is None:
        return required if nice is None else nice
    return 0.8 * required + 0.2 * nice


@dataclass(frozen=True)
class Scored:
    """A pool row's score before it is explained (only the top rows get an explanation)."""

    obj: Model
    similarity: float
    seeker: Seeker
    req: Requirements
    score: float
    skills: float
    level: float


def score_pair(obj: Model, similarity: float, seeker: Seeker, req: Requirements) -> Scored:
    """Combine similarity, skill overlap and seniority fit (weights PROFILE_RECO_WEIGHTS)."""
    weights = settings.PROFILE_RECO_WEIGHTS
    skills = skill_overlap(seeker, req)
    level = seniority_fit(seeker.seniority, req.seniority)
    if level is None:  # not known: neutral for an open job, half credit for a levelled one
        level = 1.0 if req.seniority in ("", "unknown") else 0.5
    score = (
        weights["similarity"] * max(0.0, similarity)
        + weights["skills"] * skills
        + weights["seniority"] * level
    )
    return Scored(obj, similarity, seeker, req, round(score, 6), skills, level)


def explain(row: Scored) -> Recommendation:
    """The recommendation with its one-line explanation (the screening explainer's facts)."""
    seeker = row.seeker
    facts = ResumeFacts(
        skills={s: "" for s in sorted(seeker.skills)},
        years=seeker.years,
        seniority=seeker.seniority,
        seniority_source="years" if seeker.seniority != "unknown" else "",
    )
    expl = build_explanation(facts, row.req)
    matched, missing = tuple(s for s, _ in expl.matched), tuple(expl.missing)
    return Recommendation(
        obj=row.obj,
        score=row.score,
        similarity=round(row.similarity, 4),
        skills_score=round(row.skills, 4),
        seniority_score=round(row.level, 4),
        matched=matched,
        missing=missing,
        explanation=explanation_text(matched, missing, seeker, row.req, row.similarity),
    )


def explanation_text(
    matched: tuple[str, ...],
    missing: tuple[str, ...],
    seeker: Seeker,
    req: Requirements,
    similarity: float,
) -> str:
    """Shared skills, missing must-haves, seniority fit and similarity, in one short line."""
    parts: list[str] = []
    if req.required:
        shared = f"Shares {', '.join(matched[:5])}" if matched else "Shares no must-have"
        parts.append(f"{shared} ({len(matched)}/{len(req.required)} must-haves)")
    if missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        parts.append(f"missing {', '.join(missing[:3])}{more}")
    level = seeker.seniority if seeker.seniority != "unknown" else "unknown seniority"
    job_level = req.seniority if req.seniority != "unknown" else "any level"
    parts.append(f"{level} for a {job_level} role")
    parts.append(f"similarity {similarity:.2f}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def rank(rows: list[Scored], top_n: int) -> list[Recommendation]:
    """Best score first, ties by id (deterministic); only the kept rows are explained."""
    return [explain(r) for r in sorted(rows, key=lambda r: (-r.score, r.obj.pk))[:top_n]]


# --- jobs for a seeker ------------------------------------------------------------------------


def current_version() -> str:
    from profiles.services import embedder

    return embedder()[1]


def filtered_jobs(
    team: Team,
    *,
    embedding_version: str,
    remote: bool | None = None,
    location: str | None = None,
    seniority_filter: str | None = None,
) -> QuerySet[JobPosting]:
    """The team's embedded jobs narrowed by the optional filters (empty = any)."""
    jobs = JobPosting.objects.filter(team=team, embedding_version=embedding_version)
    if remote is not None:
        jobs = jobs.filter(remote=remote)
    if location:
        places = matching_locations(team, location.strip())
        if places is None:
            jobs = jobs.filter(location__icontains=location.strip())
        else:
            jobs = jobs.filter(location__in=places)
    if seniority_filter:
        jobs = jobs.filter(seniority=seniority_filter)
    return jobs


LOCATION_SKIP_SCAN_MAX = 2_000  # distinct locations read per team before using a LIKE filter

_DISTINCT_LOCATIONS = """
WITH RECURSIVE place(value, n) AS (
    (SELECT location, 1 FROM jobs_jobposting WHERE team_id = %(team)s ORDER BY location LIMIT 1)
    UNION ALL
    SELECT (SELECT j.location FROM jobs_jobposting j
            WHERE j.team_id = %(team)s AND j.location > place.value
            ORDER BY j.location LIMIT 1), n + 1
    FROM place WHERE place.value IS NOT NULL AND n <= %(max)s
)
SELECT value FROM place WHERE value IS NOT NULL
"""


def matching_locations(team: Team, text: str) -> list[str] | None:
    """The team's distinct job locations containing ``text`` (case-insensitive), or None when
    the team has more than ``LOCATION_SKIP_SCAN_MAX`` distinct locations.

    Read with a skip scan of the ``(team_id, location)`` index: one index probe per distinct
    location instead of a LIKE test on every job row. Filtering by the resulting list lets the
    planner see how selective the filter is (it cannot for ``LIKE '%...%'``).
    """
    with connection.cursor() as cursor:
        cursor.execute(_DISTINCT_LOCATIONS, {"team": team.pk, "max": LOCATION_SKIP_SCAN_MAX})
        places = [value for (value,) in cursor.fetchall()]
    if len(places) > LOCATION_SKIP_SCAN_MAX:
        return None
    needle = text.casefold()
    return [place for place in places if needle in place.casefold()]


def recommend_jobs(
    team: Team,
    *,
    vector: Sequence[float] | np.ndarray,
    skills: list[str],
    seniority: str | None,
    top_n: int = 10,
    remote: bool | None = None,
    location: str | None = None,
    seniority_filter: str | None = None,
    years: float | None = None,
    embedding_version: str | None = None,
    exact: bool = False,
) -> list[Recommendation]:
    """The team's ``top_n`` jobs for a seeker: nearest by vector, re-ranked (module doc).

    ``embedding_version`` defaults to the current embedder's; ``exact`` forces an exact scan.
    """
    version = embedding_version or current_version()
    jobs = filtered_jobs(
        team,
        embedding_version=version,
        remote=remote,
        location=location,
        seniority_filter=seniority_filter,
    ).only(
        "id", "position", "company", "location", "remote", "seniority", "required_skills",
        "nice_to_have_skills", "min_years",
    )  # fmt: skip
    query = np.asarray(vector, dtype=np.float32).tolist()
    pool = nearest(jobs, query, pool_size(top_n), exact=exact)
    seeker = Seeker.build(skills, years, seniority)
    recs = [
        score_pair(job, 1.0 - float(job.distance), seeker, job_requirements(job)) for job in pool
    ]
    return rank(recs, top_n)


def pool_size(top_n: int) -> int:
    return max(top_n, top_n * settings.PROFILE_RECO_OVERFETCH)


# --- a job's screened candidates (the job's candidates page) ---------------------------------


def job_name_blind(job: JobPosting) -> bool:
    """Whether the job's latest screening hides names (True when it has none: blind first)."""
    batch = ScreeningBatch.objects.filter(job=job).order_by("-id").only("name_blind").first()
    return batch.name_blind if batch else True


def screened_candidates(job: JobPosting, top_n: int) -> list[Candidate]:
    """The job's ``top_n`` best candidates as its screening ranks them: the same rows,
    scores and rank as the screening results page (passed the pre-filter, rank order)."""
    rows = (
        Candidate.objects.filter(team=job.team_id, job=job, status=Candidate.Status.SCORED)
        .select_related("resume")
        .only("id", "rank", "score", "decision", "resume__id", "resume__candidate_name",
              "resume__source_ref", "resume__job_role")
        .order_by("rank", "id")
    )  # fmt: skip
    return list(rows[:top_n])


def screened_resume_ids(job: JobPosting) -> set[int]:
    """Resumes with a screening result for ``job`` (ranked, filtered out or unreadable)."""
    done = Candidate.objects.filter(job=job).exclude(status=Candidate.Status.PENDING)
    return set(done.values_list("resume_id", flat=True))
