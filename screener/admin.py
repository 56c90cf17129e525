"""Staff admin for teams and Runs."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from screener import runs, services
from screener.models import Membership, Run, RunItem, Team


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


class RunItemInline(admin.TabularInline):
    model = RunItem
    extra = 0
    can_delete = False
    readonly_fields = ["key", "status", "attempts", "error", "claimed_at", "finished_at"]
    max_num = 0


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "team", "status", "progress", "created_by", "created_at"]
    list_filter = ["status", "kind", "team", "created_at"]
    search_fields = ["label", "last_error"]
    readonly_fields = [
        "team",
        "kind",
        "label",
        "status",
        "total",
        "done",
        "failed",
        "params",
        "last_error",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "resume_at",
    ]
    inlines = [RunItemInline]
    actions = ["pause_runs", "resume_runs", "cancel_runs"]

    @admin.display(description="progress")
    def progress(self, run: Run) -> str:
        return format_html(
            '<progress max="100" value="{}"></progress> {}/{} ({} failed)',
            run.percent,
            run.processed,
            run.total,
            run.failed,
        )

    @admin.action(description="Pause selected runs")
    def pause_runs(self, request: HttpRequest, queryset: QuerySet[Run]) -> None:
        n = sum(services.set_run_status(r, Run.Status.PAUSED) for r in queryset)
        self.message_user(request, f"Paused {n} run(s).", messages.SUCCESS)

    @admin.action(description="Resume selected runs")
    def resume_runs(self, request: HttpRequest, queryset: QuerySet[Run]) -> None:
        n = sum(runs.resume_run(r.id) for r in queryset)
        self.message_user(request, f"Resumed {n} run(s).", messages.SUCCESS)

    @admin.action(description="Cancel selected runs")
    def cancel_runs(self, request: HttpRequest, queryset: QuerySet[Run]) -> None:
        n = sum(services.set_run_status(r, Run.Status.CANCELLED) for r in queryset)
        self.message_user(request, f"Cancelled {n} run(s).", messages.SUCCESS)
