"""Tests for the fake Groq server, driven through the real ``groq`` SDK and ``instructor``.

No mocks: every test talks HTTP to a real ``FakeGroqServer`` on 127.0.0.1. Window tests use a
``ManualClock`` (exact numbers, no sleeping) or a large ``time_scale`` (real sleeping, short).
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

import groq
import httpx
import instructor
import pytest
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, Field, ValidationError

from screener.lib.llm.ratelimit_headers import (
    RateLimitSnapshot,
    parse_go_duration,
    parse_rate_limit_error,
    parse_retry_after,
    rate_limit_message_from_body,
)
from tests.fakes.groq_server import (
    CHAT_PATH,
    PURPOSE_HEADER,
    FakeGroqServer,
    make_fixture,
    running_fake_groq,
    schema_instance,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
MODEL = "openai/gpt-oss-20b"


class ManualClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Skill(BaseModel):
    name: str
    years: int = Field(ge=1, le=50)


class Candidate(BaseModel):
    name: str
    seniority: Literal["junior", "mid", "senior"]
    skills: list[Skill]
    score: float = Field(gt=0, le=10)
    email: str | None = None
    remote: bool


def say(text: str) -> list[dict[str, str]]:
    """A one-message conversation."""
    return [{"role": "user", "content": text}]


@pytest.fixture
def server() -> Iterator[FakeGroqServer]:
    """A server with limits far away from anything a test hits."""
    with running_fake_groq(rpm=1000, rpd=100_000, tpm=1_000_000, tpd=10_000_000) as s:
        yield s


tiny_groq = make_fixture("tiny_groq", rpm=1, rpd=None, tpm=None, tpd=None)


@pytest.fixture
def client(server: FakeGroqServer) -> groq.Groq:
    """The SDK client exactly as the app builds it (apart from base_url)."""
    return groq.Groq(base_url=server.base_url, api_key="x", max_retries=0, timeout=5)


# -- normal completions ----------------------------------------------------------------------


def test_it_answers_a_plain_completion_in_groqs_shape(
    server: FakeGroqServer, client: groq.Groq
) -> None:
    text = "Summarise this resume please."  # 29 chars -> ceil(29/4) = 8 tokens
    raw = client.chat.completions.with_raw_response.create(model=MODEL, messages=say(text))
    completion = raw.parse()

    assert completion.object == "chat.completion"
    assert completion.id.startswith("chatcmpl-")
    assert completion.model == MODEL
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].message.content == "{}"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None
    assert completion.usage.prompt_tokens == 8
    assert completion.usage.completion_tokens == 1  # "{}" -> ceil(2/4)
    assert completion.usage.total_tokens == 9
    assert completion.usage.total_time is not None
    assert completion.x_groq is not None
    assert completion.x_groq.id == raw.headers["x-request-id"]
    assert raw.headers["content-type"] == "application/json"
    assert server.stats() == {200: 1}


def test_it_sends_all_six_rate_limit_headers_and_they_decrease() -> None:
    clock = ManualClock()
    with running_fake_groq(rpm=100, rpd=1000, tpm=5000, tpd=100_000, clock=clock) as s:
        c = s.client()
        first = c.chat.completions.with_raw_response.create(model=MODEL, messages=say("a" * 40))
        second = c.chat.completions.with_raw_response.create(model=MODEL, messages=say("b" * 40))

    snaps = [RateLimitSnapshot.from_headers(r.headers) for r in (first, second)]
    for snap in snaps:
        assert (snap.limit_requests, snap.limit_tokens) == (1000, 5000)
    # request 1 costs 1 request and 10 + 1 tokens, request 2 the same
    assert snaps[0].remaining_requests == 999
    assert snaps[1].remaining_requests == 998
    assert snaps[0].remaining_tokens == 5000 - 11
    assert snaps[1].remaining_tokens == 5000 - 22
    # per DAY requests: 1000/day -> one request refills in 86.4 s; per MINUTE tokens: 5000/min
    assert snaps[0].reset_requests_seconds == pytest.approx(86.4)
    assert snaps[1].reset_requests_seconds == pytest.approx(172.8)
    assert snaps[1].reset_tokens_seconds == pytest.approx(22 * 60 / 5000, abs=1e-3)
    assert second.headers["x-ratelimit-reset-requests"] == "2m52.8s"


def test_it_builds_pytest_fixtures_from_make_fixture(tiny_groq: FakeGroqServer) -> None:
    c = tiny_groq.client()
    c.chat.completions.create(model=MODEL, messages=say("hi"))
    with pytest.raises(groq.RateLimitError):
        c.chat.completions.create(model=MODEL, messages=say("hi"))
    assert tiny_groq.stats() == {200: 1, 429: 1}


def test_it_lists_models(server: FakeGroqServer, client: groq.Groq) -> None:
    models = client.models.list()
    assert MODEL in [m.id for m in models.data]
    assert all(m.object == "model" for m in models.data)


def test_it_routes_purposes_to_their_responders(server: FakeGroqServer, client: groq.Groq) -> None:
    seen: list[str] = []

    def score(body: dict[str, Any]) -> dict[str, Any]:
        seen.append(body["messages"][-1]["content"])
        return {"score": 7, "why": "solid"}

    server.set_responder("score", score)
    server.set_responder("*", lambda body: "fallback text")
    scored = client.chat.completions.create(
        model=MODEL, messages=say("rate her"), extra_headers={PURPOSE_HEADER: "score"}
    )
    other = client.chat.completions.create(
        model=MODEL, messages=say("hi"), extra_headers={PURPOSE_HEADER: "summary"}
    )
    assert json.loads(scored.choices[0].message.content or "") == {"score": 7, "why": "solid"}
    assert other.choices[0].message.content == "fallback text"
    assert seen == ["rate her"]
    assert [r.purpose for r in server.completions()] == ["score", "summary"]
    assert server.completions("score")[0].headers["x-screener-purpose"] == "score"
    assert server.completions("score")[0].body["messages"] == say("rate her")


def test_it_answers_a_json_schema_response_format_with_a_valid_instance(
    client: groq.Groq,
) -> None:
    completion = client.chat.completions.create(
        model=MODEL,
        messages=say("extract"),
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "Candidate", "schema": Candidate.model_json_schema()},
        },
    )
    parsed = Candidate.model_validate_json(completion.choices[0].message.content or "")
    assert parsed.seniority == "junior"
    assert len(parsed.skills) == 1
    assert parsed.email is None  # optional fields are left out


@pytest.mark.parametrize(
    ("mode", "sent"),
    [
        (instructor.Mode.JSON, "response_format=json_object"),
        (instructor.Mode.JSON_SCHEMA, "response_format=json_schema"),
        (instructor.Mode.TOOLS, "tools"),
        (instructor.Mode.MD_JSON, "schema in prompt"),
    ],
)
def test_it_serves_instructor_in_every_groq_mode(
    server: FakeGroqServer, client: groq.Groq, mode: instructor.Mode, sent: str
) -> None:
    ic = instructor.from_groq(client, mode=mode)
    result = ic.chat.completions.create(
        model=MODEL,
        response_model=Candidate,
        messages=say("Extract the candidate from: Ada, senior, Python 9y"),
        max_retries=0,
        extra_headers={PURPOSE_HEADER: "extract"},
    )
    assert isinstance(result, Candidate)
    (record,) = server.completions("extract")
    fmt = record.body.get("response_format")
    if sent == "response_format=json_object":
        assert fmt == {"type": "json_object"}
    elif sent == "response_format=json_schema":
        assert fmt["type"] == "json_schema"
        assert fmt["json_schema"]["schema"]["title"] == "Candidate"
    elif sent == "tools":
        assert record.body["tool_choice"]["function"]["name"] == "Candidate"
        assert fmt is None
    else:
        assert fmt is None and "tools" not in record.body
        assert "json_schema" in record.body["messages"][0]["content"]


def test_it_lets_a_custom_responder_feed_instructor(
    server: FakeGroqServer, client: groq.Groq
) -> None:
    ada = {
        "name": "Ada",
        "seniority": "senior",
        "skills": [{"name": "Python", "years": 9}],
        "score": 9.5,
        "remote": True,
    }
    server.set_static_response("extract", ada)
    ic = instructor.from_groq(client, mode=instructor.Mode.JSON_SCHEMA)
    result = ic.chat.completions.create(
        model=MODEL,
        response_model=Candidate,
        messages=say("Extract"),
        max_retries=0,
        extra_headers={PURPOSE_HEADER: "extract"},
    )
    assert result.model_dump() == Candidate.model_validate(ada).model_dump()


def test_it_rejects_json_object_mode_without_the_word_json(client: groq.Groq) -> None:
    with pytest.raises(groq.BadRequestError) as err:
        client.chat.completions.create(
            model=MODEL, messages=say("hello"), response_format={"type": "json_object"}
        )
    assert "must contain the word 'json'" in str(err.value)


# -- rate limits ------------------------------------------------------------------------------


def test_it_answers_429_with_retry_after_once_rpm_is_used_up() -> None:
    clock = ManualClock()
    with running_fake_groq(rpm=2, rpd=None, tpm=None, tpd=None, clock=clock) as s:
        c = s.client()
        c.chat.completions.create(model=MODEL, messages=say("one"))
        c.chat.completions.create(model=MODEL, messages=say("two"))
        with pytest.raises(groq.RateLimitError) as err:
            c.chat.completions.create(model=MODEL, messages=say("three"))
        clock.advance(30.0)  # 2 per minute -> one request refills every 30 s
        c.chat.completions.create(model=MODEL, messages=say("four"))
        stats = s.stats()

    exc = err.value
    assert exc.status_code == 429
    assert exc.response.headers["retry-after"] == "30"
    assert parse_retry_after(exc.response.headers) == 30.0
    assert isinstance(exc.body, dict)  # the SDK hands over the whole decoded JSON body
    assert exc.body["error"]["code"] == "rate_limit_exceeded"
    assert exc.body["error"]["type"] == "requests"
    info = parse_rate_limit_error(rate_limit_message_from_body(exc.body) or "")
    assert (info.kind, info.limit, info.used, info.requested) == ("rpm", 2, 2, 1)
    assert info.try_again_seconds == pytest.approx(30.0)
    assert stats == {200: 3, 429: 1}


def test_it_answers_429_naming_tpm_when_tokens_run_out() -> None:
    clock = ManualClock()
    with running_fake_groq(rpm=None, rpd=None, tpm=100, tpd=None, clock=clock) as s:
        c = s.client()
        prompt = "x" * 160  # 40 prompt tokens; answer "{}" = 1 completion token
        c.chat.completions.create(model=MODEL, messages=say(prompt))
        c.chat.completions.create(model=MODEL, messages=say(prompt))
        with pytest.raises(groq.RateLimitError) as err:
            c.chat.completions.create(model=MODEL, messages=say(prompt))
        rejected = s.completions()[-1]

    info = parse_rate_limit_error(rate_limit_message_from_body(err.value.body) or "")
    assert (info.kind, info.limit, info.used, info.requested) == ("tpm", 100, 82, 40)
    # 22 tokens too many at 100 tokens/minute -> 13.2 s
    assert info.try_again_seconds == pytest.approx(13.2)
    assert err.value.response.headers["retry-after"] == "14"  # whole seconds, rounded up
    assert err.value.response.headers["x-ratelimit-remaining-tokens"] == "18"
    assert (rejected.status, rejected.limit_hit) == (429, "tpm")


def test_it_answers_413_for_a_prompt_larger_than_tpm_and_does_not_count_it() -> None:
    clock = ManualClock()
    with running_fake_groq(tpm=100, clock=clock) as s:
        c = s.client()
        with pytest.raises(groq.APIStatusError) as err:
            c.chat.completions.create(model=MODEL, messages=say("y" * 404))  # 101 tokens
        after = c.chat.completions.with_raw_response.create(model=MODEL, messages=say("ok"))

    exc = err.value
    assert type(exc) is groq.APIStatusError  # the SDK has no dedicated 413 class
    assert exc.status_code == 413
    assert "retry-after" not in exc.response.headers
    info = parse_rate_limit_error(rate_limit_message_from_body(exc.body) or "")
    assert info.too_large and info.kind == "tpm"
    assert (info.limit, info.requested) == (100, 101)
    # the rejected request cost nothing: "ok" costs 1 + 1 tokens, 1 request
    assert after.headers["x-ratelimit-remaining-tokens"] == "98"
    assert after.headers["x-ratelimit-remaining-requests"] == "14399"


def test_it_reports_the_daily_quota_exhausted_until_the_given_time() -> None:
    clock = ManualClock()
    with running_fake_groq(rpd=1000, clock=clock) as s:
        c = s.client()
        s.exhaust_daily(reset_in_seconds=578.016)
        with pytest.raises(groq.RateLimitError) as err:
            c.chat.completions.create(model=MODEL, messages=say("hi"))
        clock.advance(600)
        ok = c.chat.completions.with_raw_response.create(model=MODEL, messages=say("hi"))

    headers = err.value.response.headers
    assert headers["x-ratelimit-remaining-requests"] == "0"
    assert parse_go_duration(headers["x-ratelimit-reset-requests"]) == pytest.approx(578.016)
    assert headers["retry-after"] == "579"
    info = parse_rate_limit_error(rate_limit_message_from_body(err.value.body) or "")
    assert info.kind == "rpd" and info.is_daily
    assert info.try_again_seconds == pytest.approx(578.016)
    assert "Please try again in 9m38.016s" in str(err.value)
    assert ok.headers["x-ratelimit-remaining-requests"] == "999"


def test_it_shrinks_windows_with_time_scale_in_real_time() -> None:
    # time_scale=30: a "minute" lasts 2 s, so rpm=2 refills one request every second
    with running_fake_groq(rpm=2, rpd=14_400, tpm=None, tpd=None, time_scale=30) as s:
        assert s.minute_seconds == 2.0 and s.day_seconds == 2880.0
        c = s.client()
        first = c.chat.completions.with_raw_response.create(model=MODEL, messages=say("1"))
        c.chat.completions.create(model=MODEL, messages=say("2"))
        with pytest.raises(groq.RateLimitError) as err:
            c.chat.completions.create(model=MODEL, messages=say("3"))
        wait = parse_rate_limit_error(rate_limit_message_from_body(err.value.body) or "")
        assert wait.try_again_seconds is not None
        assert 0 < wait.try_again_seconds <= 1.0
        assert err.value.response.headers["retry-after"] == "1"
        time.sleep(wait.try_again_seconds + 0.05)
        c.chat.completions.create(model=MODEL, messages=say("4"))
        assert s.stats() == {200: 3, 429: 1}
    # a scaled day is 2880 s; 14400/day -> one request refills in 0.2 s real time
    reset = parse_go_duration(first.headers["x-ratelimit-reset-requests"])
    assert reset == pytest.approx(0.2, abs=0.02)


def test_it_counts_concurrent_requests_exactly() -> None:
    clock = ManualClock()
    with running_fake_groq(rpm=10, rpd=None, tpm=None, tpd=None, clock=clock) as s:
        c = s.client()  # one client shared by all threads, as the app would

        def call(i: int) -> int:
            try:
                c.chat.completions.create(model=MODEL, messages=say(f"req {i}"))
                return 200
            except groq.RateLimitError:
                return 429

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(call, range(24)))
    assert results.count(200) == 10
    assert results.count(429) == 14
    assert s.stats() == {200: 10, 429: 14}


# -- fault injection --------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503])
def test_it_injects_server_errors_in_groqs_shape(
    server: FakeGroqServer, client: groq.Groq, status: int
) -> None:
    server.inject(status)
    with pytest.raises(groq.InternalServerError) as err:
        client.chat.completions.create(model=MODEL, messages=say("hi"))
    assert err.value.status_code == status
    body = err.value.body
    assert isinstance(body, dict) and body["error"]["type"] == "internal_server_error"
    assert client.chat.completions.create(model=MODEL, messages=say("hi")).choices
    assert server.stats() == {status: 1, 200: 1}


def test_it_lets_the_sdk_retry_past_an_injected_error(server: FakeGroqServer) -> None:
    server.inject(503)
    retrying = server.client(max_retries=1)
    assert retrying.chat.completions.create(model=MODEL, messages=say("hi")).choices
    records = server.completions()
    assert [r.status for r in records] == [503, 200]
    assert [r.headers.get("x-stainless-retry-count") for r in records] == ["0", "1"]


def test_it_injects_a_429_with_the_given_retry_after(
    server: FakeGroqServer, client: groq.Groq
) -> None:
    server.inject(429, retry_after=7)
    with pytest.raises(groq.RateLimitError) as err:
        client.chat.completions.create(model=MODEL, messages=say("hi"))
    assert err.value.response.headers["retry-after"] == "7"
    info = parse_rate_limit_error(rate_limit_message_from_body(err.value.body) or "")
    assert info.try_again_seconds == pytest.approx(7.0)


def test_it_applies_faults_only_to_their_purpose(server: FakeGroqServer, client: groq.Groq) -> None:
    server.inject(500, purpose="score")
    ok = client.chat.completions.create(
        model=MODEL, messages=say("hi"), extra_headers={PURPOSE_HEADER: "summary"}
    )
    assert ok.choices
    with pytest.raises(groq.InternalServerError):
        client.chat.completions.create(
            model=MODEL, messages=say("hi"), extra_headers={PURPOSE_HEADER: "score"}
        )
    assert server.pending_faults() == []


def test_it_hangs_until_the_client_times_out(server: FakeGroqServer) -> None:
    server.inject("hang")
    impatient = server.client(timeout=0.3)
    started = time.monotonic()
    with pytest.raises(groq.APITimeoutError):
        impatient.chat.completions.create(model=MODEL, messages=say("hi"))
    assert 0.25 < time.monotonic() - started < 2.0
    deadline = time.monotonic() + 2.0  # the handler notices the disconnect and logs it
    while server.stats().get(0) != 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.stats() == {0: 1}
    assert impatient.chat.completions.create(model=MODEL, messages=say("again")).choices


def test_it_shuts_down_cleanly_while_a_request_hangs() -> None:
    s = FakeGroqServer().start()
    s.inject("hang")
    outcome: list[BaseException | None] = []

    def patient() -> None:
        try:
            s.client(timeout=30).chat.completions.create(model=MODEL, messages=say("hi"))
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - we assert on the type below
            outcome.append(exc)

    thread = threading.Thread(target=patient)
    thread.start()
    deadline = time.monotonic() + 2
    while s.pending_faults() != [] and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    started = time.monotonic()
    s.stop()
    thread.join(timeout=5)
    assert time.monotonic() - started < 2.0
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], groq.APIConnectionError)


def test_it_answers_slowly_when_asked(server: FakeGroqServer, client: groq.Groq) -> None:
    server.inject("slow", seconds=0.3)
    started = time.monotonic()
    assert client.chat.completions.create(model=MODEL, messages=say("hi")).choices
    assert time.monotonic() - started >= 0.3


def test_it_sends_malformed_json_that_instructor_rejects_then_recovers_on_reask(
    server: FakeGroqServer, client: groq.Groq
) -> None:
    server.inject("malformed_json")
    ic = instructor.from_groq(client, mode=instructor.Mode.JSON_SCHEMA)
    with pytest.raises(InstructorRetryException):
        ic.chat.completions.create(
            model=MODEL, response_model=Candidate, messages=say("x"), max_retries=0
        )
    server.inject("malformed_json")
    recovered = ic.chat.completions.create(
        model=MODEL, response_model=Candidate, messages=say("x"), max_retries=1
    )
    assert isinstance(recovered, Candidate)
    assert [r.fault for r in server.completions()] == ["malformed_json", "malformed_json", None]


def test_it_sends_valid_json_missing_required_fields_on_schema_violation(
    server: FakeGroqServer, client: groq.Groq
) -> None:
    server.inject("schema_violation")
    raw = client.chat.completions.create(
        model=MODEL,
        messages=say("x"),
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "Candidate", "schema": Candidate.model_json_schema()},
        },
    )
    content = json.loads(raw.choices[0].message.content or "")
    assert isinstance(content, dict)
    assert not set(Candidate.model_json_schema()["required"]) & set(content)
    server.inject("schema_violation")
    ic = instructor.from_groq(client, mode=instructor.Mode.TOOLS)
    with pytest.raises(InstructorRetryException) as err:
        ic.chat.completions.create(
            model=MODEL, response_model=Candidate, messages=say("x"), max_retries=0
        )
    assert isinstance(err.value.__cause__, ValidationError)


def test_it_truncates_json_with_finish_reason_length(
    server: FakeGroqServer, client: groq.Groq
) -> None:
    server.inject("truncated_json")
    ic = instructor.from_groq(client, mode=instructor.Mode.JSON_SCHEMA)
    with pytest.raises(IncompleteOutputException):
        ic.chat.completions.create(
            model=MODEL, response_model=Candidate, messages=say("x"), max_retries=0
        )
    server.inject("truncated_json", finish_reason="stop")
    completion = client.chat.completions.create(
        model=MODEL,
        messages=say("x"),
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "C", "schema": Candidate.model_json_schema()},
        },
    )
    assert completion.choices[0].finish_reason == "stop"
    with pytest.raises(json.JSONDecodeError):
        json.loads(completion.choices[0].message.content or "")


def test_it_shows_instructor_wraps_sdk_rate_limit_errors(
    server: FakeGroqServer, client: groq.Groq
) -> None:
    server.inject(429, retry_after=3)
    ic = instructor.from_groq(client, mode=instructor.Mode.JSON_SCHEMA)
    with pytest.raises(InstructorRetryException) as err:
        ic.chat.completions.create(
            model=MODEL, response_model=Candidate, messages=say("x"), max_retries=0
        )
    cause = err.value.__cause__
    assert isinstance(cause, groq.RateLimitError)
    assert cause.response.headers["retry-after"] == "3"


# -- schema instances -------------------------------------------------------------------------


class Address(BaseModel):
    city: str = Field(min_length=3, max_length=5)
    zip_code: str | None


class Person(BaseModel):
    id: int = Field(gt=10, lt=20)
    ratio: float = Field(ge=0.5)
    home: Address
    past: list[Address] = Field(min_length=2)
    tags: dict[str, int]
    kind: Literal["a", "b"]
    nickname: str | None = None
    child: Person | None = None


def test_it_builds_instances_that_validate_for_nested_refs_and_bounds() -> None:
    schema = Person.model_json_schema()
    value = schema_instance(schema)
    person = Person.model_validate(value)
    assert person.id == 11
    assert len(person.past) == 2
    assert person.home.zip_code == "string"
    assert schema_instance(schema) == value  # deterministic
    assert "nickname" not in value  # minimal: optional fields are omitted


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string", "format": "date"}, "2024-01-01"),
        ({"type": ["null", "integer"], "minimum": 3}, 3),
        ({"enum": ["x", "y"]}, "x"),
        ({"const": 5}, 5),
        ({"anyOf": [{"type": "null"}, {"type": "boolean"}]}, False),
        ({"type": "array", "items": {"type": "number"}, "maxItems": 0}, []),
        ({"type": "number", "exclusiveMaximum": -1}, -1.5),
        ({}, None),
    ],
)
def test_it_builds_minimal_values_for_each_schema_keyword(
    schema: dict[str, Any], expected: Any
) -> None:
    assert schema_instance(schema) == expected


# -- control endpoint and CLI -----------------------------------------------------------------


def test_it_can_be_scripted_through_the_control_endpoint_of_a_subprocess() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.groq_server", "--port", "0", "--rpm", "0"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        banner = proc.stdout.readline()
        match = re.search(r"base_url=(http://127\.0\.0\.1:\d+)", banner)
        assert match, banner
        base_url = match.group(1)
        control = f"{base_url}/_fake/control"

        assert httpx.post(control, json={"action": "inject", "kind": 503}).json() == {"ok": True}
        httpx.post(control, json={"action": "set_response", "purpose": "p", "content": {"a": 1}})
        c = groq.Groq(base_url=base_url, api_key="x", max_retries=0, timeout=5)
        with pytest.raises(groq.InternalServerError):
            c.chat.completions.create(model=MODEL, messages=say("hi"))
        answer = c.chat.completions.create(
            model=MODEL, messages=say("hi"), extra_headers={PURPOSE_HEADER: "p"}
        )
        assert json.loads(answer.choices[0].message.content or "") == {"a": 1}

        stats = httpx.post(control, json={"action": "stats"}).json()
        assert stats["stats"] == {"503": 1, "200": 1}
        log = httpx.post(control, json={"action": "requests"}).json()["requests"]
        assert [(r["path"], r["purpose"]) for r in log] == [(CHAT_PATH, None), (CHAT_PATH, "p")]
        bad = httpx.post(control, json={"action": "explode"})
        assert bad.status_code == 400 and bad.json()["ok"] is False
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        finally:
            if proc.stdout:
                proc.stdout.close()
            if proc.stderr:
                proc.stderr.close()
    assert proc.returncode == 0


def test_it_validates_fault_kinds() -> None:
    s = FakeGroqServer()
    with pytest.raises(ValueError):
        s.inject("explode")
    with pytest.raises(ValueError):
        s.inject("slow")
    assert math.isclose(s.minute_seconds, 60.0)
