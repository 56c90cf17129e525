"""Shared fixtures: teams, users and logged-in clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from screener.models import Team
from screener.services import create_team_user
from tests.fakes.groq_server import FakeGroqServer

PASSWORD = "correct-horse-battery"


@pytest.fixture
def team(db) -> Team:
    return Team.objects.create(name="Acme Talent")


@pytest.fixture
def user(team: Team):
    return create_team_user(team.name, "alice", PASSWORD)[1]


@pytest.fixture
def other_team_user(db):
    return create_team_user("Globex Hiring", "mallory", PASSWORD)[1]


@pytest.fixture
def other_team(other_team_user) -> Team:
    return other_team_user.memberships.get().team


@pytest.fixture
def auth_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """TEST_DB_SUFFIX=x uses test_screener_x, so two test runs on one machine don't collide."""
    import os

    from django.conf import settings

    suffix = os.environ.get("TEST_DB_SUFFIX")
    if suffix:
        test = settings.DATABASES["default"].setdefault("TEST", {})
        test["NAME"] = f"test_{settings.DATABASES['default']['NAME']}_{suffix}"


@pytest.fixture
def fake_groq(settings) -> Iterator[FakeGroqServer]:
    """A fake Groq server with generous limits; the gateway is configured to use it."""
    with FakeGroqServer(rpm=1000, rpd=100_000, tpm=1_000_000, tpd=10_000_000) as server:
        settings.GROQ_API_KEY = "test-key"
        settings.LLM_BASE_URL = f"{server.base_url}/openai/v1"
        settings.LLM_MODEL = "openai/gpt-oss-20b"
        settings.LLM_RPM, settings.LLM_RPD = 1000, 100_000
        settings.LLM_TPM, settings.LLM_TPD = 1_000_000, 10_000_000
        settings.LLM_TIMEOUT = 5.0
        settings.LLM_PROVIDER_RETRIES = 2
        yield server
