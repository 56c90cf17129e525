"""Point the LLM gateway at a fake Groq server for the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.groq_server import FakeGroqServer


@pytest.fixture
def fake_groq(settings) -> Iterator[FakeGroqServer]:
    with FakeGroqServer(rpm=1000, rpd=100_000, tpm=1_000_000, tpd=10_000_000) as server:
        settings.GROQ_API_KEY = "test-key"
        settings.LLM_BASE_URL = f"{server.base_url}/openai/v1"
        settings.LLM_MODEL = "openai/gpt-oss-20b"
        settings.LLM_RPM, settings.LLM_RPD = 1000, 100_000
        settings.LLM_TPM, settings.LLM_TPD = 1_000_000, 10_000_000
        settings.LLM_TIMEOUT = 5.0
        settings.LLM_PROVIDER_RETRIES = 2
        yield server
