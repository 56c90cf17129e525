"""Resume pages: list/search, bulk upload, URL import, detail, failed queue and recovery.

Thin: every query goes through selectors scoped to the request's team, every write
through services. The screening pages live in the ``screening`` app.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from resumes import recovery, review, selectors, services, uploads
from resumes.forms import ResumeFilterForm, ReviewForm, UploadForm, URLImportForm
from resumes.models import FailedResume, Resume
from runs import selectors as run_selectors
from screener.models import Team
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
    without script the form posts them all at once and is redirected to the page listing
    every outcome. Either way the outcomes stay in the address (``?done=``, see
    ``resumes.uploads``), so a reload shows them again."""
    team = require_team(request)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
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
    if request.method == "POST" and form.is_valid():
        done = uploads.join_refs([r for _name, r in results])
        return redirect(f"{reverse('resumes:upload')}?{urlencode({'done': done})}")
    if request.method == "GET":
        results = uploads.results_from_refs(team, request.GET.get("done", ""))
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
    run_selectors.attach_states([f for f, _ in rows], team, recovery.RECOVERY_KIND)
    context = {
        "page": page,
        "rows": rows,
        "run": run,
        "totals": selectors.run_totals(run) if run else None,
        "pending_reviews": selectors.pending_reviews(team).count(),
        "counts": selectors.failed_counts(team),
    }
    return render(request, "resumes/failed_list.html", context)


def failed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One failed resume: why, its text, the recovery Run it waits on; retry or delete."""
    team = require_team(request)
    failed = get_object_or_404(FailedResume.objects.filter(team=team), pk=pk)
    waiting = run_selectors.open_items(team, recovery.RECOVERY_KIND, [failed.pk])
    context = {
        "failed": failed,
        "run": waiting[str(failed.pk)].run if waiting else None,
        "original": selectors.original_text(failed),
    }
    return render(request, "resumes/failed_detail.html", context)


@require_POST
def failed_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one failed resume of the team (junk that is no resume); another team's: 404."""
    team = require_team(request)
    failed = get_object_or_404(FailedResume.objects.filter(team=team), pk=pk)
    services.delete_failed(team, [failed.pk])
    messages.success(request, f"Deleted “{failed.source_ref or 'the failed resume'}”.")
    return _to_failed_list(request)


@require_POST
def failed_bulk_delete(request: HttpRequest) -> HttpResponse:
    """Delete the selected failed resumes (``ids``) of the team; another team's id: 404 and
    nothing deleted (ids of rows already gone are ignored)."""
    team = require_team(request)
    ids = [int(raw) for raw in request.POST.getlist("ids") if raw.isdigit() and len(raw) < 10]
    if selectors.any_of_another_team(team, ids):
        raise Http404("Some of these failed resumes are not your team's.")
    deleted = services.delete_failed(team, ids)
    if deleted:
        messages.success(request, f"Deleted {deleted} failed resume{pluralize(deleted)}.")
    else:
        messages.error(request, "Nothing deleted: select failed resumes of your team first.")
    return _to_failed_list(request)


def _to_failed_list(request: HttpRequest) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(reverse("resumes:failed"))
    return redirect("resumes:failed")


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
    if ids and request.POST.get("back") == "detail":
        return redirect("resumes:failed-detail", ids[0])
    return redirect("resumes:failed")


def review_list(request: HttpRequest) -> HttpResponse:
    """Recovered resumes waiting for a person to accept, edit or reject them."""
    team = require_team(request)
    page = Paginator(selectors.pending_reviews(team), settings.RESUMES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(f, review.pending_record(f)) for f in page]
    return render(request, "resumes/review_list.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The recovered record (editable) next to the original text; Save edits / Accept."""
    team = require_team(request)
    failed = get_object_or_404(selectors.pending_reviews(team), pk=pk)
    form = ReviewForm(
        request.POST or None, initial=ReviewForm.initial_for(review.pending_record(failed))
    )
    if request.method == "POST" and form.is_valid():
        edited = form.record() if form.has_changed() else None
        try:
            if request.POST.get("action") == "accept":
                resume = review.accept(team, failed.pk, request.user, edited)
                messages.success(request, f"Accepted: “{resume}” can now be screened.")
                return redirect(_next_review(team))
            if edited is not None:
                review.save_edits(team, failed.pk, edited)
            messages.success(request, "Edits saved; the resume still waits for review.")
            return redirect("resumes:review", failed.pk)
        except review.ReviewError as exc:
            form.add_error(None, str(exc))
    context = {"failed": failed, "form": form, "original": selectors.original_text(failed)}
    status = 422 if request.method == "POST" else 200
    return render(request, "resumes/review.html", context, status=status)


@require_POST
def review_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject a recovered record: the document goes back to the failed queue with the reason."""
    team = require_team(request)
    failed = get_object_or_404(selectors.pending_reviews(team), pk=pk)
    review.reject(team, failed.pk, request.user)
    messages.success(request, f"Rejected: “{failed.source_ref}” stays in the failed queue.")
    return redirect(_next_review(team))


def _next_review(team: Team) -> str:
    """The next pending review's page, or the (empty) list."""
    following = selectors.pending_reviews(team).first()
    if following is None:
        return reverse("resumes:review-list")
    return reverse("resumes:review", args=[following.pk])
