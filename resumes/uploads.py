"""The upload page's results, kept in its address: reloading shows them again.

Each outcome of :func:`resumes.services.ingest_upload` points at a row (``IngestResult.ref``:
"r12", "f7", "dr3", "df9"); the page keeps the refs of the files it uploaded in
``?done=r12.f7.dr3`` and :func:`results_from_refs` reads the outcomes back from those rows.
Reads only; always scoped to the team (another team's refs are skipped).
"""

from __future__ import annotations

import re
from typing import Final

from resumes.models import FailedResume, Resume
from resumes.services import IngestResult, duplicate_of, imported_message
from screener.models import Team

MAX_REFS: Final = 300  # the newest results kept in the address (under 4 kB of URL)
_REF: Final = re.compile(r"^(r|f|dr|df)(\d{1,12})$")


def parse_refs(raw: str) -> list[tuple[str, int]]:
    """``"r12.f7.bogus.dr3"`` -> ``[("r", 12), ("f", 7), ("dr", 3)]`` (unknown parts dropped,
    repeats kept once, at most :data:`MAX_REFS`)."""
    refs: list[tuple[str, int]] = []
    for part in raw.split(".")[: MAX_REFS * 2]:
        if (m := _REF.match(part.strip())) and (m[1], int(m[2])) not in refs:
            refs.append((m[1], int(m[2])))
    return refs[:MAX_REFS]


def join_refs(results: list[IngestResult]) -> str:
    """The ``done`` value for these outcomes (those kept in a row), newest last as given."""
    return ".".join(r.ref for r in results if r.ref)[: MAX_REFS * 14]


def results_from_refs(team: Team, raw: str) -> list[tuple[str, IngestResult]]:
    """``(file name, outcome)`` per ref, in the refs' order, read from the team's rows."""
    refs = parse_refs(raw)
    resume_ids = [pk for kind, pk in refs if kind in ("r", "dr")]
    failed_ids = [pk for kind, pk in refs if kind in ("f", "df")]
    resumes = Resume.objects.filter(team=team, pk__in=resume_ids).defer(
        "text", "ranking_text", "record", "embedding", "embedding_windows", "hidden_text"
    )
    failed = FailedResume.objects.filter(team=team, pk__in=failed_ids).select_related(
        "partial_resume"
    )
    by_id = {("r", r.pk): r for r in resumes} | {("f", f.pk): f for f in failed}
    results = []
    for kind, pk in refs:
        row = by_id.get((kind[-1], pk))
        if row is not None:
            results.append((row.source_ref or str(row), _outcome(kind, row)))
    return results


def _outcome(kind: str, row: Resume | FailedResume) -> IngestResult:
    if kind.startswith("d"):
        return duplicate_of(row)
    if isinstance(row, Resume):
        return IngestResult("imported", row, None, imported_message(row))
    return IngestResult("failed", row.partial_resume, row, row.error_message)
