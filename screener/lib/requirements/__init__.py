"""Deterministic job-requirement extraction: skills, years of experience, seniority.

No LLM and no network: section headings and sentence cues decide required vs nice-to-have
(:mod:`.classify`), regular expressions find years-of-experience phrases (:mod:`.years`),
and title words give seniority (:mod:`.seniority`); :func:`extract_requirements`
(:mod:`.extract`) puts them together.  The resume date helpers of
:mod:`screener.lib.dates` are re-exported here: resume helpers live with the job helpers.
"""

from screener.lib.dates import (  # re-exported: resume helpers live with the job helpers
    DateRange,
    find_date_ranges,
    merge_ranges,
    parse_date_range,
    years_of_experience,
)
from screener.lib.requirements.extract import JobRequirements, extract_requirements
from screener.lib.requirements.seniority import (
    Seniority,
    seniority_from_title,
    seniority_from_years,
    seniority_of,
)
from screener.lib.requirements.years import YearsSpan, find_years_spans

__all__ = [
    "DateRange",
    "JobRequirements",
    "Seniority",
    "YearsSpan",
    "extract_requirements",
    "find_date_ranges",
    "find_years_spans",
    "merge_ranges",
    "parse_date_range",
    "seniority_from_title",
    "seniority_of",
    "seniority_from_years",
    "years_of_experience",
]
