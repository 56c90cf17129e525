"""The factual guard: rewording passes; invented facts and length breaks are refused."""

from __future__ import annotations

import pytest

from profiles.guard import LengthLimits, check

SOURCE = (
    "Senior Backend Engineer\nNorthwind Traders\n2019 – Present\n"
    "Built payment APIs in Python and Django. Moved the billing jobs to Postgres and cut "
    "report time. Mentored two junior engineers."
)


def test_it_accepts_a_faithful_rewording() -> None:
    enhanced = (
        "Designed and built payment APIs in Python and Django; migrated billing jobs to "
        "PostgreSQL, reducing report generation time, and mentored two junior engineers."
    )
    assert check(SOURCE, enhanced).ok


def test_it_rejects_an_invented_metric() -> None:
    result = check(SOURCE, "Built payment APIs in Python and Django, cutting report time by 40%.")
    assert not result.ok
    assert "numbers absent from the original: 40%" in result.message


def test_it_rejects_an_invented_employer() -> None:
    result = check(SOURCE, "Built payment APIs in Python and Django for Globex Corporation.")
    assert not result.ok
    assert "names (companies, clients, products)" in result.message
    assert "Globex" in result.message


def test_it_accepts_the_sections_own_employer_and_dates() -> None:
    enhanced = "At Northwind Traders since 2019, built payment APIs in Python and Django."
    assert check(SOURCE, enhanced, original=SOURCE.split("\n", 3)[3]).ok


@pytest.mark.parametrize(
    ("enhanced", "reason"),
    [
        ("Built payment APIs in Python, Django and Kubernetes.", "technologies"),
        ("AWS certified engineer who built payment APIs in Python.", "credentials"),
        ("Built payment APIs in Python and Django since March.", "dates"),
        ("Built payment APIs in Python and Django for three banks.", "numbers"),
    ],
)
def test_it_rejects_other_invented_facts(enhanced: str, reason: str) -> None:
    result = check(SOURCE, enhanced)
    assert not result.ok and reason in result.message


def test_it_enforces_the_length_limits() -> None:
    limits = LengthLimits(max_chars=300, growth=2.0, slack=0, min_share=0.5)
    assert "too long" in check(SOURCE, "Built APIs in Python. " * 20, limits).message
    assert "too short" in check(SOURCE, "Built APIs.", limits).message
    assert "empty" in check(SOURCE, "  ", limits).message
