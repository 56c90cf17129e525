"""LLM gateway throughput against the fake Groq server, side by side with a seed-style baseline.

Scenario (issue 3): limits RPM=30, TPM=6000, RPD=14400; about 1,500 tokens a call; 4 worker
processes; 10 minutes. Time is scaled (``--time-scale 10``: a "minute" lasts 6 s, so the
10-minute scenario takes 60 s) on both sides: the fake's clock and our limiter's windows
(LLM_TIME_SCALE). The binding limit is TPM: 6000 / 1500 = 4 calls per minute.

* ours: 4 processes executing one Run whose items each make one ``extract()`` call;
* baseline ("seed style"): 4 processes that sleep 2 s (scaled) before every call and let
  the SDK retry 3 times by itself;
* quota cut: the fake's daily budget is cut after a few calls; the Run must wait, resume after
  the reset, and finish every item exactly once (one successful LLMCall per item).

Run: ``.venv/bin/python -m benchmarks.llm_throughput [--minutes 10] [--time-scale 10]``
(uses its own database, ``bench_screener``, in the embedded server).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMITS = {"rpm": 30, "rpd": 14_400, "tpm": 6_000, "tpd": 10_000_000}
PROMPT_CHARS = 5_600  # ≈ 1,400 prompt tokens + ~100 out ≈ 1,500 tokens a call


def _env(base_url: str, scale: float) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="screener.settings",
        EMBEDDED_PG_DB="bench_screener",
        GROQ_API_KEY="bench",
        LLM_BASE_URL=f"{base_url}/openai/v1",
        LLM_MODEL="llama-3.1-8b-instant",
        LLM_RPM=str(LIMITS["rpm"]),
        LLM_TPM=str(LIMITS["tpm"]),
        LLM_RPD=str(LIMITS["rpd"]),
        LLM_TPD=str(LIMITS["tpd"]),
        LLM_TIME_SCALE=str(scale),
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)
    return env


def bench_handler(run, item) -> None:  # noqa: ANN001
    """One ~1,500-token structured call per Run item."""
    from pydantic import BaseModel

    from llm.gateway import extract

    class Verdict(BaseModel):
        fit: bool

    filler = (f"run {run.id} item {item.key} " + "experienced engineer with python and sql. ") * 200
    extract(
        Verdict,
        system="Does the candidate fit? Answer in JSON.",
        user=filler[:PROMPT_CHARS],
        purpose="bench",
        run_id=run.id,
        item_key=item.key,
        max_tokens=100,
    )


def _worker(run_id: int) -> None:
    import django

    django.setup()
    from runs import executor as runs

    runs.execute_run(run_id)


def _baseline_worker(base_url: str, seconds: float, scale: float, index: int) -> None:
    import groq

    client = groq.Groq(base_url=base_url, api_key="x", max_retries=3)
    deadline = time.monotonic() + seconds
    n = lost = 0
    while time.monotonic() < deadline:
        time.sleep(2.0 / scale)
        n += 1
        text = (f"baseline {index}-{n} " + "experienced engineer with python and sql. ") * 200
        try:
            client.chat.completions.create(
                model="llama-3.1-8b-instant",
                max_tokens=100,
                messages=[{"role": "user", "content": "Answer in JSON. " + text[:PROMPT_CHARS]}],
                response_format={"type": "json_object"},
            )
        except groq.APIError:
            lost += 1  # the seed gave up on the item after the SDK's retries
    sys.stdout.write(f"lost {lost}\n")


def _setup_db(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )


def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def run_ours(server, minutes: float, scale: float, items: int) -> dict[str, float]:  # noqa: ANN001
    env = _env(server.base_url, scale)
    _django(env)
    from llm.models import LLMLimiterState, LLMUsage
    from runs import services
    from runs.models import Run
    from screener.models import Team

    LLMUsage.objects.all().delete()
    LLMLimiterState.objects.all().delete()
    team, _ = Team.objects.get_or_create(name="bench")
    run = services.create_run(
        team, "benchmarks.llm_throughput.bench_handler", "bench", [str(i) for i in range(items)]
    )
    server.clear_log()
    procs = [_spawn_worker(run.id, env) for _ in range(4)]
    while not server.completions():  # the window starts with the first request
        time.sleep(0.1)
    time.sleep(minutes * 60 / scale)
    Run.objects.filter(id=run.id).update(status=Run.Status.CANCELLED)
    for proc in procs:
        proc.wait(timeout=120)
    return _figures(server, minutes, scale)


def _spawn_worker(run_id: int, env: dict[str, str]) -> subprocess.Popen:
    code = f"from benchmarks.llm_throughput import _worker; _worker({run_id})"
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)


def run_baseline(server, minutes: float, scale: float) -> dict[str, float]:  # noqa: ANN001
    server.configure(**LIMITS, time_scale=scale)
    server.clear_log()
    seconds = minutes * 60 / scale + 10  # + start-up; only the first `minutes` are counted
    code = (
        "from benchmarks.llm_throughput import _baseline_worker as w; import sys; "
        "w(sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, server.base_url, str(seconds), str(scale), str(i)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    lost = sum(int(p.communicate(timeout=seconds + 300)[0].split()[-1]) for p in procs)
    return {**_figures(server, minutes, scale), "items_lost": lost}


def _figures(server, minutes: float, scale: float) -> dict[str, float]:  # noqa: ANN001
    """Count what the provider saw in the ``minutes`` (scaled) after the first request."""
    records = [r for r in server.completions() if r.status]
    start = min(r.time for r in records)
    window = [r for r in records if r.time < start + minutes * 60 / scale]
    statuses = [r.status for r in window]
    ok = statuses.count(200)
    return {
        "calls_ok": ok,
        "requests_sent": len(statuses),
        "429s": statuses.count(429),
        "413s": statuses.count(413),
        "calls_per_minute": ok / minutes,
        "pct_429": 100 * statuses.count(429) / max(len(statuses), 1),
    }


def run_quota_cut(server, scale: float) -> dict[str, object]:  # noqa: ANN001
    from django.db.models import Count

    from llm.models import LLMCall, LLMLimiterState, LLMUsage
    from runs import services
    from runs.models import Run, RunItem
    from runs.tasks import resume_run
    from screener.models import Team

    LLMUsage.objects.all().delete()
    LLMLimiterState.objects.all().delete()
    server.configure(**LIMITS, time_scale=scale)
    server.clear_log()
    team = Team.objects.get(name="bench")
    run = services.create_run(
        team, "benchmarks.llm_throughput.bench_handler", "quota", [f"q{i}" for i in range(10)]
    )
    calls = {"n": 0}

    def cut(body: dict) -> dict:
        calls["n"] += 1
        if calls["n"] == 4:
            server.exhaust_daily(reset_in_seconds=60 * 3 / scale)
        return {"fit": True}

    server.set_responder("bench", cut)
    env = _env(server.base_url, scale)
    for proc in [_spawn_worker(run.id, env) for _ in range(2)]:
        proc.wait(timeout=300)
    run.refresh_from_db()
    waited = run.status == Run.Status.WAITING_FOR_QUOTA
    time.sleep(max(0.0, run.resume_at.timestamp() - time.time()) + 0.5 if run.resume_at else 0)
    resume_run(run.id)  # what the scheduled django-q2 task does at resume_at
    for proc in [_spawn_worker(run.id, env) for _ in range(2)]:
        proc.wait(timeout=300)
    run.refresh_from_db()
    per_item = (
        LLMCall.objects.filter(run=run, status="200").values("item_key").annotate(n=Count("id"))
    )
    return {
        "waited_for_quota": waited,
        "final_status": run.status,
        "done": run.done,
        "failed": run.failed,
        "items_done_once": sum(1 for r in per_item if r["n"] == 1),
        "items_done_twice_or_more": sum(1 for r in per_item if r["n"] > 1),
        "items_not_done": RunItem.objects.filter(run=run).exclude(status="done").count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--time-scale", type=float, default=10)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.fakes.groq_server import FakeGroqServer

    with FakeGroqServer(**LIMITS, time_scale=args.time_scale) as server:
        server.set_static_response("bench", {"fit": True})
        _setup_db(_env(server.base_url, args.time_scale))
        ours = run_ours(server, args.minutes, args.time_scale, items=int(args.minutes * 8) + 10)
        server.set_static_response("bench", {"fit": True})
        base = run_baseline(server, args.minutes, args.time_scale)
        quota = run_quota_cut(server, args.time_scale)
    binding = LIMITS["tpm"] / 1_500
    print(
        f"\nLLM throughput, {args.minutes:g} (scaled x{args.time_scale:g}) minutes, 4 workers,"
        f" RPM={LIMITS['rpm']} TPM={LIMITS['tpm']}, binding limit {binding:.1f} calls/min"
    )
    head = ["ok calls", "calls/min", "% of limit", "429s", "% 429", "413s"]
    print(f"{'':12}" + "".join(f"{h:>11}" for h in head))
    for name, f in (("ours", ours), ("baseline", base)):
        pct = 100 * f["calls_per_minute"] / binding
        print(
            f"{name:12}{f['calls_ok']:>11}{f['calls_per_minute']:>11.2f}{pct:>10.1f}%"
            f"{f['429s']:>11}{f['pct_429']:>10.1f}%{f['413s']:>11}"
        )
    print(f"baseline items given up after the SDK's retries (work lost): {base['items_lost']}")
    speedup = ours["calls_per_minute"] / max(base["calls_per_minute"], 1e-9)
    print(f"speed-up vs baseline: {speedup:.2f}x")
    print("quota cut:", quota)


if __name__ == "__main__":
    main()
