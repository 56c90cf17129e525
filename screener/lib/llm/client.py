"""The provider's SDK: the only code that imports groq and instructor.

:func:`complete` asks for one structured answer through the groq SDK (retries off)
wrapped by instructor (re-asks only when the answer is not valid JSON for the schema);
every other failure is classified here, and SDK types never leave this module:
429 per-minute → everyone waits, then retry (bounded); 429 per-day → QuotaExhausted;
413 → RequestTooLarge (never retried); 5xx/timeouts → bounded backoff with jitter.

Caching and the LLMCall log are the caller's (``llm.gateway.extract``); this module only
paces and logs through the :class:`CallContext` it is given. No Django models here.
"""

from __future__ import annotations

import functools
import logging
import random
import time
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

import groq
import instructor
from django.conf import settings
from django.utils import timezone
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel

from screener.lib.llm.config import LLMConfig
from screener.lib.llm.errors import (
    InvalidOutput,
    LLMError,
    ProviderError,
    QuotaExhausted,
    RateLimited,
    RequestTooLarge,
)
from screener.lib.llm.ratelimit_headers import (
    RateLimitSnapshot,
    parse_rate_limit_error,
    parse_retry_after,
    rate_limit_message_from_body,
)
from screener.lib.llm.transport import CallContext, build_http_client

logger = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)
MAX_RATE_LIMIT_WAITS = 6
STRICT_SCHEMA_MODELS = ("openai/gpt-oss-",)


def uses_strict_schema(model: str) -> bool:
    """gpt-oss models on Groq support strict json_schema; others get JSON mode."""
    return model.startswith(STRICT_SCHEMA_MODELS)


@functools.cache
def _client(cfg: LLMConfig) -> instructor.Instructor:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(cfg.api_root))
    sdk = groq.Groq(
        api_key=cfg.api_key,
        base_url=origin,
        max_retries=0,
        timeout=cfg.timeout,
        http_client=build_http_client(cfg.api_root, cfg.timeout),
    )
    if uses_strict_schema(cfg.model):
        client = instructor.from_groq(sdk, mode=instructor.Mode.JSON_SCHEMA)
        client.on("completion:kwargs", _make_schema_strict)
        return client
    return instructor.from_groq(sdk, mode=instructor.Mode.JSON)


def _make_schema_strict(*_args: Any, **kwargs: Any) -> None:
    """Turn instructor's json_schema request into Groq's strict form (in place)."""
    fmt = kwargs.get("response_format") or {}
    spec = fmt.get("json_schema") if isinstance(fmt, dict) else None
    if not spec:
        return
    spec["strict"] = True
    _close_objects(spec["schema"])


def _close_objects(node: Any) -> None:
    """Strict mode: every object lists all its properties as required, and no others."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
            node["required"] = list(node["properties"])
        for value in node.values():
            _close_objects(value)
    elif isinstance(node, list):
        for value in node:
            _close_objects(value)


def complete(cfg: LLMConfig, ctx: CallContext, schema: type[T], system: str, user: str) -> T:
    """One ``schema`` answer; waits out per-minute 429s and retries provider failures (bounded).

    Raises an :class:`~screener.lib.llm.errors.LLMError` subclass on failure. The HTTP
    hooks pace and log each attempt while ``ctx`` is the current call (see ``transport``).
    """
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    provider_failures = rate_limit_waits = 0
    while True:
        try:
            return _client(cfg).chat.completions.create(
                model=cfg.model,
                messages=messages,
                response_model=schema,
                max_retries=settings.LLM_MAX_REASKS,
                max_completion_tokens=ctx.max_tokens,
                temperature=0,
            )
        except Exception as exc:  # classified below; anything unknown is re-raised
            error = _classify(exc, ctx)
        if isinstance(error, RateLimited) and rate_limit_waits < MAX_RATE_LIMIT_WAITS:
            rate_limit_waits += 1
            ctx.limiter.block_all(error.retry_after or 1.0)
            continue
        if isinstance(error, ProviderError) and provider_failures < settings.LLM_PROVIDER_RETRIES:
            provider_failures += 1
            time.sleep(_backoff(provider_failures))
            continue
        raise error


def _backoff(attempt: int) -> float:
    """Exponential backoff with full jitter, capped at 20 s."""
    return random.uniform(0, min(20.0, 0.5 * 2**attempt))  # noqa: S311 - not crypto


def _classify(exc: Exception, ctx: CallContext) -> LLMError:
    """Map SDK/instructor exceptions (possibly wrapped) to our typed errors."""
    chain = _chain(exc)
    ours = [cause for cause in chain if isinstance(cause, LLMError)]
    if ours:  # raised by our own request hook (limiter), wrapped by the SDK
        return ours[0]
    for cause in chain:
        if isinstance(cause, groq.APIStatusError):
            return _from_status(cause, ctx)
        if isinstance(cause, groq.APITimeoutError):
            _log_failed_attempt(ctx, "timeout", str(cause))
            return ProviderError(
                f"the LLM provider did not answer within {settings.LLM_TIMEOUT:g} s"
            )
        if isinstance(cause, groq.APIConnectionError):
            _log_failed_attempt(ctx, "connection", str(cause))
            return ProviderError(f"could not reach the LLM provider: {cause}")
    if isinstance(exc, IncompleteOutputException):
        return InvalidOutput("the model's answer was cut off at the output token limit")
    if isinstance(exc, InstructorRetryException):
        return InvalidOutput(
            f"the model's answer was not valid after {exc.n_attempts} attempt(s): {str(exc)[:300]}"
        )
    raise exc


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def _log_failed_attempt(ctx: CallContext, status: str, error: str) -> None:
    if ctx.usage_id is not None:
        ctx.limiter.settle(ctx.usage_id, None)
        ctx.usage_id = None
    ctx.log(ctx, status, RateLimitSnapshot(), 0, 0, error[:2000])


def _from_status(err: groq.APIStatusError, ctx: CallContext) -> LLMError:
    status = err.status_code
    message = rate_limit_message_from_body(err.body) or str(err)
    if status == 413:
        return RequestTooLarge(f"the request is too large for the model's limits: {message}")
    if status == 429:
        info = parse_rate_limit_error(message)
        wait = parse_retry_after(err.response.headers) or info.try_again_seconds or 1.0
        if info.kind in ("rpd", "tpd"):
            resume_at = timezone.now() + timedelta(seconds=wait)
            ctx.limiter.exhaust_until(resume_at)
            return QuotaExhausted(f"LLM daily limit reached ({info.kind.upper()})", resume_at)
        return RateLimited(f"rate limited by the provider: {message[:200]}", retry_after=wait)
    if status in (401, 403):
        return ProviderError(
            f"the LLM provider rejected the API key ({status}); check GROQ_API_KEY"
        )
    if status >= 500 or status == 408:
        return ProviderError(f"the LLM provider failed ({status}): {message[:200]}")
    return ProviderError(f"the LLM provider refused the request ({status}): {message[:300]}")
