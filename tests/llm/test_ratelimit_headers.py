"""Tests for screener.lib.llm.ratelimit_headers (pure functions, no server)."""

from __future__ import annotations

import email.utils

import httpx
import pytest

from screener.lib.llm.ratelimit_headers import (
    RateLimitErrorInfo,
    RateLimitSnapshot,
    format_go_duration,
    parse_go_duration,
    parse_rate_limit_error,
    parse_rate_limit_headers,
    parse_retry_after,
    rate_limit_message_from_body,
)

TPM_429 = (
    "Rate limit reached for model `openai/gpt-oss-20b` in organization `org_x` service tier "
    "`on_demand` on tokens per minute (TPM): Limit 8000, Used 7400, Requested 1500. Please try "
    "again in 6.75s. Need more tokens? Upgrade to Dev Tier today at "
    "https://console.groq.com/settings/billing"
)
RPD_429 = (
    "Rate limit reached for model `llama-3.1-8b-instant` in organization `org_x` service tier "
    "`on_demand` on requests per day (RPD): Limit 14400, Used 14400, Requested 1. Please try "
    "again in 9m38.016s. Need more requests? Upgrade to Dev Tier today at "
    "https://console.groq.com/settings/billing"
)
TOO_LARGE_413 = (
    "Request too large for model `llama-3.3-70b-versatile` in organization `org_y` service tier "
    "`on_demand` on tokens per minute (TPM): Limit 6000, Requested 7000, please reduce your "
    "message size and try again. Need more tokens? Upgrade to Dev Tier today at "
    "https://console.groq.com/settings/billing"
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1h2m3.5s", 3723.5),
        ("2m59.56s", 179.56),
        ("7.66s", 7.66),
        ("450ms", 0.45),
        ("12µs", 12e-6),  # MICRO SIGN, as Go prints it
        ("12μs", 12e-6),  # GREEK MU
        ("12us", 12e-6),
        ("3ns", 3e-9),
        ("0s", 0.0),
        ("0", 0.0),
        ("6", 6.0),
        ("6.5", 6.5),
        ("1h", 3600.0),
        ("1h0m0s", 3600.0),
        ("1m", 60.0),
        ("1.5h", 5400.0),
        (".5s", 0.5),
        ("9m38.016s", 578.016),
        ("50.597142857s", 50.597142857),
        ("1m1ms", 60.001),
        (" 7.66s ", 7.66),
        ("-1.5s", -1.5),
        ("+2s", 2.0),
    ],
)
def test_it_parses_every_go_duration_form(text: str, seconds: float) -> None:
    assert parse_go_duration(text) == pytest.approx(seconds, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(
    "text", ["", "s", "1x", "1h-2m", "abc", "1.2.3s", "nan", "inf", "1 s", "-"]
)
def test_it_rejects_garbled_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_go_duration(text)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (0.0004, "0s"),
        (0.45, "450ms"),
        (7.66, "7.66s"),
        (179.56, "2m59.56s"),
        (3600, "1h0m0s"),
        (3723.5, "1h2m3.5s"),
        (578.016, "9m38.016s"),
        (60, "1m0s"),
        (-2, "-2s"),
    ],
)
def test_it_formats_durations_like_go(seconds: float, text: str) -> None:
    assert format_go_duration(seconds) == text
    assert parse_go_duration(text) == pytest.approx(round(seconds, 3))


def test_it_reads_a_snapshot_case_insensitively_with_groq_semantics() -> None:
    headers = {
        "X-RateLimit-Limit-Requests": "14400",
        "x-ratelimit-remaining-requests": "14370",
        "X-RATELIMIT-RESET-REQUESTS": "2m59.56s",
        "x-ratelimit-limit-tokens": "18000",
        "x-ratelimit-remaining-tokens": "17997",
        "x-ratelimit-reset-tokens": "7.66s",
    }
    snap = RateLimitSnapshot.from_headers(headers)
    assert snap == RateLimitSnapshot(
        limit_requests=14400,
        remaining_requests=14370,
        reset_requests_seconds=pytest.approx(179.56),
        limit_tokens=18000,
        remaining_tokens=17997,
        reset_tokens_seconds=pytest.approx(7.66),
    )
    assert not snap.is_empty
    assert parse_rate_limit_headers(httpx.Headers(headers)) == snap


