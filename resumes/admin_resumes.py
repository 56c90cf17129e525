"""Admin for resumes and failed resumes."""

from __future__ import annotations

from django.contrib import admin

from resumes.models import FailedResume, Resume


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
    list_display = ("id", "source_ref", "error_message", "attempts", "last_tried_at", "team")
    list_filter = ("team", "source")
    search_fields = ("source_ref", "error_message", "content_hash")
    readonly_fields = ("content_hash", "created_at", "partial_resume")
    list_select_related = ("team",)
