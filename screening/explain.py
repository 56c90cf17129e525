"""Explanations of a screening result, built from stored facts (no LLM, no embedding).

An explanation is always computed against the job's *current* requirements, so it never
disagrees with the score after a must-have was edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screening.scoring import Requirements, ResumeFacts, _fmt_years


@dataclass(frozen=True, slots=True)
class Explanation:
    """Matched and missing requirements with their evidence, in reading order."""

    matched: list[tuple[str, str]] = field(default_factory=list)  # (skill, supporting line)
    missing: list[str] = field(default_factory=list)
    nice_matched: list[tuple[str, str]] = field(default_factory=list)
    nice_missing: list[str] = field(default_factory=list)
    experience: str = ""
    seniority: str = ""
    recency: str = ""
    above_next: str = ""
    reasons: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def required_total(self) -> int:
        return len(self.matched) + len(self.missing)

    def as_text(self) -> str:
        """One paragraph, as used in CSV / JSON output."""
        parts: list[str] = []
        if self.reasons:
            parts.append("Pre-filter: " + "; ".join(self.reasons) + ".")
        if self.matched or self.missing:
            parts.append(
                f"Must-haves matched {len(self.matched)}/{len(self.matched) + len(self.missing)}"
                + (f" ({', '.join(s for s, _ in self.matched)})" if self.matched else "")
                + (f"; missing {', '.join(self.missing)}" if self.missing else "")
                + "."
            )
        if self.nice_matched:
            parts.append("Nice-to-have: " + ", ".join(s for s, _ in self.nice_matched) + ".")
        parts.extend(p for p in (self.experience, self.seniority, self.recency) if p)
        if self.above_next:
            parts.append(self.above_next)
        if self.flags:
            parts.append("Flags: " + "; ".join(self.flags) + ".")
        return " ".join(parts)


def build_explanation(
    facts: ResumeFacts,
    req: Requirements,
    *,
    reasons: list[str] | None = None,
    above_next: str = "",
    flags: list[str] | None = None,
) -> Explanation:
    """Explain one candidate against ``req`` from its stored facts."""
    return Explanation(
        matched=[(s, facts.evidence.get(s, "")) for s in req.required if s in facts.skills],
        missing=[s for s in req.required if s not in facts.skills],
        nice_matched=[(s, facts.evidence.get(s, "")) for s in req.nice if s in facts.skills],
        nice_missing=[s for s in req.nice if s not in facts.skills],
        experience=_experience_sentence(facts.years, req.min_years),
        seniority=_seniority_sentence(facts, req.seniority),
        recency=_recency_sentence(facts, req),
        above_next=above_next,
        reasons=list(reasons or []),
        flags=list(flags or []),
    )


def _experience_sentence(years: float | None, min_years: float | None) -> str:
    if years is None:
        return "Years of experience not stated (no dated roles found); left out of the score."
    have = _fmt_years(years)
    if not min_years:
        return f"{have} of experience; the job names no minimum."
    need = _fmt_years(min_years)
    verdict = "meets" if years >= min_years else "is below"
    return f"{have} of experience; {verdict} the job's minimum of {need}."


def _seniority_sentence(facts: ResumeFacts, job_level: str) -> str:
    if facts.seniority == "unknown":
        return "Seniority not stated; left out of the score."
    source = (
        f"from the title “{facts.role}”"
        if facts.seniority_source == "title"
        else ("from years of experience")
    )
    job = "" if job_level == "unknown" else f"; the job is {job_level}"
    return f"Seniority {facts.seniority} ({source}){job}."


def _recency_sentence(facts: ResumeFacts, req: Requirements) -> str:
    skills = [s for s in (*req.required, *req.nice) if s in facts.last_used]
    if not skills:
        return "No dated role mentions the job's skills." if facts.roles else ""
    latest = min(facts.last_used[s] for s in skills)
    used = ", ".join(s for s in skills if facts.last_used[s] == latest)
    if latest == 0:
        return f"Currently uses {used}."
    return f"Last used {used} {_fmt_years(latest)} ago."
