"""Profile enhancement: LLM calls and tokens per profile, one batched call vs one call per
section (the old way), against the fake Groq server, on profiles with 1-12 sections.

Profiles are synthetic but realistic: experiences and projects with 1-3 sentence
descriptions drawn from a fixed list (deterministic). Both ways send the same system prompt,
schema and sections through the real gateway (``extract()``, cache off) and the fake answers
a faithful rewording, so the figures are the gateway's own LLMCall rows.

Note: the fake counts prompt tokens from message text only; real Groq also counts the JSON
schema sent with every call (~90 tokens here), which widens the gap further.

Run: ``.venv/bin/python -m benchmarks.enhancement_calls`` (own database ``bench_profiles``).
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "screener.settings")
os.environ["EMBEDDED_PG_DB"] = "bench_profiles"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Sum  # noqa: E402

from llm.models import LLMCacheEntry, LLMCall  # noqa: E402
from profiles import enhancement, sections  # noqa: E402
from profiles.models import CandidateProfile, ProfileExperience, ProfileProject  # noqa: E402
from profiles.prompts import PURPOSE  # noqa: E402
from screener.models import Team  # noqa: E402
from tests.fakes.groq_server import FakeGroqServer  # noqa: E402
from tests.profiles.conftest import faithful_responder  # noqa: E402

SENTENCES = [
    "Built payment APIs in Python and Django for the billing team.",
    "Moved nightly reports from cron scripts to Celery and cut report time.",
    "Mentored junior engineers and ran code reviews for the platform group.",
    "Designed the PostgreSQL schema for invoices and wrote the migration plan.",
    "Ran the on-call rotation and wrote runbooks for the checkout service.",
    "Replaced a legacy SOAP integration with a REST client and retries.",
    "Worked with product managers to plan quarterly releases.",
    "Introduced feature flags so releases no longer needed downtime.",
]


def build_profile(team: Team, sections: int) -> CandidateProfile:
    """``sections`` sections: two thirds experiences, the rest projects."""
    profile = CandidateProfile.objects.create(
        team=team, name=f"Bench {sections}", headline="Backend Engineer"
    )
    experiences = max(1, round(sections * 2 / 3)) if sections > 1 else 1
    for i in range(sections):
        text = " ".join(SENTENCES[(i + j) % len(SENTENCES)] for j in range(1 + i % 3))
        if i < experiences:
            ProfileExperience.objects.create(
                profile=profile, position=i, title="Backend Engineer",
                company=f"Company {i}", start="2019", end="2021", description=text,
            )  # fmt: skip
        else:
            ProfileProject.objects.create(
                profile=profile, position=i, name=f"Project {i}", description=text
            )
    return profile


def usage(item_key: str) -> tuple[int, int]:
    calls = LLMCall.objects.filter(purpose=PURPOSE, item_key=item_key)
    totals = calls.aggregate(p=Sum("prompt_tokens"), c=Sum("completion_tokens"))
    return calls.count(), (totals["p"] or 0) + (totals["c"] or 0)


def per_section(profile: CandidateProfile) -> tuple[int, int]:
    """The old way: one call per section (same prompt pieces, one section each)."""
    plan = sections.CallPlan.from_settings()
    ctx = enhancement.Context(-profile.id, profile.headline)  # its own item key
    for section in sections.sections_of(profile):
        enhancement.ask([section], plan, ctx, use_cache=False)
    return usage(ctx.item_key)


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    with FakeGroqServer(rpm=100_000, rpd=1_000_000, tpm=10_000_000, tpd=100_000_000) as fake:
        settings.GROQ_API_KEY = "bench"
        settings.LLM_BASE_URL = f"{fake.base_url}/openai/v1"
        settings.LLM_MODEL = "openai/gpt-oss-20b"
        settings.LLM_RPM, settings.LLM_RPD = 100_000, 1_000_000
        settings.LLM_TPM, settings.LLM_TPD = 10_000_000, 100_000_000
        fake.set_responder(PURPOSE, faithful_responder)
        team, _ = Team.objects.get_or_create(name="Benchmark profiles")
        CandidateProfile.objects.filter(team=team).delete()
        LLMCall.objects.filter(purpose=PURPOSE).delete()
        LLMCacheEntry.objects.filter(purpose=PURPOSE).delete()
        rows = []
        started = time.monotonic()
        for n in range(1, 13):
            profile = build_profile(team, n)
            summary = enhancement.enhance_profile(profile, use_cache=False)
            assert summary.sections_enhanced == n, summary
            b_calls, b_tokens = usage(f"profile:{profile.id}")
            s_calls, s_tokens = per_section(profile)
            rows.append((n, b_calls, b_tokens, s_calls, s_tokens))
        elapsed = time.monotonic() - started
    print("sections  batched calls  batched tokens  per-section calls  per-section tokens  saved")
    for n, bc, bt, sc, st in rows:
        print(f"{n:>8}  {bc:>13}  {bt:>14}  {sc:>17}  {st:>18}  {1 - bt / st:>5.0%}")
    tb, ts = sum(r[2] for r in rows), sum(r[4] for r in rows)
    cb, cs = sum(r[1] for r in rows), sum(r[3] for r in rows)
    print(f"{'total':>8}  {cb:>13}  {tb:>14}  {cs:>17}  {ts:>18}  {1 - tb / ts:>5.0%}")
    print(f"(fake Groq; {elapsed:.1f} s for both ways; tokens = prompt + completion per LLMCall)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
