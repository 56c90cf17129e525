"""What one enhancement call carries: a profile's sections as prompt inputs (the summary row
kept in step with the profile first) and their packing into the fewest calls that fit the
token budget (first-fit decreasing). No LLM and no writes except :func:`sync_summary`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from profiles.models import CandidateProfile, ProfileExperience, ProfileSummary, Section
from profiles.prompts import section_block, system_prompt
from profiles.schemas import EnhancementAnswer
from screener.lib.llm.transport import estimate_tokens

SCHEMA_TOKENS = estimate_tokens(str(EnhancementAnswer.model_json_schema()))


def system() -> str:
    """The system prompt, stating the same per-kind caps the guard enforces."""
    return system_prompt(settings.PROFILE_ENHANCED_MAX_CHARS)


def sync_summary(profile: CandidateProfile) -> ProfileSummary | None:
    """Make the summary section match ``profile.professional_summary`` (None: no summary).

    A changed summary discards the row's enhancement (it no longer matches); an emptied one
    deletes the row.
    """
    text = profile.professional_summary
    row = ProfileSummary.objects.filter(profile=profile).first()
    if not text.strip():
        if row is not None:
            row.delete()
        return None
    if row is None:
        return ProfileSummary.objects.create(profile=profile, description=text)
    if row.description != text:
        row.description = text
        row.enhanced_description = row.refused_text = row.enhancement_note = ""
        row.enhancement_status, row.enhanced_at = Section.Status.NONE, None
        row.save()
    return row


@dataclass(frozen=True)
class SectionInput:
    """One section as sent to the model; ``source`` is what the guard may accept facts from."""

    key: str
    kind: str
    heading: tuple[tuple[str, str], ...]
    text: str
    row: Section

    @property
    def block(self) -> str:
        return section_block(self.key, self.kind, list(self.heading), self.text)

    @property
    def source(self) -> str:
        return "\n".join([*(value for _, value in self.heading), self.row.description])


def section_input(row: Section, max_chars: int, headline: str = "") -> SectionInput:
    """The prompt view of a summary, experience or project (text cut to ``max_chars``).

    The summary's heading is the profile's headline: the guard accepts its words too.
    """
    if isinstance(row, ProfileExperience):
        heading = (("title", row.title), ("company", row.company), ("dates", row.dates))
    elif isinstance(row, ProfileSummary):
        heading = (("headline", headline),)
    else:
        heading = (("project", row.name),)
    return SectionInput(
        f"{row.PREFIX}{row.pk}", row.KIND, heading, row.description[:max_chars].strip(), row
    )


def sections_of(profile: CandidateProfile, *, include_accepted: bool = False) -> list[SectionInput]:
    """Sections with text to enhance: the summary first, then experiences and projects in
    page order."""
    limit = settings.PROFILE_SECTION_MAX_CHARS
    summary = ProfileSummary.objects.filter(profile=profile).first()
    rows: list[Section] = [
        *([summary] if summary else []),
        *profile.experiences.all(),
        *profile.projects.all(),
    ]
    return [
        section_input(row, limit, profile.headline)
        for row in rows
        if row.description.strip()
        and (include_accepted or row.enhancement_status != Section.Status.ACCEPTED)
    ]


# --- planning ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallPlan:
    """Token budget of one call and the output reserved per section."""

    token_budget: int
    growth: float
    base_output: int = 120

    @classmethod
    def from_settings(cls) -> CallPlan:
        tpm_cap = int(settings.LLM_TPM * 0.85)  # a request over TPM is a 413: leave room
        return cls(
            token_budget=min(settings.PROFILE_ENHANCE_CALL_TOKENS, tpm_cap),
            growth=settings.PROFILE_ENHANCED_MAX_GROWTH,
        )

    def output_reserve(self, section: SectionInput) -> int:
        """Completion tokens one section may need: its text grown, plus the JSON around it."""
        return math.ceil(estimate_tokens(section.text) * min(self.growth, 1.5)) + 30

    def section_cost(self, section: SectionInput) -> int:
        return estimate_tokens(section.block) + 2 + self.output_reserve(section)

    def fixed_cost(self, context: str) -> int:
        fixed = estimate_tokens(system()) + SCHEMA_TOKENS + estimate_tokens(context)
        return fixed + self.base_output + 20

    def max_tokens(self, group: Sequence[SectionInput]) -> int:
        return self.base_output + sum(self.output_reserve(s) for s in group)


def plan_calls(
    sections: Sequence[SectionInput], plan: CallPlan, context: str = ""
) -> list[list[SectionInput]]:
    """Split sections into the fewest groups within the budget (first-fit decreasing).

    Everything fits one call in the usual case. A section too large on its own still gets a
    call of its own (its text is already cut; the gateway reports a 413 if still too big).
    Each group keeps page order; groups are ordered by their first section.
    """
    room = plan.token_budget - plan.fixed_cost(context)
    order = {s.key: i for i, s in enumerate(sections)}
    bins: list[tuple[int, list[SectionInput]]] = []
    for section in sorted(sections, key=lambda s: (-plan.section_cost(s), order[s.key])):
        cost = plan.section_cost(section)
        for index, (used, members) in enumerate(bins):
            if used + cost <= room:
                bins[index] = (used + cost, [*members, section])
                break
        else:
            bins.append((cost, [section]))
    groups = [sorted(members, key=lambda s: order[s.key]) for _, members in bins]
    return sorted(groups, key=lambda g: order[g[0].key])
