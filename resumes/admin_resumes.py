"""Admin for resumes and failed resumes, with actions that start screening and recovery."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from jobs.models import JobPosting
from resumes import recovery, screening_services
from resumes.models import FailedResume, Resume
from screener.admin_actions import per_team, report_runs


class ScreenAgainstJobForm(forms.Form):
    """The job a selection of one team's resumes is screened against."""

    job = forms.ModelChoiceField(queryset=JobPosting.objects.none(), label="Job")

    def __init__(self, *args: object, team_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        jobs = JobPosting.objects.filter(team_id=team_id).order_by("position", "id")
        self.fields["job"].queryset = jobs


@admin.register(Resume)
class ResumeAdmin(admin.ModelAdmin):
    list_display = (
        "id", "candidate_name", "job_role", "total_years", "parse_method", "parse_confidence",
        "team", "source", "created_at",
    )  # fmt: skip
    list_filter = ("team", "parse_method", "source")
    search_fields = ("candidate_name", "email", "job_role", "source_ref", "content_hash")
    readonly_fields = ("content_hash", "created_at", "updated_at", "embedding", "created_by")
    list_select_related = ("team",)
    actions = ["screen_selected"]

    @admin.action(description="Screen selected resumes against a job…")
    def screen_selected(
        self, request: HttpRequest, queryset: QuerySet[Resume]
    ) -> TemplateResponse | None:
        """Ask for the job (intermediate page), then create one screening batch Run."""
        team_ids = set(queryset.values_list("team_id", flat=True))
        if len(team_ids) != 1:
            self.message_user(
                request, "Select resumes of one team: a batch belongs to one team.", messages.ERROR
            )
            return None
        team_id = team_ids.pop()
        form = ScreenAgainstJobForm(
            request.POST if "apply" in request.POST else None, team_id=team_id
        )
        if form.is_valid():
            return self._start_batch(request, form.cleaned_data["job"], queryset)
        context = {
            **self.admin_site.each_context(request),
            "title": "Screen resumes against a job",
            "form": form,
            "resumes": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
            "no_jobs": not form.fields["job"].queryset.exists(),
        }
        return TemplateResponse(request, "admin/resumes/screen_against_job.html", context)

    def _start_batch(
        self, request: HttpRequest, job: JobPosting, queryset: QuerySet[Resume]
    ) -> None:
        ids = list(queryset.values_list("id", flat=True))
        try:
            batch = screening_services.create_batch(job.team, job, ids, user=request.user)
        except screening_services.ScreeningError as exc:
            self.message_user(request, f"Nothing was started: {exc}.", messages.ERROR)
            return
        text = (
            f"{job.team}: screening {len(ids)} resume(s) against “{job}” queued as run "
            f"{batch.run_id} (batch {batch.pk})."
        )
        self.message_user(request, text, messages.SUCCESS)


@admin.register(FailedResume)
class FailedResumeAdmin(admin.ModelAdmin):
    list_display = ("id", "source_ref", "error_message", "attempts", "last_tried_at", "team")
    list_filter = ("team", "source")
    search_fields = ("source_ref", "error_message", "content_hash")
    readonly_fields = ("content_hash", "created_at", "partial_resume")
    list_select_related = ("team",)
    actions = ["recover_selected", "dry_run_selected"]

    @admin.action(description="Recover selected failed resumes with the LLM")
    def recover_selected(self, request: HttpRequest, queryset: QuerySet[FailedResume]) -> None:
        self._recover(request, queryset, dry_run=False)

    @admin.action(description="Dry run: show what the LLM would extract (saves nothing)")
    def dry_run_selected(self, request: HttpRequest, queryset: QuerySet[FailedResume]) -> None:
        self._recover(request, queryset, dry_run=True)

    def _recover(
        self, request: HttpRequest, queryset: QuerySet[FailedResume], *, dry_run: bool
    ) -> None:
        """One recovery Run per team, queued for the workers."""
        started = {
            team: recovery.start_recovery_run(team, request.user, ids, dry_run=dry_run)
            for team, ids in per_team(queryset)
        }
        report_runs(self, request, started, nothing="no failed resume selected")
