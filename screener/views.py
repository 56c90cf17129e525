"""Dashboard and health check (Run pages: ``runs.views``). Thin: reads through selectors."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from llm.selectors import llm_budget
from runs.selectors import runs_for_team
from screener import health, selectors
from screener.lib.llm.config import unavailable_reason
from screener.models import Team


def require_team(request: HttpRequest) -> Team:
    """The request's team; users without a membership cannot see any team data."""
    if request.team is None:
        raise Http404("You are not a member of any team yet. Ask an administrator to add you.")
    return request.team


def announce_queued(request: HttpRequest, text: str) -> None:
    """Say an LLM Run was queued; without an LLM, say honestly that it will wait (not green)."""
    if reason := unavailable_reason():
        messages.warning(request, f"{text} It will wait: {reason}")
    else:
        messages.success(request, text)


def dashboard(request: HttpRequest) -> HttpResponse:
    team = require_team(request)
    page = Paginator(runs_for_team(team), settings.RUNS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    selectors.attach_run_links(page.object_list)
    context = {
        "runs": page,
        "team": team,
        "llm": llm_budget(),
        "counts": selectors.team_counts(team),
        "decisions": selectors.recent_decisions(team),
    }
    return render(request, "screener/dashboard.html", context)


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker reachable: 200, else 503; JSON, public, no secrets in it."""
    report = health.report()
    return JsonResponse(report, status=200 if report["status"] == health.OK else 503)


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for by themselves: the static SVG icon."""
    return redirect(static("favicon.svg"), permanent=True)
