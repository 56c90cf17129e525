"""Weights, final score, deterministic rank and "why above the next one" (pure functions).

Promises:

* :func:`final_score` is the weighted mean of the *known* components, 0..100, rounded to 2
  places, so equal inputs always give equal scores (no float noise reaches the ordering). A
  component that is None (not stated in the resume, or not asked for by the job) is left
  out and the other weights are renormalised: an unknown is never read as a 0.
* :func:`rank_rows` orders candidates by (group, -score, tie-break key, id): passed the
  pre-filter first, then those that did not, then unreadable and failed ones. The tie-break
  key is the resume's content hash, so the order never depends on insertion order, worker
  count or database plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from django.conf import settings

from screening.scoring import COMPONENT_LABELS, COMPONENTS

# Rank groups: lower sorts first.
GROUP_PASSED: Final = 0
GROUP_FILTERED: Final = 1
GROUP_UNREADABLE: Final = 2
GROUP_FAILED: Final = 3
MAX_WEIGHT: Final = 10.0


class InvalidWeights(ValueError):
    """Weights a user typed that we cannot use; the message says why."""


def default_weights() -> dict[str, float]:
    """The configured default weights (settings.SCREENING_DEFAULT_WEIGHTS)."""
    return {k: float(settings.SCREENING_DEFAULT_WEIGHTS.get(k, 0.0)) for k in COMPONENTS}


def clean_weights(raw: Mapping[str, object] | None) -> dict[str, float]:
    """Defaults overlaid with ``raw``; raise InvalidWeights for unknown keys or bad values.

    Each weight is a number in 0..10; at least one must be positive.
    """
    weights = default_weights()
    for key, value in (raw or {}).items():
        if key not in weights:
            raise InvalidWeights(f"unknown weight {key!r} (known: {', '.join(COMPONENTS)})")
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidWeights(f"weight {key!r} must be a number, not {value!r}") from None
        if not 0 <= number <= MAX_WEIGHT:
            raise InvalidWeights(f"weight {key!r} must be between 0 and {MAX_WEIGHT:g}")
        weights[key] = number
    if sum(weights.values()) <= 0:
        raise InvalidWeights("at least one weight must be above 0")
    return weights


def known_weights(
    components: Mapping[str, float | None], weights: Mapping[str, float]
) -> dict[str, float]:
    """The weights of the components that are known (not None) for this candidate."""
    return {k: w for k, w in weights.items() if components.get(k, 0.0) is not None}


def final_score(components: Mapping[str, float | None], weights: Mapping[str, float]) -> float:
    """Weighted mean of the known components on a 0..100 scale, rounded to 2 decimals."""
    known = known_weights(components, weights)
    total = sum(known.values())
    if total <= 0:
        return 0.0
    value = sum(w * float(components.get(k) or 0.0) for k, w in known.items()) / total
    return round(100 * value, 2)


@dataclass(slots=True)
class RankRow:
    """What ranking needs about one candidate; ``rank``/``reason`` are filled in."""

    id: int
    group: int
    score: float
    tiebreak: str
    components: dict[str, float | None]
    reasons: list[str]
    rank: int | None = None
    reason: str = ""


def rank_rows(rows: list[RankRow], weights: Mapping[str, float]) -> list[RankRow]:
    """Sort deterministically, number 1..n and explain each row against the next one."""
    ordered = sorted(rows, key=lambda r: (r.group, -r.score, r.tiebreak, r.id))
    for position, row in enumerate(ordered, start=1):
        row.rank = position
    points = [contributions(row, weights) for row in ordered]
    for i, (row, nxt) in enumerate(zip(ordered, ordered[1:], strict=False)):
        row.reason = why_above(row, nxt, weights, (points[i], points[i + 1]))
    if ordered:
        ordered[-1].reason = "Last in this ranking."
    return ordered


def why_above(
    row: RankRow,
    nxt: RankRow,
    weights: Mapping[str, float],
    points: tuple[dict[str, float], dict[str, float]] | None = None,
) -> str:
    """One sentence on why ``row`` ranks above ``nxt`` (the candidate right below it);
    ``points`` are both rows' :func:`contributions` when already computed."""
    below = f"#{nxt.rank}"
    if row.group != nxt.group:
        if row.group == GROUP_PASSED:
            why = "; ".join(nxt.reasons) or "it did not pass the pre-filter"
            return f"Passed the pre-filter; {below} did not ({why})."
        return f"Screened; {below} could not be screened."
    if row.score == nxt.score:
        return (
            f"Same score as {below} ({row.score:.1f}); placed first by the stable tie-break "
            "(resume fingerprint), so the order never changes between runs."
        )
    mine, theirs = points or (contributions(row, weights), contributions(nxt, weights))
    gains = sorted(
        ((mine.get(k, 0.0) - theirs.get(k, 0.0), k) for k in COMPONENTS if k in weights),
        reverse=True,
    )
    ahead = [f"{COMPONENT_LABELS[k].lower()} (+{g:.1f})" for g, k in gains if g >= 0.05][:3]
    behind = [f"{COMPONENT_LABELS[k].lower()} ({g:.1f})" for g, k in gains if g <= -0.05][-2:]
    text = f"Scores {row.score - nxt.score:.1f} points above {below}"
    if ahead:
        text += ": stronger on " + ", ".join(ahead)
    if behind:
        text += "; weaker on " + ", ".join(behind)
    return text + "."


def contributions(row: RankRow, weights: Mapping[str, float]) -> dict[str, float]:
    """Points each known component adds to ``row``'s score (unknown ones add none)."""
    known = known_weights(row.components, weights)
    total = sum(known.values()) or 1.0
    return {k: w * float(row.components.get(k) or 0.0) / total * 100 for k, w in known.items()}
