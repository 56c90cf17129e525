"""A rate limiter shared by every worker process, paced to the provider's limits.

Per minute, the pacing rule mirrors how Groq counts: a bucket of ``RPM`` requests and
one of ``TPM`` tokens that refill continuously (its reset headers give the time until
full); a request may go when it fits both. Per day, a sliding window: the requests and
tokens of the last 24 h must stay within RPD and TPD. On top of it:

* what the provider told us last (``x-ratelimit-remaining-tokens`` and its reset)
  wins over our own count while it is fresh;
* a 429 sets ``blocked_until`` for everyone, not just the worker that got it;
* an exhausted daily budget sets ``quota_reset_at``: ``acquire`` then raises
  :class:`QuotaExhausted` at once, so the Run can park instead of sleeping for hours.

This module is the rule (:func:`decide`, pure) and the waiting loop (:class:`Limiter`);
the state lives in a store: PostgreSQL (``llm.limiter``, one row per model locked with
``SELECT … FOR UPDATE``) or, when ``REDIS_URL`` is set, Redis (``llm.redis_limiter``);
``llm.limiter.get_limiter`` picks one. No Django models here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from screener.lib.llm.errors import QuotaExhausted, RequestTooLarge
from screener.lib.llm.ratelimit_headers import RateLimitSnapshot

logger = logging.getLogger(__name__)

MAX_SLEEP = 5.0  # re-check shared state at least this often while waiting


@dataclass(frozen=True)
class Limits:
    rpm: int
    rpd: int
    tpm: int
    tpd: int


@dataclass(frozen=True)
class ServerView:
    """What the provider said last: remaining budget and when it resets."""

    remaining_tokens: int | None = None
    tokens_reset_at: datetime | None = None
    remaining_requests: int | None = None
    requests_reset_at: datetime | None = None
    observed_at: datetime | None = None


@dataclass(frozen=True)
class Decision:
    """``wait == 0`` means send now; ``quota_until`` means stop until then."""

    wait: float = 0.0
    quota_until: datetime | None = None
    reason: str = ""


def window_seconds() -> tuple[float, float]:
    """Length of the minute and day windows (shortened in tests by LLM_TIME_SCALE)."""
    scale = settings.LLM_TIME_SCALE
    return 60.0 / scale, 86_400.0 / scale


def _wait_for_room(
    events: Sequence[tuple[datetime, int]],
    now: datetime,
    window: float,
    max_requests: int,
    max_tokens: int,
    need: int,
) -> float:
    """Seconds until the window has room for one more request of ``need`` tokens."""
    live = [(at, tokens) for at, tokens in events if (now - at).total_seconds() < window]
    requests, used = len(live), sum(tokens for _, tokens in live)
    if requests + 1 <= max_requests and used + need <= max_tokens:
        return 0.0
    for at, tokens in sorted(live):
        requests, used = requests - 1, used - tokens
        if requests + 1 <= max_requests and used + need <= max_tokens:
            return max(0.0, window - (now - at).total_seconds())
    return window


def _bucket_wait(
    events: Sequence[tuple[datetime, int]],
    now: datetime,
    window: float,
    capacity: int,
    amount: float,
    weight: bool,
) -> float:
    """Seconds until ``amount`` fits a bucket of ``capacity`` refilling over ``window``.

    ``events`` are (time, tokens); with ``weight=False`` each event counts as 1 (requests).
    """
    rate = capacity / window
    level, last = 0.0, None
    for at, tokens in sorted(events):
        if last is not None:
            level = max(0.0, level - (at - last).total_seconds() * rate)
        level += tokens if weight else 1
        last = at
    if last is not None:
        level = max(0.0, level - (now - last).total_seconds() * rate)
    overflow = level + amount - capacity
    return max(0.0, overflow / rate)


def decide(
    *,
    now: datetime,
    need: int,
    limits: Limits,
    minute_events: Sequence[tuple[datetime, int]],
    day_events: Sequence[tuple[datetime, int]],
    blocked_until: datetime | None,
    quota_reset_at: datetime | None,
    server: ServerView,
) -> Decision:
    """Decide whether a request of ``need`` tokens may be sent at ``now``. Pure."""
    if quota_reset_at and quota_reset_at > now:
        return Decision(quota_until=quota_reset_at, reason="daily quota used up")
    if need > limits.tpm:
        raise RequestTooLarge(
            f"request of about {need} tokens exceeds the {limits.tpm} tokens/minute limit"
        )
    minute, day = window_seconds()
    day_wait = _wait_for_room(day_events, now, day, limits.rpd, limits.tpd, need)
    if day_wait > 0:
        return Decision(quota_until=now + timedelta(seconds=day_wait), reason="daily limit")
    if (
        server.remaining_requests == 0
        and server.requests_reset_at
        and server.requests_reset_at > now
    ):
        return Decision(
            quota_until=server.requests_reset_at, reason="provider: no requests left today"
        )
    waits = [
        (blocked_until - now).total_seconds() if blocked_until and blocked_until > now else 0.0,
        _bucket_wait(minute_events, now, minute, limits.rpm, 1, weight=False),
        _bucket_wait(minute_events, now, minute, limits.tpm, need, weight=True),
        _server_token_wait(server, now, need, minute_events, limits.tpm),
    ]
    return Decision(wait=max(waits), reason="pacing")


def _server_token_wait(
    server: ServerView,
    now: datetime,
    need: int,
    minute_events: Sequence[tuple[datetime, int]],
    tpm: int,
) -> float:
    """Wait implied by the provider's last remaining-tokens figure, while it is fresh.

    The provider refills its per-minute budget continuously (the reset header is the time
    until it is full again), so we wait for just the missing tokens at ``tpm`` per minute,
    never longer than the announced reset.
    """
    if (
        server.remaining_tokens is None
        or server.tokens_reset_at is None
        or server.observed_at is None
    ):
        return 0.0
    if server.tokens_reset_at <= now:
        return 0.0
    since = sum(tokens for at, tokens in minute_events if at > server.observed_at)
    refilled = (now - server.observed_at).total_seconds() * tpm / window_seconds()[0]
    missing = need - (server.remaining_tokens - since + refilled)
    if missing <= 0:
        return 0.0
    to_reset = (server.tokens_reset_at - now).total_seconds()
    return min(to_reset, missing * window_seconds()[0] / tpm)


def configured_limits(learned_rpd: int | None = None, learned_tpm: int | None = None) -> Limits:
    """Configured limits, with the per-day requests and per-minute tokens learned from headers."""
    return Limits(
        rpm=settings.LLM_RPM,
        rpd=learned_rpd or settings.LLM_RPD,
        tpm=learned_tpm or settings.LLM_TPM,
        tpd=settings.LLM_TPD,
    )


# --- the waiting loop shared by the stores (llm.limiter, llm.redis_limiter) -----------------------


class Limiter:
    """The waiting loop shared by both stores; subclasses keep the state."""

    def __init__(self, model: str) -> None:
        self.model = model

    def _try_reserve(self, need: int) -> tuple[Decision, int | None]:
        """Apply :func:`decide` under the store's lock; reserve ``need`` tokens if it says go."""
        raise NotImplementedError

    def settle(self, usage_id: int, tokens: int | None) -> None:
        """Replace a reservation's estimate by the real token count (None: nothing was sent)."""
        raise NotImplementedError

    def observe(self, snapshot: RateLimitSnapshot) -> None:
        """Learn limits and remaining budget from a response's headers."""
        raise NotImplementedError

    def block_all(self, seconds: float) -> None:
        """A 429: make every worker wait ``seconds``."""
        raise NotImplementedError

    def exhaust_until(self, when: datetime) -> None:
        """The daily budget is gone until ``when``."""
        raise NotImplementedError

    def status(self) -> dict[str, object]:
        """Limits, learned figures and what was used, for `llm_status` and the dashboard."""
        raise NotImplementedError

    def acquire(self, need: int) -> int:
        """Block until a request of ``need`` tokens may go; return its usage id."""
        while True:
            decision, usage_id = self._try_reserve(need)
            if usage_id is not None:
                return usage_id
            if decision.quota_until is not None:
                raise QuotaExhausted(
                    f"LLM daily quota used up ({decision.reason}); resumes at "
                    f"{decision.quota_until:%Y-%m-%d %H:%M:%S} UTC",
                    decision.quota_until,
                )
            time.sleep(min(decision.wait, MAX_SLEEP))


def observed_fields(snapshot: RateLimitSnapshot, now: datetime) -> dict[str, object]:
    """What a response's rate-limit headers teach us, as state fields."""
    fields: dict[str, object] = {"observed_at": now}
    if snapshot.limit_requests:
        fields["learned_rpd"] = snapshot.limit_requests
    if snapshot.limit_tokens:
        fields["learned_tpm"] = snapshot.limit_tokens
    if snapshot.remaining_tokens is not None:
        fields["remaining_tokens"] = snapshot.remaining_tokens
    if snapshot.reset_tokens_seconds is not None:
        fields["tokens_reset_at"] = now + timedelta(seconds=snapshot.reset_tokens_seconds)
    if snapshot.remaining_requests is not None:
        fields["remaining_requests"] = snapshot.remaining_requests
    if snapshot.reset_requests_seconds is not None:
        fields["requests_reset_at"] = now + timedelta(seconds=snapshot.reset_requests_seconds)
    return fields
