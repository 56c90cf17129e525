"""Writes of job postings: import, hand edits, search vectors, embeddings, enrichment Runs.

Every write keeps ``search_vector`` current and fills the deterministic requirements
(skills, minimum years, seniority) so a job is usable for screening without any LLM.
LLM enrichment lives in :mod:`jobs.enrichment`; it is started from here as a Run.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from jobs.feed import FeedEntry, FeedProblem, parse_feed
from jobs.models import JobPosting
from jobs.prompts import PROMPT_VERSION
from runs import executor as run_engine
from runs.models import Run
from runs.services import create_run
from screener.embedder import window_embedder
from screener.lib.requirements import extract_requirements
from screener.models import Team
from screener.vectors import ensure_vectors

logger = logging.getLogger(__name__)

ENRICH_KIND = "enrich_jobs"
SEARCH_CONFIG = "english"
Outcome = Literal["created", "updated", "unchanged"]


# --- hashing, requirements, search vector ------------------------------------------------------


def content_hash(position: str, company: str, description_text: str) -> str:
    """Hash of exactly what enrichment reads: same hash, same enrichment."""
    blob = "\x1f".join([position.strip(), company.strip(), description_text.strip()])
    return hashlib.sha256(blob.encode()).hexdigest()


def apply_deterministic_requirements(job: JobPosting) -> None:
    """Fill skills, minimum years and seniority from the text (in memory; caller saves)."""
    found = extract_requirements(job.position, job.description_text)
    job.required_skills = found.required_skills
    job.nice_to_have_skills = found.nice_to_have_skills
    job.min_years = found.min_years
    job.seniority = found.seniority


def refresh_search_vectors(job_ids: Iterable[int]) -> None:
    """Recompute the full-text vector: position (A), company (B), description (C)."""
    vector = (
        SearchVector("position", weight="A", config=SEARCH_CONFIG)
        + SearchVector("company", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description_text", weight="C", config=SEARCH_CONFIG)
    )
    JobPosting.objects.filter(id__in=list(job_ids)).update(search_vector=vector)


# --- create / update ----------------------------------------------------------------------------

POSTING_FIELDS = (
    "position", "company", "location", "remote", "tags", "salary_min", "salary_max", "url",
    "posted_at", "description_html", "description_text",
)  # fmt: skip


def _assign(job: JobPosting, entry: FeedEntry) -> bool:
    """Copy the posting fields; True when what enrichment reads has changed."""
    for name in POSTING_FIELDS:
        setattr(job, name, getattr(entry, name))
    new_hash = content_hash(job.position, job.company, job.description_text)
    changed = new_hash != job.content_hash
    job.content_hash = new_hash
    return changed


def _reset_derived(job: JobPosting) -> None:
    """The text changed: re-extract requirements; the enrichment and embedding are stale."""
    apply_deterministic_requirements(job)
    job.summary = ""
    job.enrichment_status = JobPosting.Enrichment.NONE
    job.enrichment_error = ""
    job.enrichment_failures = 0  # a new text gets a fresh set of automatic retries
    job.enrichment_retry_at = None
    job.embedding_version = ""


def _differs(job: JobPosting, entry: FeedEntry) -> bool:
    return any(getattr(job, name) != getattr(entry, name) for name in POSTING_FIELDS)


def upsert_job(team: Team, source: str, entry: FeedEntry) -> tuple[JobPosting, Outcome]:
    """Create the job or update the one with the same (team, source, id); never duplicate."""
    job = JobPosting.objects.filter(team=team, source=source, external_id=entry.external_id).first()
    if job is not None and not _differs(job, entry):
        return job, "unchanged"
    outcome: Outcome = "updated" if job else "created"
    job = job or JobPosting(team=team, source=source, external_id=entry.external_id)
    if _assign(job, entry):
        _reset_derived(job)
    job.full_clean(exclude=["team", "embedding", "search_vector"], validate_unique=False)
    job.save()
    refresh_search_vectors([job.id])
    return job, outcome


@transaction.atomic
def save_job_by_hand(team: Team, entry: FeedEntry, job: JobPosting | None = None) -> JobPosting:
    """Create (``job=None``) or edit a job typed into the form; queues its embedding."""
    if job is not None and job.team_id != team.id:
        raise PermissionError("this job belongs to another team")
    external_id = job.external_id if job else uuid.uuid4().hex
    source = job.source if job else "manual"
    saved, _ = upsert_job(team, source, _with_id(entry, external_id))
    queue_embeddings(team.id)
    return saved


def _with_id(entry: FeedEntry, external_id: str) -> FeedEntry:
    from dataclasses import replace

    return replace(entry, external_id=external_id)


# --- feed import --------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did; ``problems`` lists every element that was not imported."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notices_skipped: int = 0
    problems: list[FeedProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)  # jobs created or updated
    legal_notice: str = ""

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def failed(self) -> int:
        return len(self.problems)

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed} rejected"
        )


def import_feed(team: Team, data: bytes, *, source: str = "remoteok") -> ImportReport:
    """Import a RemoteOK-shaped feed; FeedError if the feed as a whole is unreadable.

    Each entry is stored in its own savepoint, so a database error on one is reported
    with the others imported.
    """
    parsed = parse_feed(
        data,
        max_bytes=settings.JOB_FEED_MAX_BYTES,
        max_description_chars=settings.JOB_DESCRIPTION_MAX_CHARS,
    )
    report = ImportReport(
        notices_skipped=parsed.notices_skipped,
        problems=list(parsed.problems),
        legal_notice=parsed.legal_notice,
    )
    for entry in parsed.entries:
        _import_entry(team, source, entry, report)
    if report.created or report.updated:
        queue_embeddings(team.id)
    logger.info("feed import for team %s: %s", team.id, report.summary())
    return report


def _import_entry(team: Team, source: str, entry: FeedEntry, report: ImportReport) -> None:
    from django.core.exceptions import ValidationError

    try:
        with transaction.atomic():
            job, outcome = upsert_job(team, source, entry)
    except (ValidationError, IntegrityError) as exc:
        report.problems.append(FeedProblem(-1, entry.external_id, _error_text(exc)))
        return
    setattr(report, outcome, getattr(report, outcome) + 1)
    if outcome != "unchanged":
        report.changed_ids.append(job.id)
    report.warnings.extend(f"{entry.external_id}: {w}" for w in entry.warnings)


def _error_text(exc: Exception) -> str:
    messages = getattr(exc, "message_dict", None)
    if messages:
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in messages.items())
    return str(exc)


def fetch_feed(url: str) -> bytes:
    """Download a feed through the SSRF-safe fetcher (JSON only, size-limited)."""
    from screener.lib.fetch import fetch_url

    document = fetch_url(
        url,
        max_bytes=settings.JOB_FEED_MAX_BYTES,
        allowed_content_types=("application/json",),
    )
    return document.body


# --- embeddings ---------------------------------------------------------------------------------


def queue_embeddings(team_id: int) -> None:
    """After commit, embed the team's jobs whose embedding is missing or outdated."""
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task("jobs.tasks.embed_jobs", team_id))


