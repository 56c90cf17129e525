"""Screening pages: new batch, results (ranked list, weights, decisions), explanations.

Thin: every view scopes its query to the user's team (another team's rows are 404) and
hands writes to the services.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from runs import selectors as run_selectors
from screener.views import announce_queued, require_team
from screening import analysis as screening_analysis
from screening import selectors as screening_selectors
from screening import services as screening_services
from screening.forms import DecisionForm, NewScreeningForm, TopNForm, WeightsForm
from screening.models import Candidate, ScreeningBatch
from screening.scoring import COMPONENT_LABELS, COMPONENTS
from screening.services import ANALYSIS_RUN_KIND


def _batch(request: HttpRequest, pk: int) -> ScreeningBatch:
    team = require_team(request)
    return get_object_or_404(ScreeningBatch.objects.filter(team=team).select_related("job"), pk=pk)


def _candidate(request: HttpRequest, pk: int) -> Candidate:
    team = require_team(request)
    query = Candidate.objects.filter(team=team).select_related("job", "resume", "decided_by")
    return get_object_or_404(query, pk=pk)


def _page(request: HttpRequest, qs: QuerySet, param: str, count: int | None = None) -> Page:
    """Page ``param`` of ``qs``; a known ``count`` saves the paginator its COUNT query."""
    size = settings.CANDIDATES_PER_PAGE if param == "page" else settings.CANDIDATES_OTHER_PER_PAGE
    paginator = Paginator(qs, size)
    if count is not None:
        paginator.count = count  # cached_property: this value is used instead
    return paginator.get_page(request.GET.get(param))


def _bars(cand: Candidate) -> list[tuple[str, str, str]]:
    """(label, meter value "0.500", shown value "0.50") per component, formatted once here:
    template number filters on 300 values were a sixth of the results page's time. A
    component that is not known (not stated, or not asked for) shows "not stated" and an
    empty meter value, since it does not count in the score."""
    out = []
    for key in COMPONENTS:
        value = cand.components.get(key, 0.0)
        if value is None:
            out.append((COMPONENT_LABELS[key], "", "not stated"))
        else:
            out.append((COMPONENT_LABELS[key], f"{value:.3f}", f"{value:.2f}"))
    return out


def _int_or_none(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


def index(request: HttpRequest) -> HttpResponse:
    """Batches of the team and the "new screening" form."""
    team = require_team(request)
    job_id = _int_or_none(request.GET.get("job"))
    form = NewScreeningForm(team, request.POST or None, initial={"job": job_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ids = list(
            screening_selectors.resumes_matching(team, data["skill"], data["role"]).values_list(
                "id", flat=True
            )
        )
        try:
            batch = screening_services.create_batch(
                team, data["job"], ids, request.user, name_blind=data["name_blind"]
            )
        except screening_services.ScreeningError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Screening {len(ids)} resume(s) against {data['job']}.")
            return redirect("screening:batch", pk=batch.pk)
    batches = Paginator(
        screening_selectors.batches_for_team(team, job_id), settings.SCREENING_BATCHES_PER_PAGE
    )
    context = {"form": form, "batches": batches.get_page(request.GET.get("page")), "job_id": job_id}
    return render(request, "screening/index.html", context)


def _results_context(request: HttpRequest, batch: ScreeningBatch) -> dict:
    sections = screening_selectors.batch_sections(batch)
    counts = screening_selectors.section_counts(batch)
    conf = screening_services.job_settings(batch.job)
    params = {"ranked": "page", "filtered": "fpage", "unscreened": "upage"}
    pages = {k: _page(request, sections[k], param, counts[k]) for k, param in params.items()}
    for page in pages.values():
        for cand in page:
            cand.label = screening_selectors.display_name(cand, batch.name_blind)
            cand.bars = _bars(cand)
    if batch.run:
        batch.run.refresh_from_db()
    return {
        "batch": batch,
        "run": batch.run,
        "pages": pages,
        "pending": counts["pending"],
        "conf": conf,
        "running": bool(batch.run and not batch.run.is_finished),
    } | screening_selectors.batch_progress(batch, counts)


def _weights_form(batch: ScreeningBatch, conf: screening_services.JobSettings) -> WeightsForm:
    initial = {f"w_{k}": v for k, v in conf.weights.items()}
    initial.update(
        required=", ".join(conf.requirements.required),
        nice=", ".join(conf.requirements.nice),
        min_years=conf.requirements.min_years,
        confirmed=conf.requirements.confirmed,
    )
    return WeightsForm(initial=initial)


def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The results page; htmx polls its results fragment while the batch runs."""
    batch = _batch(request, pk)
    context = _results_context(request, batch)
    if request.htmx:
        response = render(request, "screening/batch.html#results", context)
        if not context["running"]:
            return HttpResponseStopPolling(response.content)
        return response
    context["weights_form"] = _weights_form(batch, context["conf"])
    context["top_form"] = TopNForm()
    listed = [cand.pk for cand in context["pages"]["ranked"]]
    waiting = run_selectors.open_items(require_team(request), ANALYSIS_RUN_KIND, listed).values()
    context["analysis_runs"] = list({item.run_id: item.run for item in waiting}.values())
    return render(request, "screening/batch.html", context)


