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
    ``POST /_fake/control``               scripting from other processes (see ``_control``).

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

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import select
import signal
import socket
import socketserver
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from screener.lib.llm.ratelimit_headers import format_go_duration

logger = logging.getLogger("tests.fakes.groq_server")

PURPOSE_HEADER = "X-Screener-Purpose"
FALLBACK_PURPOSE = "*"
CHAT_PATH = "/openai/v1/chat/completions"
MODELS_PATH = "/openai/v1/models"
CONTROL_PATH = "/_fake/control"
MINUTE = 60.0
DAY = 86_400.0
DEFAULT_MODELS = (
    "openai/gpt-oss-20b",
    "openai/gpt-oss-120b",
    "llama-3.1-8b-instant",
    "llama-3.3-70b-versatile",
)
STATUS_FAULTS = frozenset({"429", "500", "502", "503"})
CONTENT_FAULTS = frozenset({"malformed_json", "truncated_json", "schema_violation"})
FAULT_KINDS = STATUS_FAULTS | CONTENT_FAULTS | {"hang", "slow"}
NO_RESPONSE = 0  # status recorded for a request that was never answered (hang)

Responder = Callable[[dict[str, Any]], dict[str, Any] | list[Any] | str]
JSON = dict[str, Any]


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


# --------------------------------------------------------------------------------------------
# JSON schema -> minimal deterministic instance
# --------------------------------------------------------------------------------------------

_STRING_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "ipv4": "127.0.0.1",
    "hostname": "example.com",
}


def _resolve_ref(ref: str, root: JSON) -> JSON:
    """Resolve a local ``#/...`` JSON pointer against ``root`` ({} if it does not resolve)."""
    if not ref.startswith("#"):
        return {}
    node: Any = root
    for raw in ref.lstrip("#").strip("/").split("/"):
        if not raw:
            continue
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return {}
    return node if isinstance(node, dict) else {}


def _number_in_range(schema: JSON, integer: bool) -> int | float:
    """Smallest-magnitude number that respects minimum/maximum/exclusive bounds."""
    low = schema.get("minimum")
    high = schema.get("maximum")
    xlow = schema.get("exclusiveMinimum")
    xhigh = schema.get("exclusiveMaximum")
    step = 1 if integer else 0.5
    value: float = 0
    if isinstance(low, int | float) and value < low:
        value = math.ceil(low) if integer else low
    if isinstance(xlow, int | float) and value <= xlow:
        value = math.floor(xlow) + 1 if integer else xlow + step
    if isinstance(high, int | float) and value > high:
        value = math.floor(high) if integer else high
    if isinstance(xhigh, int | float) and value >= xhigh:
        value = math.ceil(xhigh) - 1 if integer else xhigh - step
    return int(value) if integer else float(value)


def schema_instance(schema: object, root: JSON | None = None, _depth: int = 0) -> Any:
    """Return a minimal deterministic value that validates against ``schema``.

    Handles ``$ref``/``$defs``/``definitions``, ``const``, ``enum``, ``anyOf``/``oneOf`` (first
    non-null branch), ``allOf`` (merged), type lists, objects (required properties only),
    arrays (``max(minItems, 1)`` items, capped by ``maxItems``; ``prefixItems``), strings
    (length bounds and common formats; ``pattern`` is not honoured), integers/numbers (bounds),
    booleans (``False``) and null. Same schema in -> same value out.
    """
    if not isinstance(schema, dict):
        return None
    root = schema if root is None else root
    if _depth > 32:
        return None
    if "$ref" in schema:
        target = _resolve_ref(str(schema["$ref"]), root)
        merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return schema_instance(merged, root, _depth + 1)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            non_null = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
            return schema_instance((non_null or options)[0], root, _depth + 1)
    if isinstance(schema.get("allOf"), list) and schema["allOf"]:
        values = [schema_instance(s, root, _depth + 1) for s in schema["allOf"]]
        if all(isinstance(v, dict) for v in values):
            merged_value: JSON = {}
            for v in values:
                merged_value.update(v)
            return merged_value
        return values[0]

    typ = schema.get("type")
    if isinstance(typ, list):
        non_null_types = [t for t in typ if t != "null"]
        typ = non_null_types[0] if non_null_types else "null"
    if typ is None:
        if "properties" in schema or "required" in schema:
            typ = "object"
        elif "items" in schema or "prefixItems" in schema:
            typ = "array"

    if typ == "object":
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        required = schema.get("required") if isinstance(schema.get("required"), list) else []
        out: JSON = {}
        for name in required:
            out[name] = schema_instance(props.get(name, {}), root, _depth + 1)
        return out
    if typ == "array":
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list):
            return [schema_instance(s, root, _depth + 1) for s in prefix]
        min_items = schema.get("minItems", 0)
        max_items = schema.get("maxItems")
        count = max(int(min_items) if isinstance(min_items, int) else 0, 1)
        if isinstance(max_items, int):
            count = min(count, max_items)
        items = schema.get("items", {})
        return [schema_instance(items, root, _depth + 1) for _ in range(count)]
    if typ == "string":
        fmt = schema.get("format")
        text = _STRING_FORMATS.get(fmt, "string") if isinstance(fmt, str) else "string"
        min_len = schema.get("minLength")
        max_len = schema.get("maxLength")
        if isinstance(min_len, int) and len(text) < min_len:
            text = text + "x" * (min_len - len(text))
        if isinstance(max_len, int):
            text = text[:max_len]
        return text
    if typ == "integer":
        return _number_in_range(schema, integer=True)
    if typ == "number":
        return _number_in_range(schema, integer=False)
    if typ == "boolean":
        return False
    return None


