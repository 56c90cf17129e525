"""Failed-resume recovery: the LLM structures what the heuristic parser could not.

Promises: the LLM is never called inside a transaction; nothing is invented: a resume that
still lacks a required section (summary, technical skills, work experience) after extraction
is a failure with that reason, and summary sentences the resume does not contain are dropped
before that check; with review mode on (``RESUME_RECOVERY_REVIEW``) the answer waits on the
FailedResume for a person (``resumes.review``), otherwise a recovered resume is written in
one transaction (create or upgrade the Resume, delete the FailedResume); a URL whose
download failed is fetched again (SSRF-safe) before the LLM sees its text; a failure records
its reason on the FailedResume and loses nothing; quota and configuration errors propagate
so the Run waits or pauses.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from llm.gateway import extract
from llm.models import LLMCall
from resumes import prompts, services
from resumes.grounding import keep_copied_summary
from resumes.models import FailedResume, Resume, Source
from resumes.parsing import parse_resume
from resumes.parsing.fields import normalise_item
from resumes.schemas import ResumeRecord, readable_sections
from resumes.services import content_hash, fill_resume
from runs import executor as runs
from runs.models import Run
from runs.services import create_run
from screener.lib import fetch, textract
from screener.lib.dates import parse_date_range, years_of_experience
from screener.lib.llm.config import config as llm_config
from screener.lib.llm.errors import LLMError, NotConfigured, QuotaExhausted, RequestTooLarge
from screener.models import Team

logger = logging.getLogger(__name__)

RECOVERY_KIND = "recover_resumes"
RECOVERY_PURPOSE = "resume_recovery"


class RefetchFailed(Exception):
    """Downloading a failed resume's URL again, or reading what came back, failed."""


@dataclass
class RecoveryOutcome:
    """What recovering one FailedResume did (or, in a dry run, would do)."""

    failed_id: int
    status: Literal["recovered", "pending_review", "would_recover", "failed", "skipped"]
    message: str
    record: ResumeRecord | None = None
    resume_id: int | None = None


@dataclass(frozen=True)
class RecoveryTotals:
    """The figures a recovery prints at the end: total / recovered / failed / left."""

    total: int
    recovered: int
    failed: int
    left: int
    pending_review: int = 0

    def __str__(self) -> str:
        review = f" ({self.pending_review} waiting for review)" if self.pending_review else ""
        return (
            f"Total {self.total} · recovered {self.recovered}{review} · "
            f"failed {self.failed} · left {self.left}"
        )


def totals_of(outcomes: list[RecoveryOutcome], total: int) -> RecoveryTotals:
    """Totals of a recovery that processed ``outcomes`` out of ``total`` failed resumes."""
    pending = sum(1 for o in outcomes if o.status == "pending_review")
    recovered = pending + sum(1 for o in outcomes if o.status in ("recovered", "would_recover"))
    failed = sum(1 for o in outcomes if o.status == "failed")
    return RecoveryTotals(total, recovered, failed, total - len(outcomes), pending)


def recovery_queue(team: Team) -> QuerySet[FailedResume]:
    """What "recover all" works through: not waiting for review, not rejected in review
    (the cached answer a person rejected would come back unchanged; retry those one by one)."""
    return FailedResume.objects.filter(team=team).exclude(
        review__in=[FailedResume.Review.PENDING, FailedResume.Review.REJECTED]
    )


def start_recovery_run(
    team: Team,
    user: AbstractBaseUser | None,
    failed_ids: Iterable[int] | None = None,
    dry_run: bool = False,
    *,
    enqueue: bool = True,
) -> Run:
    """Queue a Run that sends failed resumes to the LLM (the team's queue, or these ids).

    Rows already waiting for review are never sent again. Review mode is fixed when the
    Run starts (``params["review"]``), so its result can say what waits for review.
    """
    if failed_ids is None:
        queryset = recovery_queue(team)
    else:
        queryset = FailedResume.objects.filter(team=team, id__in=list(failed_ids)).exclude(
            review=FailedResume.Review.PENDING
        )
    ids = list(queryset.order_by("id").values_list("id", flat=True))
    label = f"{'Dry run: ' if dry_run else ''}recover {len(ids)} failed resume(s) with the LLM"
    params = {"dry_run": dry_run, "review": settings.RESUME_RECOVERY_REVIEW}
    run = create_run(team, RECOVERY_KIND, label, ids, user=user, params=params)
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