@require_POST
def batch_weights(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply new weights / must-haves and re-rank from stored components (no embedding)."""
    batch = _batch(request, pk)
    form = WeightsForm(request.POST)
    started = time.perf_counter()
    error = ""
    if form.is_valid():
        try:
            screening_services.update_job_settings(
                batch,
                form.weights(),
                required=form.required_skills(),
                nice=form.nice_skills(),
                min_years=form.cleaned_data.get("min_years"),
                confirmed=form.cleaned_data.get("confirmed", False),
            )
        except screening_services.ScreeningError as exc:
            error = str(exc)
    else:
        error = form.error_text()
    elapsed_ms = (time.perf_counter() - started) * 1000
    if not request.htmx:
        if error:
            messages.error(request, f"Weights not changed: {error}")
        else:
            messages.success(request, f"Re-ranked in {elapsed_ms:.0f} ms.")
        return redirect("screening:batch", pk=batch.pk)
    context = _results_context(request, batch)
    context.update(rerank_ms=None if error else elapsed_ms, weights_error=error)
    response = render(request, "screening/batch.html#results", context)
    response["X-Rerank-Ms"] = f"{elapsed_ms:.1f}"
    # A refused value is answered 200 with the reason in the fragment (and this header): a
    # 4xx would be logged by the browser as a failed resource, a console error on a page
    # that works as intended.
    if error:
        response["X-Weights-Refused"] = "1"
    return response


@require_POST
def batch_weights_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Back to the default weights and the job's own requirements, for every batch of the job."""
    batch = _batch(request, pk)
    screening_services.reset_job_settings(batch)
    messages.success(request, "Weights and must-haves reset to the defaults for this job.")
    return redirect("screening:batch", pk=batch.pk)


def batch_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking as a CSV download."""
    batch = _batch(request, pk)
    response = HttpResponse(
        screening_selectors.export_csv(batch), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="screening-{batch.pk}.csv"'
    return response


@require_POST
def batch_analyse_top(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue deep analysis of the top N candidates of a batch."""
    batch = _batch(request, pk)
    form = TopNForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how many top candidates to analyse (1-50).")
        return redirect("screening:batch", pk=batch.pk)
    ids = screening_analysis.top_candidate_ids(batch.id, form.cleaned_data["n"])
    if not ids:
        messages.error(request, "No candidate has passed the pre-filter yet.")
        return redirect("screening:batch", pk=batch.pk)
    run = screening_analysis.request_analysis(batch.team, ids, request.user)
    if run is None:
        messages.info(request, "These candidates already have a deep analysis.")
    else:
        announce_queued(request, f"Deep analysis queued for {run.total} candidate(s).")
    return redirect("screening:batch", pk=batch.pk)


def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One candidate's explanation (inline fragment for htmx, a page otherwise)."""
    cand = _candidate(request, pk)
    batch = ScreeningBatch.objects.filter(team=cand.team, job=cand.job).order_by("-id").first()
    name_blind = batch.name_blind if batch else True
    cand.label = screening_selectors.display_name(cand, name_blind)
    waiting = run_selectors.open_items(cand.team, ANALYSIS_RUN_KIND, [cand.pk])
    context = {
        "cand": cand,
        "batch": batch,
        "explanation": screening_selectors.explanation_for(cand),
        "log": cand.decision_log.select_related("user")[:20],
        # The deep-analysis Run this candidate waits on (paused, waiting...), if any.
        "analysis_run": waiting[str(cand.pk)].run if waiting else None,
    }
    template = "screening/candidate.html"
    return render(request, f"{template}#explanation" if request.htmx else template, context)


@require_POST
def candidate_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Shortlist / reject / reset a candidate; the change is logged."""
    cand = _candidate(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Unknown decision.", status=422)
    screening_services.set_decision(
        cand, form.cleaned_data["decision"], request.user, form.cleaned_data["note"]
    )
    if not request.htmx:
        messages.success(request, f"Decision saved: {cand.get_decision_display()}.")
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
            return redirect(target)
        return redirect("screening:candidate", pk=cand.pk)
    batch = ScreeningBatch.objects.filter(team=cand.team, job=cand.job).order_by("-id").first()
    cand.label = screening_selectors.display_name(cand, batch.name_blind if batch else True)
    cand.bars = _bars(cand)
    return render(request, "screening/batch.html#row", {"cand": cand, "batch": batch})


@require_POST
def candidate_analyse(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue (or re-queue with force) the deep analysis of one candidate."""
    cand = _candidate(request, pk)
    force = request.POST.get("force") == "1"
    run = screening_analysis.request_analysis(cand.team, [cand.id], request.user, force=force)
    if run is not None:
        announce_queued(request, "Deep analysis queued.")
    return redirect("screening:candidate", pk=cand.pk)
