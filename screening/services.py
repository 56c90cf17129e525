"""Writes of screening: batches, the per-chunk pipeline, re-ranking, decisions, deep analysis.

Pipeline for a chunk of resumes (:func:`screen_resumes`): make sure the job and every
resume have a current embedding (all missing resumes embedded in ONE call), derive
job-independent facts, upsert one Candidate per (job, resume) (never two: the pair is unique
and rows are created with ``ignore_conflicts``), then re-rank the whole job from stored
components. A Candidate whose inputs did not change (same embedding model, parser, text and
job text) is reused as it is. Every step is idempotent, so a re-delivered task is harmless.

The LLM is only used by :func:`analyse_candidate`, outside any transaction, and its result
is stored and returned again until ``force=True``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import psycopg
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from jobs.models import JobPosting
from resumes.models import Candidate, DecisionLog, Resume, ScreeningBatch
from screener import runs
from screener import services as run_services
from screener.bulk import bulk_update_rows
from screener.embedder import document_embedder as embedder
from screener.embedder import window_embedder
from screener.lib import lexical
from screener.lib.embeddings import DIMENSIONS as EMBEDDING_DIMENSIONS
from screener.lib.embeddings import document_vectors
from screener.lib.requirements import extract_requirements
from screener.models import Run, RunItem, Team
from screening import ranking
from screening.scoring import (
    SCREENING_VERSION,
    Requirements,
    ResumeFacts,
    components,
    find_injections,
    prefilter,
    rescale_similarity,
    resume_facts,
    screening_text,
)

logger = logging.getLogger(__name__)

RUN_KIND = "screen_batch"
ANALYSIS_RUN_KIND = "deep_analysis"
_LOCK_NAMESPACE = 7401  # pg advisory lock namespace for "re-rank job N"


class ScreeningError(ValueError):
    """A screening request we refuse; the message can be shown to the user."""


# --- embeddings ---------------------------------------------------------------------------


def job_text(job: JobPosting) -> str:
    """The text a job is embedded from (the jobs app's definition, so vectors are shared)."""
    from jobs.services import embedding_text

    return embedding_text(job)


def ensure_job_embedding(job: JobPosting) -> np.ndarray:
    """The job's embedding, computed and stored when missing or from another model."""
    embed, version = embedder()
    if job.embedding is None or job.embedding_version != version:
        job.embedding = embed([job_text(job)])[0]
        job.embedding_version = version
        JobPosting.objects.filter(id=job.id).update(
            embedding=job.embedding, embedding_version=version
        )
    return np.asarray(job.embedding, dtype=np.float32)


def ensure_resume_embeddings(pairs: list[tuple[Resume, str]]) -> dict[int, np.ndarray]:
    """Embeddings of (resume, screening text) pairs; missing/stale ones in one batched call.

    A resume's vector is the mean of its windows' vectors; both are stored (the windows in
    ``embedding_windows``, see :func:`resume_windows`). Identical texts (e.g. a re-export of
    the same resume) are embedded once.
    """
    embed_windows, version = window_embedder()
    vectors: dict[int, np.ndarray] = {}
    todo: dict[str, list[Resume]] = {}
    for resume, text in pairs:
        current = resume.embedding_version == version and resume.embedding_windows is not None
        if resume.embedding is not None and current:
            vectors[resume.id] = np.asarray(resume.embedding, dtype=np.float32)
        elif text:
            todo.setdefault(text, []).append(resume)
    if todo:
        texts = list(todo)
        windows = embed_windows(texts)
        for text, rows, mean in zip(texts, windows, document_vectors(windows), strict=True):
            for resume in todo[text]:
                resume.embedding, resume.embedding_version = mean, version
                resume.embedding_windows = np.asarray(rows, dtype=np.float32).tobytes()
                vectors[resume.id] = mean
        bulk_update_rows(
            [r for group in todo.values() for r in group],
            ["embedding", "embedding_version", "embedding_windows"],
        )
    return vectors


def resume_windows(resume: Resume) -> np.ndarray | None:
    """The stored window vectors of a resume, ``(n, 384)``, or None when not embedded."""
    raw = resume.embedding_windows
    if raw is None:
        return None
    return np.frombuffer(bytes(raw), dtype=np.float32).reshape(-1, EMBEDDING_DIMENSIONS)


# --- requirements and settings ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobSettings:
    """What decides a job's ranking: component weights and the (edited) requirements."""

    weights: dict[str, float]
    requirements: Requirements


def job_requirements(job: JobPosting, overrides: dict | None = None) -> Requirements:
    """The job's requirements, with results-page overrides applied.

    Uses the job's stored fields; a job imported without them (no skills and no years) has
    them extracted deterministically from its title and text.
    """
    required, nice = list(job.required_skills or []), list(job.nice_to_have_skills or [])
    min_years, level = job.min_years, job.seniority
    if not required and not nice and min_years is None and job.description_text:
        found = extract_requirements(job.position, job.description_text)
        required, nice = found.required_skills, found.nice_to_have_skills
        min_years = found.min_years
        level = level if level and level != "unknown" else found.seniority
    overrides = overrides or {}
    return Requirements.build(
        job.position,
        overrides.get("required", required),
        overrides.get("nice", nice),
        overrides.get("min_years", min_years),
        level,
        confirmed=bool(overrides.get("confirmed", False)),
    )


def lexical_query(job: JobPosting, req: Requirements) -> dict[str, float]:
    """The job as a weighted query of words: its title (weighted up), text and skills."""
    return lexical.build_query(
        job.position,
        job.description_text,
        req.skills,
        title_weight=settings.SCREENING_LEXICAL["title_weight"],
    )


def job_settings(job: JobPosting) -> JobSettings:
    """Weights and requirements in force for a job (kept the same on all its batches)."""
    latest = ScreeningBatch.objects.filter(job=job).order_by("-id").first()
    weights = ranking.clean_weights(latest.weights if latest else None)
    return JobSettings(weights, job_requirements(job, latest.requirements if latest else None))


def _job_hash(job: JobPosting) -> str:
    return hashlib.sha256(job_text(job).encode()).hexdigest()[:16]


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
    # The same detection _screening_text made (find_injections is memoised per text).
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


def _screening_text(resume: Resume) -> str:
    """The name-blind text screened, without the instructions found in it (flagged by _flags)."""
    source = resume.ranking_text or resume.text
    injected = find_injections(source)
    return screening_text(
        source, name=resume.candidate_name, emails=(resume.email,), injections=injected
    )


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
    existing = _upsert_pending(batch, [r.id for r in resumes])
    texts = {r.id: _screening_text(r) for r in resumes}
    todo = [
        r
        for r in resumes
        if not _reusable(existing[r.id], _versions(r, texts[r.id], emb_version, job_hash))
    ]
    errors: dict[int, str] = {}
    if todo:
        similarity = _similarities(job, todo, texts)
        query = lexical_query(job, job_settings(job).requirements)
        updated = []
        for resume in todo:
            cand = existing[resume.id]
            try:
                _fill_candidate(cand, resume, texts[resume.id], similarity[resume.id], query)
            except Exception as exc:  # one bad resume never blocks the batch
                logger.warning("screening resume %s failed: %s", resume.id, exc, exc_info=True)
                cand.status, cand.error = Candidate.Status.FAILED, str(exc)[:2000] or "error"
                errors[resume.id] = cand.error
            cand.versions = {
                **cand.versions,
                **_versions(resume, texts[resume.id], emb_version, job_hash),
            }
            updated.append(cand)
        bulk_update_rows(
            updated,
            [
                "status",
                "error",
                "facts",
                "signals",
                "components",
                "explanation",
                "flags",
                "versions",
            ],  # fmt: skip
        )
    rerank_job(job)
    missing = set(resume_ids) - {r.id for r in resumes}
    errors.update({rid: "resume not found in this team" for rid in missing})
    return errors


def _upsert_pending(batch: ScreeningBatch, resume_ids: list[int]) -> dict[int, Candidate]:
    """One Candidate per (job, resume): create missing ones, return all of them."""
    Candidate.objects.bulk_create(
        [Candidate(team=batch.team, job=batch.job, resume_id=rid) for rid in resume_ids],
        ignore_conflicts=True,
    )
    rows = Candidate.objects.filter(job=batch.job, resume_id__in=resume_ids)
    return {c.resume_id: c for c in rows}


def _similarities(
    job: JobPosting, resumes: list[Resume], texts: dict[int, str]
) -> dict[int, dict[str, float | None]]:
    """Raw cosines per resume (None where a side is missing):

    * ``window``: the resume's best ~256-token window against the job's title, so one
      strong part of a long resume is not diluted by the rest;
    * ``document``: the whole resume (mean of its windows) against the whole job;
    * ``headline``: the resume's headline (its stated role) against the job's title.

    Missing resume embeddings are computed in one call; the short texts in another.
    """
    job_vector = ensure_job_embedding(job)
    vectors = ensure_resume_embeddings([(r, texts[r.id]) for r in resumes])
    embed, _ = embedder()
    heads = sorted({r.job_role.strip() for r in resumes if r.job_role.strip()})
    matrix = embed([*heads, job.position])
    head_vectors = dict(zip(heads, matrix[:-1], strict=True))
    title_vector = matrix[-1]
    out: dict[int, dict[str, float | None]] = {}
    for resume in resumes:
        vector, head = vectors.get(resume.id), head_vectors.get(resume.job_role.strip())
        windows = resume_windows(resume) if vector is not None else None
        out[resume.id] = {
            "window": None if windows is None else _best(windows @ title_vector),
            "document": None if vector is None else _round(np.dot(vector, job_vector)),
            "headline": None if head is None else _round(np.dot(head, title_vector)),
        }
    return out


def _round(value: float) -> float:
    return round(float(value), 5)


def _best(cosines: np.ndarray) -> float | None:
    return _round(cosines.max()) if cosines.size else None


def semantic_component(cosines: dict[str, float | None]) -> float:
    """The 0..1 semantic component: each known cosine mapped onto 0..1 by its range in
    ``SCREENING_SEMANTIC`` and averaged with its weight there (unknown ones left out)."""
    total = weight_sum = 0.0
    for key, (weight, low, high) in settings.SCREENING_SEMANTIC.items():
        cosine = cosines.get(key)
        if cosine is not None and weight > 0:
            total += weight * rescale_similarity(cosine, low, high)
            weight_sum += weight
    return round(total / weight_sum, 4) if weight_sum else 0.0


def _fill_candidate(
    cand: Candidate,
    resume: Resume,
    text: str,
    cosines: dict[str, float | None],
    query: dict[str, float],
) -> None:
    """Compute facts, signals, the semantic component and flags of one candidate (no DB
    writes)."""
    cand.flags = _flags(resume, text)
    cand.error = ""
    if not text.strip():
        cand.status = Candidate.Status.UNREADABLE
        cand.facts, cand.components, cand.explanation, cand.signals = {}, {}, {}, {}
        return
    facts = resume_facts(
        text,
        skills_listed=[s for s in resume.technical_skills or [] if isinstance(s, str)],
        total_years=resume.total_years,
        job_role=resume.job_role,
    )
    cand.facts = facts.as_json()
    cand.signals = {**cosines, "terms": lexical.doc_terms(text, query).as_json()}
    cand.components = {"semantic": semantic_component(cosines)}
    cand.explanation = {
        "cosine": cosines.get("document"),
        "title_cosine": cosines.get("headline"),
        "window_cosine": cosines.get("window"),
        "evidence": facts.evidence,
    }
    cand.status = Candidate.Status.SCORED  # the re-rank decides scored vs filtered


# --- ranking ------------------------------------------------------------------------------

_GROUPS = {
    Candidate.Status.SCORED: ranking.GROUP_PASSED,
    Candidate.Status.FILTERED: ranking.GROUP_FILTERED,
    Candidate.Status.UNREADABLE: ranking.GROUP_UNREADABLE,
    Candidate.Status.FAILED: ranking.GROUP_FAILED,
}


def rerank_job(job: JobPosting, job_conf: JobSettings | None = None) -> int:
    """Re-score and re-rank every screened candidate of ``job`` from stored facts.

    No embedding and no LLM: components other than semantic similarity, the pre-filter,
    the score, the rank and the "why above the next one" sentence are recomputed with the
    job's current weights and requirements. Serialised per job (advisory lock), so
    concurrent workers never leave a stale ranking. Returns the number of ranked rows.
    """
    conf = job_conf or job_settings(job)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, job.id])
        rows = list(
            Candidate.objects.filter(job=job)
            .exclude(status=Candidate.Status.PENDING)
            .values_list("id", "status", "facts", "components", "signals", "resume__content_hash")
        )
        lexical_scores = _lexical_scores(rows, lexical_query(job, conf.requirements))
        scored = [_score_row(row, conf, lexical_scores.get(row[0], 0.0)) for row in rows]
        ranked = ranking.rank_rows(scored, conf.weights)
        _write_ranking(ranked, conf.weights)
    return len(ranked)


