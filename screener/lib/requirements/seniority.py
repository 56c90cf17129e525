"""Seniority from a job title, or from years of experience.

Seniority from the title (highest rank found wins): junior <- junior, jr, entry(-level),
graduate/grad, intern, trainee, apprentice, associate, "I"; mid <- mid(-level),
intermediate, "II"; senior <- senior, sr, experienced, "III"; lead <- lead, staff, principal,
head, director, chief, vp, "IV". "Manager" is *not* a seniority word ("Product Manager" and
"Account Manager" are individual-contributor titles at every level); "Associate Director"
counts as lead because the higher word wins. With no title word the seniority comes from
the required years (``seniority_from_years``), else "unknown".
"""

from __future__ import annotations

import re
from typing import Final, Literal

Seniority = Literal["junior", "mid", "senior", "lead", "unknown"]

_RANK: Final[dict[str, int]] = {"unknown": 0, "junior": 1, "mid": 2, "senior": 3, "lead": 4}
_TITLE_WORDS: Final[list[tuple[re.Pattern[str], Seniority]]] = [
    (re.compile(p, re.IGNORECASE), level)  # type: ignore[misc]
    for p, level in (
        (
            r"\b(?:junior|jr\.?|entry[- ]level|entry|graduate|grad|intern(?:ship)?|trainee"
            r"|apprentice|associate)\b",
            "junior",
        ),
        (r"\b(?:mid[- ]?level|mid[- ]senior|mid|intermediate)\b", "mid"),
        (r"\b(?:senior|sr\.?|experienced)\b", "senior"),
        (r"\b(?:lead|staff|principal|head|director|chief|vp|vice[- ]president)\b", "lead"),
    )
]
# Roman-numeral levels at the end of a title ("Software Engineer II"); case-sensitive so
# that "I" in prose is not read as a level.
_ROMAN_LEVEL: Final = {"I": "junior", "II": "mid", "III": "senior", "IV": "lead"}


def seniority_from_title(title: str) -> Seniority:
    """Seniority named in a job title (mapping in the module docstring), else "unknown"."""
    best: Seniority = "unknown"
    for pattern, level in _TITLE_WORDS:
        if pattern.search(title) and _RANK[level] > _RANK[best]:
            best = level
    m = re.search(r"\b(I{1,3}|IV)\s*$", title.strip())
    if m:
        level = _ROMAN_LEVEL[m.group(1)]
        if _RANK[level] > _RANK[best]:
            best = level  # type: ignore[assignment]
    return best


def seniority_from_years(years: float | None) -> Seniority:
    """Seniority implied by years of experience: <2 junior, 2-<5 mid, >=5 senior.

    Never "lead": leading is a role, not a tenure. ``None`` gives "unknown".
    """
    if years is None:
        return "unknown"
    if years < 2:
        return "junior"
    if years < 5:
        return "mid"
    return "senior"


def seniority_of(title: str, years: float | None) -> tuple[Seniority, str]:
    """A person's (or job's) seniority and where it came from: the title's words first
    ("title"), else the years of experience ("years"); ("unknown", "") when neither says."""
    level = seniority_from_title(title)
    if level != "unknown":
        return level, "title"
    level = seniority_from_years(years)
    return level, ("years" if level != "unknown" else "")
