"""Admin for job postings (staff only), with actions that queue LLM enrichment Runs."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from jobs.models import JobPosting
from screener.admin_actions import per_team, report_runs


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
    actions = ["enrich_selected", "re_enrich_selected"]

    @admin.action(description="Enrich selected jobs with the LLM (those not yet up to date)")
    def enrich_selected(self, request: HttpRequest, queryset: QuerySet[JobPosting]) -> None:
        self._enrich(request, queryset, force=False)

    @admin.action(description="Re-enrich selected jobs with the LLM (even if up to date)")
    def re_enrich_selected(self, request: HttpRequest, queryset: QuerySet[JobPosting]) -> None:
        self._enrich(request, queryset, force=True)

    def _enrich(self, request: HttpRequest, queryset: QuerySet[JobPosting], force: bool) -> None:
        """One enrichment Run per team (Runs are team-scoped), queued for the workers."""
        from jobs.services import start_enrichment

        started = {
            team: start_enrichment(team, user=request.user, job_ids=ids, force=force)
            for team, ids in per_team(queryset)
        }
        report_runs(self, request, started, nothing="already enriched and up to date")

    def save_model(self, request, obj: JobPosting, form, change: bool) -> None:  # noqa: ANN001
        """Keep the full-text vector current after a staff edit."""
        from jobs.services import refresh_search_vectors

        super().save_model(request, obj, form, change)
        refresh_search_vectors([obj.id])
