"""Cross-cutting rows: teams and memberships (Runs live in ``runs``, LLM tables in ``llm``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Team(models.Model):
    """A recruiting team; every job, resume, batch and profile belongs to one."""

    name = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's membership of a team. A user works in one team at a time (the first)."""

    class Role(models.TextChoices):
        RECRUITER = "recruiter", "Recruiter"
        ADMIN = "admin", "Team admin"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RECRUITER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="uniq_membership")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class TeamOwned(models.Model):
    """Abstract base for rows that belong to a team."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True
