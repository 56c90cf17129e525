"""bulk_update_rows stores exactly what Django's bulk_update stores, in one statement."""

from __future__ import annotations

import numpy as np
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resumes.models import Resume
from screener.bulk import bulk_update_rows
from screening.models import Candidate
from tests.jobs.conftest import make_job
from tests.screening.fakes import make_resume


def _rows(team, n: int) -> list[Candidate]:  # noqa: ANN001
    job = make_job(team)
    return [
        Candidate.objects.create(team=team, job=job, resume=make_resume(team, f"Dev {i}\nPython"))
        for i in range(n)
    ]


def test_it_writes_json_text_and_nulls_like_save(team) -> None:  # noqa: ANN001
    rows = _rows(team, 3)
    for i, cand in enumerate(rows):
        cand.status = Candidate.Status.SCORED
        cand.error = "" if i else 'it\'s "quoted" — and unicode'
        cand.components = {"semantic": 0.5 + i / 10, "nested": {"list": [1, None, "x"]}}
        cand.flags = [] if i else [{"message": "hidden text"}]
    with CaptureQueriesContext(connection) as ctx:
        assert bulk_update_rows(rows, ["status", "error", "components", "flags"]) == 3
    assert len(ctx.captured_queries) == 1
    for cand in rows:
        stored = Candidate.objects.get(id=cand.id)
        assert (stored.status, stored.error) == (cand.status, cand.error)
        assert (stored.components, stored.flags) == (cand.components, cand.flags)


def test_it_writes_vectors_and_leaves_other_rows_alone(team) -> None:  # noqa: ANN001
    first, second, untouched = (make_resume(team, f"Person {i}\nPython") for i in range(3))
    for i, resume in enumerate([first, second]):
        resume.embedding = np.full(384, (i + 1) / 20, dtype=np.float32)
        resume.embedding_version = f"v{i}"
    assert bulk_update_rows([first, second], ["embedding", "embedding_version"]) == 2
    stored = Resume.objects.get(id=second.id)
    assert stored.embedding_version == "v1"
    assert np.allclose(np.asarray(stored.embedding), 0.1)
    assert Resume.objects.get(id=untouched.id).embedding is None


def test_it_does_nothing_for_no_rows() -> None:
    assert bulk_update_rows([], ["status"]) == 0