def _lexical_scores(rows: list[tuple], query: dict[str, float]) -> dict[int, float]:
    """BM25 of every screened candidate for the job's words, over the job's pool, divided
    by the pool's best (so the best match scores 1 and the scale does not depend on the
    length of the ad)."""
    screened = [row for row in rows if row[1] not in _UNSCREENED]
    docs = [lexical.DocTerms.from_json(row[4].get("terms")) for row in screened]
    params = settings.SCREENING_LEXICAL
    scores = lexical.bm25(query, docs, k1=params["k1"], b=params["b"])
    best = max(scores, default=0.0)
    return {
        row[0]: (s / best if best > 0 else 0.0) for row, s in zip(screened, scores, strict=True)
    }


_UNSCREENED = (Candidate.Status.UNREADABLE, Candidate.Status.FAILED)


def _score_row(row: tuple, conf: JobSettings, lexical_score: float) -> ranking.RankRow:
    cid, status, facts_json, comps, signals, content_hash = row
    if status in _UNSCREENED:
        reason = "No readable text" if status == Candidate.Status.UNREADABLE else "Failed"
        return ranking.RankRow(cid, _GROUPS[status], 0.0, content_hash, {}, [reason])
    facts = ResumeFacts.from_json(facts_json)
    words = frozenset((signals.get("terms") or {}).get("tf", {}))
    comps = components(
        facts, conf.requirements, comps.get("semantic", 0.0), round(lexical_score, 4), words
    )
    reasons = prefilter(facts, conf.requirements, settings.SCREENING_PREFILTER, words)
    group = ranking.GROUP_FILTERED if reasons else ranking.GROUP_PASSED
    score = ranking.final_score(comps, conf.weights)
    return ranking.RankRow(cid, group, score, content_hash, comps, reasons)


