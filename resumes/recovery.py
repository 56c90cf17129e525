"""Failed-resume recovery: the LLM structures what the heuristic parser could not.

Promises: the LLM is never called inside a transaction; a recovered resume is written in
one transaction after the answer arrived (create or upgrade the Resume, delete the
FailedResume); a failure records its reason on the FailedResume and loses nothing;
quota and configuration errors propagate so the Run waits or pauses.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from llm.gateway import extract
from resumes import prompts
from resumes.models import FailedResume, Resume
from resumes.parsing import parse_resume
from resumes.parsing.fields import normalise_item
from resumes.schemas import ResumeRecord, readable_sections
from resumes.services import content_hash, fill_resume
from runs import executor as runs
from runs.models import Run
from runs.services import create_run
from screener.lib.dates import parse_date_range, years_of_experience
from screener.lib.llm.errors import LLMError, NotConfigured, QuotaExhausted, RequestTooLarge
from screener.models import Team

logger = logging.getLogger(__name__)

RECOVERY_KIND = "recover_resumes"
RECOVERY_PURPOSE = "resume_recovery"


@dataclass
class RecoveryOutcome:
    """What recovering one FailedResume did (or, in a dry run, would do)."""

    failed_id: int
    status: Literal["recovered", "would_recover", "failed", "skipped"]
    message: str
    record: ResumeRecord | None = None
    resume_id: int | None = None


def start_recovery_run(
    team: Team,
    user: AbstractBaseUser | None,
    failed_ids: Iterable[int] | None = None,
    dry_run: bool = False,
    *,
    enqueue: bool = True,
) -> Run:
    """Queue a Run that sends failed resumes to the LLM (all of the team's, or these ids)."""
    queryset = FailedResume.objects.filter(team=team)
    if failed_ids is not None:
        queryset = queryset.filter(id__in=list(failed_ids))
    ids = list(queryset.order_by("id").values_list("id", flat=True))
    label = f"{'Dry run: ' if dry_run else ''}recover {len(ids)} failed resume(s) with the LLM"
    run = create_run(team, RECOVERY_KIND, label, ids, user=user, params={"dry_run": dry_run})
    if enqueue and ids:
        runs.enqueue_run(run, workers=settings.RESUME_RECOVERY_WORKERS)
    elif not ids:
        Run.objects.filter(id=run.id).update(status=Run.Status.DONE, finished_at=timezone.now())
        run.refresh_from_db()
    return run


def recovery_text(failed: FailedResume) -> str:
    """What the model sees: ranking text (no contact details), trimmed of boilerplate."""
    partial = failed.partial_resume
    text = partial.ranking_text if partial is not None else ""
    if not text and failed.text:
        text = parse_resume(failed.text).ranking_text
    return prompts.trim_for_prompt(text, settings.RESUME_RECOVERY_MAX_CHARS)


def ask_llm(text: str, *, run_id: int | None, item_key: str) -> ResumeRecord:
    """One recovery call; a 413 is answered by halving the text once, never re-sent as-is."""
    for attempt in range(2):
        try:
            return extract(
                ResumeRecord,
                system=prompts.RECOVERY_SYSTEM,
                user=prompts.recovery_user(text),
                purpose=RECOVERY_PURPOSE,
                run_id=run_id,
                item_key=item_key,
                prompt_version=prompts.RECOVERY_PROMPT_VERSION,
                max_tokens=2048,
            )
        except RequestTooLarge:
            if attempt:
                raise
            text = prompts.trim_for_prompt(text, max(len(text) // 2, 1000))
    raise AssertionError("unreachable")


def recover_failed_resume(
    failed_id: int, run_id: int | None = None, dry_run: bool = False
) -> RecoveryOutcome:
    """Recover one failed resume with the LLM. Quota/configuration errors propagate."""
    failed = FailedResume.objects.select_related("partial_resume").filter(id=failed_id).first()
    if failed is None:
        return RecoveryOutcome(failed_id, "skipped", "already recovered or deleted")
    text = recovery_text(failed)
    if not text.strip():
        return _recovery_failed(failed, "no readable text: the LLM cannot recover it", dry_run)
    try:
        record = ask_llm(text, run_id=run_id, item_key=str(failed_id))
    except (QuotaExhausted, NotConfigured):
        raise
    except LLMError as exc:
        return _recovery_failed(failed, f"LLM recovery failed: {exc}", dry_run)
    record = normalise_record(record)
    if missing := record.missing_sections():
        reason = f"missing required sections after LLM recovery: {readable_sections(missing)}"
        return _recovery_failed(failed, reason, dry_run, record)
    if dry_run:
        return RecoveryOutcome(failed_id, "would_recover", _record_summary(record), record)
    return _save_recovered(failed_id, record)


def normalise_record(record: ResumeRecord) -> ResumeRecord:
    """Skills normalised against the vocabulary and de-duplicated, like heuristic parses."""
    seen: set[str] = set()
    skills: list[str] = []
    for item in record.technical_skills:
        name = normalise_item(item)
        if name.lower() not in seen:
            seen.add(name.lower())
            skills.append(name)
    return record.model_copy(update={"technical_skills": skills})


def record_years(record: ResumeRecord, today: date | None = None) -> float:
    """Total years from the record's experience dates (overlaps merged)."""
    today = today or date.today()
    ranges = [
        found
        for e in record.experiences
        if (found := parse_date_range(f"{e.start} - {e.end or 'Present'}", today=today))
    ]
    return years_of_experience(ranges, today=today) if ranges else 0.0


def _record_summary(record: ResumeRecord) -> str:
    years = record_years(record)
    return (
        f"{record.job_role or 'no headline'} · {years:g} years · "
        f"{len(record.technical_skills)} skills · {len(record.experiences)} positions"
    )


def _recovery_failed(
    failed: FailedResume, reason: str, dry_run: bool, record: ResumeRecord | None = None
) -> RecoveryOutcome:
    if not dry_run:
        FailedResume.objects.filter(id=failed.id).update(
            error_message=reason, attempts=F("attempts") + 1, last_tried_at=timezone.now()
        )
    return RecoveryOutcome(failed.id, "failed", reason, record)


def _save_recovered(failed_id: int, record: ResumeRecord) -> RecoveryOutcome:
    """Create or upgrade the Resume and delete the FailedResume, atomically."""
    with transaction.atomic():
        failed = (
            FailedResume.objects.select_for_update().filter(id=failed_id).first()
        )  # another worker may have finished it meanwhile
        if failed is None:
            return RecoveryOutcome(failed_id, "skipped", "already recovered or deleted")
        resume = _resume_for(failed)
        resume.record = record.model_dump(mode="json")
        resume.job_role = record.job_role[:300]
        resume.technical_skills = record.technical_skills
        resume.total_years = record_years(record)
        resume.parse_method = Resume.ParseMethod.LLM
        resume.parse_confidence = _llm_confidence(record)
        resume.parser_version = prompts.RECOVERY_PROMPT_VERSION
        resume.warnings = [
            *resume.warnings,
            "structured by the LLM after the heuristic parse failed",
        ]
        resume.save()
        failed.delete()
    return RecoveryOutcome(failed_id, "recovered", _record_summary(record), record, resume.id)


def _resume_for(failed: FailedResume) -> Resume:
    """The partial Resume to upgrade, or a new one built from the failed row's text."""
    if failed.partial_resume_id is not None:
        return Resume.objects.select_for_update().get(id=failed.partial_resume_id)
    parsed = parse_resume(failed.text)
    resume = Resume(
        team=failed.team,
        source=failed.source,
        source_ref=failed.source_ref,
        original_file=failed.original_file.name,
        content_hash=failed.content_hash or content_hash(failed.text.encode()),
    )
    fill_resume(resume, failed.text, parsed)
    return resume


def _llm_confidence(record: ResumeRecord) -> float:
    checks = [
        bool(record.job_role),
        bool(record.professional_summary),
        len(record.technical_skills) >= 3,
        bool(record.experiences) and all(e.title and e.start for e in record.experiences),
        bool(record.education),
    ]
    return round(sum(checks) / len(checks), 2)
