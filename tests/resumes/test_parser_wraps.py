"""Line wraps of a PDF are not separate bullets; undated resumes have no years (not 0)."""

from __future__ import annotations

import pytest

from resumes.parsing import parse_resume
from resumes.parsing.fields import bullet_items
from resumes.recovery import record_summary, record_years
from resumes.schemas import Experience, ResumeRecord
from tests.resumes.conftest import PRESENT, demo_file
from tests.resumes.test_parser import _text

# As pdfminer gives a two-column-free PDF whose bullets wrap at the right margin.
WRAPPED = """Jane Doe
Backend Engineer
jane@example.com
SUMMARY
Backend engineer with 8 years of experience in Python services.
SKILLS
Python, Django, PostgreSQL, AWS
EXPERIENCE
Senior Backend Engineer, Ledgerline — Chicago, IL
Apr 2021 – Present
– Led the upgrade of a Django 2.2 monolith to Django 4.2 with zero downtime, retiring 41 deprecated
dependencies.
– Wrote inventory synchronisation services for three shops using the Shopify API and AWS
Lambda.
– Mentored four engineers.
Backend Engineer, Cartwheel — Chicago, IL
Feb 2018 – Mar 2021
• Raised test coverage from 38% to 86% by introducing pytest and
factory_boy; CI blocks merges on failures.
• Partitioned a 1.2-billion-row events table.
Team of five; on call one week in four.
EDUCATION
B.S. Computer Science, University of Illinois Chicago (2016)
"""


def test_it_joins_a_wrapped_line_to_the_bullet_it_continues() -> None:
    first, second = parse_resume(WRAPPED, today=PRESENT).record.experiences
    assert first.bullets == [
        "Led the upgrade of a Django 2.2 monolith to Django 4.2 with zero downtime, "
        "retiring 41 deprecated dependencies.",
        "Wrote inventory synchronisation services for three shops using the Shopify API and "
        "AWS Lambda.",
        "Mentored four engineers.",
    ]
    assert second.bullets == [
        "Raised test coverage from 38% to 86% by introducing pytest and factory_boy; "
        "CI blocks merges on failures.",
        "Partitioned a 1.2-billion-row events table.",
        "Team of five; on call one week in four.",  # after a finished sentence: its own item
    ]


def test_it_keeps_unmarked_lines_apart_unless_they_continue_in_lower_case() -> None:
    lines = ["Built the payouts API", "Led a team of four", "across two time zones.", ""]
    assert bullet_items(lines) == [
        "Built the payouts API",
        "Led a team of four across two time zones.",
    ]


def test_it_never_joins_two_marked_bullets() -> None:
    lines = ["- Built the payouts API", "- Lambda functions for billing"]
    assert bullet_items(lines) == ["Built the payouts API", "Lambda functions for billing"]


def test_it_has_no_one_word_bullets_left_in_the_demo_pdf() -> None:
    parsed = parse_resume(_text(demo_file("01")), today=PRESENT)
    bullets = [b for e in parsed.record.experiences for b in e.bullets]
    assert "dependencies." not in bullets and "Lambda." not in bullets
    assert any(b.endswith("deprecated dependencies.") for b in bullets)
    assert any(b.endswith("AWS Lambda.") for b in bullets)


def test_it_leaves_years_unknown_without_any_dated_position() -> None:
    undated = WRAPPED.replace("Apr 2021 – Present\n", "").replace("Feb 2018 – Mar 2021\n", "")
    assert parse_resume(undated, today=PRESENT).total_years is None
    assert parse_resume(WRAPPED, today=PRESENT).total_years > 8


def test_a_recovered_record_without_dates_has_years_not_stated() -> None:
    undated = ResumeRecord(job_role="Nurse", experiences=[Experience(title="Nurse", company="X")])
    assert record_years(undated, today=PRESENT) is None
    summary = record_summary(undated)
    assert "years not stated" in summary and "0 years" not in summary
    dated = ResumeRecord(experiences=[Experience(start="Jan 2020", end="Jan 2022")])
    assert record_years(dated, today=PRESENT) == pytest.approx(2.0, abs=0.15)  # inclusive months
