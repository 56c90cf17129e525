"""Job pages. Thin: reads through selectors, writes through services, all scoped to the team."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from jobs import feed_sources as feed_sources_service
from jobs import selectors, services
from jobs.enrichment import MAX_ATTEMPTS
from jobs.feed import FeedError
from jobs.forms import FeedImportForm, FeedSourceForm, JobPostingForm, JobSearchForm
from jobs.models import FeedSource, JobPosting
from runs import selectors as run_selectors
from runs.models import Run
from screener.lib.fetch import FetchError
from screener.views import announce_queued, require_team


def _filters(form: JobSearchForm) -> selectors.JobFilters:
    if not form.is_valid():
        return selectors.JobFilters()
    data = form.cleaned_data
    remote = {"yes": True, "no": False}.get(data.get("remote") or "")
    return selectors.JobFilters(
        q=data.get("q") or "",
        company=data.get("company") or "",
        seniority=data.get("seniority") or "",
        skill=data.get("skill") or "",
        remote=remote,
        min_salary=data.get("min_salary"),
    )


def jobs_index(request: HttpRequest) -> HttpResponse:
    """The list with full-text search and filters; htmx requests get the results only."""
    team = require_team(request)
    form = JobSearchForm(request.GET or None, companies=selectors.company_choices(team))
    jobs = selectors.search_jobs(team, _filters(form))
    page = Paginator(jobs, settings.JOBS_PER_PAGE).get_page(request.GET.get("page"))
    # A job waiting on an enrichment Run shows that Run's state (paused, cancelled...).
    page.object_list = run_selectors.attach_states(page.object_list, team, services.ENRICH_KIND)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "total_jobs": selectors.jobs_for_team(team).count(),
        "skills": selectors.skill_choices(team),
        "counts": selectors.enrichment_counts(team),
    }
    run = context["run"] = services.active_enrichment_run(team)
    context["estimate"] = selectors.enrichment_estimate(run) if run else None
    if request.htmx and request.htmx.target == "job-results":
        return render(request, "jobs/jobs_index.html#results", context)
    return render(request, "jobs/jobs_index.html", context)


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = require_team(request)
    job = get_object_or_404(selectors.jobs_for_team(team), pk=pk)
    context = {
        "job": job,
        "feed_source": selectors.feed_source_of(job),
        "max_attempts": MAX_ATTEMPTS,
        "active_run": selectors.job_in_active_run(team, job),
        "enrich_state": run_selectors.object_states(team, services.ENRICH_KIND, [job.pk]).get(
            str(job.pk)
        ),
        "stale": job.enrichment_status == JobPosting.Enrichment.DONE
        and services.needs_enrichment(job),
    }
    return render(request, "jobs/job_detail.html", context)


def job_create(request: HttpRequest) -> HttpResponse:
    team = require_team(request)
    form = JobPostingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = services.save_job_by_hand(team, services.entry_from_form(form.cleaned_data))
        messages.success(request, f"Job “{job}” saved.")
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "jobs/job_form.html", {"form": form, "job": None})


def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = require_team(request)
    job = get_object_or_404(selectors.jobs_for_team(team), pk=pk)
    form = JobPostingForm(request.POST or None, initial=JobPostingForm.initial_for(job))
    if request.method == "POST" and form.is_valid():
        services.save_job_by_hand(team, services.entry_from_form(form.cleaned_data), job=job)
        messages.success(request, "Job updated.")
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "jobs/job_form.html", {"form": form, "job": job})


def job_import(request: HttpRequest) -> HttpResponse:
    """Import a feed file or URL now (synchronously: feeds are size-limited)."""
    team = require_team(request)
    form = FeedImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = _import(request, team, form)
        if report is not None and not report.problems:
            messages.success(request, f"Feed imported: {report.summary()}.")
            return redirect("jobs:index")
    return render(request, "jobs/job_import.html", {"form": form, "report": report})


def _import(request: HttpRequest, team, form: FeedImportForm) -> services.ImportReport | None:
    data = form.cleaned_data
    try:
        if data["feed_file"]:
            upload = data["feed_file"]
            if upload.size > settings.JOB_FEED_MAX_BYTES:
                raise FeedError(
                    f"the file is {upload.size:,} bytes; the limit is "
                    f"{settings.JOB_FEED_MAX_BYTES:,}"
                )
            raw = upload.read()
        else:
            raw = services.fetch_feed(data["feed_url"])
        return services.import_feed(team, raw, source=data["source"])
    except (FeedError, FetchError) as exc:
        form.add_error(None, f"Nothing was imported: {exc}")
        return None


def enrich_confirm(request: HttpRequest) -> HttpResponse:
    """Before "Enrich all" spends quota: how many jobs, calls, tokens and how long."""
    team = require_team(request)
    run = services.active_enrichment_run(team)
    context = {"run": run, "preview": None if run else selectors.enrichment_preview(team)}
    if request.htmx:
        return render(request, "jobs/enrich_confirm.html#confirm", context)
    return render(request, "jobs/enrich_confirm.html", context)


@require_POST
def enrich_all(request: HttpRequest) -> HttpResponse:
    """Start one Run that enriches every job needing it; it continues by itself."""
    team = require_team(request)
    running = services.active_enrichment_run(team)
    if running is not None:
        messages.info(request, "An enrichment run is already in progress.")
    elif services.start_enrichment(team, user=request.user) is None:
        messages.info(request, "Every job is already enriched with the current prompt.")
    else:
        announce_queued(request, "Enrichment started; it runs to the end by itself.")
    return redirect("jobs:index")


@require_POST
def job_reenrich(request: HttpRequest, pk: int) -> HttpResponse:
    team = require_team(request)
    job = get_object_or_404(selectors.jobs_for_team(team), pk=pk)
    services.start_enrichment(team, user=request.user, job_ids=[job.id], force=True)
    announce_queued(request, "Re-enrichment queued.")
    return redirect("jobs:detail", pk=job.pk)


def enrichment_estimate(request: HttpRequest, run_id: int) -> HttpResponse:
    """The estimated-time fragment next to the progress bar; 286 once the Run has ended."""
    team = require_team(request)
    run = get_object_or_404(Run.objects.filter(team=team, kind=services.ENRICH_KIND), pk=run_id)
    context = {
        "run": run,
        "estimate": None if run.is_finished else selectors.enrichment_estimate(run),
    }
    response = render(request, "jobs/jobs_index.html#estimate", context)
    if run.is_finished and request.htmx:
        return HttpResponseStopPolling(response.content)
    return response


# --- feed sources -------------------------------------------------------------------------------


def feed_sources(request: HttpRequest) -> HttpResponse:
    """The team's feed sources and a form to add one."""
    team = require_team(request)
    form = FeedSourceForm(request.POST or None)
    if request.method == "POST" and _save_source(team, form):
        messages.success(request, "Feed source added: it is fetched within a minute.")
        return redirect("jobs:feeds")
    sources = selectors.feed_sources_for_team(team)
    return render(request, "jobs/feed_sources.html", {"form": form, "sources": sources})