def ask_llm(
    text: str, *, run_id: int | None, item_key: str, use_cache: bool = True
) -> ResumeRecord:
    """One recovery call; a 413 is answered by halving the text once, never re-sent as-is."""
    asked_at = timezone.now()
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
                use_cache=use_cache,
            )
        except RequestTooLarge:
            if attempt:
                raise
            text = prompts.trim_for_prompt(text, max(len(text) // 2, 1000))
        finally:
            log_rate_limits(run_id, item_key, since=asked_at)
    raise AssertionError("unreachable")


def log_rate_limits(run_id: int | None, item_key: str, *, since: datetime) -> None:
    """Log, at INFO, the rate-limit figures the gateway read from the headers of this item's
    last response since ``since`` (requests per day, tokens per minute); nothing for an
    answer from the cache."""
    call = (
        LLMCall.objects.filter(
            purpose=RECOVERY_PURPOSE, run_id=run_id, item_key=item_key, created_at__gte=since
        )
        .exclude(remaining_requests=None, remaining_tokens=None)
        .order_by("-id")
        .first()
    )
    if call is None:
        return
    logger.info(
        "rate limits after recovering failed resume %s: %s of %s requests left today "
        "(resets in %ss), %s of %s tokens left this minute (resets in %ss)",
        item_key,
        call.remaining_requests,
        call.limit_requests,
        call.reset_requests_s,
        call.remaining_tokens,
        call.limit_tokens,
        call.reset_tokens_s,
    )


def recover_failed_resume(
    failed_id: int,
    run_id: int | None = None,
    dry_run: bool = False,
    review: bool | None = None,
) -> RecoveryOutcome:
    """Recover one failed resume with the LLM. Quota/configuration errors propagate.

    ``review`` (default ``settings.RESUME_RECOVERY_REVIEW``): hold the answer for a person
    instead of writing the Resume.
    """
    failed = FailedResume.objects.select_related("partial_resume").filter(id=failed_id).first()
    if failed is None:
        return RecoveryOutcome(failed_id, "skipped", "already recovered or deleted")
    if failed.review == FailedResume.Review.PENDING:
        return RecoveryOutcome(failed_id, "skipped", "already recovered: waiting for review")
    # Without an LLM the Run pauses saying so; judging (or re-fetching) the text first
    # would fail documents as "no readable text" when the real reason is the missing key.
    llm_config()
    try:
        text = _text_to_recover(failed, dry_run)
    except RefetchFailed as exc:
        return _recovery_failed(failed, str(exc), dry_run)
    if not text.strip():
        return _recovery_failed(failed, "no readable text: the LLM cannot recover it", dry_run)
    try:
        record = ask_llm(
            text,
            run_id=run_id,
            item_key=str(failed_id),
            use_cache=failed.review != FailedResume.Review.REJECTED,
        )
    except (QuotaExhausted, NotConfigured):
        raise
    except LLMError as exc:
        return _recovery_failed(failed, f"LLM recovery failed: {exc}", dry_run)
    record = keep_copied_summary(normalise_record(record), text)
    if missing := record.missing_sections():
        reason = f"missing required sections after LLM recovery: {readable_sections(missing)}"
        return _recovery_failed(failed, reason, dry_run, record)
    if dry_run:
        return RecoveryOutcome(failed_id, "would_recover", record_summary(record), record)
    if settings.RESUME_RECOVERY_REVIEW if review is None else review:
        return _hold_for_review(failed_id, record)
    return _save_recovered(failed_id, record)


def _text_to_recover(failed: FailedResume, dry_run: bool) -> str:
    """The prompt text; a URL whose download or reading failed is fetched again first."""
    if failed.source == Source.URL and not failed.text and failed.partial_resume_id is None:
        text, digest = refetch_text(failed)
        if not dry_run:
            FailedResume.objects.filter(id=failed.id).update(text=text, content_hash=digest)
        failed.text, failed.content_hash = text, digest
    return recovery_text(failed)


def refetch_text(failed: FailedResume) -> tuple[str, str]:
    """``(text, sha256)`` of the failed row's URL, downloaded again through the SSRF-safe
    fetcher and extracted; raise :class:`RefetchFailed` with a readable reason."""
    try:
        document = services.download(failed.source_ref)
    except fetch.FetchError as exc:
        raise RefetchFailed(f"downloading the resume again failed: {exc}") from exc
    digest = content_hash(document.body)
    if (
        resume := Resume.objects.filter(team=failed.team_id, content_hash=digest).first()
    ) is not None:
        raise RefetchFailed(f"the downloaded document is already imported as “{resume}”")
    try:
        extracted = services.extract_resume_text(document.body, services.filename_for(document))
    except textract.ExtractionError as exc:
        raise RefetchFailed(f"the downloaded document could not be read: {exc.reason}") from exc
    return extracted.text, digest


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


def record_years(record: ResumeRecord, today: date | None = None) -> float | None:
    """Total years from the record's experience dates (overlaps merged); None (not stated,
    never 0) when no position has readable dates."""
    today = today or date.today()
    ranges = [
        found
        for e in record.experiences
        if (found := parse_date_range(f"{e.start} - {e.end or 'Present'}", today=today))
    ]
    return years_of_experience(ranges, today=today) if ranges else None


def record_summary(record: ResumeRecord) -> str:
    """One line: headline · years · skills · positions."""
    years = record_years(record)
    stated = f"{years:g} years" if years is not None else "years not stated"
    return (
        f"{record.job_role or 'no headline'} · {stated} · "
        f"{len(record.technical_skills)} skills · {len(record.experiences)} positions"
    )


def _recovery_failed(
    failed: FailedResume, reason: str, dry_run: bool, record: ResumeRecord | None = None
) -> RecoveryOutcome:
    """Record the reason and the attempt; nothing the model answered is stored."""
    if not dry_run:
        FailedResume.objects.filter(id=failed.id).update(
            error_message=reason, attempts=F("attempts") + 1, last_tried_at=timezone.now()
        )
    return RecoveryOutcome(failed.id, "failed", reason, record)


def _hold_for_review(failed_id: int, record: ResumeRecord) -> RecoveryOutcome:
    """Keep the answer on the FailedResume until a person accepts, edits or rejects it."""
    now = timezone.now()
    updated = (
        FailedResume.objects.filter(id=failed_id)
        .exclude(review=FailedResume.Review.PENDING)
        .update(
            review=FailedResume.Review.PENDING,
            recovered_record=record.model_dump(mode="json"),
            recovered_at=now,
            attempts=F("attempts") + 1,
            last_tried_at=now,
        )
    )
    if not updated:
        return RecoveryOutcome(failed_id, "skipped", "already recovered or deleted")
    return RecoveryOutcome(failed_id, "pending_review", record_summary(record), record)


def _save_recovered(failed_id: int, record: ResumeRecord) -> RecoveryOutcome:
    """Create or upgrade the Resume and delete the FailedResume, atomically."""
    with transaction.atomic():
        failed = (
            FailedResume.objects.select_for_update().filter(id=failed_id).first()
        )  # another worker may have finished it meanwhile
        if failed is None:
            return RecoveryOutcome(failed_id, "skipped", "already recovered or deleted")
        resume = write_resume(failed, record)
    return RecoveryOutcome(failed_id, "recovered", record_summary(record), record, resume.id)


def write_resume(failed: FailedResume, record: ResumeRecord, note: str = "") -> Resume:
    """Create or upgrade the Resume from ``record`` and delete ``failed``.

    Call inside a transaction with ``failed`` locked (``select_for_update``).
    """
    resume = _resume_for(failed)
    resume.record = record.model_dump(mode="json")
    resume.job_role = record.job_role[:300]
    resume.technical_skills = record.technical_skills
    resume.total_years = record_years(record)
    resume.parse_method = Resume.ParseMethod.LLM
    resume.parse_confidence = _llm_confidence(record)
    resume.parser_version = prompts.RECOVERY_PROMPT_VERSION
    notes = ["structured by the LLM after the heuristic parse failed", *([note] if note else [])]
    resume.warnings = [*resume.warnings, *notes]
    resume.save()
    failed.delete()
    return resume


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
