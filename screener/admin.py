"""Staff admin for teams and Runs."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from screener import runs, selectors, services
from screener.models import (
    LLMCacheEntry,
    LLMCall,
    LLMLimiterState,
    LLMUsage,
    Membership,
    Run,
    RunItem,
    Team,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


class LLMCallInline(admin.TabularInline):
    model = LLMCall
    extra = 0
    max_num = 0
    can_delete = False
    fields = [
        "created_at",
        "purpose",
        "item_key",
        "status",
        "prompt_tokens",
        "completion_tokens",
        "latency_ms",
        "error",
    ]
    readonly_fields = fields
    ordering = ["-created_at"]


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
    inlines = [RunItemInline, LLMCallInline]
    actions = ["pause_runs", "resume_runs", "cancel_runs"]

    def get_readonly_fields(self, request: HttpRequest, obj: Run | None = None) -> list[str]:
        return [*self.readonly_fields, "llm_usage"]

    @admin.display(description="LLM usage")
    def llm_usage(self, run: Run) -> str:
        s = selectors.llm_summary(run.llm_calls.all())
        return (
            f"{s.calls} calls, {s.tokens} tokens ({s.prompt_tokens} in / {s.completion_tokens} "
            f"out), {s.rate_limited} rate-limited, {s.failed} failed, ≈ ${s.cost_usd:.4f}"
        )

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


@admin.register(LLMCall)
class LLMCallAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "purpose",
        "model",
        "status",
        "prompt_tokens",
        "completion_tokens",
        "latency_ms",
        "run",
        "item_key",
        "remaining_requests",
        "remaining_tokens",
    ]
    list_filter = ["status", "purpose", "model", "created_at"]
    search_fields = ["item_key", "error"]
    readonly_fields = [f.name for f in LLMCall._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(LLMCacheEntry)
class LLMCacheEntryAdmin(admin.ModelAdmin):
    list_display = ["key", "purpose", "model", "prompt_version", "created_at"]
    list_filter = ["purpose", "model", "prompt_version"]
    search_fields = ["key"]


@admin.register(LLMLimiterState)
class LLMLimiterStateAdmin(admin.ModelAdmin):
    list_display = [
        "model",
        "learned_rpd",
        "learned_tpm",
        "remaining_requests",
        "remaining_tokens",
        "blocked_until",
        "quota_reset_at",
        "observed_at",
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the system: staff look, never edit."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role"]
    list_filter = ["role", "team"]
    search_fields = ["user__username", "user__email", "team__name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "team"]


@admin.register(RunItem)
class RunItemAdmin(ReadOnlyAdmin):
    list_display = ["key", "run", "status", "attempts", "claimed_at", "finished_at", "error"]
    list_filter = ["status", "run__kind"]
    search_fields = ["key", "error", "run__label"]
    list_select_related = ["run"]


@admin.register(LLMUsage)
class LLMUsageAdmin(ReadOnlyAdmin):
    list_display = ["model", "at", "tokens"]
    list_filter = ["model"]
    date_hierarchy = "at"
