"""Admin for screening batches, candidates and the decision log (audit: read-only log), and
the "screen selected resumes against a job" action on the resumes list."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from jobs.models import JobPosting
from resumes.admin_resumes import ResumeAdmin
from resumes.models import Resume
from screening import services as screening_services
from screening.models import Candidate, DecisionLog, ScreeningBatch


@admin.register(ScreeningBatch)
class ScreeningBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "job", "team", "name_blind", "run", "created_by", "created_at")
    list_filter = ("team", "name_blind")
    search_fields = ("job__position", "job__company")
    raw_id_fields = ("job", "run", "resumes")
    list_select_related = ("job", "team", "run", "created_by")


class DecisionLogInline(admin.TabularInline):
    model = DecisionLog
    extra = 0
    can_delete = False
    readonly_fields = ("decision", "note", "user", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = (
        "id", "job", "resume", "status", "score", "rank", "decision", "analysis_status", "team",
    )  # fmt: skip
    list_filter = ("team", "status", "decision", "analysis_status")
    search_fields = ("job__position", "resume__source_ref", "resume__job_role")
    raw_id_fields = ("job", "resume", "decided_by")
    readonly_fields = (
        "components", "facts", "explanation", "versions", "flags", "rank_reason",
        "created_at", "updated_at",
    )  # fmt: skip
    list_select_related = ("job", "resume", "team")
    inlines = [DecisionLogInline]


@admin.register(DecisionLog)
class DecisionLogAdmin(admin.ModelAdmin):
    list_display = ("id", "candidate", "decision", "user", "created_at")
    list_filter = ("decision", "candidate__team")
    search_fields = ("note", "user__username", "candidate__resume__source_ref")
    list_select_related = ("candidate__resume", "candidate__job", "user")
    readonly_fields = ("candidate", "decision", "note", "user", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ScreenAgainstJobForm(forms.Form):
    """The job a selection of one team's resumes is screened against."""

    job = forms.ModelChoiceField(queryset=JobPosting.objects.none(), label="Job")

    def __init__(self, *args: object, team_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        jobs = JobPosting.objects.filter(team_id=team_id).order_by("position", "id")
        self.fields["job"].queryset = jobs


class ScreeningResumeAdmin(ResumeAdmin):
    """The resumes admin, plus the action that starts a screening batch."""

    actions = [*ResumeAdmin.actions, "screen_selected"]

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
        return TemplateResponse(request, "admin/screening/screen_against_job.html", context)

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


admin.site.unregister(Resume)
admin.site.register(Resume, ScreeningResumeAdmin)
