"""Admin for job postings and feed sources (staff only): enrichment Runs, fetching feeds."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from jobs.models import FeedSource, JobPosting
from screener.admin_actions import per_team, report_runs


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = (
        "position", "company", "team", "source", "seniority", "enrichment_status",
        "enrichment_failures", "enrichment_retry_at", "posted_at",
    )  # fmt: skip
    list_filter = ("team", "source", "seniority", "enrichment_status", "remote")
    search_fields = ("position", "company", "external_id")
    readonly_fields = (
        "content_hash", "enriched_hash", "prompt_version", "embedding_version",
        "enrichment_attempts", "enrichment_failures", "enrichment_retry_at", "created_at",
        "updated_at",
    )  # fmt: skip
    exclude = ("embedding", "search_vector")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default
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


class FeedSourceAdminForm(forms.ModelForm):
    url = forms.URLField(max_length=1000, assume_scheme="https")

    class Meta:
        model = FeedSource
        fields = ("team", "name", "url", "source", "interval_minutes", "enabled", "auto_enrich")

    def clean_url(self) -> str:
        from jobs.feed_sources import check_feed_url

        url = self.cleaned_data["url"]
        try:
            check_feed_url(url)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["url"]) from None
        return url


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    """Feed sources of every team; saving goes through the service (URL checked, due again)."""

    form = FeedSourceAdminForm

    list_display = (
        "name", "team", "source", "enabled", "auto_enrich", "interval_minutes",
        "last_fetched_at", "last_imported", "last_duplicates", "last_rejected", "last_error",
    )  # fmt: skip
    list_filter = ("team", "enabled", "auto_enrich")
    search_fields = ("name", "url", "source")
    readonly_fields = (
        "next_fetch_at", "last_fetched_at", "last_success_at", "last_error", "last_imported",
        "last_duplicates", "last_rejected", "total_imported", "last_enrichment_note",
        "last_run", "legal_notice", "created_at",
    )  # fmt: skip
    list_select_related = ("team",)
    actions = ["fetch_now"]

    @admin.action(description="Fetch selected feeds now")
    def fetch_now(self, request: HttpRequest, queryset: QuerySet[FeedSource]) -> None:
        from jobs.feed_sources import fetch_source

        fetched = [fetch_source(source) for source in queryset.select_related("team")]
        failed = [s for s in fetched if s.last_error]
        self.message_user(request, f"{len(fetched) - len(failed)} fetched, {len(failed)} failed.")
        for source in failed:
            self.message_user(request, f"{source.name}: {source.last_error}", level="warning")

    def get_readonly_fields(self, request: HttpRequest, obj: FeedSource | None = None) -> tuple:
        """A source stays with its team (its jobs are that team's)."""
        return ("team", *self.readonly_fields) if obj else self.readonly_fields

    def save_model(self, request, obj: FeedSource, form, change: bool) -> None:  # noqa: ANN001
        """Through the service: the URL is checked and a changed source is due again."""
        from jobs.feed_sources import EDITABLE_FIELDS, save_feed_source

        data = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        original = FeedSource.objects.get(pk=obj.pk) if change else None
        saved = save_feed_source(obj.team, data, original)
        obj.pk = saved.pk
