"""Resume pages: list/search, bulk upload, URL import, detail, failed queue and recovery.

Thin: every query goes through selectors scoped to the request's team, every write
through services. The screening pages live in the ``screening`` app.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from resumes import recovery, selectors, services
from resumes.forms import ResumeFilterForm, UploadForm, URLImportForm
from resumes.models import FailedResume, Resume
from screener.views import announce_queued, require_team

_INLINE_TYPES = {"application/pdf"}


def resumes_index(request: HttpRequest) -> HttpResponse:
    """The team's resumes, filterable by text, skill, role, years and parse status."""
    team = require_team(request)
    form = ResumeFilterForm(request.GET or None)
    filters = selectors.ResumeFilters()
    if form.is_valid():
        filters = selectors.ResumeFilters(**form.cleaned_data)
    page = Paginator(selectors.resumes_for_team(team, filters), settings.RESUMES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "failed_count": selectors.failed_for_team(team).count(),
        "query": _query_without_page(request),
    }
    template = "resumes/resumes_index.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def resume_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = require_team(request)
    resume = get_object_or_404(Resume.objects.filter(team=team), pk=pk)
    failure = FailedResume.objects.filter(team=team, partial_resume=resume).first()
    return render(request, "resumes/resume_detail.html", {"resume": resume, "failure": failure})


def resume_original(request: HttpRequest, pk: int) -> FileResponse:
    """The uploaded file, as a download (only PDFs open inline); never rendered as a page."""
    team = require_team(request)
    resume = get_object_or_404(Resume.objects.filter(team=team), pk=pk)
    return _file_response(resume.original_file, resume.content_type)


def failed_original(request: HttpRequest, pk: int) -> FileResponse:
    team = require_team(request)
    failed = get_object_or_404(FailedResume.objects.filter(team=team), pk=pk)
    return _file_response(failed.original_file, "application/octet-stream")


def _file_response(field_file, content_type: str) -> FileResponse:  # noqa: ANN001
    if not field_file:
        raise Http404("The original file was not kept.")
    inline = content_type in _INLINE_TYPES
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=not inline,
        filename=field_file.name.rsplit("/", 1)[-1],
        content_type=content_type if inline else "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Bulk upload. The page's script posts files one at a time and gets one row back each;
    without script the form posts them all at once and the page lists every outcome."""
    team = require_team(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    results: list[tuple[str, services.IngestResult]] = []
    if request.method == "POST" and form.is_valid():
        for uploaded in form.cleaned_data["files"]:
            results.append(
                (uploaded.name, services.ingest_upload(team, uploaded, user=request.user))
            )
    if request.method == "POST" and request.headers.get("X-Upload-Row"):
        status = 200 if form.is_valid() else 400
        context = {"results": results, "form": form}
        return render(request, "resumes/upload.html#rows", context, status=status)
    context = {
        "form": form,
        "url_form": URLImportForm(),
        "results": results,
        "max_files_per_post": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
    }
    return render(request, "resumes/upload.html", context)


@require_POST
def import_urls(request: HttpRequest) -> HttpResponse:
    team = require_team(request)
    url_form = URLImportForm(request.POST)
    url_results: list[tuple[str, services.IngestResult]] = []
    if url_form.is_valid():
        for url in url_form.cleaned_data["urls"]:
            url_results.append((url, services.ingest_url(team, url, user=request.user)))
    context = {"form": UploadForm(), "url_form": url_form, "url_results": url_results}
    if request.htmx:
        return render(request, "resumes/upload.html#url-results", context)
    return render(request, "resumes/upload.html", context)


def failed_list(request: HttpRequest) -> HttpResponse:
    """The failed queue with reasons, retry buttons and the latest recovery Run."""
    team = require_team(request)
    page = Paginator(selectors.failed_for_team(team), settings.RESUMES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    run = selectors.latest_recovery_run(team)
    dry_run = bool(run and run.params.get("dry_run"))
    rows = [(f, selectors.recovery_preview(f) if dry_run else None) for f in page]
    return render(request, "resumes/failed_list.html", {"page": page, "rows": rows, "run": run})


@require_POST
def recover(request: HttpRequest) -> HttpResponse:
    """Start a recovery Run for one failed resume (``failed_id``) or all (dry run optional)."""
    team = require_team(request)
    ids = None
    if failed_id := request.POST.get("failed_id"):
        ids = [get_object_or_404(FailedResume.objects.filter(team=team), pk=failed_id).pk]
    dry_run = request.POST.get("dry_run") == "1"
    run = recovery.start_recovery_run(team, request.user, ids, dry_run=dry_run)
    announce_queued(request, f"Started: {run.label}.")
    return redirect("resumes:failed")
