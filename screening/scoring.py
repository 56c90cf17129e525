"""The screening pipeline's pure part: resume facts, pre-filter and score components.

No database and no model calls here: the services feed in texts, an embedding cosine and
the job's requirements, and store what these functions return.

Promises:

* It reads the name-blind, injection-free text of :mod:`resumes.blind` (names, contact
  details and instructions aimed at the screener removed), so they can never change a score.
* Facts (:class:`ResumeFacts`) depend on the resume only, never on the job, so changing a
  job's must-haves or weights re-scores from stored facts with no re-embedding.
"""

from __future__ import annotations

import functools
import math
import re
from bisect import bisect_left
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Final

from screener.lib import lexical

if TYPE_CHECKING:
    from jobs.models import JobPosting
    from screener.lib.skills import SkillMatch
from screener.lib.dates import DateRange, find_date_ranges, years_of_experience
from screener.lib.requirements import (
    extract_requirements,
    seniority_of,
)
from screener.lib.skills import canonical_names, find_skills, normalise_skill

SCREENING_VERSION: Final = "4"

COMPONENTS: Final = (
    "semantic", "lexical", "required", "nice", "experience", "seniority", "recency",
)  # fmt: skip
COMPONENT_LABELS: Final = {
    "semantic": "Semantic similarity",
    "lexical": "Words in common with the ad",
    "required": "Must-have skills",
    "nice": "Nice-to-have skills",
    "experience": "Experience",
    "seniority": "Seniority",
    "recency": "Recent relevant work",
}
_LEVEL: Final = {"unknown": 0, "junior": 1, "mid": 2, "senior": 3, "lead": 4}

# --- resume facts -------------------------------------------------------------------------


_ROLE_HEAD = 240  # characters of a role kept for matching job-title words


@dataclass(frozen=True, slots=True)
class ResumeFacts:
    """What screening needs to know about a resume, independent of any job.

    ``skills`` lists canonical skills found; ``evidence`` maps each to the resume line that
    supports it (stored apart, in Candidate.explanation, so re-ranking never loads it);
    ``last_used`` maps a skill to years since the end of the latest dated role mentioning
    it (0 = current); ``roles`` holds (years since end, distinctive words of the role's
    title line), for matching job titles.
    """

    skills: list[str] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)
    last_used: dict[str, float] = field(default_factory=dict)
    years: float | None = None
    seniority: str = "unknown"
    seniority_source: str = ""
    role: str = ""
    roles: list[tuple[float, str]] = field(default_factory=list)

    def as_json(self) -> dict:
        """A JSON-ready dict without the evidence lines (stored on Candidate.facts)."""
        data = asdict(self)
        del data["evidence"]
        return data

    @classmethod
    def from_json(cls, data: dict, evidence: dict[str, str] | None = None) -> ResumeFacts:
        """Inverse of :meth:`as_json`; missing keys take their defaults."""
        return cls(
            skills=list(data.get("skills", [])),
            evidence=dict(evidence or {}),
            last_used=dict(data.get("last_used", {})),
            years=data.get("years"),
            seniority=data.get("seniority", "unknown"),
            seniority_source=data.get("seniority_source", ""),
            role=data.get("role", ""),
            roles=[(y, t) for y, t in data.get("roles", [])],
        )