_STATUS_OF_GROUP = {
    ranking.GROUP_PASSED: Candidate.Status.SCORED,
    ranking.GROUP_FILTERED: Candidate.Status.FILTERED,
    ranking.GROUP_UNREADABLE: Candidate.Status.UNREADABLE,
    ranking.GROUP_FAILED: Candidate.Status.FAILED,
}


def _write_ranking(ranked: list[ranking.RankRow], weights: dict) -> None:
    """Store ranks, scores and components of all rows in ONE statement.

    One ``UPDATE ... FROM unnest(arrays)``: Django's bulk_update builds a CASE per field
    and row, which costs seconds for 1,000 candidates; this costs milliseconds.
    """
    if not ranked:
        return
    screened = [row.group < ranking.GROUP_UNREADABLE for row in ranked]
    columns = (
        [row.id for row in ranked],
        [row.rank for row in ranked],
        [row.reason for row in ranked],
        [row.score if ok else None for row, ok in zip(ranked, screened, strict=True)],
        [json.dumps(row.components) for row in ranked],
        [json.dumps(row.reasons if row.group else []) for row in ranked],
        [row.group == 0 if ok else None for row, ok in zip(ranked, screened, strict=True)],
        [_STATUS_OF_GROUP[row.group] for row in ranked],
    )
    table = Candidate._meta.db_table
    sql = f"""
        UPDATE {table} AS c SET rank = v.rank, rank_reason = v.reason, score = v.score,
            components = v.components, prefilter_reasons = v.reasons,
            passed_prefilter = v.passed, status = v.status,
            versions = jsonb_set(c.versions, '{{weights}}', to_jsonb(%b::text))
        FROM unnest(%b::int[], %b::int[], %b::text[], %b::float8[], %b::text[]::jsonb[],
                    %b::text[]::jsonb[], %b::bool[], %b::text[])
            AS v(id, rank, reason, score, components, reasons, passed, status)
        WHERE c.id = v.id
    """  # noqa: S608 - the table name is ours; every value is a parameter
    connection.ensure_connection()
    # A server-side-binding cursor sends the arrays as binary parameters (%b); Django's
    # client-side binding would escape and quote 8,000 values into the SQL text first.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, [ranking_version(weights), *columns])


