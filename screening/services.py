"""Writes of screening: batches, the per-chunk pipeline, re-ranking, decisions, deep analysis.

Pipeline for a chunk of resumes (:func:`screen_resumes`): make sure the job and every
resume have a current embedding (all missing resumes embedded in ONE call), derive
job-independent facts, write one Candidate per (job, resume) (never two: the pair is
unique and new rows are inserted with ``ON CONFLICT ... DO UPDATE``), then re-rank the
whole job from stored components. A Candidate whose inputs did not change (same embedding
model, parser, text and job text) is reused as it is. Every step is idempotent, so a
re-delivered task is harmless.

The LLM is only used by :func:`analyse_candidate`, outside any transaction, and its result
is stored and returned again until ``force=True``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from jobs.models import JobPosting
from jobs.services import embedding_text as job_embedding_text
from resumes.blind import find_injections
from resumes.models import Resume
from resumes.services import embedding_texts
from runs import executor as runs
from runs import services as run_services
from runs.models import Run, RunItem
from screener.bulk import bulk_update_rows
from screener.embedder import document_embedder as embedder
from screener.lib import lexical
from screener.models import Team
from screening import ranking, relevance
from screening.models import Candidate, DecisionLog, ScreeningBatch
from screening.rerank import (  # noqa: F401 - the app's service API
    JobSettings,
    ScreeningError,
    job_settings,
    ranking_version,
    rerank_job,
    reset_job_settings,
    update_job_settings,
)
from screening.scoring import (
    SCREENING_VERSION,
    resume_facts,
)

logger = logging.getLogger(__name__)

RUN_KIND = "screen_batch"
ANALYSIS_RUN_KIND = "deep_analysis"


def _job_hash(job: JobPosting) -> str:
    return hashlib.sha256(job_embedding_text(job).encode()).hexdigest()[:16]


# --- batches ------------------------------------------------------------------------------


def create_batch(
    team: Team,
    job: JobPosting,
    resume_ids: Iterable[int],
    user: AbstractBaseUser | None = None,
    weights: dict | None = None,
    *,
    name_blind: bool = True,
    enqueue: bool = True,
) -> ScreeningBatch:
    """Create a batch and its "screen_batch" Run (one item per resume); queue it on commit.

    Raises ScreeningError, creating nothing, when the job or a resume belongs to another
    team, no resume is given, or the weights are invalid. A new batch inherits the job's
    current weights and requirement edits unless ``weights`` are given.
    """
    ids = sorted(set(int(i) for i in resume_ids))
    if job.team_id != team.id:
        raise ScreeningError("this job belongs to another team")
    if not ids:
        raise ScreeningError("choose at least one resume to screen")
    if Resume.objects.filter(team=team, id__in=ids).count() != len(ids):
        raise ScreeningError("some of these resumes do not exist or belong to another team")
    current = job_settings(job)
    try:
        clean = ranking.clean_weights(weights if weights is not None else current.weights)
    except ranking.InvalidWeights as exc:
        raise ScreeningError(str(exc)) from None
    previous = ScreeningBatch.objects.filter(job=job).order_by("-id").first()
    with transaction.atomic():
        run = run_services.create_run(
            team, RUN_KIND, f"Screening for {job}"[:200], [str(i) for i in ids], user=user
        )
        batch = ScreeningBatch.objects.create(
            team=team,
            job=job,
            run=run,
            weights=clean,
            requirements=previous.requirements if previous else {},
            name_blind=name_blind,
            created_by=user,
        )
        batch.resumes.add(*ids)
        Run.objects.filter(id=run.id).update(params={"batch_id": batch.id})
        run.params = {"batch_id": batch.id}
        if weights is not None:
            ScreeningBatch.objects.filter(job=job).update(weights=clean)
        if enqueue:
            runs.enqueue_run(run, workers=settings.SCREENING_WORKERS)
    return batch


def screen_run_items(run: Run, items: list[RunItem], report: Callable[[str, str], None]) -> None:
    """Batch handler body: screen the claimed resumes, then report each item."""
    batch = ScreeningBatch.objects.select_related("job", "team").get(id=run.params["batch_id"])
    errors = screen_resumes(batch, [int(item.key) for item in items])
    for item in items:
        report(item.key, errors.get(int(item.key), ""))


def iter_batch_inline(batch: ScreeningBatch, chunk: int | None = None) -> Iterator[Run]:
    """Execute a batch's Run in this process (the commands), yielding the Run after each chunk.

    Same code path as the worker's handler; items are claimed the same way, so a worker
    sharing the Run is harmless.
    """
    run = batch.run
    assert run is not None
    run_services.mark_run_started(run.id)
    while items := run_services.claim_items(run.id, chunk or settings.SCREENING_CHUNK):
        _screen_and_settle(run, items)
        run.refresh_from_db()
        yield run
    run_services.finish_run_if_complete(run.id)
    run.refresh_from_db()


def _screen_and_settle(run: Run, items: list[RunItem]) -> None:
    """Screen claimed items, then settle them all in one transaction."""
    by_key = {item.key: item for item in items}
    results: list[tuple[RunItem, str]] = []
    screen_run_items(run, items, lambda key, error="": results.append((by_key[key], error)))
    run_services.finish_items(results)


def _flags(resume: Resume, text: str) -> list[dict[str, str]]:
    """Warnings shown next to a candidate; none of them changes its score."""
    flags: list[dict[str, str]] = []
    # The same detection embedding_text made (memoised per text by resumes.blind).
    injected = find_injections(resume.ranking_text or resume.text)
    hidden_injected = find_injections(resume.hidden_text)
    if injected or hidden_injected:
        sample = (injected or hidden_injected)[0][:160]
        flags.append(
            {
                "code": "prompt_injection",
                "message": f"Contains instructions aimed at the screener (ignored): “{sample}”",
            }
        )
    if resume.hidden_text.strip():
        flags.append(
            {
                "code": "hidden_text",
                "message": "The file has hidden text (e.g. white or tiny); it was not counted: "
                f"“{resume.hidden_text.strip()[:120]}”",
            }
        )
    if resume.parse_method == Resume.ParseMethod.PARTIAL:
        flags.append(
            {
                "code": "parsed_partially",
                "message": "Parsed partially: screened on the extracted text only.",
            }
        )
    if not text:
        flags.append({"code": "no_text", "message": "No readable text in the file."})
    return flags


def _versions(resume: Resume, text: str, emb_version: str, job_hash: str) -> dict[str, str]:
    return {
        "screening": SCREENING_VERSION,
        "embedding": emb_version,
        "parser": resume.parser_version,
        "parse_method": resume.parse_method,
        "text": hashlib.sha256(text.encode()).hexdigest()[:16],
        "job": job_hash,
    }


def _reusable(candidate: Candidate | None, versions: dict[str, str]) -> bool:
    if candidate is None or candidate.status == Candidate.Status.PENDING:
        return False
    if candidate.status == Candidate.Status.FAILED:
        return False
    return all(candidate.versions.get(k) == v for k, v in versions.items())


def screen_resumes(batch: ScreeningBatch, resume_ids: list[int]) -> dict[int, str]:
    """Screen resumes of ``batch`` against its job and re-rank; returns {resume_id: error}.

    A resume that fails is stored as a FAILED Candidate with the error and does not stop
    the others. Safe to call again with the same ids (no duplicate rows, no recomputation
    of unchanged candidates).
    """
    job = batch.job
    resumes = list(Resume.objects.filter(team=batch.team, id__in=resume_ids).order_by("id"))
    _, emb_version = embedder()
    job_hash = _job_hash(job)
    existing = _existing_candidates(batch, [r.id for r in resumes])
    texts = embedding_texts(resumes)
    todo = [
        r
        for r in resumes
        if not _reusable(existing[r.id], _versions(r, texts[r.id], emb_version, job_hash))
    ]
    errors: dict[int, str] = {}
    if todo:
        query = relevance.lexical_query(job, job_settings(job).requirements)
        pending = relevance.start_similarities(job, todo, texts)
        # While the model embeds the chunk, this thread derives the facts.
        cands = {
            r.id: existing[r.id] or Candidate(team=batch.team, job=job, resume=r) for r in todo
        }
        for resume in todo:
            cand, text = cands[resume.id], texts[resume.id]
            _guarded(cand, errors, lambda c=cand, r=resume, t=text: _fill_facts(c, r, t, query))
        similarity = pending.result()
        for resume in todo:
            cand = cands[resume.id]
            if resume.id not in errors and cand.status != Candidate.Status.UNREADABLE:
                cosines = similarity[resume.id]
                _guarded(cand, errors, lambda c=cand, cos=cosines: _fill_similarity(c, cos))
            cand.versions = {
                **cand.versions,
                **_versions(resume, texts[resume.id], emb_version, job_hash),
            }
        _store_candidates(list(cands.values()))
    rerank_job(job)
    missing = set(resume_ids) - {r.id for r in resumes}
    errors.update({rid: "resume not found in this team" for rid in missing})
    return errors


def _existing_candidates(
    batch: ScreeningBatch, resume_ids: list[int]
) -> dict[int, Candidate | None]:
    """The job's Candidate of each resume, None where it has none yet."""
    rows = {
        c.resume_id: c for c in Candidate.objects.filter(job=batch.job, resume_id__in=resume_ids)
    }
    return {rid: rows.get(rid) for rid in resume_ids}


