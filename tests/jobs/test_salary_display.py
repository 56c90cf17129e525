"""Salaries are shown with their currency (US dollars a year, as the feed states them)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from screener.templatetags.display import salary_range
from tests.jobs.conftest import make_job


def _job(low: int | None, high: int | None) -> SimpleNamespace:
    return SimpleNamespace(salary_min=low, salary_max=high)


@pytest.mark.parametrize(
    ("low", "high", "shown"),
    [
        (60_000, 80_000, "$60,000–$80,000"),
        (60_000, None, "from $60,000"),
        (None, 80_000, "up to $80,000"),
        (90_000, 90_000, "$90,000"),
        (None, None, ""),
    ],
)
def test_it_formats_a_salary_range_with_its_currency(low, high, shown) -> None:
    assert salary_range(_job(low, high)) == shown


def test_it_names_a_currency_without_a_sign() -> None:
    assert salary_range(_job(50_000, 70_000), "EUR") == "EUR 50,000–EUR 70,000"


@pytest.mark.django_db
def test_it_shows_the_currency_on_the_job_list_and_page(auth_client, team) -> None:
    paid = make_job(team, "p1", position="Paid Role", salary_min=100_000, salary_max=130_000)
    make_job(team, "u1", position="Unpaid Role")
    listing = auth_client.get(reverse("jobs:index")).content.decode()
    assert "$100,000–$130,000" in listing and "not stated" in listing
    assert "100,000–130,000" not in listing.replace("$100,000–$130,000", "")
    page = auth_client.get(reverse("jobs:detail", args=[paid.pk])).content.decode()
    assert "$100,000–$130,000" in page and "US dollars" in page


@pytest.mark.django_db
def test_it_does_not_show_another_teams_job(auth_client, other_team) -> None:
    job = make_job(other_team, "o1", salary_min=1, salary_max=2)
    assert auth_client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
