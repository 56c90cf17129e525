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
