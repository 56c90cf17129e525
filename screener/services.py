"""Writes of the cross-cutting rows: teams and users (Runs: ``runs.services``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from screener.models import Membership, Team


@transaction.atomic
def create_team_user(
    team_name: str, username: str, password: str, *, email: str = "", staff: bool = False
) -> tuple[Team, AbstractBaseUser]:
    """Create (or update) a team and a user who is a member of it. Idempotent."""
    team, _ = Team.objects.get_or_create(name=team_name)
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=username, defaults={"email": email})
    user.set_password(password)
    user.is_staff = staff or user.is_staff
    user.is_superuser = staff or user.is_superuser
    if email:
        user.email = email
    user.save()
    Membership.objects.get_or_create(team=team, user=user)
    return team, user
