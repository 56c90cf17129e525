"""Candidate profile pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from screener.views import require_team


def profiles_index(request: HttpRequest) -> HttpResponse:
    require_team(request)
    return render(request, "profiles/profiles_index.html")
