"""``{{ run|run_state }}``: a Run's state in a recruiter's words (see runs.selectors.run_state)."""

from __future__ import annotations

from django import template

from runs.models import Run
from runs.selectors import RunState
from runs.selectors import run_state as _run_state

register = template.Library()


@register.filter
def run_state(run: Run) -> RunState:
    """The Run's :class:`RunState`, e.g. "Paused: no LLM configured"."""
    return _run_state(run)