def feed_source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = require_team(request)
    source = get_object_or_404(selectors.feed_sources_for_team(team), pk=pk)
    form = FeedSourceForm(request.POST or None, initial=FeedSourceForm.initial_for(source))
    if request.method == "POST" and _save_source(team, form, source):
        messages.success(request, f"Feed source “{source.name}” saved.")
        return redirect("jobs:feeds")
    return render(request, "jobs/feed_source_form.html", {"form": form, "source": source})


def _save_source(team, form: FeedSourceForm, source: FeedSource | None = None) -> bool:  # noqa: ANN001
    if not form.is_valid():
        return False
    try:
        feed_sources_service.save_feed_source(team, form.cleaned_data, source)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


@require_POST
def feed_source_delete(request: HttpRequest, pk: int) -> HttpResponse:
    team = require_team(request)
    source = get_object_or_404(selectors.feed_sources_for_team(team), pk=pk)
    feed_sources_service.delete_feed_source(team, source)
    messages.success(request, f"Feed source “{source.name}” deleted; its jobs stay.")
    return redirect("jobs:feeds")


@require_POST
def feed_source_fetch(request: HttpRequest, pk: int) -> HttpResponse:
    """Fetch one source now (synchronously, like a one-shot import: feeds are size-limited)."""
    team = require_team(request)
    source = get_object_or_404(selectors.feed_sources_for_team(team), pk=pk)
    source = feed_sources_service.fetch_source(source)
    if source.last_error:
        messages.error(request, f"{source.name}: {source.last_error}")
    else:
        messages.success(
            request,
            f"{source.name}: {source.last_imported} new, {source.last_duplicates} already "
            f"known, {source.last_rejected} rejected. {source.last_enrichment_note}",
        )
    return redirect("jobs:feeds")
