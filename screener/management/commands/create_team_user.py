"""Create a team and a user who belongs to it (idempotent: re-running updates the password)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from screener.services import create_team_user


class Command(BaseCommand):
    help = "Create a team and a user in it. Example: create_team_user Acme alice --password s3cret"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("team", help="team name (created if missing)")
        parser.add_argument("username", help="user name (created if missing)")
        parser.add_argument("--password", required=True, help="the user's password")
        parser.add_argument("--email", default="", help="the user's e-mail address")
        parser.add_argument("--staff", action="store_true", help="also make the user staff/admin")

    def handle(self, *args: Any, **opts: Any) -> None:
        if len(opts["password"]) < 8:
            raise CommandError("--password must have at least 8 characters")
        team, user = create_team_user(
            opts["team"],
            opts["username"],
            opts["password"],
            email=opts["email"],
            staff=opts["staff"],
        )
        self.stdout.write(self.style.SUCCESS(f"user {user} is a member of team {team}"))
