"""The Run progress fragment and its actions. Thin: reads through selectors, writes through
services."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from runs import executor, selectors, services
from runs.models import Run
from screener.views import require_team

PROGRESS = "runs/_run_progress.html"


def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment of one Run; answers 286 (stop polling) once it has finished."""
    run = get_object_or_404(selectors.runs_for_team(require_team(request)), pk=pk)
    response = render(request, PROGRESS, {"run": run})
    if run.is_finished and request.htmx:
        return HttpResponseStopPolling(response.content)
    return response


@require_POST
def run_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Pause, resume or cancel a Run."""
    run = get_object_or_404(selectors.runs_for_team(require_team(request)), pk=pk)
    if action == "resume":
        ok = executor.resume_run(run.id)
    else:
        target = {"pause": Run.Status.PAUSED, "cancel": Run.Status.CANCELLED}.get(action)
        if target is None:
            raise Http404("unknown action")
        ok = services.set_run_status(run, target, reason=f"by {request.user.get_username()}")
    if not ok:
        messages.error(request, f"Cannot {action} “{run.label}”: it is {run.get_status_display()}.")
    run.refresh_from_db()
    if request.htmx:
        return render(request, PROGRESS, {"run": run})
    return redirect(_safe_next(request))


def _safe_next(request: HttpRequest) -> str:
    """The POSTed `next` when it points into this site, else the dashboard (no open redirect)."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else "dashboard"