def test_it_turns_missing_or_garbled_headers_into_none_without_raising() -> None:
    snap = parse_rate_limit_headers(
        {
            "x-ratelimit-limit-requests": "lots",
            "x-ratelimit-remaining-requests": "-3",
            "x-ratelimit-reset-requests": "soon",
            "x-ratelimit-limit-tokens": "6000",
        }
    )
    assert snap.limit_requests is None
    assert snap.remaining_requests is None
    assert snap.reset_requests_seconds is None
    assert snap.limit_tokens == 6000
    assert snap.remaining_tokens is None
    assert parse_rate_limit_headers(None).is_empty
    assert parse_rate_limit_headers({}).is_empty
    assert parse_rate_limit_headers([("X-Ratelimit-Remaining-Tokens", "5")]).remaining_tokens == 5


def test_it_is_frozen() -> None:
    snap = RateLimitSnapshot(limit_tokens=1)
    with pytest.raises(AttributeError):
        snap.limit_tokens = 2  # type: ignore[misc]


def test_it_parses_retry_after_seconds_dates_and_ms() -> None:
    assert parse_retry_after({"Retry-After": "7"}) == 7.0
    assert parse_retry_after({"retry-after": "1.5"}) == 1.5
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after({"retry-after": date}, now=now) == pytest.approx(30.0)
    past = email.utils.formatdate(now - 30, usegmt=True)
    assert parse_retry_after({"retry-after": past}, now=now) == 0.0
    assert parse_retry_after({"retry-after": "whenever"}) is None
    assert parse_retry_after({"retry-after": "-5"}) is None
    assert parse_retry_after({}) is None
    assert parse_retry_after(None) is None


def test_it_reads_the_tpm_429_message() -> None:
    assert parse_rate_limit_error(TPM_429) == RateLimitErrorInfo(
        kind="tpm",
        limit_name="TPM",
        limit=8000,
        used=7400,
        requested=1500,
        try_again_seconds=pytest.approx(6.75),
        too_large=False,
        model="openai/gpt-oss-20b",
        organization="org_x",
    )


def test_it_reads_the_rpd_429_message_with_minutes() -> None:
    info = parse_rate_limit_error(RPD_429)
    assert info.kind == "rpd"
    assert info.is_daily
    assert (info.limit, info.used, info.requested) == (14400, 14400, 1)
    assert info.try_again_seconds == pytest.approx(578.016)


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("requests per minute (RPM)", "rpm"),
        ("tokens per day (TPD)", "tpd"),
        ("input tokens per minute (ITPM)", "unknown"),
        ("tokens per minute", "tpm"),  # no abbreviation: fall back to the phrase
    ],
)
def test_it_names_each_limit_kind(phrase: str, kind: str) -> None:
    msg = f"Rate limit reached for model `m` on {phrase}: Limit 5, Used 5, Requested 1."
    assert parse_rate_limit_error(msg).kind == kind


def test_it_reads_the_413_message_as_too_large_without_used_or_wait() -> None:
    info = parse_rate_limit_error(TOO_LARGE_413)
    assert info.too_large
    assert info.kind == "tpm"
    assert (info.limit, info.used, info.requested) == (6000, None, 7000)
    assert info.try_again_seconds is None


def test_it_reads_older_messages_with_approximate_numbers() -> None:
    old = (
        "Rate limit reached for model `llama3-70b-8192` in organization `org_01` on tokens per "
        "minute (TPM): Limit 7000, Used 0, Requested ~12903. Please try again in 50.597142857s. "
        "Visit https://console.groq.com/docs/rate-limits for more information."
    )
    info = parse_rate_limit_error(old)
    assert (info.kind, info.limit, info.used, info.requested) == ("tpm", 7000, 0, 12903)
    assert info.try_again_seconds == pytest.approx(50.597142857)


@pytest.mark.parametrize("msg", ["", "Internal Server Error", "Please try again in soon."])
def test_it_never_raises_on_unreadable_messages(msg: str) -> None:
    info = parse_rate_limit_error(msg)
    assert info.kind == "unknown"
    assert info.try_again_seconds is None
    assert info.limit is None


def test_it_extracts_messages_from_sdk_error_bodies() -> None:
    body = {"error": {"message": TPM_429, "type": "tokens", "code": "rate_limit_exceeded"}}
    assert rate_limit_message_from_body(body) == TPM_429
    assert rate_limit_message_from_body(body["error"]) == TPM_429
    assert rate_limit_message_from_body("plain text body") == "plain text body"
    assert rate_limit_message_from_body(None) is None
    assert rate_limit_message_from_body({"error": {"code": 1}}) is None
