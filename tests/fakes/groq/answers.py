"""How the fake answers: Groq's API surface, token estimation (``ceil(characters / 4)``, see
the package docstring), the default responder and the shapes of completions, model lists
and errors."""

from __future__ import annotations

import json
import math
import time
import uuid
from collections.abc import Callable
from typing import Any

from .faults import Fault, violate_schema
from .schemas import JSON, find_schema_in_text, schema_instance

PURPOSE_HEADER = "X-Screener-Purpose"
FALLBACK_PURPOSE = "*"
CHAT_PATH = "/openai/v1/chat/completions"
MODELS_PATH = "/openai/v1/models"
CONTROL_PATH = "/_fake/control"
DEFAULT_MODELS = (
    "openai/gpt-oss-20b",
    "openai/gpt-oss-120b",
    "llama-3.1-8b-instant",
    "llama-3.3-70b-versatile",
)
MALFORMED_TEXT = "I'm sorry, but I can't produce that as structured data right now."

Responder = Callable[[dict[str, Any]], dict[str, Any] | list[Any] | str]

# --------------------------------------------------------------------------------------------
# Token estimation
# --------------------------------------------------------------------------------------------


def estimate_tokens(text: str) -> int:
    """Return ``ceil(len(text) / 4)``: the fake's token count for a piece of text."""
    return math.ceil(len(text) / 4)


def message_text(messages: object) -> str:
    """Concatenate everything the fake counts as prompt text (see module docstring)."""
    parts: list[str] = []
    if not isinstance(messages, list):
        return ""
    for msg in messages:
        if not isinstance(msg, dict):
            continue
        content = msg.get("content")
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            for part in content:
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    parts.append(part["text"])
        for call in msg.get("tool_calls") or []:
            if isinstance(call, dict):
                args = (call.get("function") or {}).get("arguments")
                if isinstance(args, str):
                    parts.append(args)
    return "".join(parts)


def estimate_prompt_tokens(body: JSON) -> int:
    """Prompt tokens of a chat request: ``ceil(chars of message contents / 4)``."""
    return estimate_tokens(message_text(body.get("messages")))


def request_schema(body: JSON) -> JSON | None:
    """The JSON schema a chat request asks the answer to follow, if any (see module doc)."""
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        spec = fmt.get("json_schema")
        if isinstance(spec, dict) and isinstance(spec.get("schema"), dict):
            return spec["schema"]
    tool = forced_tool(body)
    if tool is not None:
        params = tool.get("parameters")
        return params if isinstance(params, dict) else {"type": "object", "properties": {}}
    messages = body.get("messages")
    if isinstance(messages, list):
        ordered = sorted(
            (m for m in messages if isinstance(m, dict)),
            key=lambda m: 0 if m.get("role") == "system" else 1,
        )
        for msg in ordered:
            found = find_schema_in_text(message_text([msg]))
            if found is not None:
                return found
    return None


def forced_tool(body: JSON) -> JSON | None:
    """The function definition the answer must call, or ``None`` for a plain text answer.

    A dict ``tool_choice`` names the function; otherwise (``auto``/``required``/absent) the
    first function tool is used. ``tool_choice="none"`` or no tools -> ``None``.
    """
    tools = body.get("tools")
    if not isinstance(tools, list) or not tools:
        return None
    choice = body.get("tool_choice")
    if choice == "none":
        return None
    functions = [
        t["function"] for t in tools if isinstance(t, dict) and isinstance(t.get("function"), dict)
    ]
    if isinstance(choice, dict):
        wanted = (choice.get("function") or {}).get("name")
        for fn in functions:
            if fn.get("name") == wanted:
                return fn
    return functions[0] if functions else None


def wants_code_block(body: JSON) -> bool:
    """True when the last user message asks for a ```json code block (instructor MD_JSON)."""
    messages = body.get("messages")
    if not isinstance(messages, list):
        return False
    for msg in reversed(messages):
        if isinstance(msg, dict) and msg.get("role") == "user":
            return "```json" in message_text([msg])
    return False