def _schema_like(value: object) -> bool:
    """Heuristic: does this decoded JSON look like a JSON schema (not an instance)?"""
    return isinstance(value, dict) and (
        "properties" in value or "$defs" in value or value.get("type") == "object"
    )


def find_schema_in_text(text: str) -> JSON | None:
    """Find the JSON schema instructor embeds in a prompt (JSON / MD_JSON modes).

    instructor writes ``...match the following json_schema:`` followed by
    ``json.dumps(schema, indent=2)``. We decode the first JSON object after that marker, or
    else the last schema-looking JSON object anywhere in the text.
    """
    decoder = json.JSONDecoder()
    marker = text.find("json_schema:")
    if marker >= 0:
        start = text.find("{", marker)
        if start >= 0:
            try:
                value, _ = decoder.raw_decode(text, start)
            except json.JSONDecodeError:
                value = None
            if _schema_like(value):
                return value
    found: JSON | None = None
    index = text.find("{")
    while index >= 0:
        try:
            value, end = decoder.raw_decode(text, index)
        except json.JSONDecodeError:
            index = text.find("{", index + 1)
            continue
        if _schema_like(value):
            found = value
        index = text.find("{", end)
    return found


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
# Rate-limit buckets
# --------------------------------------------------------------------------------------------


class _Bucket:
    """A continuously draining bucket: capacity ``limit``, drains ``limit/window`` per second.

    Not thread-safe on its own; the server's lock guards it.
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
class _Limit:
    key: str  # rpm / rpd / tpm / tpd
    name: str  # RPM / RPD / ...
    phrase: str  # "requests per minute"
    unit: str  # requests / tokens


_LIMITS = {
    "rpm": _Limit("rpm", "RPM", "requests per minute", "requests"),
    "rpd": _Limit("rpd", "RPD", "requests per day", "requests"),
    "tpm": _Limit("tpm", "TPM", "tokens per minute", "tokens"),
    "tpd": _Limit("tpd", "TPD", "tokens per day", "tokens"),
}


# --------------------------------------------------------------------------------------------
# Faults and the request log
# --------------------------------------------------------------------------------------------


@dataclass
class Fault:
    """One scripted misbehaviour, consumed by the next matching request."""

    kind: str
    seconds: float | None = None  # slow: delay; hang: give up after (None = forever)
    retry_after: float | None = None  # 429 only
    message: str | None = None  # overrides the error message for status faults
    purpose: str | None = None  # only requests with this purpose consume it
    finish_reason: str = "length"  # truncated_json only

    def to_dict(self) -> JSON:
        return asdict(self)


@dataclass
class RequestRecord:
    """One request as the fake saw it. ``status`` is ``0`` when no answer was sent (hang)."""

    time: float  # wall clock (epoch seconds) on arrival
    method: str
    path: str
    purpose: str | None
    status: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    fault: str | None = None
    limit_hit: str | None = None  # rpm/rpd/tpm/tpd for 429s from rate limiting, "size" for 413
    request_id: str | None = None
    duration: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None

    def to_dict(self) -> JSON:
        return asdict(self)


class _ServerStopping(Exception):
    """Raised inside a handler when the server is shutting down."""


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


class FakeGroqServer:
    """A running fake Groq API. Start with ``start()`` or ``with FakeGroqServer() as s:``.

    All public methods are thread-safe and may be called while requests are in flight.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        rpm: int | None = 30,
        rpd: int | None = 14_400,
        tpm: int | None = 6_000,
        tpd: int | None = 500_000,
        time_scale: float = 1.0,
        reserve_max_tokens: bool = False,
        models: tuple[str, ...] = DEFAULT_MODELS,
        organization: str = "org_fake0000000000000000000000",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Configure (but do not start) the server; ``None`` limits are unlimited."""
        if time_scale <= 0:
            raise ValueError("time_scale must be > 0")
        self.host = host
        self._requested_port = port
        self.models = tuple(models)
        self.organization = organization
        self.reserve_max_tokens = reserve_max_tokens
        self._clock = clock
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._faults: deque[Fault] = deque()
        self._responders: dict[str, Responder] = {}
        self._log: list[RequestRecord] = []
        self._connections: set[socket.socket] = set()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._daily_block_until: float | None = None
        self._daily_block_kind = "rpd"
        self.configure(rpm=rpm, rpd=rpd, tpm=tpm, tpd=tpd, time_scale=time_scale)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeGroqServer:
        """Bind and serve in a daemon thread; returns self. Idempotent."""
        with self._lock:
            if self._httpd is not None:
                return self
            self._stopping.clear()
            httpd = _FakeHTTPServer((self.host, self._requested_port), _Handler, self)
            self._httpd = httpd
            self._thread = threading.Thread(
                target=httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"fake-groq-{httpd.server_address[1]}",
                daemon=True,
            )
            self._thread.start()
        logger.info("fake Groq server listening on %s", self.base_url)
        return self

    def stop(self) -> None:
        """Stop serving, wake hanging handlers and close open connections. Idempotent."""
        with self._lock:
            httpd, thread = self._httpd, self._thread
            self._httpd, self._thread = None, None
            self._stopping.set()
            connections = list(self._connections)
        if httpd is None:
            return
        httpd.shutdown()
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        logger.info("fake Groq server stopped")

    def __enter__(self) -> FakeGroqServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (only valid after ``start()``)."""
        if self._httpd is None:
            raise RuntimeError("server is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` — pass as ``groq.Groq(base_url=...)``."""
        return f"http://{self.host}:{self.port}"

    @property
    def control_url(self) -> str:
        """URL of the JSON control endpoint."""
        return f"{self.base_url}{CONTROL_PATH}"

    def client(self, **kwargs: Any) -> Any:
        """A ``groq.Groq`` client aimed at this server (``max_retries=0`` unless given).

        Uses an HTTP client without TLS certificate loading (the fake is plain HTTP), which
        makes building many clients in tests ~100x cheaper. ``kwargs`` go to ``groq.Groq``.
        """
        import groq

        kwargs.setdefault("api_key", "fake-key")
        kwargs.setdefault("max_retries", 0)
        kwargs.setdefault("http_client", groq.DefaultHttpxClient(verify=False))
        return groq.Groq(base_url=self.base_url, **kwargs)

    # -- configuration -----------------------------------------------------------------------

    def configure(
        self,
        *,
        rpm: int | None = None,
        rpd: int | None = None,
        tpm: int | None = None,
        tpd: int | None = None,
        time_scale: float | None = None,
    ) -> None:
        """Replace all limits (``None``/``0`` = unlimited) and reset usage to zero."""
        with self._lock:
            if time_scale is not None:
                if time_scale <= 0:
                    raise ValueError("time_scale must be > 0")
                self.time_scale = float(time_scale)
            self.limits: dict[str, int | None] = {
                "rpm": rpm or None,
                "rpd": rpd or None,
                "tpm": tpm or None,
                "tpd": tpd or None,
            }
            self._reset_buckets()

    def _reset_buckets(self) -> None:
        now = self._clock()
        windows = {"rpm": MINUTE, "rpd": DAY, "tpm": MINUTE, "tpd": DAY}
        self._buckets: dict[str, _Bucket] = {}
        for key, limit in self.limits.items():
            if limit:
                self._buckets[key] = _Bucket(limit, windows[key] / self.time_scale, now)
        self._daily_block_until = None

    @property
    def minute_seconds(self) -> float:
        """Real seconds in one (scaled) minute."""
        return MINUTE / self.time_scale

    @property
    def day_seconds(self) -> float:
        """Real seconds in one (scaled) day."""
        return DAY / self.time_scale

    def reset(self) -> None:
        """Forget usage, faults, daily exhaustion, custom responders and the request log."""
        with self._lock:
            self._reset_buckets()
            self._faults.clear()
            self._responders.clear()
            self._log.clear()

    def exhaust_daily(self, reset_in_seconds: float, kind: str = "rpd") -> None:
        """Make the daily budget (``rpd`` or ``tpd``) read as used up for ``reset_in_seconds``.

        Until then every completion gets 429 naming that limit with the remaining time; after
        it, both per-day buckets start empty.
        """
        if kind not in ("rpd", "tpd"):
            raise ValueError("kind must be 'rpd' or 'tpd'")
        with self._lock:
            self._daily_block_until = self._clock() + max(0.0, float(reset_in_seconds))
            self._daily_block_kind = kind

    def set_responder(self, purpose: str, fn: Responder | None) -> None:
        """Answer requests whose ``X-Screener-Purpose`` is ``purpose`` with ``fn``.

        ``purpose="*"`` sets the fallback for every purpose (and requests without the
        header); ``fn=None`` removes the responder.
        """
        with self._lock:
            if fn is None:
                self._responders.pop(purpose, None)
            else:
                self._responders[purpose] = fn

    def set_static_response(self, purpose: str, content: JSON | list[Any] | str) -> None:
        """Always answer ``purpose`` with ``content`` (a deep copy is returned each time)."""
        frozen = json.dumps(content) if not isinstance(content, str) else None

        def _static(_body: JSON) -> JSON | list[Any] | str:
            return json.loads(frozen) if frozen is not None else str(content)

        self.set_responder(purpose, _static)

    # -- faults ------------------------------------------------------------------------------

    def inject(
        self,
        kind: str | int,
        count: int = 1,
        *,
        seconds: float | None = None,
        retry_after: float | None = None,
        message: str | None = None,
        purpose: str | None = None,
        finish_reason: str = "length",
    ) -> None:
        """Queue ``count`` faults of ``kind`` (see module docstring) for the next requests.

        ``kind`` is one of 429/500/502/503 (int or str), ``hang``, ``slow``, ``malformed_json``,
        ``truncated_json``, ``schema_violation``. ``purpose`` restricts which requests consume
        it. ``slow`` requires ``seconds``; ``429`` defaults to ``retry_after=1``.
        """
        name = str(kind)
        if name not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(FAULT_KINDS)}")
        if name == "slow" and seconds is None:
            raise ValueError("slow faults need seconds=")
        if name == "429" and retry_after is None:
            retry_after = 1.0
        with self._lock:
            for _ in range(max(0, count)):
                self._faults.append(
                    Fault(name, seconds, retry_after, message, purpose, finish_reason)
                )

    def clear_faults(self) -> None:
        """Drop every queued fault."""
        with self._lock:
            self._faults.clear()

    def pending_faults(self) -> list[Fault]:
        """A copy of the fault queue."""
        with self._lock:
            return list(self._faults)

    def _take_fault(self, purpose: str | None, kinds: frozenset[str]) -> Fault | None:
        """Pop the first queued fault for ``purpose`` if its kind is in ``kinds``.

        Faults are FIFO per purpose: if the first matching fault is of another kind it stays.
        """
        for i, fault in enumerate(self._faults):
            if fault.purpose is None or fault.purpose == purpose:
                if fault.kind in kinds:
                    del self._faults[i]
                    return fault
                return None
        return None

    # -- request log -------------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of the request log (oldest first)."""
        with self._lock:
            return list(self._log)

    def completions(self, purpose: str | None = None) -> list[RequestRecord]:
        """Logged chat-completion requests, optionally only those with ``purpose``."""
        return [
            r
            for r in self.requests
            if r.path == CHAT_PATH and (purpose is None or r.purpose == purpose)
        ]

    def stats(self) -> dict[int, int]:
        """Number of logged requests by HTTP status (``0`` = never answered)."""
        with self._lock:
            return dict(Counter(r.status for r in self._log))

    def clear_log(self) -> None:
        """Empty the request log (usage and faults are untouched)."""
        with self._lock:
            self._log.clear()

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self._log.append(record)

    # -- rate limits -------------------------------------------------------------------------

    def _daily_blocked(self, now: float) -> float:
        """Seconds of forced daily exhaustion left (0 when none); clears it when over."""
        until = self._daily_block_until
        if until is None:
            return 0.0
        if now >= until:
            self._daily_block_until = None
            for key in ("rpd", "tpd"):
                if key in self._buckets:
                    self._buckets[key].level = 0.0
                    self._buckets[key].last = now
            return 0.0
        return until - now

    def _admit(self, tokens: int, now: float) -> tuple[str, float] | None:
        """Return (limit key, wait seconds) of the worst violated limit, or None if it fits."""
        worst: tuple[str, float] | None = None
        blocked = self._daily_blocked(now)
        if blocked > 0:
            worst = (self._daily_block_kind, blocked)
        amounts = {"rpm": 1, "rpd": 1, "tpm": tokens, "tpd": tokens}
        for key, bucket in self._buckets.items():
            wait = bucket.wait_for(amounts[key], now)
            if wait > 0 and (worst is None or wait > worst[1]):
                worst = (key, wait)
        return worst

    def _charge(self, requests: int, tokens: int, now: float) -> None:
        for key, bucket in self._buckets.items():
            bucket.add(requests if key in ("rpm", "rpd") else tokens, now)

    def rate_limit_headers(self) -> dict[str, str]:
        """The six ``x-ratelimit-*`` headers as they would be sent right now."""
        with self._lock:
            return self._rate_limit_headers(self._clock())

    def _rate_limit_headers(self, now: float) -> dict[str, str]:
        headers: dict[str, str] = {}
        blocked = self._daily_blocked(now)
        rpd = self._buckets.get("rpd")
        if rpd is not None:
            blocked_requests = blocked > 0 and self._daily_block_kind == "rpd"
            remaining = 0 if blocked_requests else rpd.remaining(now)
            reset = max(blocked, rpd.reset_in(now)) if blocked_requests else rpd.reset_in(now)
            headers["x-ratelimit-limit-requests"] = str(rpd.limit)
            headers["x-ratelimit-remaining-requests"] = str(remaining)
            headers["x-ratelimit-reset-requests"] = format_go_duration(reset)
        tpm = self._buckets.get("tpm")
        if tpm is not None:
            headers["x-ratelimit-limit-tokens"] = str(tpm.limit)
            headers["x-ratelimit-remaining-tokens"] = str(tpm.remaining(now))
            headers["x-ratelimit-reset-tokens"] = format_go_duration(tpm.reset_in(now))
        return headers

    def _limit_message(self, key: str, model: str, requested: int, wait: float, now: float) -> str:
        info = _LIMITS[key]
        limit = self.limits[key] or 0
        bucket = self._buckets.get(key)
        used = bucket.used(now) if bucket is not None else limit
        if key == self._daily_block_kind and self._daily_blocked(now) > 0:
            used = limit
        need = "tokens" if info.unit == "tokens" else "requests"
        return (
            f"Rate limit reached for model `{model}` in organization `{self.organization}` "
            f"service tier `on_demand` on {info.phrase} ({info.name}): Limit {limit}, "
            f"Used {used}, Requested {requested}. Please try again in "
            f"{format_go_duration(wait)}. Need more {need}? Upgrade to Dev Tier today at "
            "https://console.groq.com/settings/billing"
        )

    # -- chat completion handling (called by the HTTP handler) -------------------------------

    def _responder_for(self, purpose: str | None) -> Responder:
        with self._lock:
            if purpose is not None and purpose in self._responders:
                return self._responders[purpose]
            return self._responders.get(FALLBACK_PURPOSE, default_responder)

    def _sleep(self, seconds: float) -> None:
        """Sleep, but wake up (raising) when the server stops."""
        if self._stopping.wait(max(0.0, seconds)):
            raise _ServerStopping


