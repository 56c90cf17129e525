"""Parse Groq's rate-limit signals: response headers, ``retry-after`` and 429/413 messages.

Framework-free (no Django import) so it can be used from workers, benchmarks and tests.

Groq semantics this module encodes (from our design notes and Groq's docs):

* ``x-ratelimit-limit-requests`` / ``-remaining-requests`` / ``-reset-requests`` describe the
  **requests-per-day** (RPD) budget.
* ``x-ratelimit-limit-tokens`` / ``-remaining-tokens`` / ``-reset-tokens`` describe the
  **tokens-per-minute** (TPM) budget.
* Reset values are Go ``time.Duration`` strings such as ``2m59.56s``, ``7.66s``, ``450ms``.
* ``retry-after`` (seconds) is only sent on 429 responses.
* 429/413 bodies carry a human message naming the limit (``tokens per minute (TPM)``) with
  ``Limit N, Used N, Requested N`` and ``Please try again in <go duration>``.

Promise: no public function here raises on malformed *header* input; they return ``None``
fields instead. Only :func:`parse_go_duration` raises (``ValueError``) because it is the
strict building block; everything that reads headers or messages wraps it.
"""

from __future__ import annotations

import email.utils
import math
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "RateLimitErrorInfo",
    "RateLimitKind",
    "RateLimitSnapshot",
    "format_go_duration",
    "parse_go_duration",
    "parse_rate_limit_error",
    "parse_rate_limit_headers",
    "parse_retry_after",
    "rate_limit_message_from_body",
]

RateLimitKind = Literal["rpm", "rpd", "tpm", "tpd", "unknown"]

HeadersLike = Mapping[str, str] | Iterable[tuple[str, str]]

_UNIT_SECONDS: dict[str, float] = {
    "h": 3600.0,
    "m": 60.0,
    "s": 1.0,
    "ms": 1e-3,
    "us": 1e-6,
    "\u00b5s": 1e-6,  # MICRO SIGN, what Go prints
    "\u03bcs": 1e-6,  # GREEK SMALL LETTER MU, what people type
    "ns": 1e-9,
}
# Longest units first so "ms" is not read as "m" followed by garbage.
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|h|m|s)")
_BARE_NUMBER = re.compile(r"(\d+(?:\.\d*)?|\.\d+)")


def parse_go_duration(value: str) -> float:
    """Return the number of seconds in a Go ``time.Duration`` string.

    Accepts every form ``time.ParseDuration`` accepts (``1h2m3.5s``, ``2m59.56s``, ``7.66s``,
    ``450ms``, ``12µs`` / ``12us``, ``3ns``, ``0s``, ``0``, an optional leading sign) and,
    as a leniency for headers such as ``retry-after``, a bare number meaning seconds
    (``"6"``, ``"6.5"``). Surrounding whitespace is ignored.

    Raises ``ValueError`` for anything else (empty strings, unknown units, ``inf``/``nan``).
    """
    if not isinstance(value, str):
        raise ValueError(f"duration must be a string, got {type(value).__name__}")
    text = value.strip()
    sign = 1.0
    if text[:1] in ("+", "-"):
        sign = -1.0 if text[0] == "-" else 1.0
        text = text[1:]
    if not text:
        raise ValueError(f"invalid duration {value!r}")
    if _BARE_NUMBER.fullmatch(text):
        return sign * float(text)
    total = 0.0
    pos = 0
    for match in _DURATION_PART.finditer(text):
        if match.start() != pos:
            raise ValueError(f"invalid duration {value!r}")
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        pos = match.end()
    if pos != len(text) or pos == 0:
        raise ValueError(f"invalid duration {value!r}")
    return sign * total


def format_go_duration(seconds: float) -> str:
    """Format seconds the way Go's ``Duration.String()`` does, at millisecond precision.

    Promises: ``0s`` for zero (and for anything that rounds to 0 ms), ``NNNms`` below one
    second, otherwise ``[Nh][Nm]S[.fff]s`` with trailing zeros trimmed (``2m59.56s``,
    ``1h0m0s``). Negative inputs get a leading ``-``. The output always round-trips through
    :func:`parse_go_duration` to the millisecond-rounded input.
    """
    if math.isnan(seconds) or math.isinf(seconds):
        raise ValueError(f"cannot format {seconds!r} as a duration")
    millis = round(abs(seconds) * 1000)
    sign = "-" if seconds < 0 and millis else ""
    if millis == 0:
        return "0s"
    if millis < 1000:
        return f"{sign}{millis}ms"
    hours, rem = divmod(millis, 3_600_000)
    minutes, rem = divmod(rem, 60_000)
    whole, frac = divmod(rem, 1000)
    sec = str(whole) + (f".{frac:03d}".rstrip("0") if frac else "")
    if hours:
        return f"{sign}{hours}h{minutes}m{sec}s"
    if minutes:
        return f"{sign}{minutes}m{sec}s"
    return f"{sign}{sec}s"


