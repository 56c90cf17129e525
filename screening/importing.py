"""Bring files into a team for the ``screen`` and ``evaluate`` commands (offline, no LLM).

* A job file is a RemoteOK-shaped JSON feed (or one job object), imported through the jobs
  app (re-imports update, never duplicate), or a plain-text file: first line the title, the
  rest the description.
* Resume paths are files or folders (searched recursively); each file goes through the
  resumes app's ingestion, so duplicates are recognised and a partial parse still yields a
  text-only Resume. A file with no readable text yields no Resume: it is returned with its
  reason so callers can list it last.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jobs.models import JobPosting
from screener.lib.textract import ACCEPTED_EXTENSIONS
from screener.models import Team

JOB_FILE_SOURCE = "file"


class ImportProblem(ValueError):
    """A job or resume path we cannot use; the message says why."""


def _feed_entries(data: bytes) -> list[dict] | None:
    try:
        parsed = json.loads(data)
    except ValueError:
        return None
    items = parsed if isinstance(parsed, list) else [parsed]
    return [i for i in items if isinstance(i, dict) and "position" in i]


def job_from_file(team: Team, path: str | Path, external_id: str = "") -> JobPosting:
    """Import the job(s) in ``path`` and return the chosen one (``external_id`` or the first)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"cannot read job file {path}: {exc.strerror}") from None
    entries = _feed_entries(data)
    if entries is None:
        return _job_from_text(team, data.decode("utf-8", "replace"))
    if not entries:
        raise ImportProblem(f"{path} holds no job postings")
    ids = [str(e.get("id", "")) for e in entries]
    wanted = external_id or ids[0]
    if wanted not in ids:
        raise ImportProblem(f"no job with id {wanted!r} in {path} (ids: {', '.join(ids[:10])})")
    from jobs.services import import_feed

    import_feed(team, json.dumps(entries).encode(), source=JOB_FILE_SOURCE)
    job = JobPosting.objects.filter(team=team, source=JOB_FILE_SOURCE, external_id=wanted).first()
    if job is None:
        raise ImportProblem(f"job {wanted} in {path} could not be imported (invalid posting?)")
    return job


def _job_from_text(team: Team, text: str) -> JobPosting:
    from jobs.feed import FeedEntry
    from jobs.services import upsert_job

    title, _, body = text.strip().partition("\n")
    if not title.strip():
        raise ImportProblem("the job file is empty")
    entry = FeedEntry(
        external_id=hashlib.sha256(text.encode()).hexdigest()[:32],
        position=title.strip()[:300],
        company="",
        location="",
        remote=False,
        tags=[],
        salary_min=None,
        salary_max=None,
        url="",
        posted_at=None,
        description_html="",
        description_text=body.strip(),
    )
    return upsert_job(team, JOB_FILE_SOURCE, entry)[0]


def resume_files(paths: list[str]) -> list[Path]:
    """Resume files named by ``paths`` (folders searched recursively), sorted, deduplicated."""
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in ACCEPTED_EXTENSIONS:
                    found.setdefault(child)
        elif path.is_file():
            found.setdefault(path)
        else:
            raise ImportProblem(f"no such file or folder: {raw}")
    return list(found)


@dataclass
class Ingested:
    """Resumes ready to screen (file name -> Resume id) and files without readable text."""

    resume_ids: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)


def ingest_files(
    team: Team,
    files: list[Path],
    wrap: Callable[[Iterator[Path], int], Iterator[Path]] = lambda it, _n: it,
) -> Ingested:
    """Ingest each file (duplicates are found, not re-stored); ``wrap`` adds progress."""
    from resumes.services import ingest_document

    out = Ingested()
    for path in wrap(iter(files), len(files)):
        result = ingest_document(team, path.read_bytes(), path.name, source="import")
        resume = result.resume or getattr(result.failed, "partial_resume", None)
        if resume is not None:
            out.resume_ids[path.name] = resume.id
        else:
            reason = result.failed.error_message if result.failed else result.message
            out.unreadable[path.name] = reason or "no readable text"
    return out


def screen_and_rank(
    team: Team, job: JobPosting, ingested: Ingested, *, chunk: int = 200
) -> list[str]:
    """Screen the ingested resumes against ``job`` (reusing stored results) and return the
    file names in rank order, files without readable text last."""
    from screening import services as screening_services
    from screening.models import Candidate

    batch = screening_services.create_batch(team, job, ingested.resume_ids.values(), enqueue=False)
    for _ in screening_services.iter_batch_inline(batch, chunk):
        pass
    names = {rid: name for name, rid in ingested.resume_ids.items()}
    ranked = (
        Candidate.objects.filter(job=job, resume_id__in=names)
        .order_by("rank", "id")
        .values_list("resume_id", flat=True)
    )
    return [names[rid] for rid in ranked] + sorted(ingested.unreadable)