def ranking_version(weights: dict[str, float]) -> str:
    """A readable stamp of the weights a ranking used (stored in Candidate.versions)."""
    return ",".join(f"{k}={v:g}" for k, v in sorted(weights.items()))


def update_job_settings(
    batch: ScreeningBatch,
    weights: dict | None = None,
    *,
    required: list[str] | None = None,
    nice: list[str] | None = None,
    min_years: float | None | bool = False,
    confirmed: bool | None = None,
) -> JobSettings:
    """Change weights and/or requirements for the batch's job, then re-rank instantly.

    Applied to every batch of the job (a candidate has one rank per job). ``min_years``
    False and ``confirmed`` None mean unchanged; ``confirmed`` True makes the must-haves and
    minimum years a hard pre-filter. A must-have whose words were not counted yet has them
    counted in every candidate's text first. Raises ScreeningError (nothing changed) for
    invalid weights.
    """
    try:
        clean = ranking.clean_weights(weights if weights is not None else batch.weights)
    except ranking.InvalidWeights as exc:
        raise ScreeningError(str(exc)) from None
    overrides = dict(batch.requirements or {})
    if required is not None:
        overrides["required"] = [s for s in required if s.strip()]
    if nice is not None:
        overrides["nice"] = [s for s in nice if s.strip()]
    if min_years is not False:
        if min_years is not None and not 0 <= float(min_years) <= 50:
            raise ScreeningError("minimum years must be between 0 and 50")
        overrides["min_years"] = min_years
    if confirmed is not None:
        overrides["confirmed"] = bool(confirmed)
    before = lexical_query(batch.job, job_settings(batch.job).requirements)
    with transaction.atomic():
        ScreeningBatch.objects.filter(job=batch.job).update(weights=clean, requirements=overrides)
        batch.weights, batch.requirements = clean, overrides
        conf = JobSettings(clean, job_requirements(batch.job, overrides))
        query = lexical_query(batch.job, conf.requirements)
        if not set(query) <= set(before):
            _recount_terms(batch.job, query)
        rerank_job(batch.job, conf)
    return conf


def _recount_terms(job: JobPosting, query: dict[str, float]) -> None:
    """Count ``query``'s words again in the text of every screened candidate of ``job``."""
    rows = list(
        Candidate.objects.filter(job=job, status__in=_RANKED_STATUSES)
        .select_related("resume")
        .only("id", "signals", "resume__ranking_text", "resume__text", "resume__candidate_name",
              "resume__email")
    )  # fmt: skip
    for cand in rows:
        terms = lexical.doc_terms(_screening_text(cand.resume), query)
        cand.signals = {**cand.signals, "terms": terms.as_json()}
    bulk_update_rows(rows, ["signals"])


_RANKED_STATUSES = (Candidate.Status.SCORED, Candidate.Status.FILTERED)


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
