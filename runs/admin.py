"""Staff admin for Runs: progress, items, the LLM calls they made; pause, resume, cancel."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from llm.admin import LLMCallInline
from llm.selectors import llm_summary
from runs import executor, services
from runs.models import Run, RunItem
from screener.admin import ReadOnlyAdmin


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
        "status_reason",
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
        s = llm_summary(run.llm_calls.all())
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
        reason = f"by {request.user.get_username()}"
        n = sum(services.set_run_status(r, Run.Status.PAUSED, reason=reason) for r in queryset)
        self.message_user(request, f"Paused {n} run(s).", messages.SUCCESS)

    @admin.action(description="Resume selected runs")
    def resume_runs(self, request: HttpRequest, queryset: QuerySet[Run]) -> None:
        n = sum(executor.resume_run(r.id) for r in queryset)
        self.message_user(request, f"Resumed {n} run(s).", messages.SUCCESS)

    @admin.action(description="Cancel selected runs")
    def cancel_runs(self, request: HttpRequest, queryset: QuerySet[Run]) -> None:
        reason = f"by {request.user.get_username()}"
        n = sum(services.set_run_status(r, Run.Status.CANCELLED, reason=reason) for r in queryset)
        self.message_user(request, f"Cancelled {n} run(s).", messages.SUCCESS)


@admin.register(RunItem)
class RunItemAdmin(ReadOnlyAdmin):
    list_display = ["key", "run", "status", "attempts", "claimed_at", "finished_at", "error"]
    list_filter = ["status", "run__kind"]
    search_fields = ["key", "error", "run__label"]
    list_select_related = ["run"]
