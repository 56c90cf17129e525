"""Resume and screening pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from screener.views import require_team


def resumes_index(request: HttpRequest) -> HttpResponse:
    require_team(request)
    return render(request, "resumes/resumes_index.html")


def screening_index(request: HttpRequest) -> HttpResponse:
    require_team(request)
    return render(request, "resumes/screening_index.html")
