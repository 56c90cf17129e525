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


REWORDED = (
    "Designed and built payment APIs in Python and Django; migrated billing jobs to "
    "PostgreSQL, reducing report generation time, and mentored two junior engineers"
)


@pytest.mark.parametrize(
    ("tail", "shown"),
    [
        (" 🚀", "🚀"),
        (" ★", "★"),
        (" → faster reports", "→"),
        (" ✅ on time", "✅"),
        (" • every week", "•"),
        ("™", "™"),
    ],
)
def test_it_refuses_emojis_and_decorative_symbols(tail: str, shown: str) -> None:
    assert check(SOURCE, REWORDED + ".").ok
    result = check(SOURCE, REWORDED + tail + ".")
    assert result.message == f"contains emojis or decorative symbols: {shown}"


def test_it_refuses_decoration_even_when_the_original_had_it() -> None:
    assert not check(SOURCE + " 🚀", REWORDED + " 🚀").ok


def test_plain_punctuation_currency_and_units_are_not_decoration() -> None:
    source = "Cut hosting costs by €200 for C++ and C# services; 360° reviews – “fast”…"
    assert check(source, "Cut hosting costs by €200 for C++ and C# services; 360° reviews.").ok


def test_the_cap_names_the_section_kind_and_lets_a_long_original_be_condensed() -> None:
    limits = LengthLimits(max_chars=1_000, kind="a project description")
    original = "Built payment APIs in Python and Django. " * 60  # 2,460 characters
    too_long = original[:1_200].strip()
    assert len(too_long) == 1_200
    assert check(original, too_long, limits).message == (
        "the enhanced text is too long: 1,200 characters, over the 1,000-character cap "
        "for a project description"
    )
    assert check(original, original[:900].strip(), limits).ok  # condensed under the cap