def _line_at(text: str, pos: int) -> str:
    """The whole line of ``text`` containing offset ``pos``, trimmed to 200 characters."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end != -1 else len(text)].strip()
    return line if len(line) <= 200 else line[:197] + "…"


def _role_blocks(text: str, ranges: list[DateRange]) -> list[tuple[DateRange, int, int]]:
    """Each dated role with its span of ``text``: from the line before its dates to the next
    role."""
    if not ranges:
        return []
    starts: list[int] = []
    cursor = 0
    for r in ranges:
        pos = text.find(r.text, cursor)
        pos = pos if pos != -1 else cursor
        line_start = text.rfind("\n", 0, pos) + 1
        # The title usually sits on the line just above the dates.
        prev_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        starts.append(prev_start if line_start - prev_start < 160 else line_start)
        cursor = pos + len(r.text)
    bounds = [*starts[1:], len(text)]
    return list(zip(ranges, starts, bounds, strict=True))


def _start(match: SkillMatch) -> int:
    return match.start


def _years_ago(end: date, today: date) -> float:
    return max(0.0, round((today - end).days / 365.25, 2))


def resume_facts(
    text: str,
    *,
    skills_listed: list[str] | tuple[str, ...] = (),
    total_years: float | None = None,
    job_role: str = "",
    today: date | None = None,
) -> ResumeFacts:
    """Extract job-independent facts from a (name-blind, sanitised) resume text.

    ``skills_listed`` (the parser's technical skills) count too once normalised, with the
    Skills line as evidence when the text mentions them. ``total_years`` (the parser's figure)
    wins over the date-range estimate. Deterministic for a given ``today``.
    """
    today = today or date.today()
    skills: dict[str, str] = {}
    matches = find_skills(text)
    for match in matches:
        skills.setdefault(match.canonical, _line_at(text, match.start))
    for raw in skills_listed:
        canonical = normalise_skill(raw)
        if canonical and canonical not in skills:
            pos = text.lower().find(raw.lower())
            skills[canonical] = _line_at(text, pos) if pos >= 0 else f"Skills: {raw}"
    ranges = find_date_ranges(text, today)
    last_used: dict[str, float] = {}
    roles: list[tuple[float, str]] = []
    for period, start, end in _role_blocks(text, ranges):
        ago = _years_ago(period.end, today)
        head = text[start : min(end, start + _ROLE_HEAD)]
        roles.append((ago, " ".join(sorted(title_words(head)))))
        # The skills found in the whole text that lie in this role (one matching pass).
        for match in matches[bisect_left(matches, start, key=_start) :]:
            if match.start >= end:
                break
            last_used[match.canonical] = min(ago, last_used.get(match.canonical, ago))
    years = (
        total_years
        if total_years is not None
        else (years_of_experience(ranges, today) if ranges else None)
    )
    level, source = seniority_of(job_role, years)
    return ResumeFacts(
        skills=list(skills),
        evidence=skills,
        last_used=last_used,
        years=years,
        seniority=level,
        seniority_source=source,
        role=job_role,
        roles=roles,
    )


# --- requirements, pre-filter and components ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Requirements:
    """What the screening checks: canonical must-have / nice-to-have skills, years, level."""

    title: str
    required: tuple[str, ...] = ()
    nice: tuple[str, ...] = ()
    min_years: float | None = None
    seniority: str = "unknown"
    # True when a recruiter confirmed the must-haves and minimum years (results page):
    # only then do they gate the ranking; otherwise they are evidence in the score.
    confirmed: bool = False

    @classmethod
    def build(
        cls,
        title: str,
        required: list[str],
        nice: list[str],
        min_years: float | None,
        seniority: str,
        confirmed: bool = False,
    ) -> Requirements:
        """Normalise skill names (unknown names kept as typed); a skill is never in both."""
        req = canonical_names(required)
        return cls(
            title=title,
            required=tuple(req),
            nice=tuple(s for s in canonical_names(nice) if s not in req),
            min_years=min_years or None,
            seniority=seniority or "unknown",
            confirmed=confirmed,
        )

    @property
    def skills(self) -> tuple[str, ...]:
        return (*self.required, *self.nice)


def job_requirements(job: JobPosting, overrides: dict | None = None) -> Requirements:
    """The job's requirements, with results-page overrides applied: the one definition
    screening and recommendations share.

    Uses the job's stored fields (entries that are not strings dropped); a job imported
    without them (no skills and no years) has them extracted deterministically from its
    title and text.
    """
    required, nice = _names(job.required_skills), _names(job.nice_to_have_skills)
    min_years, level = job.min_years, job.seniority
    if not required and not nice and min_years is None and job.description_text:
        found = extract_requirements(job.position, job.description_text)
        required, nice = found.required_skills, found.nice_to_have_skills
        min_years = found.min_years
        level = level if level and level != "unknown" else found.seniority
    overrides = overrides or {}
    return Requirements.build(
        job.position,
        overrides.get("required", required),
        overrides.get("nice", nice),
        overrides.get("min_years", min_years),
        level,
        confirmed=bool(overrides.get("confirmed", False)),
    )


def _names(values: object) -> list[str]:
    return [v for v in values or () if isinstance(v, str)]  # type: ignore[attr-defined]


def has_skill(facts: ResumeFacts, skill: str, words: frozenset[str] = frozenset()) -> bool:
    """Whether the resume shows ``skill``: found by the skills vocabulary (any alias,
    anywhere in the text), or, for a skill the vocabulary does not know, all of the
    skill's words are among the resume's ``words`` (its terms, see screener.lib.lexical)."""
    if skill in facts.skills:
        return True
    parts = skill_terms(skill)
    return bool(parts) and bool(words) and all(t in words for t in parts)


@functools.lru_cache(maxsize=4096)
def skill_terms(skill: str) -> tuple[str, ...]:
    """The lexical terms of a skill name ("Selenium WebDriver" -> selenium, webdriver)."""
    return tuple(dict.fromkeys(lexical.terms(skill)))


def prefilter(
    facts: ResumeFacts, req: Requirements, rules: dict, words: frozenset[str] = frozenset()
) -> list[str]:
    """Reasons this resume fails the pre-filter (empty list = passes), readable as-is.

    Only confirmed requirements gate (``req.confirmed``); automatic ones never filter
    anyone out. Fails when it covers less than ``rules["min_required_coverage"]`` of the
    must-have skills, or states fewer than ``rules["min_years_ratio"]`` x the job's minimum
    years (a resume whose years are not stated is not filtered for it).
    """
    reasons: list[str] = []
    if not req.confirmed:
        return reasons
    if req.required:
        missing = [s for s in req.required if not has_skill(facts, s, words)]
        coverage = 1 - len(missing) / len(req.required)
        if coverage < rules["min_required_coverage"]:
            reasons.append(
                f"Missing {len(missing)} of {len(req.required)} must-have skills: "
                + ", ".join(missing)
            )
    if req.min_years and facts.years is not None:
        years = facts.years
        if years < rules["min_years_ratio"] * req.min_years:
            reasons.append(
                f"{_fmt_years(years)} of experience; the job asks for at least "
                f"{_fmt_years(req.min_years)}"
            )
    return reasons


def _fmt_years(years: float) -> str:
    value = f"{years:.1f}".rstrip("0").rstrip(".")
    return f"{value} year" if value == "1" else f"{value} years"


def rescale_similarity(cosine: float | None, low: float, high: float) -> float:
    """Map a raw embedding cosine onto 0..1 (``low`` -> 0, ``high`` -> 1, clipped)."""
    if cosine is None or math.isnan(cosine):
        return 0.0
    return _clip((cosine - low) / (high - low))


def _clip(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 4)


def _coverage(facts: ResumeFacts, skills: tuple[str, ...], words: frozenset[str]) -> float | None:
    if not skills:
        return None
    return _clip(sum(has_skill(facts, s, words) for s in skills) / len(skills))


def experience_fit(years: float | None, min_years: float | None) -> float | None:
    """1 when the resume meets the minimum, falling off quadratically below it; None (not
    counted) when the job names no minimum or the resume does not state its years."""
    if not min_years or years is None:
        return None
    return _clip((years / min_years) ** 2)


def seniority_fit(candidate: str, job: str) -> float | None:
    """1 at the job's level; a level short costs more than a level above (except junior
    jobs); None (not counted) when either level is unknown."""
    if _LEVEL.get(job, 0) == 0 or _LEVEL.get(candidate, 0) == 0:
        return None
    diff = _LEVEL[candidate] - _LEVEL[job]
    if diff < 0:
        return _clip(1 + 0.4 * diff)
    penalty = 0.35 if job == "junior" else 0.05
    return _clip(1 - penalty * diff)


_TITLE_STOP: Final = frozenset(
    {
        "a", "an", "and", "the", "of", "for", "in", "at", "to", "with", "remote", "senior",
        "junior", "lead", "staff", "principal", "mid", "level", "entry", "head", "chief", "ii",
        "iii", "iv", "i", "sr", "jr",
    }
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def title_words(title: str) -> frozenset[str]:
    """Distinctive lower-case words of a job title ("Senior Backend Engineer" -> backend...)."""
    words = re.findall(r"[a-z][a-z+#.]*", title.lower())
    return frozenset(w.rstrip(".") for w in words if w not in _TITLE_STOP and len(w) > 1)


def recency(facts: ResumeFacts, req: Requirements) -> float | None:
    """How recent the latest relevant role is: 1 if current, halving every 3 years.

    A role is relevant when it mentions a job skill or a distinctive job-title word.
    None (not counted) when the resume has no dated roles; 0 when none is relevant.
    """
    if not facts.roles and not facts.last_used:
        return None
    job_skills = set(req.required) | set(req.nice)
    ages = [facts.last_used[s] for s in job_skills if s in facts.last_used]
    words = title_words(req.title)
    for ago, role_words in facts.roles:
        if not words.isdisjoint(role_words.split()):
            ages.append(ago)
    if not ages:
        return 0.0
    return _clip(0.5 ** (min(ages) / 3.0))


def components(
    facts: ResumeFacts,
    req: Requirements,
    semantic: float,
    lexical_score: float = 0.0,
    words: frozenset[str] = frozenset(),
) -> dict[str, float | None]:
    """The 0..1 score components (see COMPONENT_LABELS); None marks what is not known or
    not asked for, which the final score leaves out instead of counting as 0."""
    return {
        "semantic": _clip(semantic),
        "lexical": _clip(lexical_score),
        "required": _coverage(facts, req.required, words),
        "nice": _coverage(facts, req.nice, words),
        "experience": experience_fit(facts.years, req.min_years),
        "seniority": seniority_fit(facts.seniority, req.seniority),
        "recency": recency(facts, req),
    }