_COMPUTED = [
    "status",
    "error",
    "facts",
    "signals",
    "components",
    "explanation",
    "flags",
    "versions",
]


def _store_candidates(candidates: list[Candidate]) -> None:
    """Write computed candidates: new ones inserted (one per (job, resume): a row another
    worker inserted meanwhile is updated instead), existing ones updated, one statement each."""
    bulk_update_rows([c for c in candidates if c.pk is not None], _COMPUTED)
    new = [c for c in candidates if c.pk is None]
    if new:
        Candidate.objects.bulk_create(
            new, update_conflicts=True, unique_fields=["job", "resume"], update_fields=_COMPUTED
        )


def _guarded(cand: Candidate, errors: dict[int, str], fill: Callable[[], None]) -> None:
    """Run one step for one candidate; a failure marks it FAILED with the error (one bad
    resume never blocks the batch)."""
    try:
        fill()
    except Exception as exc:
        logger.warning("screening resume %s failed: %s", cand.resume_id, exc, exc_info=True)
        cand.status, cand.error = Candidate.Status.FAILED, str(exc)[:2000] or "error"
        errors[cand.resume_id] = cand.error


def _fill_facts(cand: Candidate, resume: Resume, text: str, query: dict[str, float]) -> None:
    """Facts, word counts and flags of one candidate (no DB, no model)."""
    cand.flags = _flags(resume, text)
    cand.error = ""
    cand.components, cand.explanation = {}, {}
    if not text.strip():
        cand.status = Candidate.Status.UNREADABLE
        cand.facts, cand.signals = {}, {}
        return
    facts = resume_facts(
        text,
        skills_listed=[s for s in resume.technical_skills or [] if isinstance(s, str)],
        total_years=resume.total_years,
        job_role=resume.job_role,
    )
    cand.facts = facts.as_json()
    cand.signals = {"terms": lexical.doc_terms(text, query).as_json()}
    cand.explanation = {"evidence": facts.evidence}
    cand.status = Candidate.Status.SCORED  # the re-rank decides scored vs filtered


def _fill_similarity(cand: Candidate, cosines: dict[str, float | None]) -> None:
    """The cosines of one candidate and its semantic component."""
    cand.signals = {**cosines, **cand.signals}
    cand.components = {"semantic": relevance.semantic_component(cosines)}
    cand.explanation = {
        "cosine": cosines.get("document"),
        "title_cosine": cosines.get("headline"),
        "window_cosine": cosines.get("window"),
        **cand.explanation,
    }


# --- decisions ----------------------------------------------------------------------------


def set_decision(
    candidate: Candidate, decision: str, user: AbstractBaseUser | None, note: str = ""
) -> Candidate:
    """Record a recruiter decision and log it (who, when, note). Raises on unknown values."""
    if decision not in Candidate.Decision.values:
        raise ScreeningError(f"unknown decision {decision!r}")
    now = timezone.now()
    with transaction.atomic():
        candidate.decision, candidate.decision_note = decision, note[:2000]
        candidate.decided_by, candidate.decided_at = user, now
        candidate.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
        DecisionLog.objects.create(candidate=candidate, decision=decision, note=note, user=user)
    return candidate
