"""Re-ranking a job from stored values: weights and requirements in force, BM25 over the
job's pool, components, pre-filter, score, rank and the "why above the next one" sentence,
written in one statement. No embedding and no LLM (see :func:`rerank_job`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import psycopg
from django.conf import settings
from django.db import connection, transaction

from jobs.models import JobPosting
from resumes.services import embedding_texts
from screener.bulk import bulk_update_rows
from screener.lib import lexical
from screening import ranking, relevance
from screening.models import Candidate, ScreeningBatch
from screening.scoring import (
    Requirements,
    ResumeFacts,
    components,
    job_requirements,
    prefilter,
)

_LOCK_NAMESPACE = 7401  # pg advisory lock namespace for "re-rank job N"


class ScreeningError(ValueError):
    """A screening request we refuse; the message can be shown to the user."""


# --- requirements and settings ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobSettings:
    """What decides a job's ranking: component weights and the (edited) requirements."""

    weights: dict[str, float]
    requirements: Requirements


def job_settings(job: JobPosting) -> JobSettings:
    """Weights and requirements in force for a job (kept the same on all its batches)."""
    latest = ScreeningBatch.objects.filter(job=job).order_by("-id").first()
    weights = ranking.clean_weights(latest.weights if latest else None)
    return JobSettings(weights, job_requirements(job, latest.requirements if latest else None))


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
        docs = {r[0]: r[4].get("terms") for r in rows if r[1] not in _UNSCREENED}
        lexical_scores = relevance.lexical_scores(
            docs, relevance.lexical_query(job, conf.requirements)
        )
        scored = [_score_row(row, conf, lexical_scores.get(row[0], 0.0)) for row in rows]
        ranked = ranking.rank_rows(scored, conf.weights)
        _write_ranking(ranked, conf.weights)
    return len(ranked)


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
    return _apply_settings(batch, clean, overrides)


def reset_job_settings(batch: ScreeningBatch) -> JobSettings:
    """Back to the defaults for the batch's job: the configured default weights
    (settings.SCREENING_DEFAULT_WEIGHTS) and the job's own requirements (no must-have,
    nice-to-have or minimum-years edits, no hard filter); applied to every batch of the
    job and re-ranked at once."""
    return _apply_settings(batch, {}, {})


def _apply_settings(batch: ScreeningBatch, weights: dict, overrides: dict) -> JobSettings:
    """Store weights (``{}`` = the defaults) and requirement overrides on every batch of the
    job, count any new must-have words, and re-rank, in one transaction."""
    clean = ranking.clean_weights(weights)
    before = relevance.lexical_query(batch.job, job_settings(batch.job).requirements)
    with transaction.atomic():
        ScreeningBatch.objects.filter(job=batch.job).update(weights=weights, requirements=overrides)
        batch.weights, batch.requirements = weights, overrides
        conf = JobSettings(clean, job_requirements(batch.job, overrides))
        query = relevance.lexical_query(batch.job, conf.requirements)
        if not set(query) <= set(before):
            _recount_terms(batch.job, query)
        rerank_job(batch.job, conf)
    return conf


def _recount_terms(job: JobPosting, query: dict[str, float]) -> None:
    """Count ``query``'s words again in the text of every screened candidate of ``job``."""
    rows = list(
        Candidate.objects.filter(job=job, status__in=_RANKED_STATUSES)
        .select_related("resume")
        .only("id", "signals", "resume__ranking_text", "resume__text", "resume__hidden_text",
              "resume__candidate_name", "resume__email")
    )  # fmt: skip
    texts = embedding_texts([cand.resume for cand in rows])
    for cand in rows:
        terms = lexical.doc_terms(texts[cand.resume.id], query)
        cand.signals = {**cand.signals, "terms": terms.as_json()}
    bulk_update_rows(rows, ["signals"])


_RANKED_STATUSES = (Candidate.Status.SCORED, Candidate.Status.FILTERED)
