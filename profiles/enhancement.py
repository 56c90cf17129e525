"""Batched enhancement of a candidate profile: one LLM call for the whole profile.

Promises:

* The professional summary (section 1, id ``S<pk>``), every experience and every project with
  text go into ONE ``extract()`` call, each section numbered with a stable id
  (``S<pk>``/``E<pk>``/``P<pk>``); a profile too large for one call's token budget is split
  into the fewest calls that fit (first-fit decreasing over the sections).
* The answer is validated per section and mapped back by id: extra ids are ignored, for a
  duplicated id the first valid item wins, a section with no (valid) item is re-requested —
  all of them together — in ONE follow-up call (split only if it cannot fit), never more.
* Each proposal, the summary's included, passes the factual guard (:mod:`profiles.guard`:
  no new facts, no emojis or decorative symbols, at most ``PROFILE_ENHANCED_MAX_CHARS`` of
  its kind) before it is stored in ``enhanced_description`` as *proposed*; a refused one
  keeps the original and records the reason. ``description`` (the original) is never
  written here, except that the summary row first copies the profile's current summary
  (:func:`profiles.sections.sync_summary`).
* The pass's summary records the model(s), HTTP calls, tokens, latency and success rates,
  read from the LLMCall log.
* ``QuotaExhausted`` and ``NotConfigured`` propagate (the Run parks or pauses); any other
  LLM failure becomes a per-section reason. Never called inside a database transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone
from pydantic import ValidationError

from llm.gateway import extract
from llm.models import LLMCall
from profiles import guard
from profiles.models import CandidateProfile, Section
from profiles.prompts import PROMPT_VERSION, PURPOSE, user_prompt
from profiles.schemas import EnhancedSection, EnhancementAnswer
from profiles.sections import (
    CallPlan,
    SectionInput,
    plan_calls,
    sections_of,
    sync_summary,
    system,
)
from screener.lib.llm.config import config
from screener.lib.llm.errors import LLMError, NotConfigured, QuotaExhausted

logger = logging.getLogger(__name__)

MISSING = "the answer had no item for this section"
PROVIDER_FAILED = "LLM call failed"
KIND_LABELS = {
    "summary": "a professional summary",
    "experience": "an experience description",
    "project": "a project description",
}


# --- one call ---------------------------------------------------------------------------------


@dataclass
class CallOutcome:
    """Per section key: the proposed text, or why there is none; plus what was ignored."""

    results: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    extra_ids: list[str] = field(default_factory=list)
    duplicate_ids: list[str] = field(default_factory=list)

    def merge(self, other: CallOutcome) -> None:
        self.results.update(other.results)
        for key in other.results:
            self.errors.pop(key, None)
        for key, error in other.errors.items():
            if key not in self.results:
                self.errors[key] = error
        self.extra_ids += other.extra_ids
        self.duplicate_ids += other.duplicate_ids


def map_answer(keys: Sequence[str], items: list[dict]) -> CallOutcome:
    """Validate each item on its own and map it to its section by id.

    Ids not asked for are ignored (listed in ``extra_ids``); for an id given twice the first
    valid item wins (later ones listed in ``duplicate_ids``); an asked id with no valid item
    gets an error.
    """
    wanted = set(keys)
    outcome = CallOutcome()
    for raw in items:
        key = str(raw.get("id", "")).strip().upper() if isinstance(raw, dict) else ""
        if key not in wanted:
            outcome.extra_ids.append(key or "?")
            continue
        if key in outcome.results:
            outcome.duplicate_ids.append(key)
            continue
        try:
            outcome.results[key] = EnhancedSection.model_validate(raw).enhanced
        except ValidationError as exc:
            outcome.errors[key] = "invalid answer: " + _brief(exc)
    for key in keys:
        if key in outcome.results:
            outcome.errors.pop(key, None)
        else:
            outcome.errors.setdefault(key, MISSING)
    return outcome


def _brief(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3])


@dataclass(frozen=True)
class Context:
    """What every call of one profile shares besides its sections."""

    profile_id: int
    headline: str = ""
    tone: str = ""
    instruction: str = ""
    run_id: int | None = None

    @property
    def text(self) -> str:
        return user_prompt([], headline=self.headline, tone=self.tone, instruction=self.instruction)

    @property
    def item_key(self) -> str:
        return f"profile:{self.profile_id}"


def ask(
    group: Sequence[SectionInput], plan: CallPlan, ctx: Context, *, use_cache: bool
) -> CallOutcome:
    """One call for ``group``; LLM failures become per-section errors (quota/config raise)."""
    prompt = user_prompt(
        [s.block for s in group], headline=ctx.headline, tone=ctx.tone, instruction=ctx.instruction
    )
    try:
        answer = extract(
            EnhancementAnswer,
            system=system(),
            user=prompt,
            purpose=PURPOSE,
            run_id=ctx.run_id,
            item_key=ctx.item_key,
            prompt_version=PROMPT_VERSION,
            max_tokens=plan.max_tokens(group),
            use_cache=use_cache,
        )
    except (QuotaExhausted, NotConfigured):
        raise
    except LLMError as exc:
        return CallOutcome(errors={s.key: f"{PROVIDER_FAILED}: {exc}" for s in group})
    return map_answer([s.key for s in group], answer.sections)


# --- the whole profile ------------------------------------------------------------------------


@dataclass
class EnhancementSummary:
    """What one enhancement pass did (stored on the profile, shown on its page)."""

    sections_requested: int = 0
    sections_enhanced: int = 0
    sections_refused: int = 0
    sections_failed: int = 0
    planned_calls: int = 0
    follow_up_sections: int = 0
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0
    model: str = ""
    calls_succeeded: int = 0
    extra_ids_ignored: int = 0
    duplicate_ids_ignored: int = 0
    instruction: str = ""
    reasons: dict[str, str] = field(default_factory=dict)
    finished_at: str = ""

    def as_json(self) -> dict:
        return asdict(self) | {
            "call_success_rate": self.call_success_rate,
            "section_success_rate": self.section_success_rate,
        }

    @classmethod
    def from_json(cls, data: dict) -> EnhancementSummary:
        """The stored form back (keys this version does not know are dropped)."""
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def call_success_rate(self) -> float | None:
        """Share of this pass's HTTP calls that returned 200 (None: no call was made)."""
        return round(self.calls_succeeded / self.llm_calls, 3) if self.llm_calls else None

    @property
    def section_success_rate(self) -> float | None:
        """Share of requested sections whose rewrite passed the guard (None: none asked)."""
        if not self.sections_requested:
            return None
        return round(self.sections_enhanced / self.sections_requested, 3)


