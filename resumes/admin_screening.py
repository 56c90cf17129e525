"""Admin for screening batches, candidates and the decision log (audit: read-only log)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from resumes.models import Candidate, DecisionLog, ScreeningBatch


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
