"""Attach the signed-in user's team to every request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from screener.selectors import team_for_user


class TeamMiddleware:
    """Set ``request.team`` (or None) for authenticated users; pages scope queries by it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        request.team = team_for_user(user) if user and user.is_authenticated else None
        return self.get_response(request)
