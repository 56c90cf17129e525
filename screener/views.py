"""Dashboard and Run pages. Thin: reads through selectors, writes through services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseStopPolling

from screener import health, runs, selectors, services
from screener.models import Run, Team


def require_team(request: HttpRequest) -> Team:
    """The request's team; users without a membership cannot see any team data."""
    if request.team is None:
        raise Http404("You are not a member of any team yet. Ask an administrator to add you.")
    return request.team


def dashboard(request: HttpRequest) -> HttpResponse:
    team = require_team(request)
    page = Paginator(selectors.runs_for_team(team), settings.RUNS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "runs": page,
        "team": team,
        "llm": selectors.llm_budget(),
        "counts": selectors.team_counts(team),
        "decisions": selectors.recent_decisions(team),
    }
    return render(request, "screener/dashboard.html", context)


def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment of one Run; answers 286 (stop polling) once it has finished."""
    run = get_object_or_404(selectors.runs_for_team(require_team(request)), pk=pk)
    response = render(request, "screener/_run_progress.html", {"run": run})
    if run.is_finished and request.htmx:
        return HttpResponseStopPolling(response.content)
    return response


@require_POST
def run_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Pause, resume or cancel a Run."""
    run = get_object_or_404(selectors.runs_for_team(require_team(request)), pk=pk)
    if action == "resume":
        ok = runs.resume_run(run.id)
    else:
        target = {"pause": Run.Status.PAUSED, "cancel": Run.Status.CANCELLED}.get(action)
        if target is None:
            raise Http404("unknown action")
        ok = services.set_run_status(run, target)
    if not ok:
        messages.error(request, f"Cannot {action} “{run.label}”: it is {run.get_status_display()}.")
    run.refresh_from_db()
    if request.htmx:
        return render(request, "screener/_run_progress.html", {"run": run})
    return redirect(request.POST.get("next") or "dashboard")


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker reachable: 200, else 503; JSON, public, no secrets in it."""
    report = health.report()
    return JsonResponse(report, status=200 if report["status"] == health.OK else 503)
