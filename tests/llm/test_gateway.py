"""The LLM gateway against a fake Groq server over real HTTP, with the real groq SDK."""

from __future__ import annotations

import threading
import time

import pytest
from pydantic import BaseModel

from llm.gateway import extract
from llm.limiter import get_limiter
from llm.models import LLMCall, LLMLimiterState
from screener.lib.llm import errors

pytestmark = pytest.mark.django_db(transaction=True)


class Skills(BaseModel):
    role: str
    skills: list[str]


def _ask(user: str = "Senior Python developer, Django and PostgreSQL", **kw) -> Skills:
    return extract(Skills, system="Extract the role and skills.", user=user, purpose="test", **kw)


def test_it_returns_a_validated_instance_and_logs_the_call(fake_groq) -> None:
    fake_groq.set_static_response("test", {"role": "Backend developer", "skills": ["Python"]})
    result = _ask()
    assert result.model_dump() == {"role": "Backend developer", "skills": ["Python"]}
    call = LLMCall.objects.get()
    assert (call.purpose, call.status, call.model) == ("test", "200", "openai/gpt-oss-20b")
    assert call.prompt_tokens > 0 and call.completion_tokens > 0
    assert call.limit_tokens == 1_000_000 and call.remaining_tokens is not None
    body = fake_groq.completions()[0].body
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert body["response_format"]["json_schema"]["schema"]["additionalProperties"] is False


def test_it_uses_json_mode_for_models_without_strict_schemas(fake_groq, settings) -> None:
    settings.LLM_MODEL = "llama-3.1-8b-instant"
    fake_groq.set_static_response("test", {"role": "r", "skills": []})
    _ask()
    assert fake_groq.completions()[0].body["response_format"] == {"type": "json_object"}


def test_it_answers_an_identical_request_from_the_cache(fake_groq) -> None:
    first = _ask()
    requests_after_first = len(fake_groq.completions())
    again = _ask()
    assert again.model_dump() == first.model_dump()
    assert len(fake_groq.completions()) == requests_after_first == 1
    assert LLMCall.objects.count() == 1
    _ask(prompt_version="2")
    assert len(fake_groq.completions()) == 2


def test_it_reasks_after_invalid_json_then_succeeds(fake_groq) -> None:
    fake_groq.inject("malformed_json")
    assert isinstance(_ask(), Skills)
    assert [c.status for c in LLMCall.objects.order_by("id")] == ["200", "200"]


def test_it_raises_invalid_output_after_the_allowed_reasks(fake_groq, settings) -> None:
    settings.LLM_MAX_REASKS = 2
    fake_groq.inject("schema_violation", 3)
    with pytest.raises(errors.InvalidOutput, match="3 attempt"):
        _ask()
    assert LLMCall.objects.count() == 3


def test_it_refuses_a_request_larger_than_the_token_limit_without_sending(
    fake_groq, settings
) -> None:
    settings.LLM_TPM = 2_000
    with pytest.raises(errors.RequestTooLarge):
        _ask(user="python " * 4_000)
    assert fake_groq.completions() == []


def test_it_never_retries_a_413(fake_groq, settings) -> None:
    fake_groq.configure(tpm=500)  # the provider is stricter than our configuration
    with pytest.raises(errors.RequestTooLarge):
        _ask(user="python " * 1_000)
    assert [r.status for r in fake_groq.completions()] == [413]


def test_it_retries_5xx_with_bounded_backoff(fake_groq) -> None:
    fake_groq.inject(503, 2)
    assert isinstance(_ask(), Skills)
    assert [r.status for r in fake_groq.completions()] == [503, 503, 200]


def test_it_gives_up_after_the_bounded_retries(fake_groq, settings) -> None:
    settings.LLM_PROVIDER_RETRIES = 1
    fake_groq.inject(500, 5)
    with pytest.raises(errors.ProviderError, match="500"):
        _ask()
    assert len(fake_groq.completions()) == 2


def test_it_turns_a_hanging_provider_into_a_provider_error(fake_groq, settings) -> None:
    settings.LLM_TIMEOUT = 1.0
    settings.LLM_PROVIDER_RETRIES = 0
    fake_groq.inject("hang", seconds=10)
    started = time.monotonic()
    with pytest.raises(errors.ProviderError, match="did not answer"):
        _ask()
    assert time.monotonic() - started < 5
    assert LLMCall.objects.get().status == "timeout"


def test_it_waits_out_a_429_and_makes_every_worker_wait(fake_groq) -> None:
    fake_groq.inject(429, retry_after=2)
    started = time.monotonic()
    assert isinstance(_ask(), Skills)
    assert time.monotonic() - started >= 1.9
    assert [r.status for r in fake_groq.completions()] == [429, 200]
    state = LLMLimiterState.objects.get(model="openai/gpt-oss-20b")
    assert state.blocked_until is not None


def test_a_block_reaches_a_worker_in_another_thread(fake_groq) -> None:
    limiter = get_limiter("openai/gpt-oss-20b")
    limiter.block_all(1.5)
    waited: list[float] = []

    def other_worker() -> None:
        started = time.monotonic()
        get_limiter("openai/gpt-oss-20b").acquire(10)
        waited.append(time.monotonic() - started)

    thread = threading.Thread(target=other_worker)
    thread.start()
    thread.join(10)
    assert waited and waited[0] >= 1.4


def test_it_stops_with_quota_exhausted_and_sends_nothing_more(fake_groq) -> None:
    fake_groq.exhaust_daily(reset_in_seconds=120)
    with pytest.raises(errors.QuotaExhausted) as first:
        _ask()
    assert 100 < (first.value.resume_at.timestamp() - time.time()) <= 121
    sent = len(fake_groq.completions())
    with pytest.raises(errors.QuotaExhausted):
        _ask(user="another resume")
    assert len(fake_groq.completions()) == sent == 1


def test_it_says_what_is_missing_without_a_key(settings, db) -> None:
    settings.GROQ_API_KEY = ""
    settings.LLM_BASE_URL = ""
    with pytest.raises(errors.NotConfigured, match="GROQ_API_KEY"):
        _ask()


def test_it_works_with_a_local_openai_compatible_server_without_key(fake_groq, settings) -> None:
    settings.GROQ_API_KEY = ""  # e.g. Ollama: LLM_BASE_URL=http://localhost:11434/v1
    assert isinstance(_ask(), Skills)
