"""The heuristic resume parser: text in, :class:`ParsedResume` out (framework-free).

``parse_resume(text, today=...)`` never raises on odd input; it reports what it found.
A resume is *complete* when the required sections (summary, skills, experience) are
present and non-empty (``ParsedResume.missing``). ``today`` ends "Present" ranges.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from resumes.parsing import fields
from resumes.parsing.contact import Contact, find_contact, ranking_text, split_contact_run
from resumes.parsing.sections import (
    Section,
    infer_sections,
    needs_resplit,
    prepare_lines,
    resplit_lines,
    split_sections,
)
from resumes.schemas import ResumeRecord
from screener.lib.dates import DateRange, years_of_experience
from screener.lib.injection import find_injections
from screener.lib.skills import skill_info

PARSER_VERSION: Final = "heuristic-3"  # 2: run-together resumes; 3: wrapped bullets, no-date years


@dataclass
class ParsedResume:
    """What the heuristic parser found in one resume."""

    record: ResumeRecord
    contact: Contact
    ranking_text: str
    total_years: float | None  # None: no dated position, so not stated
    confidence: float
    sections: list[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return self.record.missing_sections()


def parse_resume(text: str, *, today: date | None = None) -> ParsedResume:
    """Parse visible resume text into a record, contact details and ranking text."""
    today = today or date.today()
    lines, sections, rebuilt = lines_and_sections(text)
    contact = find_contact(lines, sections)
    record, ranges = _record(lines, sections, contact, today, rebuilt=rebuilt)
    years = years_of_experience(ranges, today=today) if ranges else None
    parsed = ParsedResume(
        record=record,
        contact=contact,
        ranking_text=ranking_text(lines, sections, contact),
        total_years=years,
        confidence=0.0,
        sections=[s.kind for s in sections if s.lines or s.kind != "header"],
        warnings=_warnings(text, record, ranges),
    )
    parsed.confidence = confidence(parsed)
    return parsed


def lines_and_sections(text: str) -> tuple[list[str], list[Section], bool]:
    """The lines of the text, its sections, and whether line breaks were put back.

    A resume with heading lines and no run-together lines is split as written. Otherwise
    line breaks are put back (long lines; every line at inline headings when no heading
    line was found), and a resume that still has no heading is grouped by content.
    """
    lines = prepare_lines(text)
    sections = split_sections(lines)
    headed = len(sections) > 1
    if not any(lines) or (headed and not needs_resplit(lines)):
        return lines, sections, False
    rebuilt = resplit_lines(lines, every_line=not headed, opening=split_contact_run)
    sections = split_sections(rebuilt)
    if len(sections) == 1:
        sections = infer_sections(rebuilt)
    return rebuilt, sections, rebuilt != lines


def _lines_of(sections: list[Section], kind: str, skip: set[int]) -> list[str]:
    return [t for s in sections if s.kind == kind for i, t in s.lines if i not in skip]


def _record(
    lines: list[str], sections: list[Section], contact: Contact, today: date, *, rebuilt: bool
) -> tuple[ResumeRecord, list[DateRange]]:
    skip = {i for i in (contact.name_line, contact.role_line) if i is not None}
    skip |= contact.contact_lines
    experiences, ranges = fields.experiences(_lines_of(sections, "experience", skip), today)
    record = ResumeRecord(
        job_role=lines[contact.role_line] if contact.role_line is not None else "",
        professional_summary=fields.summary_sentences(_lines_of(sections, "summary", skip)),
        technical_skills=fields.technical_skills(
            _lines_of(sections, "skills", skip), scan_long_items=rebuilt
        ),
        experiences=experiences,
        education=fields.education(_lines_of(sections, "education", skip)),
        certifications=fields.plain_items(_lines_of(sections, "certifications", skip)),
        projects=fields.plain_items(_lines_of(sections, "projects", skip)),
    )
    return record, ranges


def _warnings(text: str, record: ResumeRecord, ranges: list[DateRange]) -> list[str]:
    warnings: list[str] = []
    # Known phrasings only (no model at parse time); screening also catches paraphrases.
    if found := find_injections(text, embed=None):
        warnings.append(
            f"the text addresses an AI screener (“{found[0][:120]}”); it is treated as plain text"
        )
    if record.experiences == [] and ranges == [] and re.search(r"(?i)experience", text):
        warnings.append("no dated positions found: years of experience could not be computed")
    return warnings


def confidence(parsed: ParsedResume) -> float:
    """Share of plausibility checks passed (0-1): what a reviewer would look at first."""
    record = parsed.record
    known = [s for s in record.technical_skills if skill_info(s) is not None]
    checks = [
        bool(parsed.contact.name),
        bool(record.job_role),
        bool(parsed.contact.email),
        bool(record.professional_summary),
        len(record.technical_skills) >= 3,
        bool(record.experiences),
        bool(record.experiences) and all(e.title for e in record.experiences),
        bool(record.education),
        bool(record.technical_skills) and len(known) / len(record.technical_skills) >= 0.3,
    ]
    return math.floor(100 * sum(checks) / len(checks)) / 100
