"""Admin for resumes and failed resumes, with the actions that start recovery.

The "screen selected resumes" action belongs to the screening app (screening/admin.py).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from resumes import recovery, review
from resumes.models import FailedResume, Resume
from screener.admin_actions import per_team, report_runs


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


@admin.register(FailedResume)
class FailedResumeAdmin(admin.ModelAdmin):
    list_display = (
        "id", "source_ref", "error_message", "review", "attempts", "last_tried_at", "team",
    )  # fmt: skip
    list_filter = ("review", "team", "source")
    search_fields = ("source_ref", "error_message", "content_hash")
    readonly_fields = (
        "content_hash",
        "created_at",
        "partial_resume",
        "review",
        "recovered_record",
        "recovered_at",
    )  # fmt: skip  (the record is edited and accepted on the review page, validated)
    list_select_related = ("team",)
    actions = ["accept_selected", "recover_selected", "dry_run_selected"]

    @admin.action(description="Accept the selected recovered resumes (pending review)")
    def accept_selected(self, request: HttpRequest, queryset: QuerySet[FailedResume]) -> None:
        """Accept every selected recovery that waits for review; name the ones refused."""
        selected = queryset.count()
        pending = list(
            queryset.filter(review=FailedResume.Review.PENDING)
            .select_related("team")
            .order_by("id")
        )
        result = review.accept_many(pending, request.user)
        skipped = selected - len(pending)
        text = f"Accepted {len(result.accepted)} recovered resume(s); they can now be screened."
        if skipped:
            text += f" {skipped} selected row(s) were not waiting for review."
        self.message_user(request, text, messages.SUCCESS if result.accepted else messages.INFO)
        for reason in result.refused:
            self.message_user(request, f"Not accepted: {reason}", messages.WARNING)

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
