"""The shared limiter kept in Redis (used when REDIS_URL is set, e.g. workers on many hosts).

Same rule as the PostgreSQL store (:func:`screener.lib.llm.pacing.decide`); a Redis
lock per model plays the part of the row lock. Keys: ``<prefix>:usage`` (sorted set of
reservation ids by time), ``<prefix>:tokens`` (hash id → tokens), ``<prefix>:state``.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta

import redis
from django.utils import timezone

from screener.lib.llm.pacing import (
    Decision,
    Limiter,
    ServerView,
    configured_limits,
    decide,
    observed_fields,
    window_seconds,
)
from screener.lib.llm.ratelimit_headers import RateLimitSnapshot

_TIME_FIELDS = (
    "blocked_until",
    "quota_reset_at",
    "tokens_reset_at",
    "requests_reset_at",
    "observed_at",
)
_INT_FIELDS = ("learned_rpd", "learned_tpm", "remaining_requests", "remaining_tokens")


@functools.cache
def _connection(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, decode_responses=True)


class RedisLimiter(Limiter):
    """Limiter state in Redis, serialised by a Redis lock."""

    def __init__(self, model: str, url: str) -> None:
        super().__init__(model)
        self.redis = _connection(url)
        self.prefix = f"screener:llm:{model}"

    def _lock(self) -> redis.lock.Lock:
        return self.redis.lock(f"{self.prefix}:lock", timeout=10, blocking_timeout=30)

    def _state(self) -> dict[str, object]:
        raw = self.redis.hgetall(f"{self.prefix}:state")
        state: dict[str, object] = {}
        for key in _TIME_FIELDS:
            state[key] = datetime.fromtimestamp(float(raw[key]), UTC) if raw.get(key) else None
        for key in _INT_FIELDS:
            state[key] = int(raw[key]) if raw.get(key) else None
        return state

    def _save(self, fields: dict[str, object]) -> None:
        encoded = {
            key: (value.timestamp() if isinstance(value, datetime) else value)
            for key, value in fields.items()
            if value is not None
        }
        if encoded:
            self.redis.hset(f"{self.prefix}:state", mapping=encoded)

    def _events(self, since: datetime) -> list[tuple[datetime, int]]:
        ids = self.redis.zrangebyscore(
            f"{self.prefix}:usage", since.timestamp(), "+inf", withscores=True
        )
        if not ids:
            return []
        tokens = self.redis.hmget(f"{self.prefix}:tokens", [i for i, _ in ids])
        return [
            (datetime.fromtimestamp(score, UTC), int(t or 0))
            for (_, score), t in zip(ids, tokens, strict=True)
        ]

    def _try_reserve(self, need: int) -> tuple[Decision, int | None]:
        now = timezone.now()
        minute, day = window_seconds()
        with self._lock():
            self.redis.zremrangebyscore(
                f"{self.prefix}:usage", "-inf", (now - timedelta(seconds=day)).timestamp()
            )
            state = self._state()
            day_events = self._events(now - timedelta(seconds=day))
            cutoff = now - timedelta(seconds=minute)
            decision = decide(
                now=now,
                need=need,
                limits=configured_limits(state["learned_rpd"], state["learned_tpm"]),
                minute_events=[e for e in day_events if e[0] > cutoff],
                day_events=day_events,
                blocked_until=state["blocked_until"],
                quota_reset_at=state["quota_reset_at"],
                server=ServerView(
                    remaining_tokens=state["remaining_tokens"],
                    tokens_reset_at=state["tokens_reset_at"],
                    remaining_requests=state["remaining_requests"],
                    requests_reset_at=state["requests_reset_at"],
                    observed_at=state["observed_at"],
                ),
            )
            if decision.wait > 0 or decision.quota_until is not None:
                return decision, None
            usage_id = int(self.redis.incr(f"{self.prefix}:next_id"))
            self.redis.hset(f"{self.prefix}:tokens", str(usage_id), need)
            self.redis.zadd(f"{self.prefix}:usage", {str(usage_id): now.timestamp()})
            return decision, usage_id

    def settle(self, usage_id: int, tokens: int | None) -> None:
        if tokens is None:
            self.redis.zrem(f"{self.prefix}:usage", str(usage_id))
            self.redis.hdel(f"{self.prefix}:tokens", str(usage_id))
        else:
            self.redis.hset(f"{self.prefix}:tokens", str(usage_id), tokens)

    def observe(self, snapshot: RateLimitSnapshot) -> None:
        if snapshot != RateLimitSnapshot():
            self._save(observed_fields(snapshot, timezone.now()))

    def block_all(self, seconds: float) -> None:
        until = timezone.now() + timedelta(seconds=seconds)
        with self._lock():
            current = self._state()["blocked_until"]
            if current is None or current < until:
                self._save({"blocked_until": until})

    def exhaust_until(self, when: datetime) -> None:
        self._save({"quota_reset_at": when})

    def status(self) -> dict[str, object]:
        now = timezone.now()
        minute, day = window_seconds()
        state = self._state()
        day_events = self._events(now - timedelta(seconds=day))
        minute_events = [e for e in day_events if e[0] > now - timedelta(seconds=minute)]
        limits = configured_limits(state["learned_rpd"], state["learned_tpm"])
        day_tokens = sum(t for _, t in day_events)
        return {
            "model": self.model,
            "limits": limits,
            "learned_rpd": state["learned_rpd"],
            "learned_tpm": state["learned_tpm"],
            "requests_today": len(day_events),
            "tokens_today": day_tokens,
            "requests_last_minute": len(minute_events),
            "tokens_last_minute": sum(t for _, t in minute_events),
            "requests_left_today": max(limits.rpd - len(day_events), 0),
            "tokens_left_today": max(limits.tpd - day_tokens, 0),
            "server_remaining_requests": state["remaining_requests"],
            "server_remaining_tokens": state["remaining_tokens"],
            "blocked_until": state["blocked_until"],
            "quota_reset_at": state["quota_reset_at"],
        }
