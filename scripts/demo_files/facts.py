"""What the demo files say, independent of their format: dates, section headings, years of
experience (the expected ``total_years``), the summary and the expected record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from .model import Person, Position

# "Present" in a date range means 2026-11-01 (exclusive end of the range).
PRESENT_INDEX = 2026 * 12 + 10  # month index of November 2026 (Jan = 0)
FIXED_TIME = datetime(2026, 11, 1, 9, 0, 0, tzinfo=UTC)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# style -> (month formatter, separator, word for an open range)
DATE_STYLES: dict[str, tuple[Callable[[int, int], str], str, str]] = {
    "mon_en": (lambda y, m: f"{MONTHS[m - 1]} {y}", " – ", "Present"),
    "mon_hy": (lambda y, m: f"{MONTHS[m - 1]} {y}", " - ", "Present"),
    "num": (lambda y, m: f"{m:02d}/{y}", " – ", "Present"),
    "long": (lambda y, m: f"{MONTHS_LONG[m - 1]} {y}", " to ", "Current"),
    "year": (lambda y, m: str(y), " - ", "Present"),
    "year_en": (lambda y, m: str(y), " – ", "present"),
}


def heading(person: Person, section: str) -> str:
    return dict(person.section_headings)[section]


def render_date(value: str | None, style: str) -> str:
    fmt, _, open_word = DATE_STYLES[style]
    if value is None:
        return open_word
    year_only = style.startswith("year")
    parts = value.split("-")
    if year_only != (len(parts) == 1):
        raise ValueError(f"date {value!r} does not match date style {style!r}")
    return fmt(int(parts[0]), int(parts[1]) if len(parts) == 2 else 1)


def render_range(job: Position, style: str) -> str:
    sep = DATE_STYLES[style][1]
    return f"{render_date(job.start, style)}{sep}{render_date(job.end, style)}"


# ---------------------------------------------------------------------------------------------
# Experience arithmetic
# ---------------------------------------------------------------------------------------------


def _month_interval(job: Position, end_shift: int, present_shift: int) -> tuple[int, int]:
    """Half-open month interval. Month ranges include their end month ("Jan 2015 – Jun 2018"
    is 42 months); year-only ranges run Jan to Jan ("2016 - 2019" is 36 months); "Present"
    ends on 2026-11-01."""
    sp = job.start.split("-")
    start = int(sp[0]) * 12 + (int(sp[1]) - 1 if len(sp) == 2 else 0)
    if job.end is None:
        end = PRESENT_INDEX + present_shift
    else:
        ep = job.end.split("-")
        end = int(ep[0]) * 12 + (int(ep[1]) + end_shift if len(ep) == 2 else 0)
    if end <= start:
        raise ValueError(f"empty date range in {job}")
    return start, end


def total_months(jobs: Sequence[Position], end_shift: int = 0, present_shift: int = 0) -> int:
    """Months covered by the union of all positions (overlaps merged, gaps not counted)."""
    intervals = sorted(_month_interval(j, end_shift, present_shift) for j in jobs)
    total = 0
    cur: tuple[int, int] | None = None
    for start, end in intervals:
        if cur is None or start > cur[1]:
            if cur is not None:
                total += cur[1] - cur[0]
            cur = (start, end)
        else:
            cur = (cur[0], max(cur[1], end))
    if cur is not None:
        total += cur[1] - cur[0]
    return total


# (end_shift, present_shift) for the conventions a reasonable parser might use:
# inclusive end month (ours); exclusive end month; "Present" counting November as well.
CONVENTIONS = ((0, 0), (-1, 0), (0, 1))


def total_years(person: Person) -> int:
    """Whole years of experience, overlaps merged. Refuses data whose answer would change under
    another reasonable month-counting convention, so the expected value is unambiguous."""
    results = {total_months(person.jobs, *conv) // 12 for conv in CONVENTIONS}
    if len(results) != 1:
        detail = [total_months(person.jobs, *conv) for conv in CONVENTIONS]
        raise ValueError(f"{person.name}: {detail} months is too close to a year boundary")
    return results.pop()


# ---------------------------------------------------------------------------------------------
# Summary and the expected structured record
# ---------------------------------------------------------------------------------------------


def summary_text(p: Person) -> str:
    text = p.summary.replace("{years}", str(total_years(p)))
    if p.special == "injection":
        text = f"{text} {p.injection_line}"
    return text


def has_required_sections(p: Person) -> bool:
    return bool(p.jobs and p.skills and p.education and p.summary and p.email)


def expected_record(p: Person) -> dict[str, object]:
    if p.special == "image_only":
        # Nothing can be extracted from a page without a text layer.
        return {
            "job_role": "",
            "technical_skills": [],
            "total_years": 0,
            "has_required_sections": False,
            "name": "",
            "email": "",
        }
    return {
        "job_role": p.headline,
        "technical_skills": p.flat_skills,
        "total_years": total_years(p),
        "has_required_sections": has_required_sections(p),
        "name": p.name,
        "email": p.email,
    }