def enhance_sections(
    sections: Sequence[SectionInput],
    ctx: Context,
    *,
    plan: CallPlan | None = None,
    use_cache: bool = True,
) -> tuple[CallOutcome, int, int]:
    """Ask for every section (fewest calls), then once more for the missing/invalid ones.

    Returns the merged outcome, the number of calls made and of sections re-requested.
    """
    plan = plan or CallPlan.from_settings()
    outcome, calls = CallOutcome(), 0
    for group in plan_calls(sections, plan, ctx.text):
        outcome.merge(ask(group, plan, ctx, use_cache=use_cache))
        calls += 1
    retry = [
        s
        for s in sections
        if s.key not in outcome.results and not outcome.errors[s.key].startswith(PROVIDER_FAILED)
    ]
    for group in plan_calls(retry, plan, ctx.text) if retry else []:
        # Not from the cache: the cached answer is the one that left these out.
        outcome.merge(ask(group, plan, ctx, use_cache=False))
        calls += 1
    return outcome, calls, len(retry)


def enhance_profile(
    profile: CandidateProfile,
    *,
    instruction: str = "",
    run_id: int | None = None,
    use_cache: bool = True,
    include_accepted: bool = False,
    plan: CallPlan | None = None,
) -> EnhancementSummary:
    """Enhance every section of ``profile`` with text; store proposals and the summary."""
    started = timezone.now()
    instruction = instruction.strip()[: settings.PROFILE_INSTRUCTION_MAX_CHARS]
    sync_summary(profile)
    sections = sections_of(profile, include_accepted=include_accepted)
    ctx = Context(profile.id, profile.headline, profile.tone, instruction, run_id)
    summary = EnhancementSummary(sections_requested=len(sections), instruction=instruction)
    if sections:
        outcome, summary.planned_calls, summary.follow_up_sections = enhance_sections(
            sections, ctx, plan=plan, use_cache=use_cache
        )
        summary.extra_ids_ignored = len(outcome.extra_ids)
        summary.duplicate_ids_ignored = len(outcome.duplicate_ids)
        for section in sections:
            _settle(section, outcome, summary)
    _add_usage(summary, ctx, started)
    summary.finished_at = timezone.now().isoformat()
    _save_summary(profile, summary)
    return summary


