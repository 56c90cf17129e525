"""The LLM gateway apps call: ``extract()`` gives one validated answer, cached and logged.

Pacing, the HTTP hooks and the provider's SDK are in ``screener.lib.llm`` (framework-free,
the only code that imports groq/instructor is ``screener.lib.llm.client``); this module
adds what needs the database: the answer cache (LLMCacheEntry), the call log (LLMCall) and
the shared limiter's store (``llm.limiter``).
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import TypeVar

from pydantic import BaseModel

from llm.limiter import get_limiter
from llm.models import LLMCacheEntry, LLMCall
from screener.lib.llm.client import complete
from screener.lib.llm.config import LLMConfig, config
from screener.lib.llm.ratelimit_headers import RateLimitSnapshot
from screener.lib.llm.transport import CallContext, current_call

__all__ = ["LLMConfig", "cache_key", "config", "extract", "log_call"]

T = TypeVar("T", bound=BaseModel)


def cache_key(
    model: str, prompt_version: str, schema: type[BaseModel], system: str, user: str
) -> str:
    """Identical (model, prompt version, schema, input) → identical key."""
    blob = json.dumps(
        [model, prompt_version, schema.__name__, schema.model_json_schema(), system, user],
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def extract(
    schema: type[T],
    *,
    system: str,
    user: str,
    purpose: str,
    run_id: int | None = None,
    item_key: str = "",
    prompt_version: str = "1",
    max_tokens: int = 1024,
    use_cache: bool = True,
) -> T:
    """Ask the model for one ``schema`` instance; raise an LLMError subclass on failure."""
    cfg = config()
    key = cache_key(cfg.model, prompt_version, schema, system, user)
    if use_cache and (hit := LLMCacheEntry.objects.filter(key=key).first()):
        return schema.model_validate(hit.response)
    ctx = CallContext(
        purpose=purpose,
        model=cfg.model,
        limiter=get_limiter(cfg.model),
        log=log_call,
        run_id=run_id,
        item_key=item_key,
        max_tokens=max_tokens,
    )
    token = current_call.set(ctx)
    try:
        result = complete(cfg, ctx, schema, system, user)
    finally:
        current_call.reset(token)
    LLMCacheEntry.objects.update_or_create(
        key=key,
        defaults={
            "purpose": purpose,
            "model": cfg.model,
            "prompt_version": prompt_version,
            "response": result.model_dump(mode="json"),
        },
    )
    return result


def log_call(
    ctx: CallContext,
    status: str,
    snapshot: RateLimitSnapshot,
    prompt: int = 0,
    completion: int = 0,
    error: str = "",
) -> None:
    """Write one LLMCall row for an HTTP attempt."""
    latency = int((time.monotonic() - ctx.started) * 1000) if ctx.started else 0
    call = LLMCall.objects.create(
        purpose=ctx.purpose,
        model=ctx.model,
        status=status,
        prompt_tokens=prompt,
        completion_tokens=completion,
        latency_ms=latency,
        error=error,
        run_id=ctx.run_id,
        item_key=ctx.item_key,
        limit_requests=snapshot.limit_requests,
        remaining_requests=snapshot.remaining_requests,
        reset_requests_s=snapshot.reset_requests_seconds,
        limit_tokens=snapshot.limit_tokens,
        remaining_tokens=snapshot.remaining_tokens,
        reset_tokens_s=snapshot.reset_tokens_seconds,
    )
    ctx.calls.append(call.id)
