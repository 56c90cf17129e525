"""The HTTP layer under the groq SDK: every request is paced, every response logged.

The groq SDK sends through an ``httpx.Client`` we build, whose event hooks run for
each HTTP request, including instructor's re-asks: before sending, the request's
tokens are estimated and the shared limiter is asked for room; after receiving,
the rate-limit headers are learned and the call is logged through ``CallContext.log``
(``llm.gateway.log_call`` writes an LLMCall row; no Django models here).
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from screener.lib.llm.pacing import Limiter
from screener.lib.llm.ratelimit_headers import RateLimitSnapshot, parse_rate_limit_headers

logger = logging.getLogger(__name__)

SDK_PREFIX = "/openai/v1"  # the path the groq SDK puts before /chat/completions
CHARS_PER_TOKEN = 4


# log(ctx, status, snapshot, prompt_tokens, completion_tokens, error): record one HTTP attempt
CallLogger = Callable[["CallContext", str, RateLimitSnapshot, int, int, str], None]


@dataclass
class CallContext:
    """What the hooks need to know about the extract() call in progress."""

    purpose: str
    model: str
    limiter: Limiter
    log: CallLogger
    run_id: int | None = None
    item_key: str = ""
    max_tokens: int = 1024
    usage_id: int | None = None
    started: float = 0.0
    calls: list[int] = field(default_factory=list)


current_call: ContextVar[CallContext | None] = ContextVar("current_llm_call", default=None)


def estimate_tokens(text: str) -> int:
    """A provider-independent estimate: about four characters a token, rounded up."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def estimate_request_tokens(body: bytes, default_output: int) -> int:
    """Prompt tokens of a chat request body plus the output it may produce."""
    try:
        payload = json.loads(body or b"{}")
    except ValueError:
        return estimate_tokens(body.decode("utf-8", "replace"))
    text = "".join(str(m.get("content") or "") for m in payload.get("messages", []))
    if payload.get("response_format"):
        text += json.dumps(payload["response_format"])
    output = payload.get("max_completion_tokens") or payload.get("max_tokens") or default_output
    return estimate_tokens(text) + int(output)


def build_http_client(api_root: str, timeout: float) -> httpx.Client:
    """An httpx client whose requests go to ``api_root`` and through our hooks."""
    root_path = urlsplit(api_root).path.rstrip("/")

    def before_send(request: httpx.Request) -> None:
        path = request.url.path
        if path.startswith(SDK_PREFIX) and root_path != SDK_PREFIX:
            request.url = request.url.copy_with(path=root_path + path[len(SDK_PREFIX) :])
        ctx = current_call.get()
        if ctx is None:
            return
        request.headers["X-Screener-Purpose"] = ctx.purpose
        need = estimate_request_tokens(request.content, ctx.max_tokens)
        ctx.usage_id = ctx.limiter.acquire(need)
        ctx.started = time.monotonic()

    return httpx.Client(
        timeout=timeout, event_hooks={"request": [before_send], "response": [after_receive]}
    )


def after_receive(response: httpx.Response) -> None:
    """Learn the headers, settle the reservation and log the call."""
    ctx = current_call.get()
    if ctx is None:
        return
    response.read()
    snapshot = parse_rate_limit_headers(response.headers)
    ctx.limiter.observe(snapshot)
    prompt, completion = _usage(response)
    if ctx.usage_id is not None:
        rejected = response.status_code in (413, 429)
        ctx.limiter.settle(ctx.usage_id, None if rejected else (prompt + completion or None))
        ctx.usage_id = None
    error = "" if response.is_success else response.text[:2000]
    ctx.log(ctx, str(response.status_code), snapshot, prompt, completion, error)


def _usage(response: httpx.Response) -> tuple[int, int]:
    if not response.is_success:
        return 0, 0
    try:
        usage = response.json().get("usage") or {}
    except ValueError:
        return 0, 0
    return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
