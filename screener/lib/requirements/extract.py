"""Put skills, years and seniority together: :func:`extract_requirements`.

A skill named in the job title is required. A skill found both required and nice-to-have
is reported once, as required. With no seniority word in the title the seniority comes
from the required years (``seniority_from_years``), else "unknown".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from screener.lib.requirements.classify import (
    is_structured,
    kind_of,
    section_map,
    split_clauses,
)
from screener.lib.requirements.seniority import (
    Seniority,
    seniority_from_title,
    seniority_from_years,
)
from screener.lib.requirements.years import YearsSpan, find_years_spans
from screener.lib.skills import find_skills

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class JobRequirements:
    """What a job asks for. Skill lists hold canonical names in order of first mention."""

    required_skills: list[str] = field(default_factory=list)
    nice_to_have_skills: list[str] = field(default_factory=list)
    min_years: float | None = None
    seniority: Seniority = "unknown"
    years_spans: list[YearsSpan] = field(default_factory=list)


def extract_requirements(title: str, text: str) -> JobRequirements:
    """Extract skills (required / nice-to-have), minimum years and seniority from a job.

    Promises: deterministic; skill names are canonical vocabulary names, each in at most
    one list; ``min_years`` is the largest lower bound among years phrases that are not
    nice-to-have (or not in ignored sections), None when there is none; ``seniority`` is
    from the title, else from ``min_years``, else "unknown".
    """
    sections = section_map(text)
    structured = is_structured(sections)
    clauses = split_clauses(text)
    # A skill in the title ("Lead DevOps Engineer (Kubernetes)") is the job's core.
    required: dict[str, None] = {m.canonical: None for m in find_skills(title)}
    nice: dict[str, None] = {}
    ci = 0
    for match in find_skills(text):
        while ci + 1 < len(clauses) and clauses[ci][1] <= match.start:
            ci += 1
        kind = kind_of(text, match.start, match.end, clauses[ci], sections, structured)
        if kind == "nice":
            nice.setdefault(match.canonical)
        elif kind != "ignore":
            required.setdefault(match.canonical)

    spans: list[YearsSpan] = []
    ci = 0
    for span in find_years_spans(text):
        while ci + 1 < len(clauses) and clauses[ci][1] <= span.start:
            ci += 1
        kind = kind_of(text, span.start, span.end, clauses[ci], sections, structured)
        if kind == "ignore":
            continue
        spans.append(
            YearsSpan(
                span.text, span.start, span.end, span.min_years, span.max_years, nice=kind == "nice"
            )
        )
    lower_bounds = [s.min_years for s in spans if not s.nice]
    min_years = max(lower_bounds) if lower_bounds else None

    seniority = seniority_from_title(title)
    if seniority == "unknown":
        seniority = seniority_from_years(min_years)
    result = JobRequirements(
        required_skills=list(required),
        nice_to_have_skills=[s for s in nice if s not in required],
        min_years=min_years,
        seniority=seniority,
        years_spans=spans,
    )
    logger.debug("requirements for %r: %s", title, result)
    return result
