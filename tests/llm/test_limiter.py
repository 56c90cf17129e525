"""The shared limiter: the pacing rule, and pacing across real processes (PostgreSQL, Redis)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from django.db import connection

from llm.limiter import get_limiter
from llm.models import LLMUsage
from screener.lib.llm.errors import QuotaExhausted, RequestTooLarge
from screener.lib.llm.pacing import Limits, ServerView, decide

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
LIMITS = Limits(rpm=3, rpd=100, tpm=1_000, tpd=50_000)


def _decide(need: int = 100, minute=(), day=None, **kw) -> object:  # noqa: ANN001, ANN003
    minute = list(minute)
    return decide(
        now=NOW,
        need=need,
        limits=LIMITS,
        minute_events=minute,
        day_events=minute if day is None else day,
        blocked_until=kw.get("blocked_until"),
        quota_reset_at=kw.get("quota_reset_at"),
        server=kw.get("server", ServerView()),
    )


def _ago(seconds: float, tokens: int = 100) -> tuple[datetime, int]:
    return NOW - timedelta(seconds=seconds), tokens


def test_it_sends_at_once_when_there_is_room() -> None:
    assert _decide(minute=[_ago(10)]).wait == 0


def test_it_lets_requests_spread_over_the_minute_through() -> None:
    # 3 requests 20 s apart: the request bucket (3 per minute) has refilled in between
    assert _decide(minute=[_ago(50), _ago(30), _ago(10)]).wait == 0


def test_it_waits_for_the_request_bucket_to_refill_after_a_burst() -> None:
    decision = _decide(minute=[_ago(2), _ago(1), _ago(0)])
    assert decision.wait == pytest.approx(20 - 2, abs=0.01)  # 3/min refill: 1 per 20 s


def test_it_waits_for_just_the_missing_tokens_at_the_refill_rate() -> None:
    # 800 tokens 1 s ago; 1000/min refill ≈ 16.7/s: level ≈ 783, +500 needs 283 more room
    decision = _decide(need=500, minute=[_ago(1, 800)])
    assert decision.wait == pytest.approx((800 - 1000 / 60 + 500 - 1000) * 60 / 1000, rel=1e-3)


def test_it_honours_a_shared_block_after_a_429() -> None:
    assert _decide(blocked_until=NOW + timedelta(seconds=7)).wait == pytest.approx(7)


def test_it_trusts_the_providers_remaining_tokens_while_fresh() -> None:
    server = ServerView(
        remaining_tokens=50,
        tokens_reset_at=NOW + timedelta(seconds=4),
        observed_at=NOW - timedelta(seconds=1),
    )
    # 50 left a second ago + 1 s of refill at 1000/min ≈ 66.7; 33.3 more take 2 s (< reset 4 s)
    assert _decide(server=server).wait == pytest.approx(2.0)
    stale = ServerView(
        remaining_tokens=0,
        tokens_reset_at=NOW + timedelta(seconds=1),
        observed_at=NOW - timedelta(seconds=1),
    )
    assert _decide(server=stale).wait == pytest.approx(1.0)  # never beyond the announced reset


def test_it_reports_quota_exhaustion_instead_of_sleeping_for_hours() -> None:
    day = [_ago(3_600 * h, 10_000) for h in (20, 15, 10, 5, 1)]
    decision = _decide(need=500, day=day)
    assert decision.quota_until is not None
    assert decision.quota_until == NOW + timedelta(hours=4)  # when the 20-h-old usage expires
    reset = NOW + timedelta(hours=2)
    assert _decide(quota_reset_at=reset).quota_until == reset


def test_it_refuses_a_request_larger_than_the_minute_budget() -> None:
    with pytest.raises(RequestTooLarge):
        _decide(need=1_001)


@pytest.fixture
def paced(settings) -> str:  # noqa: ANN001
    settings.LLM_RPM, settings.LLM_TPM, settings.LLM_RPD, settings.LLM_TPD = (
        4,
        10_000,
        10_000,
        10**7,
    )
    settings.LLM_TIME_SCALE = 30.0  # a "minute" lasts 2 s
    return f"model-{uuid.uuid4().hex[:8]}"


@pytest.mark.django_db(transaction=True)
def test_it_paces_one_process_to_the_minute_limit(paced: str) -> None:
    limiter = get_limiter(paced)
    started = time.monotonic()
    for _ in range(6):
        limiter.acquire(10)
    # a burst of 4 (the bucket), then one every 0.5 s (4 per 2-s "minute")
    assert time.monotonic() - started >= 0.9


@pytest.mark.django_db(transaction=True)
def test_a_quota_cut_raises_at_once(paced: str) -> None:
    limiter = get_limiter(paced)
    limiter.exhaust_until(datetime.now(UTC) + timedelta(minutes=5))
    with pytest.raises(QuotaExhausted):
        limiter.acquire(10)


def _run_workers(model: str, env: dict[str, str], processes: int = 2, each: int = 4) -> list[float]:
    cmd = [sys.executable, "-m", "tests.llm.acquire_worker", model, str(each), "10"]
    procs = [
        subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(processes)
    ]
    stamps: list[float] = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        stamps += [float(line) for line in out.split()]
    return sorted(stamps)


def _max_bucket_level(stamps: list[float], capacity: int, window: float) -> float:
    """The fullest a bucket of ``capacity`` refilling over ``window`` got (what Groq checks)."""
    rate, level, last = capacity / window, 0.0, None
    peak = 0.0
    for t in stamps:
        level = level if last is None else max(0.0, level - (t - last) * rate)
        level, last = level + 1, t
        peak = max(peak, level)
    return peak


def _worker_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        EMBEDDED_PG_DB=connection.settings_dict["NAME"],
        LLM_RPM="4",
        LLM_TPM="10000",
        LLM_RPD="10000",
        LLM_TPD="10000000",
        LLM_TIME_SCALE="30",
        **extra,
    )
    return env


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_it_paces_two_real_processes_together_with_postgres(paced: str) -> None:
    _run_workers(paced, _worker_env({}))
    stamps = sorted(
        at.timestamp() for at in LLMUsage.objects.filter(model=paced).values_list("at", flat=True)
    )  # when the limiter granted each request
    assert len(stamps) == 8
    assert _max_bucket_level(stamps, 4, 2.0) <= 4.05  # never more than the provider allows
    assert stamps[-1] - stamps[0] >= 1.9  # 4 beyond the burst at 2 per second


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_it_paces_two_real_processes_together_with_redis(paced: str, redis_url: str) -> None:
    _run_workers(paced, _worker_env({"REDIS_URL": redis_url}))
    granted = redis.Redis.from_url(redis_url).zrange(
        f"screener:llm:{paced}:usage", 0, -1, withscores=True
    )
    stamps = sorted(score for _, score in granted)  # when the limiter granted each request
    assert len(stamps) == 8
    assert _max_bucket_level(stamps, 4, 2.0) <= 4.05
    assert stamps[-1] - stamps[0] >= 1.9
    keys = redis.Redis.from_url(redis_url).keys(f"screener:llm:{paced}:*")
    assert keys, "the Redis store was used"


@pytest.mark.django_db(transaction=True)
def test_a_429_block_in_redis_reaches_another_worker(paced: str, redis_url: str, settings) -> None:  # noqa: ANN001
    settings.REDIS_URL = redis_url
    get_limiter(paced).block_all(1.5)
    waited: list[float] = []

    def other_worker() -> None:
        started = time.monotonic()
        get_limiter(paced).acquire(10)
        waited.append(time.monotonic() - started)

    thread = threading.Thread(target=other_worker)
    thread.start()
    thread.join(10)
    assert waited and waited[0] >= 1.4
