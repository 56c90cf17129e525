"""The LLM's tables: the call log, the answer cache and the shared limiter's state.

The tables were created by the ``screener`` app and keep its names (``screener_llm...``):
the models moved here in state only (see ``migrations/0001``).
"""

from __future__ import annotations

from django.db import models


class LLMCall(models.Model):
    """One HTTP call to the LLM provider (re-asks and failures included)."""

    purpose = models.CharField(max_length=60, db_index=True)
    model = models.CharField(max_length=100)
    status = models.CharField(max_length=20, db_index=True, help_text="HTTP status or error kind")
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    latency_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    run = models.ForeignKey(
        "runs.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="llm_calls"
    )
    item_key = models.CharField(max_length=100, blank=True, db_index=True)
    limit_requests = models.PositiveIntegerField(null=True, blank=True, help_text="per day")
    remaining_requests = models.PositiveIntegerField(null=True, blank=True)
    reset_requests_s = models.FloatField(null=True, blank=True)
    limit_tokens = models.PositiveIntegerField(null=True, blank=True, help_text="per minute")
    remaining_tokens = models.PositiveIntegerField(null=True, blank=True)
    reset_tokens_s = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "screener_llmcall"
        ordering = ["-created_at", "-id"]
        verbose_name = "LLM call"

    def __str__(self) -> str:
        return f"{self.purpose} {self.model} {self.status}"

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class LLMCacheEntry(models.Model):
    """A validated LLM answer, reused for an identical (model, prompt version, input) request."""

    key = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=60)
    model = models.CharField(max_length=100)
    prompt_version = models.CharField(max_length=40)
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "screener_llmcacheentry"
        verbose_name = "LLM cache entry"
        verbose_name_plural = "LLM cache entries"

    def __str__(self) -> str:
        return f"{self.purpose}:{self.key[:12]}"


class LLMLimiterState(models.Model):
    """Shared pacing state of one model, locked with SELECT FOR UPDATE by every worker."""

    model = models.CharField(max_length=100, unique=True)
    blocked_until = models.DateTimeField(null=True, blank=True)
    quota_reset_at = models.DateTimeField(null=True, blank=True)
    learned_rpd = models.PositiveIntegerField(null=True, blank=True)
    learned_tpm = models.PositiveIntegerField(null=True, blank=True)
    remaining_requests = models.PositiveIntegerField(null=True, blank=True)
    remaining_tokens = models.PositiveIntegerField(null=True, blank=True)
    tokens_reset_at = models.DateTimeField(null=True, blank=True)
    requests_reset_at = models.DateTimeField(null=True, blank=True)
    observed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "screener_llmlimiterstate"
        verbose_name = "LLM limiter state"

    def __str__(self) -> str:
        return self.model


class LLMUsage(models.Model):
    """A request counted against the limits (reserved before sending, corrected after)."""

    model = models.CharField(max_length=100)
    at = models.DateTimeField(db_index=True)
    tokens = models.PositiveIntegerField()

    class Meta:
        db_table = "screener_llmusage"
        indexes = [models.Index(fields=["model", "at"])]
        verbose_name = "LLM usage"
        verbose_name_plural = "LLM usage"

    def __str__(self) -> str:
        return f"{self.model}@{self.at:%H:%M:%S} {self.tokens}"
