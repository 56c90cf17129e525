"""Staff admin for candidate profiles, with an action that enhances the selected ones."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from profiles import services
from profiles.models import CandidateProfile, ProfileExperience, ProfileProject, ProfileSummary
from profiles.sections import sync_summary
from screener.admin_actions import per_team, report_runs

SECTION_FIELDS = [
    "position",
    "description",
    "enhanced_description",
    "enhancement_status",
    "enhancement_note",
]


class SummaryInline(admin.StackedInline):
    """The summary's enhancement (its original is the profile's summary field above)."""

    model = ProfileSummary
    extra = 0
    max_num = 1
    fields = ["enhanced_description", "enhancement_status", "enhancement_note"]
    readonly_fields = ["enhancement_note"]


class ExperienceInline(admin.StackedInline):
    model = ProfileExperience
    extra = 0
    fields = ["title", "company", "start", "end", *SECTION_FIELDS]
    readonly_fields = ["enhancement_note"]


class ProjectInline(admin.StackedInline):
    model = ProfileProject
    extra = 0
    fields = ["name", *SECTION_FIELDS]
    readonly_fields = ["enhancement_note"]


@admin.register(CandidateProfile)
class CandidateProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "team", "headline", "seniority", "enhancement_status", "created_at"]
    list_filter = ["team", "enhancement_status", "seniority"]
    search_fields = ["name", "headline"]
    raw_id_fields = ["resume", "last_run", "created_by"]
    readonly_fields = ["tone", "enhancement_summary", "enhancement_error", "embedding_version"]
    exclude = ["embedding", "embedded_hash"]
    inlines = [SummaryInline, ExperienceInline, ProjectInline]
    actions = ["enhance_selected"]

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:  # noqa: ANN001
        """After the inlines: a changed summary discards its now-stale enhancement."""
        super().save_related(request, form, formsets, change)
        sync_summary(form.instance)

    @admin.action(description="Enhance selected profiles with the LLM (batched calls)")
    def enhance_selected(self, request: HttpRequest, queryset: QuerySet[CandidateProfile]) -> None:
        """One Run per team (Runs are team-scoped), queued for the workers."""
        started = {
            team: services.start_enhancement(team, ids, user=request.user)
            for team, ids in per_team(queryset)
        }
        report_runs(self, request, started, nothing="no profile selected")


@admin.register(ProfileExperience)
class ProfileExperienceAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "profile", "start", "end", "enhancement_status"]
    list_filter = ["enhancement_status", "profile__team"]
    search_fields = ["title", "company", "description", "profile__name"]
    raw_id_fields = ["profile"]
    list_select_related = ["profile"]


@admin.register(ProfileProject)
class ProfileProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "profile", "enhancement_status"]
    list_filter = ["enhancement_status", "profile__team"]
    search_fields = ["name", "description", "profile__name"]
    raw_id_fields = ["profile"]
    list_select_related = ["profile"]


@admin.register(ProfileSummary)
class ProfileSummaryAdmin(admin.ModelAdmin):
    """The summaries' enhancements across profiles (each also shows inline on its profile)."""

    list_display = ["profile", "enhancement_status", "enhancement_note"]
    list_filter = ["enhancement_status", "profile__team"]
    search_fields = ["description", "enhanced_description", "profile__name"]
    raw_id_fields = ["profile"]
    list_select_related = ["profile"]
    readonly_fields = ["enhancement_note"]
