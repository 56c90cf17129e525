"""Every page needs a login, teams never see each other's rows, and POSTs need CSRF."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from runs.models import Run

# healthz: see tests/deploy/test_healthz.py; favicon: tests/core/test_error_pages.py
PUBLIC = {"login", "admin:login", "healthz", "favicon"}
SAMPLE_KWARGS = {
    "pk": 1,
    "action": "pause",
    "object_id": 1,
    "app_label": "screener",
    "model_name": "run",
    "content_type_id": 1,
    "uidb64": "x",
    "token": "y",
    "url": "x",
}


def _named_urls(resolver: URLResolver = None, prefix: str = "") -> list[str]:  # noqa: RUF013
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += _named_urls(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{prefix}{pattern.name}")
    return names


def _reverse_any(name: str) -> str | None:
    resolver = get_resolver()
    for kwargs in (
        {},
        {"pk": 1},
        {"pk": 1, "action": "pause"},
        {"object_id": 1},
        {"app_label": "screener"},
        {"content_type_id": 1, "object_id": 1},
    ):
        try:
            return reverse(name, kwargs=kwargs)
        except Exception:  # noqa: BLE001 - try the next argument shape
            continue
    del resolver
    return None


@pytest.mark.django_db
def test_it_requires_login_on_every_url_but_login() -> None:
    client = Client()
    checked = 0
    for name in _named_urls():
        if name in PUBLIC:
            continue
        url = _reverse_any(name)
        if url is None:
            continue
        response = client.get(url)
        assert response.status_code in (301, 302), f"{name} ({url}) answered {response.status_code}"
        assert "login" in response["Location"], f"{name} redirected to {response['Location']}"
        checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_it_shows_the_login_page_without_login() -> None:
    assert Client().get(reverse("login")).status_code == 200


def test_it_shows_the_dashboard_with_the_team_runs_only(auth_client, team, other_team) -> None:
    Run.objects.create(team=team, kind="k", label="Our screening run")
    Run.objects.create(team=other_team, kind="k", label="Their secret run")
    page = auth_client.get(reverse("dashboard")).content.decode()
    assert "Our screening run" in page
    assert "Their secret run" not in page


def test_it_hides_other_teams_runs_with_404(auth_client, other_team) -> None:
    theirs = Run.objects.create(team=other_team, kind="k", label="theirs")
    assert auth_client.get(reverse("runs:status", args=[theirs.id])).status_code == 404
    response = auth_client.post(reverse("runs:action", args=[theirs.id, "cancel"]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Run.Status.QUEUED


def test_it_refuses_posts_without_csrf_token(user, team) -> None:
    run = Run.objects.create(team=team, kind="k", label="mine")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("runs:action", args=[run.id, "cancel"])).status_code == 403
    assert client.post(reverse("logout")).status_code == 403
    run.refresh_from_db()
    assert run.status == Run.Status.QUEUED


def test_it_gives_users_without_a_team_a_404_not_data(db) -> None:
    from django.contrib.auth import get_user_model

    loner = get_user_model().objects.create_user("loner", password="x" * 12)
    client = Client()
    client.force_login(loner)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 404


def test_it_tells_the_recruiter_when_llm_features_are_off(auth_client, settings) -> None:  # noqa: ANN001
    settings.GROQ_API_KEY = ""
    settings.LLM_BASE_URL = ""
    page = auth_client.get(reverse("dashboard")).content.decode()
    assert "LLM features are off" in page and "GROQ_API_KEY" in page


def test_it_shows_the_llm_budget_left_today(auth_client, settings) -> None:  # noqa: ANN001
    settings.GROQ_API_KEY = "key"
    settings.LLM_RPD, settings.LLM_TPD = 1_000, 200_000
    page = auth_client.get(reverse("dashboard")).content.decode()
    assert "1,000 requests and 200,000 tokens left today" in page
