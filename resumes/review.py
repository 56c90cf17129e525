"""Review of recovered resumes: accept (as recovered or edited), save edits, reject.

Promises: only a FailedResume of the caller's team that is *pending review* can be
reviewed (anything else raises :class:`ReviewError`, nothing written); accepting writes the
Resume and deletes the FailedResume in one transaction, so a resume is screened only once
a person accepted it; an edit that leaves a required section empty is refused, never
stored; rejecting keeps the document in the failed queue with the reason, and forgets the
record (a later retry asks the model again instead of reading its cached answer).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from resumes import recovery
from resumes.models import FailedResume, Resume
from resumes.schemas import ResumeRecord, readable_sections
from screener.models import Team


class ReviewError(Exception):
    """A review action that cannot be done; ``str()`` is a readable reason."""


@dataclass
class BulkAcceptResult:
    accepted: list[Resume] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def pending_record(failed: FailedResume) -> ResumeRecord:
    """The recovered record waiting for review (validated again on the way out)."""
    return ResumeRecord.model_validate(failed.recovered_record)


def save_edits(team: Team, failed_id: int, record: ResumeRecord) -> ResumeRecord:
    """Replace the pending record with a person's edit (still pending)."""
    record = _checked(record)
    updated = FailedResume.objects.filter(
        team=team, id=failed_id, review=FailedResume.Review.PENDING
    ).update(recovered_record=record.model_dump(mode="json"))
    if not updated:
        raise ReviewError("this recovered resume is no longer waiting for review")
    return record


def accept(
    team: Team,
    failed_id: int,
    user: AbstractBaseUser | None,
    record: ResumeRecord | None = None,
) -> Resume:
    """Turn the pending recovery (or ``record``, its edited version) into a Resume."""
    edited = _checked(record) if record is not None else None
    try:
        with transaction.atomic():
            failed = _locked_pending(team, failed_id)
            final = edited or _checked(pending_record(failed))
            note = f"accepted in review by {user}" if user else "accepted in review"
            return recovery.write_resume(
                failed, final, note=note + ("" if not edited else ", edited")
            )
    except IntegrityError as exc:  # the same document was imported meanwhile
        raise ReviewError("the same document is already imported as another resume") from exc


def reject(team: Team, failed_id: int, user: AbstractBaseUser | None) -> None:
    """Discard the recovered record; the document stays in the failed queue with the reason."""
    when = timezone.now()
    by = f" by {user}" if user else ""
    updated = FailedResume.objects.filter(
        team=team, id=failed_id, review=FailedResume.Review.PENDING
    ).update(
        review=FailedResume.Review.REJECTED,
        recovered_record={},
        error_message=f"the LLM's recovered record was rejected in review{by} on {when:%Y-%m-%d}",
    )
    if not updated:
        raise ReviewError("this recovered resume is no longer waiting for review")


def accept_many(failed: Iterable[FailedResume], user: AbstractBaseUser | None) -> BulkAcceptResult:
    """Accept each pending recovery as recovered (the admin's bulk action); rows that are
    not pending, or cannot be accepted, are named in ``refused`` with the reason."""
    result = BulkAcceptResult()
    for row in failed:
        try:
            result.accepted.append(accept(row.team, row.id, user))
        except ReviewError as exc:
            result.refused.append(f"{row.source_ref or row.id}: {exc}")
    return result


def _locked_pending(team: Team, failed_id: int) -> FailedResume:
    failed = (
        FailedResume.objects.select_for_update()
        .filter(team=team, id=failed_id, review=FailedResume.Review.PENDING)
        .first()
    )
    if failed is None:
        raise ReviewError("this recovered resume is no longer waiting for review")
    return failed


def _checked(record: ResumeRecord) -> ResumeRecord:
    """Normalised skills; refused when a required section is empty."""
    record = recovery.normalise_record(record)
    if missing := record.missing_sections():
        raise ReviewError(f"a resume needs these sections: {readable_sections(missing)}")
    return record
