"""Shared fixtures: teams, users and logged-in clients."""

from __future__ import annotations

import pytest
from django.test import Client

from screener.models import Team
from screener.services import create_team_user

PASSWORD = "correct-horse-battery"


@pytest.fixture
def team(db) -> Team:  # noqa: ANN001 - pytest-django fixture
    return Team.objects.create(name="Acme Talent")


@pytest.fixture
def user(team: Team):  # noqa: ANN201
    return create_team_user(team.name, "alice", PASSWORD)[1]


@pytest.fixture
def other_team_user(db):  # noqa: ANN001, ANN201
    return create_team_user("Globex Hiring", "mallory", PASSWORD)[1]


@pytest.fixture
def other_team(other_team_user) -> Team:  # noqa: ANN001
    return other_team_user.memberships.get().team


@pytest.fixture
def auth_client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client
