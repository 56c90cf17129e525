"""Tests for screener.lib.requirements and screener.lib.dates (framework-free)."""

from __future__ import annotations

from datetime import date

import pytest

from screener.lib.requirements import (
    extract_requirements,
    find_date_ranges,
    find_years_spans,
    parse_date_range,
    seniority_from_title,
    seniority_from_years,
    years_of_experience,
)

TODAY = date(2025, 1, 15)

JOB = """Senior Backend Engineer

About us
We are a fintech built on Kotlin microservices.

Requirements:
- 5+ years of experience with Python and Django
- Strong SQL and PostgreSQL skills
- Experience with AWS (preferred)

Nice to have:
- Kubernetes, Terraform
- At least 8 years in fintech

What you'll do
You will build REST APIs. Experience with GraphQL is a plus.

Benefits
- Docker stickers and a Figma licence
"""


def test_it_splits_required_from_nice_to_have_skills() -> None:
    req = extract_requirements("Senior Backend Engineer", JOB)
    assert req.required_skills == ["Python", "Django", "SQL", "PostgreSQL"]
    # "What you'll do" is a neutral part of a structured ad: relevant, not a must-have
    assert req.nice_to_have_skills == ["AWS", "Kubernetes", "Terraform", "REST APIs", "GraphQL"]


def test_it_ignores_the_company_intro_of_a_structured_ad() -> None:
    ad = (
        "Parcelwise sells shipping software and budgeting apps.\n\n"
        "What you will do\n- Run payouts and reconciliation with Zendesk\n\n"
        "Requirements\n- Customer service experience\n"
    )
    req = extract_requirements("Support Lead", ad)
    assert req.required_skills == ["Customer service"]
    assert "Shipping software" not in req.nice_to_have_skills
    assert "Budgeting" not in req.nice_to_have_skills
    assert "Zendesk" in req.nice_to_have_skills


def test_it_keeps_every_skill_of_an_unstructured_ad_required() -> None:
    req = extract_requirements("Developer", "We build shipping software in Python and Django.")
    assert req.required_skills == ["Shipping software", "Python", "Django"]


def test_it_requires_the_skills_named_in_the_title() -> None:
    ad = "Intro about triage.\n\nRequirements\n- BLS certification\n"
    req = extract_requirements("Registered Nurse – Telehealth Triage", ad)
    assert req.required_skills == ["Triage", "BLS"]


def test_it_ignores_skills_in_about_us_and_benefits_sections() -> None:
    req = extract_requirements("Senior Backend Engineer", JOB)
    listed = req.required_skills + req.nice_to_have_skills
    assert "Kotlin" not in listed
    assert "Docker" not in listed and "Figma" not in listed


def test_it_takes_min_years_from_required_phrases_only() -> None:
    req = extract_requirements("Backend Engineer", JOB)
    assert req.min_years == 5.0  # "At least 8 years" sits under "Nice to have"
    assert [(s.text, s.nice) for s in req.years_spans] == [
        ("5+ years", False),
        ("At least 8 years", True),
    ]
    assert req.seniority == "senior"  # from the 5 years: the title has no seniority word


def test_it_uses_sentence_cues_without_headings() -> None:
    text = "You must have Python. Kubernetes experience would be great; Terraform is a bonus."
    req = extract_requirements("Engineer", text)
    assert req.required_skills == ["Python"]
    assert req.nice_to_have_skills == ["Kubernetes", "Terraform"]


def test_it_reads_item_level_parentheses() -> None:
    req = extract_requirements("Engineer", "Skills: Python (required), Go (preferred), Rust")
    assert req.required_skills == ["Python", "Rust"]
    assert req.nice_to_have_skills == ["Go"]


def test_it_reports_a_skill_in_both_lists_as_required() -> None:
    req = extract_requirements("Analyst", "Required: SQL, Tableau.\nBonus: SQL tuning, Tableau")
    assert req.required_skills == ["SQL", "Tableau"]
    assert req.nice_to_have_skills == []


