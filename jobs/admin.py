"""Admin for job postings (staff only)."""

from __future__ import annotations

from django.contrib import admin

from jobs.models import JobPosting


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = (
        "position", "company", "team", "source", "seniority", "enrichment_status", "posted_at",
    )  # fmt: skip
    list_filter = ("team", "source", "seniority", "enrichment_status", "remote")
    search_fields = ("position", "company", "external_id")
    readonly_fields = (
        "content_hash", "enriched_hash", "prompt_version", "embedding_version",
        "enrichment_attempts", "created_at", "updated_at",
    )  # fmt: skip
    exclude = ("embedding", "search_vector")
    list_select_related = ("team",)

    def save_model(self, request, obj: JobPosting, form, change: bool) -> None:  # noqa: ANN001
        """Keep the full-text vector current after a staff edit."""
        from jobs.services import refresh_search_vectors

        super().save_model(request, obj, form, change)
        refresh_search_vectors([obj.id])