def embedding_text(job: JobPosting) -> str:
    """What a job's vector represents: title, summary, skills, description."""
    skills = ", ".join([*job.required_skills, *job.nice_to_have_skills])
    parts = [job.position, job.summary, f"Skills: {skills}" if skills else "", job.description_text]
    return "\n".join(p for p in parts if p)


def job_vector(job: JobPosting) -> np.ndarray:
    """The job's vector, embedded and stored first when missing or from another model."""
    return ensure_vectors([job], embedding_text)[job.pk]


def embed_pending_jobs(
    team_id: int,
    *,
    batch_size: int = 32,
    embed: Callable[[list[str]], Any] | None = None,
    version: str | None = None,
) -> int:
    """Embed jobs whose ``embedding_version`` is not the current model's; returns how many.

    ``embed``/``version`` (a document embedder) default to the app's one (the one screening
    and profiles use, so all vectors are comparable).
    """
    windows, version = (
        window_embedder()
        if embed is None or version is None
        else (
            lambda texts: [r[None, :] for r in np.asarray(embed(texts), dtype=np.float32)],
            version,
        )
    )
    stale = JobPosting.objects.filter(team_id=team_id).filter(
        ~Q(embedding_version=version) | Q(embedding__isnull=True)
    )
    ids = list(stale.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = list(JobPosting.objects.filter(id__in=ids[start : start + batch_size]))
        ensure_vectors(batch, embedding_text, embedder=(windows, version))
    return len(ids)


# --- enrichment Runs ----------------------------------------------------------------------------


def needs_enrichment(job: JobPosting) -> bool:
    """False when the current text was already enriched with the current prompt."""
    return not (
        job.enrichment_status == JobPosting.Enrichment.DONE
        and job.enriched_hash == job.content_hash
        and job.prompt_version == PROMPT_VERSION
    )


def active_enrichment_run(team: Team) -> Run | None:
    """The team's unfinished enrichment Run, if any."""
    return Run.objects.filter(team=team, kind=ENRICH_KIND).exclude(status__in=Run.FINISHED).first()


def start_enrichment(
    team: Team,
    *,
    user: AbstractBaseUser | None = None,
    job_ids: Iterable[int] | None = None,
    force: bool = False,
    workers: int = 1,
) -> Run | None:
    """Queue one Run that enriches every job needing it (or ``job_ids``); None if none does.

    ``force`` re-enriches even unchanged jobs (a user's "re-enrich"). The Run continues by
    itself until every job is settled, waiting out quota exhaustion.
    """
    keys = [str(i) for i in jobs_to_enrich(team, job_ids=job_ids, force=force)]
    if not keys:
        return None
    label = f"Enrich {len(keys)} job{'s' if len(keys) != 1 else ''}"
    run = create_run(team, ENRICH_KIND, label, keys, user=user, params={"force": force})
    run_engine.enqueue_run(run, workers=workers)
    return run


_CACHE_FIELDS = ("id", "enrichment_status", "enriched_hash", "content_hash", "prompt_version")


def jobs_to_enrich(
    team: Team, *, job_ids: Iterable[int] | None = None, force: bool = False
) -> list[int]:
    """Ids (in id order) of the team's jobs an enrichment Run would send to the LLM."""
    jobs = JobPosting.objects.filter(team=team).order_by("id")
    if job_ids is not None:
        jobs = jobs.filter(id__in=list(job_ids))
    return [job.id for job in jobs.only(*_CACHE_FIELDS) if force or needs_enrichment(job)]


# --- automatic retries of failed enrichments ----------------------------------------------------


# A claimed retry comes due again after this if its Run never settles the job (cancelled).
CLAIM_BACK_OFF = timedelta(hours=24)


def retry_failed_enrichments(now: datetime | None = None) -> list[Run]:
    """Start one enrichment Run per team for failed jobs whose back-off has passed.

    Called by the ``retry-failed-enrichments`` schedule; the Run skips the LLM answer cache
    (the cached answer is the one that failed). Each due job is claimed by moving its
    ``enrichment_retry_at`` one back-off later (under ``SKIP LOCKED``), so two schedulers
    never retry a job twice, and a retry Run that is cancelled (or never settles the job)
    leaves it due again later instead of dropping it; the Run's outcome sets the next retry
    or gives up (:func:`jobs.enrichment.record_failure`), a success clears it. Teams with an
    unfinished enrichment Run, or no LLM configured, are left for a later tick (their jobs
    stay due).
    """
    from screener.lib.llm.config import unavailable_reason

    now = now or timezone.now()
    if unavailable_reason():
        return []
    due = JobPosting.objects.filter(
        enrichment_status=JobPosting.Enrichment.FAILED, enrichment_retry_at__lte=now
    )
    started = []
    for team_id in sorted(set(due.values_list("team_id", flat=True))):
        team = Team.objects.get(id=team_id)
        if active_enrichment_run(team) is None and (run := _retry_team(team, due, now)):
            started.append(run)
    return started


def _retry_team(team: Team, due: QuerySet[JobPosting], now: datetime) -> Run | None:
    with transaction.atomic():
        ids = list(
            due.filter(team=team).select_for_update(skip_locked=True).values_list("id", flat=True)
        )
        JobPosting.objects.filter(id__in=ids).update(enrichment_retry_at=now + CLAIM_BACK_OFF)
        if not ids:
            return None
        run = start_enrichment(team, job_ids=ids, force=True)  # the cached answer failed
    if run is not None:
        logger.info(
            "retrying enrichment of %s job(s) of team %s: run %s", len(ids), team.id, run.id
        )
    return run


def entry_from_form(data: dict) -> FeedEntry:
    """A FeedEntry from JobPostingForm's cleaned data (description sanitised here)."""
    from jobs.html import description_pair

    html, text = description_pair(data["description"])
    tags = [t.strip().lower() for t in (data.get("tags") or "").split(",") if t.strip()]
    return FeedEntry(
        external_id="",
        position=data["position"].strip(),
        company=(data.get("company") or "").strip(),
        location=(data.get("location") or "").strip(),
        remote=bool(data.get("remote")),
        tags=tags[:50],
        salary_min=data.get("salary_min"),
        salary_max=data.get("salary_max"),
        url=data.get("url") or "",
        posted_at=data.get("posted_at"),
        description_html=html,
        description_text=text,
    )