def default_responder(body: JSON) -> JSON | list[Any] | str:
    """Answer with a minimal instance of the request's schema, or ``{}`` without one."""
    schema = request_schema(body)
    if schema is None:
        return {}
    return schema_instance(schema)


# --------------------------------------------------------------------------------------------
# Requests and response shapes
# --------------------------------------------------------------------------------------------


def request_id() -> str:
    return "req_" + uuid.uuid4().hex[:26]


def error_body(message: str, type_: str, code: str | None = None) -> JSON:
    """A Groq-style error body ``{"error": {"message", "type", "code"?}}``."""
    err: JSON = {"message": message, "type": type_}
    if code is not None:
        err["code"] = code
    return {"error": err}


def validate_chat_body(body: object) -> str | None:
    """Return a Groq-like 400 message for requests Groq would reject, else None."""
    if not isinstance(body, dict):
        return "We could not parse the JSON body of your request."
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "property 'model' is missing"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' : minimum number of items is 1"
    if body.get("stream"):
        return "the fake Groq server does not support stream=true"
    fmt = body.get("response_format")
    if (
        isinstance(fmt, dict)
        and fmt.get("type") == "json_object"
        and "json" not in message_text(messages).lower()
    ):
        return (
            "'messages' must contain the word 'json' in some form, to use 'response_format' "
            "of type 'json_object'."
        )
    return None


def answer_text(
    body: JSON, tool: JSON | None, produced: JSON | list[Any] | str, fault: Fault | None
) -> tuple[str, str]:
    """The assistant text for ``produced`` and its finish reason, corrupted as a content
    ``fault`` says; a JSON answer to a request asking for a ```json block gets one. ``tool``
    is the request's ``forced_tool`` (the text is then that call's arguments)."""
    finish_reason = "tool_calls" if tool is not None else "stop"
    if isinstance(produced, str):
        text = produced
    else:
        if fault is not None and fault.kind == "schema_violation":
            produced = violate_schema(produced, request_schema(body))
        text = json.dumps(produced)
    if fault is not None:
        if fault.kind == "malformed_json":
            text = MALFORMED_TEXT
        elif fault.kind == "truncated_json":
            text = text[: max(1, len(text) // 2)]
            finish_reason = fault.finish_reason if tool is None else "length"
    plain_json = fault is None or fault.kind == "schema_violation"
    if tool is None and plain_json and wants_code_block(body) and not isinstance(produced, str):
        text = f"```json\n{text}\n```"
    return text, finish_reason


def completion(
    model: str,
    tool: JSON | None,
    text: str,
    finish_reason: str,
    usage: tuple[int, int],
    request_id: str,
) -> JSON:
    """A ``chat.completion`` object; ``usage`` is (prompt tokens, completion tokens)."""
    message: JSON = {"role": "assistant", "content": text}
    if tool is not None:
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_" + uuid.uuid4().hex[:24],
                    "type": "function",
                    "function": {"name": tool.get("name", "tool"), "arguments": text},
                }
            ],
        }
    prompt_tokens, completion_tokens = usage
    prompt_time = round(prompt_tokens / 50_000, 6)
    completion_time = round(completion_tokens / 1_000, 6)
    return {
        "id": "chatcmpl-" + uuid.uuid4().hex,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "queue_time": 0.0001,
            "prompt_tokens": prompt_tokens,
            "prompt_time": prompt_time,
            "completion_tokens": completion_tokens,
            "completion_time": completion_time,
            "total_tokens": prompt_tokens + completion_tokens,
            "total_time": round(prompt_time + completion_time, 6),
        },
        "usage_breakdown": None,
        "system_fingerprint": "fp_fake00000",
        "x_groq": {"id": request_id},
        "service_tier": "on_demand",
    }


def model_list(models: tuple[str, ...]) -> JSON:
    """The ``GET /openai/v1/models`` answer."""
    return {
        "object": "list",
        "data": [
            {
                "id": m,
                "object": "model",
                "created": 1_700_000_000,
                "owned_by": "Fake",
                "active": True,
                "context_window": 131_072,
                "public_apps": None,
                "max_completion_tokens": 32_768,
            }
            for m in models
        ],
    }