def _request_id() -> str:
    return "req_" + uuid.uuid4().hex[:26]


def error_body(message: str, type_: str, code: str | None = None) -> JSON:
    """A Groq-style error body ``{"error": {"message", "type", "code"?}}``."""
    err: JSON = {"message": message, "type": type_}
    if code is not None:
        err["code"] = code
    return {"error": err}


_STATUS_ERRORS: dict[str, tuple[int, str, str, str | None]] = {
    "500": (500, "Internal Server Error", "internal_server_error", None),
    "502": (502, "Bad Gateway", "internal_server_error", "bad_gateway"),
    "503": (
        503,
        "Service Unavailable: the model is over capacity, please try again later",
        "internal_server_error",
        "service_unavailable",
    ),
}


class _FakeHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its ``FakeGroqServer`` and logs instead of printing."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        fake: FakeGroqServer,
    ) -> None:
        self.fake = fake
        super().__init__(address, handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse-DNS lookup of the host."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connection errors (mostly from shutdown or impatient clients) are not test failures."""
        logger.debug("error while handling %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    """HTTP/1.1 keep-alive handler; all state lives on the ``FakeGroqServer``."""

    protocol_version = "HTTP/1.1"
    server_version = "FakeGroq/1.0"
    sys_version = ""
    _pending: RequestRecord | None = None  # the request being handled, until logged
    _started = 0.0

    def version_string(self) -> str:
        """The ``Server`` header value."""
        return self.server_version

    @property
    def fake(self) -> FakeGroqServer:
        server = self.server
        assert isinstance(server, _FakeHTTPServer)
        return server.fake

    # -- plumbing ----------------------------------------------------------------------------

    def setup(self) -> None:
        super().setup()
        with self.fake._lock:
            self.fake._connections.add(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        with self.fake._lock:
            self.fake._connections.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        logger.debug("%s %s", self.address_string(), format % args)

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send_json(
        self, status: int, payload: object, headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(payload).encode()
        self._send_bytes(status, data, "application/json", headers)

    def _send_bytes(
        self, status: int, data: bytes, content_type: str, headers: dict[str, str] | None
    ) -> None:
        self._commit(status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _path(self) -> str:
        return self.path.split("?", 1)[0].rstrip("/") or "/"

    def _new_record(self, purpose: str | None, body: Any) -> RequestRecord:
        """Start logging this request; it is committed once, just before answering."""
        record = RequestRecord(
            time=time.time(),
            method=self.command,
            path=self._path(),
            purpose=purpose,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        self._pending = record
        self._started = time.monotonic()
        return record

    def _commit(self, status: int | None = None) -> None:
        """Append the pending record to the log (before the answer goes out, so a client
        that has its answer always finds the record). Idempotent per request."""
        record = self._pending
        if record is None:
            return
        self._pending = None
        if status is not None:
            record.status = status
        record.duration = time.monotonic() - self._started
        self.fake._record(record)

    # -- routes ------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        path = self._path()
        record = self._new_record(self.headers.get(PURPOSE_HEADER), None)
        if path == MODELS_PATH:
            created = 1_700_000_000
            payload = {
                "object": "list",
                "data": [
                    {
                        "id": m,
                        "object": "model",
                        "created": created,
                        "owned_by": "Fake",
                        "active": True,
                        "context_window": 131_072,
                        "public_apps": None,
                        "max_completion_tokens": 32_768,
                    }
                    for m in self.fake.models
                ],
            }
            record.status = 200
            self._send_json(200, payload, {"x-request-id": _request_id()})
        else:
            record.status = 404
            self._send_json(404, self._unknown_url())
        self._commit()

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        path = self._path()
        raw = self._read_body()
        if path == CONTROL_PATH:
            self._control(raw)
            return
        purpose = self.headers.get(PURPOSE_HEADER)
        record = self._new_record(purpose, None)
        try:
            if path == CHAT_PATH:
                self._chat(raw, record)
            else:
                record.status = 404
                self._send_json(404, self._unknown_url())
        except _ServerStopping:
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            logger.debug("client went away before the answer was sent")
            self.close_connection = True
        finally:
            self._commit()

    def _unknown_url(self) -> JSON:
        return error_body(
            f"Unknown request URL: {self.command} {self.path}. Please check the URL for typos, "
            "or see the docs at https://console.groq.com/docs/",
            "invalid_request_error",
            "unknown_url",
        )

    # -- chat completions --------------------------------------------------------------------

    def _chat(self, raw: bytes, record: RequestRecord) -> None:
        fake = self.fake
        request_id = _request_id()
        record.request_id = request_id
        base_headers = {"x-request-id": request_id}

        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            record.status = 401
            self._send_json(
                401,
                error_body("Invalid API Key", "invalid_request_error", "invalid_api_key"),
                base_headers,
            )
            return
        try:
            body = json.loads(raw or b"null")
        except json.JSONDecodeError:
            body = None
        record.body = body
        problem = _validate_chat_body(body)
        if problem is not None:
            record.status = 400
            self._send_json(400, error_body(problem, "invalid_request_error"), base_headers)
            return
        assert isinstance(body, dict)
        model = str(body["model"])
        prompt_tokens = estimate_prompt_tokens(body)
        record.prompt_tokens = prompt_tokens
        reserve = prompt_tokens
        if fake.reserve_max_tokens:
            max_tokens = body.get("max_completion_tokens") or body.get("max_tokens") or 0
            reserve += int(max_tokens) if isinstance(max_tokens, int) else 0

        message = ""
        status_fault: Fault | None = None
        content_fault: Fault | None = None
        verdict: tuple[str, float] | None = None
        with fake._lock:
            now = fake._clock()
            headers = {**base_headers, **fake._rate_limit_headers(now)}
            tpm = fake.limits["tpm"]
            if tpm is not None and reserve > tpm:
                record.status = 413
                record.limit_hit = "size"
                message = (
                    f"Request too large for model `{model}` in organization "
                    f"`{fake.organization}` service tier `on_demand` on tokens per minute "
                    f"(TPM): Limit {tpm}, Requested {reserve}, please reduce your message size "
                    "and try again. Need more tokens? Upgrade to Dev Tier today at "
                    "https://console.groq.com/settings/billing"
                )
            else:
                status_fault = fake._take_fault(record.purpose, STATUS_FAULTS)
                verdict = None if status_fault else fake._admit(reserve, now)
                if verdict is not None:
                    key, wait = verdict
                    record.status = 429
                    record.limit_hit = key
                    requested = 1 if _LIMITS[key].unit == "requests" else reserve
                    message = fake._limit_message(key, model, requested, wait, now)
                elif status_fault is None:
                    fake._charge(1, prompt_tokens, now)
                    headers.update(fake._rate_limit_headers(now))
                    content_fault = fake._take_fault(
                        record.purpose, CONTENT_FAULTS | {"hang", "slow"}
                    )

        if record.status == 413:
            self._send_json(413, error_body(message, "tokens", "rate_limit_exceeded"), headers)
            return
        if verdict is not None:
            key, wait = verdict
            headers["retry-after"] = str(max(1, math.ceil(wait - 1e-6)))
            unit = _LIMITS[key].unit
            self._send_json(429, error_body(message, unit, "rate_limit_exceeded"), headers)
            return
        if status_fault is not None:
            record.fault = status_fault.kind
            self._send_status_fault(status_fault, model, headers, record)
            return

        if content_fault is not None:
            record.fault = content_fault.kind
            if content_fault.kind == "hang":
                record.status = NO_RESPONSE
                self._hang(content_fault.seconds)
                return
            if content_fault.kind == "slow":
                fake._sleep(content_fault.seconds or 0.0)

        self._answer(body, model, record, headers, content_fault)

    def _send_status_fault(
        self, fault: Fault, model: str, headers: dict[str, str], record: RequestRecord
    ) -> None:
        if fault.kind == "429":
            wait = fault.retry_after if fault.retry_after is not None else 1.0
            message = fault.message or (
                f"Rate limit reached for model `{model}` in organization "
                f"`{self.fake.organization}` service tier `on_demand` on tokens per minute "
                f"(TPM): Limit {self.fake.limits['tpm'] or 0}, Used 0, Requested "
                f"{record.prompt_tokens}. Please try again in {format_go_duration(wait)}. "
                "Need more tokens? Upgrade to Dev Tier today at "
                "https://console.groq.com/settings/billing"
            )
            headers = {**headers, "retry-after": str(max(0, math.ceil(wait)))}
            record.status = 429
            self._send_json(429, error_body(message, "tokens", "rate_limit_exceeded"), headers)
            return
        status, default_message, type_, code = _STATUS_ERRORS[fault.kind]
        record.status = status
        self._send_json(status, error_body(fault.message or default_message, type_, code), headers)

    def _hang(self, seconds: float | None) -> None:
        """Hold the connection without answering until the client leaves or the server stops."""
        deadline = None if seconds is None else time.monotonic() + seconds
        sock = self.connection
        self.close_connection = True
        while not self.fake._stopping.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                break
            try:
                readable, _, _ = select.select([sock], [], [], 0.05)
                if readable:
                    if not sock.recv(1, socket.MSG_PEEK):
                        break  # client closed its end (e.g. it timed out)
                    time.sleep(0.05)
            except (OSError, ValueError):
                break
        logger.debug("hang released")

    def _answer(
        self,
        body: JSON,
        model: str,
        record: RequestRecord,
        headers: dict[str, str],
        fault: Fault | None,
    ) -> None:
        fake = self.fake
        tool = forced_tool(body)
        responder = fake._responder_for(record.purpose)
        try:
            produced = responder(body)
        except Exception as exc:  # a broken responder is a test bug: answer 500 and log it
            logger.exception("responder for purpose %r failed", record.purpose)
            record.status = 500
            record.fault = "responder_error"
            self._send_json(
                500, error_body(f"fake responder failed: {exc}", "internal_server_error"), headers
            )
            return
        finish_reason = "tool_calls" if tool is not None else "stop"
        if isinstance(produced, str):
            text = produced
        else:
            if fault is not None and fault.kind == "schema_violation":
                produced = _violate_schema(produced, request_schema(body))
            text = json.dumps(produced)
        if fault is not None:
            if fault.kind == "malformed_json":
                text = "I'm sorry, but I can't produce that as structured data right now."
            elif fault.kind == "truncated_json":
                text = text[: max(1, len(text) // 2)]
                finish_reason = fault.finish_reason if tool is None else "length"
        plain_json = fault is None or fault.kind == "schema_violation"
        if tool is None and plain_json and wants_code_block(body) and not isinstance(produced, str):
            text = f"```json\n{text}\n```"

        completion_tokens = estimate_tokens(text)
        record.completion_tokens = completion_tokens
        with fake._lock:
            now = fake._clock()
            fake._charge(0, completion_tokens, now)
            headers.update(fake._rate_limit_headers(now))

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
        prompt_tokens = record.prompt_tokens
        prompt_time = round(prompt_tokens / 50_000, 6)
        completion_time = round(completion_tokens / 1_000, 6)
        payload = {
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
            "x_groq": {"id": headers["x-request-id"]},
            "service_tier": "on_demand",
        }
        record.status = 200
        self._send_json(200, payload, headers)

    # -- control endpoint --------------------------------------------------------------------

    def _control(self, raw: bytes) -> None:
        """Script the server from another process. Body: ``{"action": ..., ...}``.

        Actions: ``inject`` (kind, count, seconds, retry_after, message, purpose,
        finish_reason), ``clear_faults``, ``configure`` (rpm, rpd, tpm, tpd, time_scale; resets
        usage), ``exhaust_daily`` (reset_in_seconds, kind), ``set_response`` (purpose,
        content; static answer), ``clear_response`` (purpose), ``reset``, ``clear_log``,
        ``stats``, ``requests`` (the log; ``include_bodies`` default true), ``headers``.
        Answers ``{"ok": true, ...}`` or 400 ``{"ok": false, "error": ...}``.
        """
        fake = self.fake
        try:
            cmd = json.loads(raw or b"{}")
            if not isinstance(cmd, dict):
                raise ValueError("body must be a JSON object")
            action = cmd.get("action")
            result: JSON = {"ok": True}
            if action == "inject":
                fake.inject(
                    cmd["kind"],
                    int(cmd.get("count", 1)),
                    seconds=cmd.get("seconds"),
                    retry_after=cmd.get("retry_after"),
                    message=cmd.get("message"),
                    purpose=cmd.get("purpose"),
                    finish_reason=cmd.get("finish_reason", "length"),
                )
            elif action == "clear_faults":
                fake.clear_faults()
            elif action == "configure":
                fake.configure(
                    rpm=cmd.get("rpm"),
                    rpd=cmd.get("rpd"),
                    tpm=cmd.get("tpm"),
                    tpd=cmd.get("tpd"),
                    time_scale=cmd.get("time_scale"),
                )
            elif action == "exhaust_daily":
                fake.exhaust_daily(float(cmd["reset_in_seconds"]), cmd.get("kind", "rpd"))
            elif action == "set_response":
                fake.set_static_response(str(cmd["purpose"]), cmd["content"])
            elif action == "clear_response":
                fake.set_responder(str(cmd["purpose"]), None)
            elif action == "reset":
                fake.reset()
            elif action == "clear_log":
                fake.clear_log()
            elif action == "stats":
                result["stats"] = {str(k): v for k, v in fake.stats().items()}
                result["pending_faults"] = len(fake.pending_faults())
            elif action == "requests":
                include = bool(cmd.get("include_bodies", True))
                rows = [r.to_dict() for r in fake.requests]
                if not include:
                    for row in rows:
                        row.pop("body", None)
                result["requests"] = rows
            elif action == "headers":
                result["headers"] = fake.rate_limit_headers()
            else:
                raise ValueError(f"unknown action {action!r}")
        except (KeyError, TypeError, ValueError) as exc:
            self._send_json(400, {"ok": False, "error": f"{type(exc).__name__}: {exc}"})
            return
        logger.info("control: %s", action)
        self._send_json(200, result)


def _validate_chat_body(body: object) -> str | None:
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


def _violate_schema(value: object, schema: JSON | None) -> object:
    """Drop every required top-level field (or add a stray one if nothing is required)."""
    if isinstance(value, dict):
        required = (schema or {}).get("required") or []
        broken = {k: v for k, v in value.items() if k not in required}
        if broken == value:
            broken = {"unexpected_field": "schema_violation"}
        return broken
    return {"unexpected_field": "schema_violation"}


# --------------------------------------------------------------------------------------------
# pytest helper and CLI
# --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def running_fake_groq(**kwargs: Any) -> Iterator[FakeGroqServer]:
    """Context manager yielding a started ``FakeGroqServer(**kwargs)``; always stops it."""
    server = FakeGroqServer(**kwargs).start()
    try:
        yield server
    finally:
        server.stop()


def make_fixture(name: str = "fake_groq", **kwargs: Any) -> Any:
    """Build a function-scoped pytest fixture called ``name`` yielding a fresh server.

    Assign it at module level (test module or conftest), e.g.
    ``fake_groq = make_fixture("fake_groq", rpm=30, time_scale=60)``; tests then take a
    ``fake_groq`` argument. ``kwargs`` go to ``FakeGroqServer``.
    """
    import pytest

    def _fake_groq() -> Iterator[FakeGroqServer]:
        with running_fake_groq(**kwargs) as server:
            yield server

    return pytest.fixture(name=name)(_fake_groq)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point: serve until Ctrl-C / SIGTERM, printing the base URL first."""
    parser = argparse.ArgumentParser(description="Fake Groq API server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--rpm", type=int, default=30, help="0 = unlimited")
    parser.add_argument("--rpd", type=int, default=14_400, help="0 = unlimited")
    parser.add_argument("--tpm", type=int, default=6_000, help="0 = unlimited")
    parser.add_argument("--tpd", type=int, default=500_000, help="0 = unlimited")
    parser.add_argument("--time-scale", type=float, default=1.0)
    parser.add_argument("--reserve-max-tokens", action="store_true")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    server = FakeGroqServer(
        host=args.host,
        port=args.port,
        rpm=args.rpm,
        rpd=args.rpd,
        tpm=args.tpm,
        tpd=args.tpd,
        time_scale=args.time_scale,
        reserve_max_tokens=args.reserve_max_tokens,
    )
    done = threading.Event()

    def _on_signal(signum: int, _frame: object) -> None:
        logger.info("signal %s received, stopping", signum)
        done.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    server.start()
    print(f"Fake Groq server: base_url={server.base_url} (Ctrl-C to stop)", flush=True)
    try:
        while not done.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
