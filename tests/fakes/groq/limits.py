"""Rate-limit accounting and headers, like Groq's: continuously refilling buckets (GCRA).

Each limit (rpm, rpd, tpm, tpd; ``None`` = unlimited) is a bucket of capacity ``limit`` that
drains at ``limit / window`` per second; ``time_scale`` shrinks the windows. Nothing here is
thread-safe on its own: the server's lock guards every call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from screener.lib.llm.ratelimit_headers import format_go_duration

MINUTE = 60.0
DAY = 86_400.0
WINDOWS = {"rpm": MINUTE, "rpd": DAY, "tpm": MINUTE, "tpd": DAY}
UPGRADE = "Upgrade to Dev Tier today at https://console.groq.com/settings/billing"


class Bucket:
    """A continuously draining bucket: capacity ``limit``, drains ``limit/window`` per second.

    Not thread-safe on its own (see the module docstring).
    """

    def __init__(self, limit: int, window: float, now: float) -> None:
        self.limit = limit
        self.window = window
        self.level = 0.0
        self.last = now

    @property
    def rate(self) -> float:
        return self.limit / self.window

    def drain(self, now: float) -> None:
        if now > self.last:
            self.level = max(0.0, self.level - (now - self.last) * self.rate)
            self.last = now

    def wait_for(self, amount: float, now: float) -> float:
        """Seconds until ``amount`` more fits (0 if it fits now)."""
        self.drain(now)
        excess = self.level + amount - self.limit
        return 0.0 if excess <= 1e-9 else excess / self.rate

    def add(self, amount: float, now: float) -> None:
        self.drain(now)
        self.level += amount

    def remaining(self, now: float) -> int:
        self.drain(now)
        return max(0, math.floor(self.limit - self.level + 1e-9))

    def used(self, now: float) -> int:
        self.drain(now)
        return math.ceil(self.level - 1e-9)

    def reset_in(self, now: float) -> float:
        self.drain(now)
        return self.level / self.rate


@dataclass(frozen=True)
class Limit:
    key: str  # rpm / rpd / tpm / tpd
    name: str  # RPM / RPD / ...
    phrase: str  # "requests per minute"
    unit: str  # requests / tokens


LIMITS = {
    "rpm": Limit("rpm", "RPM", "requests per minute", "requests"),
    "rpd": Limit("rpd", "RPD", "requests per day", "requests"),
    "tpm": Limit("tpm", "TPM", "tokens per minute", "tokens"),
    "tpd": Limit("tpd", "TPD", "tokens per day", "tokens"),
}


class RateLimits:
    """The four buckets of one fake organization, plus forced daily exhaustion."""

    def __init__(self, limits: dict[str, int | None], time_scale: float, now: float) -> None:
        """Empty buckets for ``limits`` (key -> limit, ``None`` = unlimited)."""
        self.limits = limits
        self.buckets: dict[str, Bucket] = {}
        for key, limit in limits.items():
            if limit:
                self.buckets[key] = Bucket(limit, WINDOWS[key] / time_scale, now)
        self.daily_block_until: float | None = None
        self.daily_block_kind = "rpd"

    def exhaust_daily(self, until: float, kind: str) -> None:
        """Make the ``kind`` (rpd/tpd) budget read as used up until ``until`` (clock time)."""
        self.daily_block_until = until
        self.daily_block_kind = kind

    def daily_blocked(self, now: float) -> float:
        """Seconds of forced daily exhaustion left (0 when none); clears it when over."""
        until = self.daily_block_until
        if until is None:
            return 0.0
        if now >= until:
            self.daily_block_until = None
            for key in ("rpd", "tpd"):
                if key in self.buckets:
                    self.buckets[key].level = 0.0
                    self.buckets[key].last = now
            return 0.0
        return until - now

    def too_large(self, tokens: int) -> bool:
        """True when ``tokens`` exceed the per-minute limit: no wait can ever admit them."""
        tpm = self.limits["tpm"]
        return tpm is not None and tokens > tpm

    def admit(self, tokens: int, now: float) -> tuple[str, float] | None:
        """Return (limit key, wait seconds) of the worst violated limit, or None if it fits."""
        worst: tuple[str, float] | None = None
        blocked = self.daily_blocked(now)
        if blocked > 0:
            worst = (self.daily_block_kind, blocked)
        amounts = {"rpm": 1, "rpd": 1, "tpm": tokens, "tpd": tokens}
        for key, bucket in self.buckets.items():
            wait = bucket.wait_for(amounts[key], now)
            if wait > 0 and (worst is None or wait > worst[1]):
                worst = (key, wait)
        return worst

    def charge(self, requests: int, tokens: int, now: float) -> None:
        for key, bucket in self.buckets.items():
            bucket.add(requests if key in ("rpm", "rpd") else tokens, now)

    def headers(self, now: float) -> dict[str, str]:
        """The ``x-ratelimit-*`` headers: requests per DAY, tokens per MINUTE."""
        headers: dict[str, str] = {}
        blocked = self.daily_blocked(now)
        rpd = self.buckets.get("rpd")
        if rpd is not None:
            blocked_requests = blocked > 0 and self.daily_block_kind == "rpd"
            remaining = 0 if blocked_requests else rpd.remaining(now)
            reset = max(blocked, rpd.reset_in(now)) if blocked_requests else rpd.reset_in(now)
            headers["x-ratelimit-limit-requests"] = str(rpd.limit)
            headers["x-ratelimit-remaining-requests"] = str(remaining)
            headers["x-ratelimit-reset-requests"] = format_go_duration(reset)
        tpm = self.buckets.get("tpm")
        if tpm is not None:
            headers["x-ratelimit-limit-tokens"] = str(tpm.limit)
            headers["x-ratelimit-remaining-tokens"] = str(tpm.remaining(now))
            headers["x-ratelimit-reset-tokens"] = format_go_duration(tpm.reset_in(now))
        return headers

    def limit_message(
        self, key: str, model: str, organization: str, requested: int, wait: float, now: float
    ) -> str:
        """Groq's 429 message for the limit ``key`` ("Please try again in 7.66s")."""
        info = LIMITS[key]
        limit = self.limits[key] or 0
        bucket = self.buckets.get(key)
        used = bucket.used(now) if bucket is not None else limit
        if key == self.daily_block_kind and self.daily_blocked(now) > 0:
            used = limit
        need = "tokens" if info.unit == "tokens" else "requests"
        return (
            f"Rate limit reached for model `{model}` in organization `{organization}` "
            f"service tier `on_demand` on {info.phrase} ({info.name}): Limit {limit}, "
            f"Used {used}, Requested {requested}. Please try again in "
            f"{format_go_duration(wait)}. Need more {need}? {UPGRADE}"
        )

    def too_large_message(self, model: str, organization: str, requested: int) -> str:
        """Groq's 413 message for a request larger than the per-minute token limit."""
        return (
            f"Request too large for model `{model}` in organization "
            f"`{organization}` service tier `on_demand` on tokens per minute "
            f"(TPM): Limit {self.limits['tpm']}, Requested {requested}, please reduce your "
            f"message size and try again. Need more tokens? {UPGRADE}"
        )
