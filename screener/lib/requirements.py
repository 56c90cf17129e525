"""Deterministic job-requirement extraction: skills, years of experience, seniority.

No LLM and no network: section headings and sentence cues decide required vs nice-to-have,
regular expressions find years-of-experience phrases, and title words give seniority.

Required vs nice-to-have (first rule that applies wins):

1. an item-level parenthesis right after the skill: "Go (preferred)", "AWS (a plus)" ->
   nice; "Python (required)" -> required;
2. a cue in the same clause (sentence or ";"-part of a line, parentheses removed):
   "nice to have", "bonus", "preferred", "a plus", "desirable", "ideally",
   "advantageous", "good to have" -> nice;
   "must", "required", "essential", "you have", "you will need" -> required;
3. the section the line is in, from the last heading: "Nice to have", "Bonus points",
   "Preferred qualifications" -> nice; "Requirements", "Must have", "What you'll need",
   "Qualifications", "About you" -> required; "Benefits", "About us", "Perks" -> ignored
   (skills there describe the company, not the candidate, so this beats rule 2);
4. otherwise required (a skill named in the job description is expected by default) --
   unless the ad is *structured* (it has a required or nice-to-have section, heading or
   inline label): then a skill in the intro before the first heading describes the
   company ("Parcelwise sells shipping software") and is ignored, and a skill under a
   neutral heading ("What you will do") is nice-to-have: relevant, not a must-have.

A skill named in the job title is required. A skill found both required and nice-to-have
is reported once, as required.

Seniority from the title (highest rank found wins): junior <- junior, jr, entry(-level),
graduate/grad, intern, trainee, apprentice, associate, "I"; mid <- mid(-level),
intermediate, "II"; senior <- senior, sr, experienced, "III"; lead <- lead, staff, principal,
head, director, chief, vp, "IV". "Manager" is *not* a seniority word ("Product Manager" and
"Account Manager" are individual-contributor titles at every level); "Associate Director"
counts as lead because the higher word wins. With no title word the seniority comes from
the required years (``seniority_from_years``), else "unknown".
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Final, Literal

from screener.lib.dates import (  # re-exported: resume helpers live with the job helpers
    DateRange,
    find_date_ranges,
    merge_ranges,
    parse_date_range,
    years_of_experience,
)
from screener.lib.skills import find_skills

__all__ = [
    "DateRange",
    "JobRequirements",
    "Seniority",
    "YearsSpan",
    "extract_requirements",
    "find_date_ranges",
    "find_years_spans",
    "merge_ranges",
    "parse_date_range",
    "seniority_from_title",
    "seniority_from_years",
    "years_of_experience",
]

logger = logging.getLogger(__name__)

Seniority = Literal["junior", "mid", "senior", "lead", "unknown"]
Section = Literal["required", "nice", "ignore", "neutral", "intro"]

_RANK: Final[dict[str, int]] = {"unknown": 0, "junior": 1, "mid": 2, "senior": 3, "lead": 4}

# --- years of experience ---------------------------------------------------------------

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


# --- seniority -------------------------------------------------------------------------

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


# --- required vs nice-to-have ----------------------------------------------------------

_NICE_CUE: Final = re.compile(
    r"\b(?:nice[- ]to[- ]have|nice[- ]to[- ]haves|bonus|preferred|preferably|a\s+plus|"
    r"plus\s+points?|desirable|desired|ideally|advantageous|an\s+advantage|good[- ]to[- ]have|"
    r"would\s+be\s+(?:great|nice|helpful)|not\s+required|optional|beneficial|"
    r"extra\s+credit|even\s+better)\b",
    re.IGNORECASE,
)
_REQUIRED_CUE: Final = re.compile(
    r"\b(?:must|required|requirements?|essential|mandatory|you\s+have|you\s+will\s+have|"
    r"you(?:'ll|\s+will)\s+need|you\s+need|we\s+need|minimum\s+qualifications?|"
    r"need\s+to\s+have|necessary)\b",
    re.IGNORECASE,
)
_IGNORE_HEADING: Final = re.compile(
    r"\b(?:benefits|perks|about\s+(?:us|the\s+company)|who\s+we\s+are|our\s+company|"
    r"what\s+we\s+offer|compensation|salary|equal\s+opportunit\w*|how\s+to\s+apply)\b",
    re.IGNORECASE,
)
_REQUIRED_HEADING: Final = re.compile(
    r"\b(?:requirements?|required|must[- ]haves?|qualifications?|what\s+you(?:'ll|\s+will)\s+"
    r"need|what\s+we(?:'re|\s+are)\s+looking\s+for|about\s+you|you\s+have|who\s+you\s+are|"
    r"skills|experience|essential|key\s+skills)\b",
    re.IGNORECASE,
)
_DUTIES_HEADING: Final = re.compile(
    r"^(?:what\s+you(?:'ll|\s+will)\s+(?:do|be\s+doing|work\s+on)|responsibilities|"
    r"key\s+responsibilities|the\s+role|your\s+role|day[- ]to[- ]day|your\s+mission)$",
    re.IGNORECASE,
)
_HEADING_LINE: Final = re.compile(r"^\s*[#*_\-=•]*\s*(?P<h>[^\n.!?]{2,60}?)\s*[:*_#=]*\s*$")
_BULLET: Final = re.compile(r"^\s*(?:[-*•·–◦▪]|\d{1,2}[.)])\s+")
_INLINE_LABEL: Final = re.compile(r"^\s*(?:[-*•·–◦▪]\s+)?([A-Za-z][A-Za-z' /&-]{1,40}?)\s*:\s*\S")
_PAREN_AFTER: Final = re.compile(r"\s*\(([^)\n]{1,40})\)")
_PAREN_ANY: Final = re.compile(r"\([^)\n]{0,40}\)")
_CLAUSE_SPLIT: Final = re.compile(r"(?<=[.!?;])\s+|\n")


def _classify_heading(line: str) -> Section | None:
    """Section kind if ``line`` looks like a heading (short, no sentence end), else None."""
    if _BULLET.match(line):
        return None  # "- Kubernetes, Terraform" is an item, not a heading
    m = _HEADING_LINE.match(line)
    if not m or len(m.group("h").split()) > 8:
        return None
    heading = m.group("h")
    looks_like_heading = (
        line.rstrip().endswith(":")
        or bool(_DUTIES_HEADING.match(heading))
        or (
            "," not in heading
            and (heading.istitle() or heading.isupper() or len(heading.split()) <= 3)
        )
    )
    if not looks_like_heading:
        return None
    # Nice-to-have first: "Preferred qualifications" is nice even though it says
    # "qualifications"; "Benefits" is ignored even though it may say "required".
    if _NICE_CUE.search(heading):
        return "nice"
    if _IGNORE_HEADING.search(heading):
        return "ignore"
    if _REQUIRED_HEADING.search(heading):
        return "required"
    return "neutral"


@dataclass(frozen=True, slots=True)
class JobRequirements:
    """What a job asks for. Skill lists hold canonical names in order of first mention."""

    required_skills: list[str] = field(default_factory=list)
    nice_to_have_skills: list[str] = field(default_factory=list)
    min_years: float | None = None
    seniority: Seniority = "unknown"
    years_spans: list[YearsSpan] = field(default_factory=list)


def _clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentences / ';'-parts / lines."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _CLAUSE_SPLIT.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _clause_kind(clause: str) -> Section | None:
    """Cue-based kind of one clause; nice cues beat required ones ("not required")."""
    if _NICE_CUE.search(clause):
        return "nice"
    if _REQUIRED_CUE.search(clause):
        return "required"
    return None


def _section_map(text: str) -> list[tuple[int, Section]]:
    """(line start offset, section kind in force on that line) for every line."""
    out: list[tuple[int, Section]] = []
    section: Section = "intro"
    pos = 0
    for line in text.split("\n"):
        kind = _classify_heading(line)
        if kind is not None:
            section = kind
            out.append((pos, section))
        else:
            # An inline label ("Nice to have: Go, Rust", "Benefits: ...") rules its own
            # line only; the section in force continues on the next line.
            label = _INLINE_LABEL.match(line)
            inline = _classify_heading(label.group(1) + ":") if label else None
            out.append((pos, inline if inline not in (None, "neutral") else section))
        pos += len(line) + 1
    return out


def _section_at(sections: list[tuple[int, Section]], offset: int) -> Section:
    """Section kind at a text offset (binary search would be overkill for job ads)."""
    current: Section = "intro"
    for start, kind in sections:
        if start > offset:
            break
        current = kind
    return current


def _is_structured(sections: list[tuple[int, Section]]) -> bool:
    """Whether the ad says where its requirements are (a required or nice-to-have part)."""
    return any(kind in ("required", "nice") for _, kind in sections)


def _kind_of(
    text: str,
    start: int,
    end: int,
    clause: tuple[int, int],
    sections: list[tuple[int, Section]],
    structured: bool = False,
) -> Section:
    """Required / nice / ignore for one skill mention (rules in the module docstring)."""
    paren = _PAREN_AFTER.match(text, end)
    if paren:
        kind = _clause_kind(paren.group(1))
        if kind:
            return kind
    section = _section_at(sections, start)
    if section == "ignore":
        return "ignore"
    # Parentheses belong to the item before them ("Go (preferred)"), not to the clause.
    kind = _clause_kind(_PAREN_ANY.sub(" ", text[clause[0] : clause[1]]))
    if kind:
        return kind
    if section in ("neutral", "intro") and structured:
        return "ignore" if section == "intro" else "nice"
    return "required" if section in ("neutral", "intro") else section


def extract_requirements(title: str, text: str) -> JobRequirements:
    """Extract skills (required / nice-to-have), minimum years and seniority from a job.

    Promises: deterministic; skill names are canonical vocabulary names, each in at most
    one list; ``min_years`` is the largest lower bound among years phrases that are not
    nice-to-have (or not in ignored sections), None when there is none; ``seniority`` is
    from the title, else from ``min_years``, else "unknown".
    """
    sections = _section_map(text)
    structured = _is_structured(sections)
    clauses = _clauses(text)
    # A skill in the title ("Lead DevOps Engineer (Kubernetes)") is the job's core.
    required: dict[str, None] = {m.canonical: None for m in find_skills(title)}
    nice: dict[str, None] = {}
    ci = 0
    for match in find_skills(text):
        while ci + 1 < len(clauses) and clauses[ci][1] <= match.start:
            ci += 1
        kind = _kind_of(text, match.start, match.end, clauses[ci], sections, structured)
        if kind == "nice":
            nice.setdefault(match.canonical)
        elif kind != "ignore":
            required.setdefault(match.canonical)

    spans: list[YearsSpan] = []
    ci = 0
    for span in find_years_spans(text):
        while ci + 1 < len(clauses) and clauses[ci][1] <= span.start:
            ci += 1
        kind = _kind_of(text, span.start, span.end, clauses[ci], sections, structured)
        if kind == "ignore":
            continue
        spans.append(
            YearsSpan(
                span.text, span.start, span.end, span.min_years, span.max_years, nice=kind == "nice"
            )
        )
    lower_bounds = [s.min_years for s in spans if not s.nice]
    min_years = max(lower_bounds) if lower_bounds else None

    seniority = seniority_from_title(title)
    if seniority == "unknown":
        seniority = seniority_from_years(min_years)
    result = JobRequirements(
        required_skills=list(required),
        nice_to_have_skills=[s for s in nice if s not in required],
        min_years=min_years,
        seniority=seniority,
        years_spans=spans,
    )
    logger.debug("requirements for %r: %s", title, result)
    return result
