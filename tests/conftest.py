"""Shared fixtures: teams, users and logged-in clients."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator

import pytest
from django.test import Client

from screener.models import Team
from screener.services import create_team_user
from tests.browser import CHROMIUM, CHROMIUM_ARGS, ConsoleErrors
from tests.fakes.groq_server import FakeGroqServer
from tests.redis_server import RedisServer, redis_server_binary

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
        # Under pytest-xdist each worker keeps a database of its own (test_screener_x_gw0...).
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        test = settings.DATABASES["default"].setdefault("TEST", {})
        name = f"test_{settings.DATABASES['default']['NAME']}_{suffix}"
        test["NAME"] = f"{name}_{worker}" if worker else name


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


# --- Redis (one private redis-server per test session, started only if a test asks) -----------
@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A redis-server of this session on a free port; never the machine's 127.0.0.1:6379."""
    binary = redis_server_binary()
    if binary is None:
        message = "redis-server is missing: REDIS TESTS SKIPPED (apt-get install redis-server)"
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    with RedisServer(binary, tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """URL of an empty Redis database on the session's private server."""
    redis_server.client().flushall()
    return redis_server.url(0)


# --- Browser (one Playwright instance for the whole session) -------------------------------------
# Playwright's sync API runs an event loop in this thread; the tests' ORM calls stay
# synchronous, so Django's async-safety guard must be told it is fine here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = "/usr/bin/chromium is missing: BROWSER TESTS SKIPPED (apt-get install chromium)"
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # noqa: ANN001, ANN201
    """A fresh desktop-sized page; the test fails if the page logs an error or throws."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    console = ConsoleErrors(page)
    yield page
    context.close()
    console.check()
