"""Tokens per enriched job, packed vs one call per job, and jobs per minute under limits.

Runs the real enrichment Run (jobs.tasks handler -> gateway -> limiter -> HTTP) on the demo
feed against the fake Groq server, in a throwaway PostgreSQL database
(``test_<db>_bench_jobs``, created and dropped here; your data is not touched)::

    .venv/bin/python benchmarks/enrichment_tokens.py [--time-scale 10] [--models M ...]

Method
------
* The fake answers every posting with a realistic item: skills, years and seniority from
  the deterministic extractor, a summary of the first sentences and the "Requirements"
  lines, so output sizes are like a real model's (~100-200 tokens per job). The same
  answers are used in both modes, so the difference is the prompt overhead.
* Tokens are the fake's counts as logged in ``LLMCall`` (prompt + completion). The fake
  counts message text only: with json_schema models (gpt-oss) the response schema is NOT
  counted (real Groq counts it, which would favour packing even more); with JSON-mode
  models (llama) instructor puts the schema into the system message, so it is counted.
* Packed: the normal "Enrich all" Run (packs sized by JOB_ENRICH_PACK_MAX and the token
  budget). Single: the same Run with ``pack_max=1`` (one call per job), no answer cache.
* Throughput: ``--copies N`` imports the feed N times, so the figure is not dominated by
  the first burst (both limiters start with a full minute's budget). Both limiters (ours
  and the fake's) run at RPM=30 / TPM=6000; with
  ``--time-scale k`` a provider "minute" lasts 60/k real seconds (LLM_TIME_SCALE=k and the
  fake's time_scale=k), and jobs/minute is reported in provider minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "screener.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F, Sum  # noqa: E402

from tests.fakes.groq_server import FakeGroqServer  # noqa: E402

BLOCK_RE = re.compile(
    r'<job id="(\d+)">\nTitle: ([^\n]*)\nCompany: [^\n]*\nDescription:\n(.*?)\n</job>', re.S
)
MODELS = ("openai/gpt-oss-20b", "llama-3.3-70b-versatile")


def realistic_answer(body: dict[str, Any]) -> dict[str, Any]:
    """What a good model would answer for the postings in the request."""
    from screener.lib.requirements import extract_requirements

    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    items = []
    for job_id, title, text in BLOCK_RE.findall(user):
        found = extract_requirements(title, text)
        sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
        lines = [ln[2:] for ln in text.splitlines() if ln.startswith("- ")]
        items.append(
            {
                "id": int(job_id),
                "required_skills": found.required_skills,
                "nice_to_have_skills": found.nice_to_have_skills,
                "min_years": found.min_years,
                "seniority": found.seniority,
                "summary": " ".join(sentences[:2])[:300],
                "requirements": [ln[:80] for ln in lines[-6:]],
            }
        )
    return {"items": items}


def measure(team, mode: str) -> dict[str, float]:
    """Run one enrichment pass over every job; tokens and timing from the call log."""
    from jobs.models import JobPosting
    from jobs.services import ENRICH_KIND
    from llm.models import LLMCall, LLMLimiterState, LLMUsage
    from runs import executor as runs
    from runs.services import create_run

    LLMUsage.objects.all().delete()  # start each mode with an empty limiter window
    LLMLimiterState.objects.all().delete()
    keys = [str(i) for i in JobPosting.objects.filter(team=team).values_list("id", flat=True)]
    params = {"force": True, "pack_max": 1 if mode == "single" else None}
    run = create_run(team, ENRICH_KIND, f"bench {mode}", keys, params=params)
    started = time.monotonic()
    runs.execute_run(run.id)
    elapsed = time.monotonic() - started
    run.refresh_from_db()
    calls = LLMCall.objects.filter(run=run)
    tokens = calls.aggregate(t=Sum(F("prompt_tokens") + F("completion_tokens")))["t"] or 0
    prompt = calls.aggregate(t=Sum("prompt_tokens"))["t"] or 0
    minutes = elapsed * settings.LLM_TIME_SCALE / 60
    return {
        "jobs": run.done,
        "failed": run.failed,
        "calls": calls.count(),
        "tokens": tokens,
        "prompt": prompt,
        "per_job": tokens / max(run.done, 1),
        "jobs_per_minute": run.done / minutes if minutes else float("inf"),
        "elapsed": elapsed,
    }


def bench_model(model: str, team, scale: float) -> dict[str, dict[str, float]]:
    results = {}
    for mode in ("packed", "single"):
        with FakeGroqServer(rpm=30, rpd=14_400, tpm=6000, tpd=500_000, time_scale=scale) as fake:
            settings.LLM_BASE_URL = f"{fake.base_url}/openai/v1"
            settings.LLM_MODEL = model
            fake.set_responder("*", realistic_answer)
            results[mode] = measure(team, mode)
    return results


def report(model: str, results: dict[str, dict[str, float]]) -> None:
    print(f"\nmodel {model}")
    print(f"{'mode':8} {'jobs':>4} {'fail':>4} {'calls':>5} {'tokens':>7} {'tok/job':>8} "
          f"{'jobs/min':>9} {'real s':>7}")  # fmt: skip
    for mode, r in results.items():
        print(
            f"{mode:8} {r['jobs']:>4} {r['failed']:>4} {r['calls']:>5} {r['tokens']:>7} "
            f"{r['per_job']:>8.1f} {r['jobs_per_minute']:>9.1f} {r['elapsed']:>7.1f}"
        )
    ratio = results["packed"]["per_job"] / results["single"]["per_job"]
    verdict = "meets" if ratio <= 0.5 else "misses"
    print(f"packed / single tokens per job = {ratio:.2f} ({verdict} the <= 0.50 goal)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--time-scale", type=float, default=10.0, help="provider minute = 60/k s")
    parser.add_argument("--models", nargs="+", default=list(MODELS))
    parser.add_argument(
        "--copies", type=int, default=1, help="import the feed N times (20*N jobs): steady state"
    )
    parser.add_argument("--pack-tokens", type=int, help="override JOB_ENRICH_PACK_TOKENS")
    parser.add_argument("--pack-max", type=int, help="override JOB_ENRICH_PACK_MAX")
    args = parser.parse_args()
    if args.pack_tokens:
        settings.JOB_ENRICH_PACK_TOKENS = args.pack_tokens
    if args.pack_max:
        settings.JOB_ENRICH_PACK_MAX = args.pack_max

    settings.GROQ_API_KEY = "bench-key"
    settings.LLM_RPM, settings.LLM_RPD = 30, 14_400
    settings.LLM_TPM, settings.LLM_TPD = 6000, 500_000
    settings.LLM_TIME_SCALE = args.time_scale
    settings.LLM_TIMEOUT = 30.0
    db = settings.DATABASES["default"]
    original = db["NAME"]
    db.setdefault("TEST", {})["NAME"] = f"test_{original}_bench_jobs"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from jobs.services import import_feed
        from screener.models import Team

        team = Team.objects.create(name="Bench")
        feed = (ROOT / "demo_data/jobs/remoteok_feed.json").read_bytes()
        for copy in range(args.copies):
            import_feed(team, feed, source=f"demo-{copy}")
        print(
            f"demo feed x{args.copies}: {20 * args.copies} jobs; RPM=30 TPM=6000; "
            f"time scale {args.time_scale:g} "
            f"(a provider minute = {60 / args.time_scale:.1f} s); "
            f"pack max {settings.JOB_ENRICH_PACK_MAX}, pack budget "
            f"{min(settings.JOB_ENRICH_PACK_TOKENS, int(settings.LLM_TPM * 0.85))} tokens"
        )
        for model in args.models:
            report(model, bench_model(model, team, args.time_scale))
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
