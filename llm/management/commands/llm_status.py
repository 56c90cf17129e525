"""Print the LLM configuration, the limits (configured and learned), today's budget and calls."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from llm.limiter import get_limiter
from llm.models import LLMCall
from llm.selectors import llm_summary
from screener.command_utils import table
from screener.lib.llm.config import config
from screener.lib.llm.errors import NotConfigured


class Command(BaseCommand):
    help = (
        "Show the LLM provider configuration, configured and learned rate limits, the budget "
        "left today (from the shared limiter) and the most recent calls."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--calls", type=int, default=10, help="recent calls to list (10)")
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            cfg = config()
            configured = f"{cfg.model} at {cfg.api_root}"
        except NotConfigured as exc:
            configured = f"NOT CONFIGURED: {exc}"
        status = get_limiter(settings.LLM_MODEL).status()
        since = timezone.now() - timezone.timedelta(days=1)
        today = llm_summary(LLMCall.objects.filter(created_at__gte=since))
        recent = list(LLMCall.objects.order_by("-created_at")[: opts["calls"]])
        if opts["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "provider": configured,
                        "status": status,
                        "last_24h": today.__dict__,
                        "recent": [_call_dict(c) for c in recent],
                    },
                    default=str,
                    indent=2,
                )
            )
            return
        self._print_text(configured, status, today, recent)

    def _print_text(self, configured: str, status: dict, today: Any, recent: list) -> None:
        limits = status["limits"]
        self.stdout.write(f"Provider: {configured}")
        self.stdout.write(
            table(
                ["limit", "configured", "learned from headers", "used", "left"],
                [
                    ["requests/minute", settings.LLM_RPM, "-", status["requests_last_minute"], "-"],
                    [
                        "tokens/minute",
                        settings.LLM_TPM,
                        status["learned_tpm"] or "-",
                        status["tokens_last_minute"],
                        status["server_remaining_tokens"] or "-",
                    ],
                    [
                        "requests/day",
                        settings.LLM_RPD,
                        status["learned_rpd"] or "-",
                        status["requests_today"],
                        status["requests_left_today"],
                    ],
                    [
                        "tokens/day",
                        limits.tpd,
                        "-",
                        status["tokens_today"],
                        status["tokens_left_today"],
                    ],
                ],
            )
        )
        if status["blocked_until"] and status["blocked_until"] > timezone.now():
            self.stdout.write(f"Rate-limited until {status['blocked_until']:%H:%M:%S} UTC")
        if status["quota_reset_at"] and status["quota_reset_at"] > timezone.now():
            self.stdout.write(
                f"Daily quota used up until {status['quota_reset_at']:%Y-%m-%d %H:%M} UTC"
            )
        self.stdout.write(
            f"Last 24 h: {today.calls} calls, {today.tokens} tokens, {today.rate_limited} "
            f"rate-limited, {today.failed} failed, ≈ ${today.cost_usd:.4f}"
        )
        self.stdout.write(
            table(
                ["time", "purpose", "status", "tokens", "ms", "item"],
                [
                    [
                        f"{c.created_at:%H:%M:%S}",
                        c.purpose,
                        c.status,
                        c.total_tokens,
                        c.latency_ms,
                        c.item_key,
                    ]
                    for c in recent
                ],
            )
            if recent
            else "No LLM calls yet."
        )


def _call_dict(call: LLMCall) -> dict[str, object]:
    return {
        "at": call.created_at,
        "purpose": call.purpose,
        "status": call.status,
        "prompt_tokens": call.prompt_tokens,
        "completion_tokens": call.completion_tokens,
        "latency_ms": call.latency_ms,
        "run": call.run_id,
        "item": call.item_key,
    }
