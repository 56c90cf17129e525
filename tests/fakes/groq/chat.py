"""``POST /openai/v1/chat/completions``: authentication, validation, the size check (413),
status faults and rate limits (429) decided in one step under the server's lock, then
content faults and the answer. Admission needs 1 request + the prompt tokens (+ ``max_tokens``
when ``reserve_max_tokens``); completion tokens are charged after the answer is generated, so
a bucket can overshoot, as Groq's does. Refused requests are not counted."""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from screener.lib.llm.ratelimit_headers import format_go_duration

from .answers import (
    answer_text,
    completion,
    error_body,
    estimate_prompt_tokens,
    estimate_tokens,
    forced_tool,
    request_id,
    validate_chat_body,
)
from .faults import CONTENT_FAULTS, NO_RESPONSE, STATUS_ERRORS, STATUS_FAULTS, Fault, RequestRecord
from .limits import LIMITS, UPGRADE
from .schemas import JSON

if TYPE_CHECKING:
    from .server import FakeGroqServer

logger = logging.getLogger(__name__)


@dataclass
class Reply:
    """What to send: ``status``, a JSON ``payload`` and ``headers``; or, when ``hang``, nothing
    until the client leaves, ``hang_seconds`` pass or the server stops."""

    status: int
    payload: JSON | None = None
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False
    hang_seconds: float | None = None


def chat_completion(
    fake: FakeGroqServer, authorization: str, raw: bytes, record: RequestRecord
) -> Reply:
    """Answer one chat request, filling in ``record`` (status, tokens, fault, limit hit)."""
    record.request_id = request_id()
    headers = {"x-request-id": record.request_id}
    if not authorization.startswith("Bearer ") or not authorization[7:].strip():
        record.status = 401
        body = error_body("Invalid API Key", "invalid_request_error", "invalid_api_key")
        return Reply(401, body, headers)
    try:
        record.body = json.loads(raw or b"null")
    except json.JSONDecodeError:
        record.body = None
    problem = validate_chat_body(record.body)
    if problem is not None:
        record.status = 400
        return Reply(400, error_body(problem, "invalid_request_error"), headers)
    body = record.body
    assert isinstance(body, dict)
    record.prompt_tokens = estimate_prompt_tokens(body)
    model = str(body["model"])
    refusal, fault = _admit(fake, record, model, _reserve(fake, body, record), headers)
    if refusal is not None:
        return refusal
    if fault is not None:
        record.fault = fault.kind
        if fault.kind == "hang":
            record.status = NO_RESPONSE
            return Reply(NO_RESPONSE, hang=True, hang_seconds=fault.seconds)
        if fault.kind == "slow":
            fake._sleep(fault.seconds or 0.0)
    return _answer(fake, body, record, headers, fault)


def _reserve(fake: FakeGroqServer, body: JSON, record: RequestRecord) -> int:
    """Tokens a request must fit: its prompt, plus ``max_tokens`` when the fake reserves it."""
    reserve = record.prompt_tokens
    if fake.reserve_max_tokens:
        max_tokens = body.get("max_completion_tokens") or body.get("max_tokens") or 0
        reserve += int(max_tokens) if isinstance(max_tokens, int) else 0
    return reserve


def _admit(
    fake: FakeGroqServer, record: RequestRecord, model: str, reserve: int, headers: dict[str, str]
) -> tuple[Reply | None, Fault | None]:
    """Size check, status faults and rate limits in one step under the server's lock.

    Returns the refusal to send (413, 429 or a status fault), or ``None`` and the content
    fault (hang, slow, corrupt JSON) this admitted and charged request takes, if any.
    ``headers`` gains the rate-limit headers as they stand after the decision.
    """
    message = ""
    status_fault: Fault | None = None
    content_fault: Fault | None = None
    verdict: tuple[str, float] | None = None
    with fake._lock:
        now = fake._clock()
        limits = fake._rate_limits
        headers.update(limits.headers(now))
        if limits.too_large(reserve):
            record.status = 413
            record.limit_hit = "size"
            message = limits.too_large_message(model, fake.organization, reserve)
        else:
            status_fault = fake._faults.take(record.purpose, STATUS_FAULTS)
            verdict = None if status_fault else limits.admit(reserve, now)
            if verdict is not None:
                key, wait = verdict
                record.status = 429
                record.limit_hit = key
                requested = 1 if LIMITS[key].unit == "requests" else reserve
                message = limits.limit_message(key, model, fake.organization, requested, wait, now)
            elif status_fault is None:
                limits.charge(1, record.prompt_tokens, now)
                headers.update(limits.headers(now))
                content_fault = fake._faults.take(record.purpose, CONTENT_FAULTS | {"hang", "slow"})

    if record.status == 413:
        return Reply(413, error_body(message, "tokens", "rate_limit_exceeded"), headers), None
    if verdict is not None:
        key, wait = verdict
        headers["retry-after"] = str(max(1, math.ceil(wait - 1e-6)))
        unit = LIMITS[key].unit
        return Reply(429, error_body(message, unit, "rate_limit_exceeded"), headers), None
    if status_fault is not None:
        record.fault = status_fault.kind
        return _status_fault(fake, status_fault, model, headers, record), None
    return None, content_fault


def _status_fault(
    fake: FakeGroqServer, fault: Fault, model: str, headers: dict[str, str], record: RequestRecord
) -> Reply:
    """The injected 429 (a TPM-style message with ``retry-after``) or 5xx."""
    if fault.kind == "429":
        wait = fault.retry_after if fault.retry_after is not None else 1.0
        message = fault.message or (
            f"Rate limit reached for model `{model}` in organization "
            f"`{fake.organization}` service tier `on_demand` on tokens per minute "
            f"(TPM): Limit {fake.limits['tpm'] or 0}, Used 0, Requested "
            f"{record.prompt_tokens}. Please try again in {format_go_duration(wait)}. "
            f"Need more tokens? {UPGRADE}"
        )
        headers = {**headers, "retry-after": str(max(0, math.ceil(wait)))}
        record.status = 429
        return Reply(429, error_body(message, "tokens", "rate_limit_exceeded"), headers)
    status, default_message, type_, code = STATUS_ERRORS[fault.kind]
    record.status = status
    return Reply(status, error_body(fault.message or default_message, type_, code), headers)


def _answer(
    fake: FakeGroqServer,
    body: JSON,
    record: RequestRecord,
    headers: dict[str, str],
    fault: Fault | None,
) -> Reply:
    """Run the purpose's responder, charge the completion tokens and build the completion."""
    model = str(body["model"])
    tool = forced_tool(body)
    responder = fake._responder_for(record.purpose)
    try:
        produced = responder(body)
    except Exception as exc:  # a broken responder is a test bug: answer 500 and log it
        logger.exception("responder for purpose %r failed", record.purpose)
        record.status = 500
        record.fault = "responder_error"
        payload = error_body(f"fake responder failed: {exc}", "internal_server_error")
        return Reply(500, payload, headers)
    text, finish_reason = answer_text(body, tool, produced, fault)
    completion_tokens = estimate_tokens(text)
    record.completion_tokens = completion_tokens
    with fake._lock:
        now = fake._clock()
        fake._rate_limits.charge(0, completion_tokens, now)
        headers.update(fake._rate_limits.headers(now))
    usage = (record.prompt_tokens, completion_tokens)
    payload = completion(model, tool, text, finish_reason, usage, headers["x-request-id"])
    record.status = 200
    return Reply(200, payload, headers)
