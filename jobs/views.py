"""Job pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from screener.views import require_team


def jobs_index(request: HttpRequest) -> HttpResponse:
    require_team(request)
    return render(request, "jobs/jobs_index.html")
