"""Reads of the LLM's tables: what calls cost, and what budget the shared limiter has left."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from llm.limiter import get_limiter
from llm.models import LLMCall
from screener.lib.llm.config import config
from screener.lib.llm.errors import NotConfigured


@dataclass(frozen=True)
class LLMRunSummary:
    calls: int
    prompt_tokens: int
    completion_tokens: int
    rate_limited: int
    failed: int
    cost_usd: float

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def llm_summary(calls: QuerySet[LLMCall]) -> LLMRunSummary:
    """Calls, tokens, 429s, failures and estimated cost (settings.LLM_PRICES) of some LLM calls."""
    rows = calls.values("model").annotate(
        n=Count("id"),
        p=Sum("prompt_tokens"),
        c=Sum("completion_tokens"),
        limited=Count("id", filter=Q(status="429")),
        bad=Count("id", filter=~Q(status__in=["200", "429"])),
    )
    total = LLMRunSummary(0, 0, 0, 0, 0, 0.0)
    for row in rows:
        price_in, price_out = settings.LLM_PRICES.get(row["model"], (0.0, 0.0))
        total = LLMRunSummary(
            calls=total.calls + row["n"],
            prompt_tokens=total.prompt_tokens + (row["p"] or 0),
            completion_tokens=total.completion_tokens + (row["c"] or 0),
            rate_limited=total.rate_limited + row["limited"],
            failed=total.failed + row["bad"],
            cost_usd=total.cost_usd
            + ((row["p"] or 0) * price_in + (row["c"] or 0) * price_out) / 1_000_000,
        )
    return total


@dataclass(frozen=True)
class LLMBudget:
    configured: bool
    message: str
    requests_left: int = 0
    tokens_left: int = 0
    waiting_until: object = None


def llm_budget() -> LLMBudget:
    """Whether LLM features are on, and what the shared limiter says is left today."""
    try:
        cfg = config()
    except NotConfigured as exc:
        return LLMBudget(configured=False, message=str(exc))
    status = get_limiter(cfg.model).status()
    return LLMBudget(
        configured=True,
        message=cfg.model,
        requests_left=status["requests_left_today"],
        tokens_left=status["tokens_left_today"],
        waiting_until=status["quota_reset_at"],
    )
