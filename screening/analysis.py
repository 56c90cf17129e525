"""Deep analysis of a candidate on demand: one LLM call, validated, stored, never repeated.

Promises:

* At most one LLM call per candidate unless ``force=True``; a stored analysis is returned
  as it is. A forced re-analysis queued by a Run is done once per Run even if the task is
  re-delivered (the Run id is stored with the result).
* The model sees the job, the candidate's structured record without contact details and the
  name-blind resume text as delimited data (no hidden text, injected sentences removed and
  reported as a note). Never called inside a database transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from llm.gateway import extract
from resumes.blind import find_injections
from resumes.services import embedding_text
from runs import executor as runs
from runs import services as run_services
from runs.models import Run
from screener.lib.llm.errors import LLMError, NotConfigured, QuotaExhausted, RequestTooLarge
from screener.lib.llm.transport import estimate_tokens
from screener.models import Team
from screening.models import Candidate
from screening.prompts import PROMPT_VERSION, PURPOSE, SYSTEM, build_user_message
from screening.schemas import DeepAnalysis
from screening.services import (
    ANALYSIS_RUN_KIND,
    ScreeningError,
    job_settings,
)

logger = logging.getLogger(__name__)

# Keys of a structured record that identify a person; never sent to the LLM.
_PERSONAL_KEYS = frozenset(
    {
        "name", "full_name", "first_name", "last_name", "email", "emails", "phone", "phones",
        "contact", "address", "location", "city", "links", "linkedin", "github", "website",
        "url", "urls", "photo", "picture", "age", "date_of_birth", "dob", "birth", "gender",
        "sex", "nationality", "marital_status", "pronouns",
    }
)  # fmt: skip


def blind_record(value: object) -> object:
    """A copy of a structured record without personal keys (recursively)."""
    if isinstance(value, dict):
        return {
            k: blind_record(v) for k, v in value.items() if str(k).lower() not in _PERSONAL_KEYS
        }
    if isinstance(value, list):
        return [blind_record(v) for v in value]
    return value


def _trim_to_tokens(text: str, max_tokens: int) -> str:
    if estimate_tokens(text) <= max_tokens:
        return text
    return text[: max_tokens * 4] + "\n[... truncated]"


def _messages(cand: Candidate, max_resume_tokens: int) -> str:
    conf = job_settings(cand.job)
    req = conf.requirements
    job = {
        "title": cand.job.position,
        "must_have_skills": list(req.required),
        "nice_to_have_skills": list(req.nice),
        "min_years": req.min_years,
        "seniority": req.seniority,
        "description": _trim_to_tokens(cand.job.description_text, 1200),
    }
    resume = cand.resume
    record = blind_record(resume.record or {})
    facts = cand.facts or {}
    candidate = {
        "record": record,
        "skills_found": sorted(facts.get("skills", {})),
        "years_of_experience": facts.get("years"),
        "score_components": cand.components,
        "pre_filter_failures": cand.prefilter_reasons,
    }
    notes = [f["message"] for f in cand.flags if f.get("code") == "prompt_injection"]
    text = _trim_to_tokens(embedding_text(resume), max_resume_tokens)
    return build_user_message(job, candidate, text, notes)


def analyse_candidate(
    candidate_id: int, *, force: bool = False, run_id: int | None = None
) -> Candidate:
    """Run (or return the stored) deep analysis of one candidate.

    Raises QuotaExhausted / NotConfigured (status restored, so a Run can resume later) and
    other LLMError subclasses after recording the failure on the candidate.
    """
    cand = Candidate.objects.select_related("job", "resume").get(id=candidate_id)
    done = cand.analysis_status == Candidate.Analysis.DONE
    if done and (not force or (run_id and cand.analysis.get("run_id") == run_id)):
        return cand
    # A stored analysis stays valid if this attempt fails; otherwise back to "not requested".
    previous = Candidate.Analysis.DONE if done else Candidate.Analysis.NONE
    Candidate.objects.filter(id=cand.id).update(analysis_status=Candidate.Analysis.PENDING)
    try:
        result = _call(cand, force=force, run_id=run_id)
    except (QuotaExhausted, NotConfigured):
        Candidate.objects.filter(id=cand.id).update(analysis_status=previous)
        raise
    except LLMError as exc:
        Candidate.objects.filter(id=cand.id).update(
            analysis_status=Candidate.Analysis.FAILED, error=f"deep analysis: {exc}"[:2000]
        )
        raise
    _store(cand, result, run_id)
    return cand


def _call(cand: Candidate, *, force: bool, run_id: int | None) -> DeepAnalysis:
    """One extract() call; a 413 is answered by halving the resume text (never resent as-is)."""
    budget = settings.SCREENING_ANALYSIS_MAX_RESUME_TOKENS
    for _ in range(3):
        try:
            return extract(
                DeepAnalysis,
                system=SYSTEM,
                user=_messages(cand, budget),
                purpose=PURPOSE,
                run_id=run_id,
                item_key=str(cand.id),
                prompt_version=PROMPT_VERSION,
                max_tokens=1200,
                use_cache=not force,
            )
        except RequestTooLarge:
            budget //= 2
            logger.info("deep analysis of %s too large; retrying with %s tokens", cand.id, budget)
    raise RequestTooLarge("the resume is too long for the model even after shortening")


def _store(cand: Candidate, result: DeepAnalysis, run_id: int | None) -> None:
    flags = list(cand.flags)
    injected = result.injection_detected or bool(find_injections(cand.resume.ranking_text))
    if result.injection_detected and not any(f["code"] == "prompt_injection" for f in flags):
        flags.append(
            {"code": "prompt_injection", "message": "The LLM found instructions in the resume."}
        )
    cand.analysis = {
        **result.model_dump(mode="json"),
        "injection_detected": injected,
        "run_id": run_id,
        "prompt_version": PROMPT_VERSION,
        "analysed_at": timezone.now().isoformat(),
    }
    cand.analysis_status, cand.flags = Candidate.Analysis.DONE, flags
    cand.versions = {**cand.versions, "prompt": PROMPT_VERSION}
    cand.error = ""
    cand.save(update_fields=["analysis", "analysis_status", "flags", "versions", "error"])


def request_analysis(
    team: Team,
    candidate_ids: Iterable[int],
    user: AbstractBaseUser | None = None,
    *,
    force: bool = False,
) -> Run | None:
    """Queue deep analysis as a Run and mark its candidates pending (the single and the
    "top N" paths alike); None when every candidate already has one (no force).

    Raises ScreeningError (nothing queued) if a candidate belongs to another team.
    """
    ids = sorted(set(int(i) for i in candidate_ids))
    found = Candidate.objects.filter(team=team, id__in=ids)
    if not ids or found.count() != len(ids):
        raise ScreeningError("choose candidates of your team to analyse")
    if not force:
        ids = list(
            found.exclude(analysis_status=Candidate.Analysis.DONE)
            .order_by("id")
            .values_list("id", flat=True)
        )
    if not ids:
        return None
    run = run_services.create_run(
        team,
        ANALYSIS_RUN_KIND,
        f"Deep analysis of {len(ids)} candidate(s)",
        [str(i) for i in ids],
        user=user,
        params={"force": force},
    )
    Candidate.objects.filter(id__in=ids).update(analysis_status=Candidate.Analysis.PENDING)
    runs.enqueue_run(run, workers=1)
    return run


def top_candidate_ids(batch_id: int, n: int) -> list[int]:
    """Ids of the ``n`` best-ranked candidates of a batch that passed the pre-filter."""
    return list(
        Candidate.objects.filter(
            job__batches__id=batch_id,
            resume__batches__id=batch_id,
            status=Candidate.Status.SCORED,
        )
        .order_by("rank", "id")
        .values_list("id", flat=True)[: max(0, n)]
    )
