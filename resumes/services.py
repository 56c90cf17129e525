"""Writes of the resume app: ingestion of files and URLs (recovery lives in ``recovery``).

Promises:
* ``ingest_document`` never leaves half-written rows: every outcome is written in one
  transaction, and a stored file whose rows could not be written is deleted again.
* The same bytes (sha256) are stored once per team: a re-upload returns "duplicate".
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import urlsplit

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.text import get_valid_filename

from resumes.blind import blind_text, detect_injections, find_injections
from resumes.models import FailedResume, Resume, Source
from resumes.parsing import PARSER_VERSION, ParsedResume, parse_resume
from resumes.parsing.extract import resume_extractor
from resumes.schemas import readable_sections
from screener.lib import fetch, textract
from screener.models import Team
from screener.vectors import StaleVectors, stale_vectors

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "txt": "text/plain",
}
# Failures whose bytes are worth keeping for a later look (a real document we could not
# read). Oversized, executable or bomb-like uploads are refused without being stored.
_KEEP_FILE_ON = (
    textract.EncryptedPDFError,
    textract.DamagedPDFError,
    textract.NoTextLayerError,
    textract.ExtractionTimeoutError,
    textract.ExtractionFailedError,
    textract.InvalidDocxError,
)


@dataclass
class IngestResult:
    """What happened to one document."""

    status: Literal["imported", "duplicate", "failed"]
    resume: Resume | None
    failed: FailedResume | None
    message: str

    @property
    def ref(self) -> str:
        """A short reference to the row this outcome is kept in, so the upload page can show
        it again after a reload (``resumes.uploads``): "r12" imported, "f7" failed (with or
        without a partial resume), "dr3" / "df9" a duplicate of a resume / failed-queue
        row; "" when no row holds it."""
        if self.status == "duplicate":
            kind, row = ("dr", self.resume) if self.resume is not None else ("df", self.failed)
        elif self.failed is not None:
            kind, row = "f", self.failed
        else:
            kind, row = "r", self.resume
        return f"{kind}{row.pk}" if row is not None and row.pk else ""


# --------------------------------------------------------------------------- ingestion


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ingest_document(
    team: Team,
    data: bytes,
    filename: str,
    *,
    source: str = Source.UPLOAD,
    source_ref: str = "",
    user: AbstractBaseUser | None = None,
    today: date | None = None,
) -> IngestResult:
    """Extract, parse and store one document for ``team`` (see the module promises)."""
    digest = content_hash(data)
    source_ref = (source_ref or filename)[:1000]
    # Every empty file has the same hash: it is reported as empty (below), never as a
    # "duplicate" of another empty file.
    if data.strip() and (duplicate := _find_duplicate(team, digest)) is not None:
        return duplicate
    try:
        extracted = extract_resume_text(data, filename)
    except textract.ExtractionError as exc:
        keep = data if isinstance(exc, _KEEP_FILE_ON) else None
        failed = _save_failed(team, source, source_ref, digest, exc.reason, keep, filename)
        return IngestResult("failed", None, failed, exc.reason)
    parsed = parse_resume(extracted.text, today=today)
    resume = Resume(
        team=team,
        source=source,
        source_ref=source_ref,
        content_type=CONTENT_TYPES[extracted.kind],
        content_hash=digest,
        created_by=user,
    )
    fill_resume(resume, extracted.text, parsed, extracted.warnings, extracted.hidden_text)
    try:
        return _save_parsed(resume, parsed, data, filename)
    except IntegrityError:  # the same file was imported concurrently
        return _find_duplicate(team, digest) or IngestResult("failed", None, None, "try again")


def extract_resume_text(data: bytes, filename: str) -> textract.ExtractedText:
    """Text of a resume file, within the size and time limits; raise ``ExtractionError``."""
    return textract.extract_text(
        data,
        filename,
        max_bytes=settings.RESUME_MAX_BYTES,
        time_limit_seconds=settings.RESUME_EXTRACT_TIMEOUT,
        extractor=resume_extractor,
    )


def _find_duplicate(team: Team, digest: str) -> IngestResult | None:
    resume = Resume.objects.filter(team=team, content_hash=digest).first()
    if resume is not None:
        return duplicate_of(resume)
    failed = FailedResume.objects.filter(team=team, content_hash=digest).first()
    if failed is not None:
        return duplicate_of(failed)
    return None


def duplicate_of(row: Resume | FailedResume) -> IngestResult:
    """The outcome of a file whose bytes are stored already as ``row``."""
    if isinstance(row, Resume):
        return IngestResult("duplicate", row, None, f"already imported as “{row}”")
    return IngestResult("duplicate", None, row, f"already in the failed queue: {row}")


def fill_resume(
    resume: Resume,
    text: str,
    parsed: ParsedResume,
    warnings: Iterable[str] = (),
    hidden_text: Iterable[str] = (),
) -> None:
    """Copy a heuristic parse onto a (possibly unsaved) Resume; no database access."""
    complete = not parsed.missing
    resume.text = text
    resume.ranking_text = parsed.ranking_text
    resume.record = parsed.record.model_dump(mode="json")
    resume.job_role = parsed.record.job_role[:300]
    resume.technical_skills = parsed.record.technical_skills
    resume.total_years = parsed.total_years
    resume.candidate_name = parsed.contact.name[:200]
    resume.email = parsed.contact.email[:254]
    resume.phone = parsed.contact.phone[:50]
    resume.contact = parsed.contact.as_dict()
    resume.parse_method = Resume.ParseMethod.HEURISTIC if complete else Resume.ParseMethod.PARTIAL
    resume.parse_confidence = parsed.confidence
    resume.parser_version = PARSER_VERSION
    resume.warnings = [*warnings, *parsed.warnings]
    resume.hidden_text = "\n".join(hidden_text)


def _save_parsed(resume: Resume, parsed: ParsedResume, data: bytes, filename: str) -> IngestResult:
    """Store the file and the rows in one go; a complete parse makes one Resume."""
    missing = parsed.missing
    with _stored_file(resume.original_file, data, filename), transaction.atomic():
        resume.save()
        if not missing:
            return IngestResult("imported", resume, None, imported_message(resume))
        reason = f"missing required sections: {readable_sections(missing)}"
        failed = FailedResume.objects.create(
            team=resume.team,
            source=resume.source,
            source_ref=resume.source_ref,
            original_file=resume.original_file.name,
            content_hash=resume.content_hash,
            text=resume.text,
            error_message=reason,
            partial_resume=resume,
        )
    return IngestResult("failed", resume, failed, reason)


def imported_message(resume: Resume) -> str:
    known = resume.total_years is not None
    years = f"{resume.total_years:g} years" if known else "years not stated"
    role = resume.job_role or "no headline"
    return f"{role} · {years} · {len(resume.technical_skills)} skills"


def _save_failed(
    team: Team,
    source: str,
    source_ref: str,
    digest: str,
    reason: str,
    data: bytes | None,
    filename: str,
) -> FailedResume:
    failed = FailedResume(
        team=team, source=source, source_ref=source_ref, content_hash=digest, error_message=reason
    )
    if data is None:
        failed.save()
        return failed
    with _stored_file(failed.original_file, data, filename), transaction.atomic():
        failed.save()
    return failed


class _stored_file:  # noqa: N801 - used like a function in a with statement
    """Save bytes to a FileField (not the row); delete them again if the block raises."""

    def __init__(self, field_file, data: bytes, filename: str) -> None:  # noqa: ANN001
        self.field_file = field_file
        self.data = data
        self.name = get_valid_filename(PurePosixPath(filename.replace("\\", "/")).name) or "resume"

    def __enter__(self) -> None:
        self.field_file.save(self.name[-100:], ContentFile(self.data), save=False)

    def __exit__(self, exc_type, exc, tb) -> None:  # noqa: ANN001
        if exc_type is not None and self.field_file.name:
            self.field_file.storage.delete(self.field_file.name)


def ingest_upload(
    team: Team, uploaded: UploadedFile, *, user: AbstractBaseUser | None = None
) -> IngestResult:
    """Ingest a browser upload; an oversized file is refused before it is read into memory."""
    name = (uploaded.name or "upload")[:1000]
    if uploaded.size is not None and uploaded.size > settings.RESUME_MAX_BYTES:
        reason = f"file is larger than {textract.format_size(settings.RESUME_MAX_BYTES)}"
        failed = FailedResume.objects.create(
            team=team, source=Source.UPLOAD, source_ref=name, error_message=reason
        )
        return IngestResult("failed", None, failed, reason)
    data = b"".join(uploaded.chunks())
    return ingest_document(team, data, name, source=Source.UPLOAD, user=user)


# Download failures worth another try later (the URL goes to the failed queue, and recovery
# fetches it again); the other FetchErrors are refusals (blocked address, port, size, type)
# that would fail the same way again, so they write nothing.
_RETRYABLE_FETCH_ERRORS = (
    fetch.ResolutionError,
    fetch.FetchConnectionError,
    fetch.FetchTimeoutError,
    fetch.HTTPStatusError,
)


def download(url: str) -> fetch.FetchedDocument:
    """Download a resume URL through the SSRF-safe fetcher; raise ``fetch.FetchError``."""
    return fetch.fetch_url(
        url,
        max_bytes=min(settings.RESUME_URL_MAX_BYTES, settings.RESUME_MAX_BYTES),
        deadline_seconds=settings.RESUME_URL_DEADLINE,
        allowed_content_types=tuple(CONTENT_TYPES.values()) + ("application/xhtml+xml",),
    )


def ingest_url(team: Team, url: str, *, user: AbstractBaseUser | None = None) -> IngestResult:
    """Download ``url`` safely (screener.lib.fetch) and ingest it. A refusal writes nothing;
    a download that failed (network, time-out, HTTP error) is queued with its URL."""
    try:
        document = download(url)
    except _RETRYABLE_FETCH_ERRORS as exc:
        failed = _queue_url(team, url[:1000], str(exc))
        message = f"{exc} (kept in the failed queue: recovery downloads it again)"
        return IngestResult("failed", None, failed, message)
    except fetch.FetchError as exc:
        return IngestResult("failed", None, None, str(exc))
    filename = filename_for(document)
    return ingest_document(
        team, document.body, filename, source=Source.URL, source_ref=url, user=user
    )


def _queue_url(team: Team, url: str, reason: str) -> FailedResume:
    """The failed-queue row of a URL that could not be downloaded (one per URL and team)."""
    failed, _ = FailedResume.objects.update_or_create(
        team=team,
        source=Source.URL,
        source_ref=url,
        content_hash="",
        defaults={"error_message": f"download failed: {reason}"},
    )
    return failed


def filename_for(document: fetch.FetchedDocument) -> str:
    """A file name whose extension matches the served content type."""
    stem = PurePosixPath(urlsplit(document.final_url).path).stem or "resume"
    kind = {v: k for k, v in CONTENT_TYPES.items()}.get(document.content_type)
    extension = f".{kind}" if kind else (mimetypes.guess_extension(document.content_type) or "")
    if document.content_type == "application/xhtml+xml":
        extension = ".html"
    return f"{stem[:80]}{extension}"


# --- the text screening and recommendations read, and its vectors ---------------------------


def embedding_text(resume: Resume) -> str:
    """What screening matches and embeds, and recommendations embed: the parser's ranking
    text, name-blind and without instructions aimed at a screener (resumes.blind)."""
    source = resume.ranking_text or resume.text
    return blind_text(
        source,
        name=resume.candidate_name,
        emails=(resume.email,),
        injections=find_injections(source),
    )


def embedding_texts(resumes: Sequence[Resume]) -> dict[int, str]:
    """``{id: embedding_text}`` of many resumes, their injections (and those of their hidden
    text, which screening flags) detected together with one model call."""
    detect_injections([text for r in resumes for text in (r.ranking_text or r.text, r.hidden_text)])
    return {r.id: embedding_text(r) for r in resumes}


def resume_vectors(resumes: list[Resume]) -> dict[int, np.ndarray]:
    """``{id: vector}`` of resumes with text; missing or stale ones embedded in ONE call,
    with their window vectors (read back by ``screener.vectors.stored_windows``)."""
    stale = stale_resume_vectors(resumes)
    return stale.store(stale.embed())


def stale_resume_vectors(
    resumes: list[Resume], texts: dict[int, str] | None = None
) -> StaleVectors[Resume]:
    """:func:`resume_vectors` in two steps (embed, then store), for callers that work while
    the model runs; ``texts`` are their :func:`embedding_text` when the caller has them."""
    known = embedding_texts(resumes) if texts is None else texts
    return stale_vectors(resumes, lambda r: known[r.id], windows=True)


# --- removing junk from the failed queue ----------------------------------------------------


def delete_failed(team: Team, ids: Iterable[int]) -> int:
    """Delete the team's failed resumes among ``ids`` and return how many went.

    Ids of another team's rows are ignored (nothing of theirs is touched). A partially
    parsed Resume made from the same document stays: it is screened like any resume. The
    stored original file is removed once no remaining row uses it.
    """
    rows = list(FailedResume.objects.filter(team=team, id__in=list(ids)))
    if not rows:
        return 0
    names = {row.original_file.name for row in rows if row.original_file}
    with transaction.atomic():
        FailedResume.objects.filter(id__in=[row.id for row in rows]).delete()
    used = {
        name
        for model in (Resume, FailedResume)
        for name in model.objects.filter(original_file__in=names).values_list(
            "original_file", flat=True
        )
    }
    storage = rows[0].original_file.storage
    for name in names - used:
        storage.delete(name)
    return len(rows)
