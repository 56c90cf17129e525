"""The shared LLM limiter's stores, and :func:`get_limiter`, which picks one.

The rule and the waiting loop are in :mod:`screener.lib.llm.pacing`; this module keeps
the state in PostgreSQL (one ``LLMLimiterState`` row per model, locked with
``SELECT … FOR UPDATE``, and ``LLMUsage`` rows), or in Redis when ``REDIS_URL`` is set
(:mod:`llm.redis_limiter`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from llm.models import LLMLimiterState, LLMUsage
from llm.redis_limiter import RedisLimiter
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

__all__ = ["Limiter", "PostgresLimiter", "RedisLimiter", "get_limiter"]


class PostgresLimiter(Limiter):
    """The limiter backed by LLMLimiterState/LLMUsage rows (row lock per model)."""

    def _try_reserve(self, need: int) -> tuple[Decision, int | None]:
        now = timezone.now()
        minute, day = window_seconds()
        with transaction.atomic():
            state = self._locked_state()
            day_events = list(
                LLMUsage.objects.filter(
                    model=self.model, at__gt=now - timedelta(seconds=day)
                ).values_list("at", "tokens")
            )
            cutoff = now - timedelta(seconds=minute)
            decision = decide(
                now=now,
                need=need,
                limits=configured_limits(state.learned_rpd, state.learned_tpm),
                minute_events=[e for e in day_events if e[0] > cutoff],
                day_events=day_events,
                blocked_until=state.blocked_until,
                quota_reset_at=state.quota_reset_at,
                server=_server_view(state),
            )
            if decision.wait > 0 or decision.quota_until is not None:
                return decision, None
            usage = LLMUsage.objects.create(model=self.model, at=now, tokens=need)
            return decision, usage.id

    def _locked_state(self) -> LLMLimiterState:
        LLMLimiterState.objects.get_or_create(model=self.model)
        return LLMLimiterState.objects.select_for_update().get(model=self.model)

    def settle(self, usage_id: int, tokens: int | None) -> None:
        """Replace a reservation's estimate by the real token count (None: nothing was sent)."""
        if tokens is None:
            LLMUsage.objects.filter(id=usage_id).delete()
        else:
            LLMUsage.objects.filter(id=usage_id).update(tokens=tokens)

    def observe(self, snapshot: RateLimitSnapshot) -> None:
        """Learn limits and remaining budget from a response's headers."""
        if snapshot == RateLimitSnapshot():
            return
        now = timezone.now()
        fields = observed_fields(snapshot, now)
        LLMLimiterState.objects.get_or_create(model=self.model)
        LLMLimiterState.objects.filter(model=self.model).update(**fields)

    def block_all(self, seconds: float) -> None:
        """A 429: make every worker wait ``seconds``."""
        until = timezone.now() + timedelta(seconds=seconds)
        with transaction.atomic():
            state = self._locked_state()
            if not state.blocked_until or state.blocked_until < until:
                LLMLimiterState.objects.filter(id=state.id).update(blocked_until=until)

    def exhaust_until(self, when: datetime) -> None:
        """The daily budget is gone until ``when``."""
        LLMLimiterState.objects.get_or_create(model=self.model)
        LLMLimiterState.objects.filter(model=self.model).update(quota_reset_at=when)

    def status(self) -> dict[str, object]:
        """Limits, learned figures and what was used, for `llm_status` and the dashboard."""
        state = LLMLimiterState.objects.filter(model=self.model).first()
        now = timezone.now()
        minute, day = window_seconds()
        day_qs = LLMUsage.objects.filter(model=self.model, at__gt=now - timedelta(seconds=day))
        minute_qs = day_qs.filter(at__gt=now - timedelta(seconds=minute))
        limits = configured_limits(state and state.learned_rpd, state and state.learned_tpm)
        day_tokens = sum(day_qs.values_list("tokens", flat=True))
        return {
            "model": self.model,
            "limits": limits,
            "learned_rpd": state and state.learned_rpd,
            "learned_tpm": state and state.learned_tpm,
            "requests_today": day_qs.count(),
            "tokens_today": day_tokens,
            "requests_last_minute": minute_qs.count(),
            "tokens_last_minute": sum(minute_qs.values_list("tokens", flat=True)),
            "requests_left_today": max(limits.rpd - day_qs.count(), 0),
            "tokens_left_today": max(limits.tpd - day_tokens, 0),
            "server_remaining_requests": state and state.remaining_requests,
            "server_remaining_tokens": state and state.remaining_tokens,
            "blocked_until": state and state.blocked_until,
            "quota_reset_at": state and state.quota_reset_at,
        }


def _server_view(state: LLMLimiterState) -> ServerView:
    return ServerView(
        remaining_tokens=state.remaining_tokens,
        tokens_reset_at=state.tokens_reset_at,
        remaining_requests=state.remaining_requests,
        requests_reset_at=state.requests_reset_at,
        observed_at=state.observed_at,
    )


def get_limiter(model: str) -> Limiter:
    """The limiter for ``model``: Redis-backed when REDIS_URL is set, else PostgreSQL."""
    if settings.REDIS_URL:
        return RedisLimiter(model, settings.REDIS_URL)
    return PostgresLimiter(model)
