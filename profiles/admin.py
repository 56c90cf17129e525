"""Staff admin for candidate profiles, with an action that enhances the selected ones."""

from __future__ import annotations

from itertools import groupby

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from profiles import services
from profiles.models import CandidateProfile, ProfileExperience, ProfileProject
from screener.models import Team

SECTION_FIELDS = [
    "position",
    "description",
    "enhanced_description",
    "enhancement_status",
    "enhancement_note",
]


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
    inlines = [ExperienceInline, ProjectInline]
    actions = ["enhance_selected"]

    @admin.action(description="Enhance selected profiles")
    def enhance_selected(self, request: HttpRequest, queryset: QuerySet[CandidateProfile]) -> None:
        """One Run per team (Runs are team-scoped), queued for the workers."""
        rows = queryset.order_by("team_id", "id").values_list("team_id", "id")
        for team_id, group in groupby(rows, key=lambda row: row[0]):
            ids = [pk for _, pk in group]
            team = Team.objects.get(pk=team_id)
            run = services.start_enhancement(team, ids, user=request.user)
            self.message_user(
                request, f"{team}: {run.label} started (run {run.pk}).", messages.SUCCESS
            )