@pytest.mark.parametrize(
    ("text", "span", "low", "high"),
    [
        ("5+ years of experience in Java", "5+ years", 5.0, None),
        ("at least 3 years of hands-on work", "at least 3 years", 3.0, None),
        ("3-5 years of experience", "3-5 years", 3.0, 5.0),
        ("five years experience in sales", "five years", 5.0, None),
        ("a minimum of 2 yrs in retail", "a minimum of 2 yrs", 2.0, None),
        ("2 years or more in a similar role", "2 years or more", 2.0, None),
        ("18 months experience", "18 months", 1.5, None),
    ],
)
def test_it_finds_years_patterns(text: str, span: str, low: float, high: float | None) -> None:
    [found] = find_years_spans(text)
    assert (found.text, found.min_years, found.max_years) == (span, low, high)
    assert text[found.start : found.end] == found.text


def test_it_ignores_years_that_are_not_experience() -> None:
    assert find_years_spans("Founded 20 years ago, we offer a 12 month contract.") == []


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Junior Data Analyst", "junior"),
        ("Jr. Developer", "junior"),
        ("Graduate Nurse", "junior"),
        ("Entry-level Accountant", "junior"),
        ("Mid-level UX Designer", "mid"),
        ("Software Engineer II", "mid"),
        ("Senior Accountant", "senior"),
        ("Sr. Product Designer", "senior"),
        ("Staff Engineer", "lead"),
        ("Principal Engineer", "lead"),
        ("Head of Sales", "lead"),
        ("Associate Director, Marketing", "lead"),
        ("Engineering Lead", "lead"),
        ("Product Manager", "unknown"),
        ("Registered Nurse", "unknown"),
    ],
)
def test_it_maps_title_words_to_seniority(title: str, level: str) -> None:
    assert seniority_from_title(title) == level


def test_it_prefers_title_seniority_over_years() -> None:
    assert extract_requirements("Junior Developer", "3+ years of experience").seniority == "junior"
    assert extract_requirements("Developer", "no experience needed").seniority == "unknown"


@pytest.mark.parametrize(
    ("years", "level"),
    [(None, "unknown"), (0.5, "junior"), (2, "mid"), (4.9, "mid"), (5, "senior"), (15, "senior")],
)
def test_it_maps_years_to_seniority(years: float | None, level: str) -> None:
    assert seniority_from_years(years) == level


@pytest.mark.parametrize(
    ("text", "start", "end", "ongoing"),
    [
        ("Mar 2019 – Present", date(2019, 3, 1), TODAY, True),
        ("2016 - 2019", date(2016, 7, 1), date(2019, 7, 1), False),
        ("01/2015 – 06/2018", date(2015, 1, 1), date(2018, 7, 1), False),
        ("March 2019 to Current", date(2019, 3, 1), TODAY, True),
        ("2019–present", date(2019, 7, 1), TODAY, True),
        ("Sept. 2017 - Dec 2018", date(2017, 9, 1), date(2019, 1, 1), False),
    ],
)
def test_it_parses_date_ranges(text: str, start: date, end: date, ongoing: bool) -> None:
    found = parse_date_range(text, TODAY)
    assert found is not None
    assert (found.start, found.end, found.ongoing) == (start, end, ongoing)


def test_it_rejects_backwards_or_future_ranges() -> None:
    assert parse_date_range("2019 - 2016", TODAY) is None
    assert parse_date_range("2027 - 2029", TODAY) is None
    assert parse_date_range("no dates here", TODAY) is None


def test_it_merges_overlapping_ranges_when_totalling_years() -> None:
    resume = (
        "Engineer, Acme — Jan 2018 - Dec 2020\n"
        "Consultant (part-time), Jun 2020 - Present\n"
        "Intern, 2015 - 2016\n"
    )
    ranges = find_date_ranges(resume, TODAY)
    assert len(ranges) == 3
    # Jan 2018 .. 15 Jan 2025 merged (7.04 y) + mid-2015 .. mid-2016 (1.0 y).
    assert years_of_experience(ranges, TODAY) == 8.0


def test_it_returns_zero_years_for_no_ranges() -> None:
    assert years_of_experience([], TODAY) == 0.0
