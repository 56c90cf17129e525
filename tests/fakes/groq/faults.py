"""Injectable faults (a FIFO, optionally per purpose) and the record of each logged request.

The kinds and their effects are described in the package docstring (``tests.fakes.groq``).
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .schemas import JSON

STATUS_FAULTS = frozenset({"429", "500", "502", "503"})
CONTENT_FAULTS = frozenset({"malformed_json", "truncated_json", "schema_violation"})
FAULT_KINDS = STATUS_FAULTS | CONTENT_FAULTS | {"hang", "slow"}
NO_RESPONSE = 0  # status recorded for a request that was never answered (hang)

# status fault -> (HTTP status, default message, error type, error code)
STATUS_ERRORS: dict[str, tuple[int, str, str, str | None]] = {
    "500": (500, "Internal Server Error", "internal_server_error", None),
    "502": (502, "Bad Gateway", "internal_server_error", "bad_gateway"),
    "503": (
        503,
        "Service Unavailable: the model is over capacity, please try again later",
        "internal_server_error",
        "service_unavailable",
    ),
}


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


def make_fault(
    kind: str | int,
    *,
    seconds: float | None = None,
    retry_after: float | None = None,
    message: str | None = None,
    purpose: str | None = None,
    finish_reason: str = "length",
) -> Fault:
    """A validated fault: ``slow`` requires ``seconds``; ``429`` defaults to ``retry_after=1``."""
    name = str(kind)
    if name not in FAULT_KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(FAULT_KINDS)}")
    if name == "slow" and seconds is None:
        raise ValueError("slow faults need seconds=")
    if name == "429" and retry_after is None:
        retry_after = 1.0
    return Fault(name, seconds, retry_after, message, purpose, finish_reason)


class FaultQueue:
    """The queued faults, oldest first. Not thread-safe: the server's lock guards it, so a
    request takes its status and content faults in one step with its admission."""

    def __init__(self) -> None:
        self._faults: deque[Fault] = deque()

    def add(self, fault: Fault, count: int) -> None:
        """Queue ``count`` copies of ``fault``."""
        for _ in range(max(0, count)):
            self._faults.append(replace(fault))

    def take(self, purpose: str | None, kinds: frozenset[str]) -> Fault | None:
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

    def clear(self) -> None:
        self._faults.clear()

    def pending(self) -> list[Fault]:
        """A copy of the queue."""
        return list(self._faults)


def violate_schema(value: object, schema: JSON | None) -> object:
    """Drop every required top-level field (or add a stray one if nothing is required)."""
    if isinstance(value, dict):
        required = (schema or {}).get("required") or []
        broken = {k: v for k, v in value.items() if k not in required}
        if broken == value:
            broken = {"unexpected_field": "schema_violation"}
        return broken
    return {"unexpected_field": "schema_violation"}
