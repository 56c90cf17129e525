"""A fake Groq API server for tests and benchmarks (real HTTP on 127.0.0.1, stdlib only).

Speaks enough of Groq's OpenAI-compatible API for the official ``groq`` SDK and
``instructor.from_groq`` to work unmodified::

    with FakeGroqServer(rpm=30, tpm=6000) as server:
        client = groq.Groq(base_url=server.base_url, api_key="x", max_retries=0)
        client.chat.completions.create(model="m", messages=[...])

The SDK joins ``base_url`` (trailing slash enforced) with ``/openai/v1/chat/completions``, so
``base_url`` is the bare ``http://127.0.0.1:PORT``.

Endpoints
    ``POST /openai/v1/chat/completions``  chat completions (non-streaming only).
    ``GET  /openai/v1/models``            model list.
    ``POST /_fake/control``               scripting from other processes (see ``control.py``).

Modules
    ``server``   ``FakeGroqServer``: configuration, lifecycle, responders, the request log.
    ``http``     the HTTP server and request handler (routes, logging, hanging connections).
    ``chat``     one chat completion: auth, validation, size, faults and limits, the answer.
    ``limits``   rate-limit buckets, ``x-ratelimit-*`` headers and Groq's 429/413 messages.
    ``faults``   injectable faults and the request record.
    ``answers``  token estimation, the default responder and the response shapes.
    ``schemas``  JSON schema -> minimal instance; finding instructor's schema in a prompt.
    ``control``  the ``/_fake/control`` scripting endpoint.
    ``cli``      ``running_fake_groq``, ``make_fixture`` and the command line.

Token accounting (documented rule, deterministic)
    prompt tokens     = ceil(total characters of all message *contents* / 4)
                        (string contents, text parts of list contents, and assistant
                        tool-call arguments; tool definitions and ``response_format`` schemas
                        are NOT counted — real Groq would count them).
    completion tokens = ceil(len(assistant content or tool-call arguments) / 4).
    A request "costs" 1 request and prompt + completion tokens.

Rate limiting (like Groq: continuously refilling buckets, a.k.a. GCRA)
    Each limit (rpm, rpd, tpm, tpd; ``None`` = unlimited) is a bucket of capacity ``limit``
    that drains at ``limit / window`` per second. ``x-ratelimit-reset-*`` report how long until
    the bucket is empty again; "try again in" is how long until the request fits.
    * admission: 1 request + prompt tokens (+ ``max_tokens`` when ``reserve_max_tokens``) must
      fit every bucket; completion tokens are added after the answer is generated (so a bucket
      can overshoot, as Groq's does).
    * prompt estimate > TPM limit  -> 413 "Request too large", never counted.
    * a bucket would overflow      -> 429 with ``retry-after`` (whole seconds, rounded up) and
      the Groq body naming the limit whose wait is longest. Rejected requests are not counted.
    * ``time_scale=k`` shrinks windows: a "minute" lasts ``60/k`` real seconds and a "day"
      ``86400/k``. Every duration in headers and bodies is in those real (scaled) seconds.
    * ``exhaust_daily(reset_in_seconds=…)`` makes the per-day budget read as used up until then
      (real seconds); afterwards the per-day buckets start empty.
    Headers on every completion response (also 429/413): ``x-ratelimit-{limit,remaining,reset}-
    requests`` (per DAY) and ``-tokens`` (per MINUTE), ``x-request-id``, ``content-type``.

Faults (``inject``; thread-safe; FIFO; optionally restricted to one purpose)
    ``500``/``502``/``503``/``429``: answered before rate limiting, never counted.
    ``hang``: admitted and counted (request + prompt tokens), then never answered until the
    client disconnects, ``seconds`` elapse, or the server stops (then the socket is closed).
    ``slow``: answer normally after ``seconds``.
    ``malformed_json`` / ``truncated_json`` / ``schema_violation``: normal 200 answer whose
    content is corrupted (for tool calls: the arguments are corrupted).

Responders
    The app sends ``X-Screener-Purpose: <purpose>``. ``set_responder(purpose, fn)`` registers
    ``fn(request_json) -> dict | str``; a dict is JSON-encoded. ``set_responder("*", fn)`` sets
    the fallback. The default responder derives a minimal deterministic instance of the JSON
    schema found in ``response_format`` (``json_schema``), the forced tool's parameters
    (``tools``), or the schema instructor embeds in the system message (JSON / MD_JSON modes);
    with no schema it answers ``{}``. Requests asking for a ```json code block get one.

Run by hand::

    python -m tests.fakes.groq_server --port 8765 --rpm 30 --tpm 6000 --rpd 14400 \
        --tpd 500000 --time-scale 1
"""

from tests.fakes.groq.answers import (
    CHAT_PATH,
    CONTROL_PATH,
    DEFAULT_MODELS,
    FALLBACK_PURPOSE,
    MODELS_PATH,
    PURPOSE_HEADER,
    Responder,
    default_responder,
    error_body,
    estimate_prompt_tokens,
    estimate_tokens,
    forced_tool,
    message_text,
    request_schema,
    wants_code_block,
)
from tests.fakes.groq.cli import main, make_fixture, running_fake_groq
from tests.fakes.groq.faults import (
    CONTENT_FAULTS,
    FAULT_KINDS,
    NO_RESPONSE,
    STATUS_FAULTS,
    Fault,
    RequestRecord,
)
from tests.fakes.groq.limits import DAY, MINUTE
from tests.fakes.groq.schemas import JSON, find_schema_in_text, schema_instance
from tests.fakes.groq.server import FakeGroqServer

__all__ = [
    "CHAT_PATH",
    "CONTENT_FAULTS",
    "CONTROL_PATH",
    "DAY",
    "DEFAULT_MODELS",
    "FALLBACK_PURPOSE",
    "FAULT_KINDS",
    "JSON",
    "MINUTE",
    "MODELS_PATH",
    "NO_RESPONSE",
    "PURPOSE_HEADER",
    "STATUS_FAULTS",
    "FakeGroqServer",
    "Fault",
    "RequestRecord",
    "Responder",
    "default_responder",
    "error_body",
    "estimate_prompt_tokens",
    "estimate_tokens",
    "find_schema_in_text",
    "forced_tool",
    "main",
    "make_fixture",
    "message_text",
    "request_schema",
    "running_fake_groq",
    "schema_instance",
    "wants_code_block",
]