def _lower_headers(headers: HeadersLike | None) -> dict[str, str]:
    """Return a lower-cased copy of ``headers``; tolerate ``None`` and odd mappings."""
    if headers is None:
        return {}
    try:
        items = headers.items() if isinstance(headers, Mapping) else headers
        return {str(k).lower(): str(v) for k, v in items}
    except (TypeError, ValueError):
        return {}


def _opt_int(value: str | None) -> int | None:
    """Parse a non-negative integer header value; anything else becomes ``None``."""
    if value is None:
        return None
    text = value.strip()
    try:
        return int(text) if int(text) >= 0 else None
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return None
    if math.isfinite(number) and number >= 0:
        return int(number)
    return None


def _opt_duration(value: str | None) -> float | None:
    """Parse a Go duration header value; garbage or negative values become ``None``."""
    if value is None:
        return None
    try:
        seconds = parse_go_duration(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


@dataclass(frozen=True)
class RateLimitSnapshot:
    """Groq's view of our quota, as read from one response's headers.

    ``*_requests`` fields are the **per-day** request budget (RPD); ``*_tokens`` fields are the
    **per-minute** token budget (TPM). ``reset_*_seconds`` is how long until that budget is
    fully replenished. Any header that is missing or unparsable is ``None``.
    """

    limit_requests: int | None = None
    remaining_requests: int | None = None
    reset_requests_seconds: float | None = None
    limit_tokens: int | None = None
    remaining_tokens: int | None = None
    reset_tokens_seconds: float | None = None

    @classmethod
    def from_headers(cls, headers: HeadersLike | None) -> RateLimitSnapshot:
        """Build a snapshot from any headers mapping (case-insensitive); never raises."""
        h = _lower_headers(headers)
        return cls(
            limit_requests=_opt_int(h.get("x-ratelimit-limit-requests")),
            remaining_requests=_opt_int(h.get("x-ratelimit-remaining-requests")),
            reset_requests_seconds=_opt_duration(h.get("x-ratelimit-reset-requests")),
            limit_tokens=_opt_int(h.get("x-ratelimit-limit-tokens")),
            remaining_tokens=_opt_int(h.get("x-ratelimit-remaining-tokens")),
            reset_tokens_seconds=_opt_duration(h.get("x-ratelimit-reset-tokens")),
        )

    @property
    def is_empty(self) -> bool:
        """True when not a single rate-limit header could be read."""
        return all(
            v is None
            for v in (
                self.limit_requests,
                self.remaining_requests,
                self.reset_requests_seconds,
                self.limit_tokens,
                self.remaining_tokens,
                self.reset_tokens_seconds,
            )
        )


def parse_rate_limit_headers(headers: HeadersLike | None) -> RateLimitSnapshot:
    """Shorthand for :meth:`RateLimitSnapshot.from_headers`; never raises."""
    return RateLimitSnapshot.from_headers(headers)


def parse_retry_after(headers: HeadersLike | None, *, now: float | None = None) -> float | None:
    """Return how many seconds the server asked us to wait, or ``None`` if it did not say.

    Reads ``retry-after-ms`` (milliseconds, as the Groq SDK also honours) first, then
    ``retry-after`` as either (possibly fractional) seconds or an HTTP-date. HTTP-dates in the
    past give ``0.0``; ``now`` (epoch seconds) overrides the clock for tests. Never raises.
    """
    h = _lower_headers(headers)
    ms = h.get("retry-after-ms")
    if ms is not None:
        try:
            value = float(ms.strip())
            if math.isfinite(value) and value >= 0:
                return value / 1000.0
        except ValueError:
            pass
    raw = h.get("retry-after")
    if raw is None:
        return None
    text = raw.strip()
    if _BARE_NUMBER.fullmatch(text):
        return float(text)
    try:
        parsed = email.utils.parsedate_tz(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, float(email.utils.mktime_tz(parsed)) - current)


@dataclass(frozen=True)
class RateLimitErrorInfo:
    """What a Groq 429/413 error message says about the limit that was hit.

    ``kind`` is ``rpm``/``rpd``/``tpm``/``tpd`` or ``unknown`` (for other limits such as ITPM,
    or messages we cannot read); ``limit_name`` keeps the raw abbreviation (``"TPM"``).
    ``too_large`` is True for the 413 "Request too large" message, which retrying cannot fix.
    Numbers are ``None`` when the message does not contain them.
    """

    kind: RateLimitKind = "unknown"
    limit_name: str | None = None
    limit: int | None = None
    used: int | None = None
    requested: int | None = None
    try_again_seconds: float | None = None
    too_large: bool = False
    model: str | None = None
    organization: str | None = None

    @property
    def is_daily(self) -> bool:
        """True when the exhausted limit is a per-day one (waiting is likely long)."""
        return self.kind in ("rpd", "tpd")


_KIND_BY_NAME: dict[str, RateLimitKind] = {
    "RPM": "rpm",
    "RPD": "rpd",
    "TPM": "tpm",
    "TPD": "tpd",
}
_LIMIT_NAME = re.compile(r"\b(?:requests|tokens)[a-z ]*\bper (?:minute|day|hour)\s*\((\w+)\)", re.I)
_LIMIT_PHRASE = re.compile(r"\b(requests|tokens) per (minute|day)\b", re.I)
_NUMBER = r"~?\s*([\d,]+)"
_LIMIT_VALUE = re.compile(r"\bLimit:?\s+" + _NUMBER, re.I)
_USED_VALUE = re.compile(r"\bUsed:?\s+" + _NUMBER, re.I)
_REQUESTED_VALUE = re.compile(r"\bRequested:?\s+" + _NUMBER, re.I)
_TRY_AGAIN = re.compile(r"try again in\s+([0-9.hmsuµμn]+)", re.I)
_MODEL = re.compile(r"for model `([^`]+)`")
_ORG = re.compile(r"in organization `([^`]+)`")


def _opt_number(pattern: re.Pattern[str], message: str) -> int | None:
    """Return the first integer captured by ``pattern`` (commas allowed) or ``None``."""
    match = pattern.search(message)
    if not match:
        return None
    try:
        return int(match.group(1).replace(",", ""))
    except ValueError:
        return None


def parse_rate_limit_error(message: str) -> RateLimitErrorInfo:
    """Read a Groq rate-limit message (429 "Rate limit reached…" or 413 "Request too large…").

    Never raises: anything unreadable yields ``kind="unknown"`` with ``None`` numbers.
    """
    if not isinstance(message, str) or not message:
        return RateLimitErrorInfo()
    kind: RateLimitKind = "unknown"
    limit_name: str | None = None
    name_match = _LIMIT_NAME.search(message)
    if name_match:
        limit_name = name_match.group(1).upper()
        kind = _KIND_BY_NAME.get(limit_name, "unknown")
    else:
        phrase = _LIMIT_PHRASE.search(message)
        if phrase:
            unit = "R" if phrase.group(1).lower() == "requests" else "T"
            period = "M" if phrase.group(2).lower() == "minute" else "D"
            limit_name = f"{unit}P{period}"
            kind = _KIND_BY_NAME[limit_name]
    try_again: float | None = None
    wait = _TRY_AGAIN.search(message)
    if wait:
        # The sentence ends with a period ("in 6.75s."): strip it before parsing.
        try_again = _opt_duration(wait.group(1).rstrip("."))
    model = _MODEL.search(message)
    org = _ORG.search(message)
    return RateLimitErrorInfo(
        kind=kind,
        limit_name=limit_name,
        limit=_opt_number(_LIMIT_VALUE, message),
        used=_opt_number(_USED_VALUE, message),
        requested=_opt_number(_REQUESTED_VALUE, message),
        try_again_seconds=try_again,
        too_large="request too large" in message.lower(),
        model=model.group(1) if model else None,
        organization=org.group(1) if org else None,
    )


def rate_limit_message_from_body(body: object) -> str | None:
    """Extract ``error.message`` from an error body as the Groq SDK exposes it (``exc.body``).

    The SDK gives the decoded JSON (a dict; sometimes already the inner ``error`` object) or
    the raw text when the body was not JSON. Returns ``None`` when no message is found.
    """
    if isinstance(body, str):
        return body or None
    if isinstance(body, Mapping):
        inner = body.get("error", body)
        if isinstance(inner, Mapping):
            msg = inner.get("message")
            return msg if isinstance(msg, str) else None
        if isinstance(inner, str):
            return inner
    return None
