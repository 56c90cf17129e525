"""Small display filters shared by the app's templates."""

from __future__ import annotations

from datetime import datetime

from django import template

register = template.Library()


@register.filter
def iso_datetime(value: object) -> datetime | object:
    """An ISO-8601 string (as stored in JSON fields) as a datetime; anything else unchanged."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


@register.filter
def code_label(code: str) -> str:
    """A snake_case code as a badge label: "parsed_partially" -> "Parsed partially"."""
    return str(code).replace("_", " ").strip().capitalize()


# Job salaries carry no currency field: RemoteOK-shaped feeds state them in US dollars
# (yearly), and the job form asks for the same. One place says so on every page.
SALARY_CURRENCY = "USD"
_CURRENCY_SIGNS = {"USD": "$"}


def _money(amount: int, currency: str) -> str:
    sign = _CURRENCY_SIGNS.get(currency)
    return f"{sign}{amount:,}" if sign else f"{currency} {amount:,}"


@register.filter
def salary_range(job: object, currency: str = SALARY_CURRENCY) -> str:
    """A job's yearly salary with its currency ("$60,000–$80,000", "from $60,000",
    "up to $80,000"); "" when neither bound is stated."""
    low, high = getattr(job, "salary_min", None), getattr(job, "salary_max", None)
    if low and high:
        if low == high:
            return _money(low, currency)
        return f"{_money(low, currency)}–{_money(high, currency)}"
    if low:
        return f"from {_money(low, currency)}"
    if high:
        return f"up to {_money(high, currency)}"
    return ""
