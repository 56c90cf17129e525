"""Staff admin for the LLM's tables: the call log, the answer cache, the limiter's state."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from llm.models import LLMCacheEntry, LLMCall, LLMLimiterState, LLMUsage
from screener.admin import ReadOnlyAdmin


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


@admin.register(LLMUsage)
class LLMUsageAdmin(ReadOnlyAdmin):
    list_display = ["model", "at", "tokens"]
    list_filter = ["model"]
    date_hierarchy = "at"
