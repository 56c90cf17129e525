"""Years-of-experience phrases in job text ("at least 3 years", "5+ yrs", "3-5 years")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_NUMBER_WORDS: Final = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_NUM: Final = r"(?:\d{1,2}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + ")"
_UNIT: Final = r"(?P<unit>years?|yrs?\.?|months?|mos?\.?)"
_LOWER_CUE: Final = (
    r"(?P<atleast>at\s+least|a\s+minimum\s+of|minimum\s+of|minimum|min\.?|no\s+less\s+than"
    r"|more\s+than|over|in\s+excess\s+of)"
)
# Order matters inside the alternation: ranges before single numbers.
YEARS_RE: Final = re.compile(
    rf"(?<![\w.])(?:{_LOWER_CUE}\s+)?"
    rf"(?:(?P<lo>{_NUM})\s*(?:-|–|—|to)\s*(?P<hi>{_NUM})|(?P<n>{_NUM})(?:\s*(?P<plus>\+))?)"
    rf"\s*(?:\(\s*\d{{1,2}}\s*\)\s*)?{_UNIT}(?P<ormore>\s+or\s+(?:more|longer|above))?"
    rf"(?:\s*\+)?(?![\w])",
    re.IGNORECASE,
)
# A years phrase counts as an experience requirement only near one of these words, or when
# it carries a lower-bound cue ("at least 3 years", "5+ years"): "a 12-month contract" and
# "founded 20 years ago" are not requirements.
_EXPERIENCE_CONTEXT: Final = re.compile(
    r"\b(?:experience[ds]?|exp\.?|expertise|exposure|background|track\s+record|working|"
    r"work(?:ed)?|professional|industry|hands[- ]on|in\s+(?:a|the)\s+\w+\s+role|as\s+an?\b|"
    r"developing|building|managing|leading|practice|post[- ]qualif\w*)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class YearsSpan:
    """One years-of-experience phrase in the job text.

    ``text`` is exactly ``source[start:end]`` and covers the quantity with its qualifiers
    ("at least 3 years", "5+ yrs", "3-5 years", "two years or more"), not the words
    "of experience". ``min_years``/``max_years`` are in years (months are converted).
    """

    text: str
    start: int
    end: int
    min_years: float
    max_years: float | None
    nice: bool = False


def _number(raw: str) -> float:
    """'5' -> 5.0, 'five' -> 5.0."""
    raw = raw.lower()
    return float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw)


def find_years_spans(text: str) -> list[YearsSpan]:
    """Years-of-experience phrases in ``text``, in order, with their bounds.

    Promises: each span has a lower-bound cue ("at least", "minimum", "+", "or more") or an
    experience word within 60 characters after it (or 30 before it); amounts above 40
    years are ignored as not being experience requirements.
    """
    spans: list[YearsSpan] = []
    for m in YEARS_RE.finditer(text):
        months = m.group("unit").lower().startswith("m")
        factor = 1 / 12 if months else 1.0
        if m.group("lo"):
            lo, hi = _number(m.group("lo")) * factor, _number(m.group("hi")) * factor
            if hi < lo:
                continue
        else:
            lo, hi = _number(m.group("n")) * factor, None
        # A range ("3-5 years") or an explicit lower bound is a requirement by itself.
        bound_cue = bool(
            m.group("lo") or m.group("plus") or m.group("ormore") or m.group("atleast")
        )
        after = text[m.end() : m.end() + 60]
        before = text[max(0, m.start() - 30) : m.start()]
        has_context = bool(_EXPERIENCE_CONTEXT.search(after) or _EXPERIENCE_CONTEXT.search(before))
        if not (bound_cue or has_context) or lo > 40 or lo <= 0:
            continue
        spans.append(
            YearsSpan(
                m.group(), m.start(), m.end(), round(lo, 2), None if hi is None else round(hi, 2)
            )
        )
    return spans