def _settle(section: SectionInput, outcome: CallOutcome, summary: EnhancementSummary) -> None:
    """Guard one proposal and store it as proposed, refused or failed (original untouched)."""
    model = type(section.row)
    rows = model.objects.filter(pk=section.row.pk)
    text = outcome.results.get(section.key)
    if text is None:
        summary.sections_failed += 1
        summary.reasons[section.key] = outcome.errors.get(section.key, MISSING)
        rows.update(
            enhancement_status=Section.Status.FAILED,
            enhancement_note=summary.reasons[section.key][:2000],
        )
        return
    verdict = guard.check(
        section.source, text, limits(section.kind), original=section.row.description
    )
    if not verdict.ok:
        summary.sections_refused += 1
        summary.reasons[section.key] = verdict.message
        rows.update(
            enhancement_status=Section.Status.REFUSED,
            enhancement_note=verdict.message[:2000],
            refused_text=text,
        )
        return
    summary.sections_enhanced += 1
    rows.update(
        enhanced_description=text,
        enhancement_status=Section.Status.PROPOSED,
        enhancement_note="",
        refused_text="",
        enhanced_at=timezone.now(),
    )


def limits(kind: str) -> guard.LengthLimits:
    """The length limits of one section kind (its cap from ``PROFILE_ENHANCED_MAX_CHARS``)."""
    return guard.LengthLimits(
        max_chars=settings.PROFILE_ENHANCED_MAX_CHARS[kind],
        kind=KIND_LABELS.get(kind, kind),
        growth=settings.PROFILE_ENHANCED_MAX_GROWTH,
        min_share=settings.PROFILE_ENHANCED_MIN_SHARE,
    )


def _add_usage(summary: EnhancementSummary, ctx: Context, started: datetime) -> None:
    """Model, HTTP calls (and how many succeeded), tokens and latency of this pass, from the
    LLMCall log. With no call logged (every answer from the cache) the configured model."""
    calls = LLMCall.objects.filter(item_key=ctx.item_key, purpose=PURPOSE, created_at__gte=started)
    if ctx.run_id is not None:
        calls = calls.filter(run_id=ctx.run_id)
    totals = calls.aggregate(
        n=Count("id"),
        ok=Count("id", filter=Q(status="200")),
        p=Sum("prompt_tokens"),
        c=Sum("completion_tokens"),
        ms=Sum("latency_ms"),
    )
    models = sorted(set(calls.values_list("model", flat=True)))
    summary.model = ", ".join(models) or _configured_model()
    summary.llm_calls = totals["n"] or 0
    summary.calls_succeeded = totals["ok"] or 0
    summary.prompt_tokens = totals["p"] or 0
    summary.completion_tokens = totals["c"] or 0
    summary.latency_ms = totals["ms"] or 0


def _configured_model() -> str:
    try:
        return config().model
    except NotConfigured:
        return ""


def _save_summary(profile: CandidateProfile, summary: EnhancementSummary) -> None:
    nothing = summary.sections_requested and not (
        summary.sections_enhanced or summary.sections_refused
    )
    status = CandidateProfile.Enhancement.FAILED if nothing else CandidateProfile.Enhancement.DONE
    error = "; ".join(sorted(set(summary.reasons.values())))[:2000] if nothing else ""
    CandidateProfile.objects.filter(pk=profile.pk).update(
        enhancement_summary=summary.as_json(), enhancement_status=status, enhancement_error=error
    )
    profile.enhancement_summary, profile.enhancement_status = summary.as_json(), status
    profile.enhancement_error = error
