"""Ranking-quality metrics and the labelled-set format (used by ``evaluate`` and benchmarks).

Labels file (JSON)::

    {"format": "graded relevance 0-3",
     "jobs": {"<job external id>": {"<resume file name>": <grade 0-3>, ...}, ...}}

Metrics, per job then averaged over jobs (a resume missing from a ranking counts as not
retrieved; an unlabelled resume counts as grade 0):

* nDCG@k with gain ``2**grade - 1`` and discount ``log2(position + 1)``, normalised by the
  ideal ordering of all labelled resumes of that job;
* P@k: share of the first k positions holding a relevant resume (grade >= 2);
* MAP: mean over jobs of average precision over the whole ranking (relevant = grade >= 2).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

RELEVANT = 2


class LabelsError(ValueError):
    """The labels file is not in the documented format."""


def load_labels(path: str | Path) -> dict[str, dict[str, int]]:
    """Read a labels file; raise LabelsError naming what is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LabelsError(f"cannot read labels from {path}: {exc}") from None
    jobs = data.get("jobs") if isinstance(data, dict) else None
    if not isinstance(jobs, dict) or not jobs:
        raise LabelsError('labels file needs a non-empty "jobs" object')
    out: dict[str, dict[str, int]] = {}
    for job_id, grades in jobs.items():
        if not isinstance(grades, dict):
            raise LabelsError(f"job {job_id}: grades must be an object of file name -> grade")
        for name, grade in grades.items():
            if not isinstance(grade, int) or not 0 <= grade <= 3:
                raise LabelsError(f"job {job_id}, {name}: grade must be an integer 0-3")
        out[str(job_id)] = {str(k): int(v) for k, v in grades.items()}
    return out


def ndcg_at(ranking: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain of the first ``k`` positions."""

    def dcg(values: Sequence[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(values[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(name, 0) for name in ranking]) / ideal if ideal else 0.0


def precision_at(ranking: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """Share of the first ``k`` positions that hold a relevant resume."""
    return sum(grades.get(name, 0) >= RELEVANT for name in ranking[:k]) / k


def average_precision(ranking: Sequence[str], grades: Mapping[str, int]) -> float:
    """Average precision over the whole ranking (0 when the job has no relevant resume)."""
    total = sum(g >= RELEVANT for g in grades.values())
    if not total:
        return 0.0
    hits, score = 0, 0.0
    for position, name in enumerate(ranking, start=1):
        if grades.get(name, 0) >= RELEVANT:
            hits += 1
            score += hits / position
    return score / total


@dataclass(frozen=True, slots=True)
class Scores:
    """Metrics of one job (or their mean over jobs)."""

    ndcg: float
    precision: float
    average_precision: float


def evaluate(
    rankings: Mapping[str, Sequence[str]], labels: Mapping[str, Mapping[str, int]], k: int = 10
) -> tuple[dict[str, Scores], Scores]:
    """Per-job scores and their mean, for every labelled job that has a ranking."""
    per_job = {
        job: Scores(
            ndcg_at(rankings[job], grades, k),
            precision_at(rankings[job], grades, k),
            average_precision(rankings[job], grades),
        )
        for job, grades in labels.items()
        if job in rankings
    }
    n = len(per_job) or 1
    mean = Scores(
        sum(s.ndcg for s in per_job.values()) / n,
        sum(s.precision for s in per_job.values()) / n,
        sum(s.average_precision for s in per_job.values()) / n,
    )
    return per_job, mean


# --- tune / check halves ------------------------------------------------------------------

SPLITS = ("all", "tune", "check")


def split_of(job_id: str) -> str:
    """The fixed half a labelled job belongs to: "tune" (fit weights and rules on these) or
    "check" (quote these). By sha256 of the job id, so it never depends on the file order."""
    return "tune" if int(hashlib.sha256(job_id.encode()).hexdigest(), 16) % 2 == 0 else "check"


def select_split(labels: Mapping[str, Mapping[str, int]], split: str) -> dict:
    """The labelled jobs of one half ("all" keeps every job)."""
    if split not in SPLITS:
        raise LabelsError(f"unknown split {split!r} (choose {', '.join(SPLITS)})")
    return {j: g for j, g in labels.items() if split == "all" or split_of(j) == split}
