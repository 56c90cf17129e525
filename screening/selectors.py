"""Reads for screening pages, commands and exports (always scoped to a team)."""

from __future__ import annotations

import csv
import io

from django.db.models import Count, Q, QuerySet

from jobs.models import JobPosting
from resumes.models import Resume
from runs.selectors import run_state
from screener.models import Team
from screening.explain import Explanation, build_explanation
from screening.models import Candidate, ScreeningBatch
from screening.scoring import COMPONENTS, ResumeFacts
from screening.services import JobSettings, job_settings


def batches_for_team(team: Team, job_id: int | None = None) -> QuerySet[ScreeningBatch]:
    """The team's batches (one job's when ``job_id``), newest first, with job, run, resumes."""
    batches = ScreeningBatch.objects.filter(team=team)
    if job_id is not None:
        batches = batches.filter(job_id=job_id)
    return (
        batches.select_related("job", "run")
        .annotate(resume_count=Count("resumes"))
        .order_by("-created_at", "-id")
    )


def jobs_for_team(team: Team) -> QuerySet[JobPosting]:
    return JobPosting.objects.filter(team=team).order_by("position", "company", "id")


def resumes_matching(team: Team, skill: str = "", role: str = "") -> QuerySet[Resume]:
    """The team's resumes, optionally those mentioning a skill and/or a role (case-insensitive)."""
    query = Resume.objects.filter(team=team)
    if skill.strip():
        s = skill.strip()
        query = query.filter(Q(technical_skills__icontains=s) | Q(ranking_text__icontains=s))
    if role.strip():
        query = query.filter(job_role__icontains=role.strip())
    return query.order_by("id")


def batch_candidates(batch: ScreeningBatch) -> QuerySet[Candidate]:
    """The batch's candidates (its job x its resumes) in rank order."""
    return (
        Candidate.objects.filter(team=batch.team_id, job=batch.job_id, resume__batches=batch)
        .select_related("resume", "decided_by")
        .order_by("rank", "id")
    )


# Columns the results page never shows: left in the database so a page of 50 rows stays light.
_RESULTS_DEFERRED = (
    "facts",
    "explanation",
    "analysis",
    "resume__text",
    "resume__ranking_text",
    "resume__record",
    "resume__embedding",
    "resume__hidden_text",
    "resume__contact",
)


def batch_sections(batch: ScreeningBatch) -> dict[str, QuerySet[Candidate]]:
    """The results page's sections: passed (ranked), pre-filter failures, not screened.

    Rows carry what the ranking table shows (scores, components, flags, the resume's name,
    role and file name); the texts, vectors and explanations are not loaded.
    """
    qs = batch_candidates(batch).defer(*_RESULTS_DEFERRED)
    return {
        "ranked": qs.filter(status=Candidate.Status.SCORED),
        "filtered": qs.filter(status=Candidate.Status.FILTERED),
        "unscreened": qs.filter(status__in=[Candidate.Status.UNREADABLE, Candidate.Status.FAILED]),
    }


def section_counts(batch: ScreeningBatch) -> dict[str, int]:
    """Rows in each section of ``batch_sections`` and the number still pending, in one query."""
    rows = batch_candidates(batch).order_by().values("status").annotate(n=Count("id"))
    by_status = {row["status"]: row["n"] for row in rows}
    screened = sum(n for status, n in by_status.items() if status != Candidate.Status.PENDING)
    unscreened = by_status.get(Candidate.Status.UNREADABLE, 0)
    return {
        "ranked": by_status.get(Candidate.Status.SCORED, 0),
        "filtered": by_status.get(Candidate.Status.FILTERED, 0),
        "unscreened": unscreened + by_status.get(Candidate.Status.FAILED, 0),
        "pending": max(0, batch.resumes.count() - screened),
    }


def batch_progress(batch: ScreeningBatch, counts: dict[str, int]) -> dict[str, object]:
    """What the results list says about the batch's Run, read from the Run like the header.

    ``run_state`` is the Run's state (queued, paused with its reason, cancelled...);
    ``earlier`` counts the listed candidates this unfinished Run has not reached yet: they
    were scored by an earlier screening of the same job and are checked again when it does.
    """
    run = batch.run
    if run is None:
        return {"run_state": None, "earlier": 0}
    listed = counts["ranked"] + counts["filtered"] + counts["unscreened"]
    earlier = 0 if run.is_finished else max(0, listed - run.processed)
    return {"run_state": run_state(run), "earlier": earlier}


def pending_count(batch: ScreeningBatch) -> int:
    """Resumes of the batch not screened yet (no Candidate, or one still pending)."""
    screened = batch_candidates(batch).exclude(status=Candidate.Status.PENDING).count()
    return max(0, batch.resumes.count() - screened)


def explanation_for(candidate: Candidate, conf: JobSettings | None = None) -> Explanation:
    """The candidate's explanation against the job's current requirements."""
    conf = conf or job_settings(candidate.job)
    return build_explanation(
        ResumeFacts.from_json(candidate.facts or {}, (candidate.explanation or {}).get("evidence")),
        conf.requirements,
        reasons=candidate.prefilter_reasons,
        above_next=candidate.rank_reason,
        flags=[f.get("message", "") for f in candidate.flags],
    )


def display_name(candidate: Candidate, name_blind: bool) -> str:
    """The candidate's name, or a neutral label while name-blind and undecided."""
    if name_blind and candidate.decision == Candidate.Decision.UNDECIDED:
        return f"Candidate C-{candidate.id}"
    resume = candidate.resume
    return resume.candidate_name or resume.source_ref or f"Candidate C-{candidate.id}"


def _cell(value: object) -> object:
    """Defuse spreadsheet formulas: text from resumes must never run in Excel (=, +, -, @)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(batch: ScreeningBatch) -> str:
    """The batch's ranking as CSV (names hidden for undecided candidates when name-blind)."""
    conf = job_settings(batch.job)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["rank", "candidate", "status", "score", *COMPONENTS, "passed_prefilter",
         "prefilter_reasons", "decision", "flags", "explanation"]
    )  # fmt: skip
    for cand in batch_candidates(batch).select_related("job"):
        row = [
            cand.rank or "",
            display_name(cand, batch.name_blind),
            cand.status,
            "" if cand.score is None else f"{cand.score:.2f}",
            *[_component_cell(cand.components, k) for k in COMPONENTS],
            "" if cand.passed_prefilter is None else cand.passed_prefilter,
            "; ".join(cand.prefilter_reasons),
            cand.decision,
            "; ".join(f.get("code", "") for f in cand.flags),
            explanation_for(cand, conf).as_text(),
        ]
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _component_cell(components: dict, key: str) -> str:
    """A component for the CSV: 3 decimals, or empty when it is not known."""
    value = components.get(key) if components else None
    return "" if value is None else f"{value:.3f}"
