"""Cross-cutting rows: teams and memberships, and the Run that tracks any batched work."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Team(models.Model):
    """A recruiting team; every job, resume, batch and profile belongs to one."""

    name = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's membership of a team. A user works in one team at a time (the first)."""

    class Role(models.TextChoices):
        RECRUITER = "recruiter", "Recruiter"
        ADMIN = "admin", "Team admin"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RECRUITER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="uniq_membership")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class TeamOwned(models.Model):
    """Abstract base for rows that belong to a team."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class Run(TeamOwned):
    """Progress of one batch of work (screening, recovery, enrichment, enhancement...)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        WAITING_FOR_QUOTA = "waiting_for_quota", "Waiting for LLM quota"
        PAUSED = "paused", "Paused"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    FINISHED = frozenset({Status.DONE, Status.FAILED, Status.CANCELLED})

    kind = models.CharField(max_length=40, db_index=True)
    label = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    params = models.JSONField(default=dict, blank=True)
    last_error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    resume_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["team", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.label} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def processed(self) -> int:
        return self.done + self.failed

    @property
    def remaining(self) -> int:
        return max(self.total - self.processed, 0)

    @property
    def percent(self) -> int:
        if self.total == 0:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.processed / self.total))


class RunItem(models.Model):
    """One unit of a Run, claimed idempotently so a retried task never repeats finished work."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=100)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="uniq_run_item")]
        indexes = [models.Index(fields=["run", "status"])]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.key} ({self.status})"


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
        Run, null=True, blank=True, on_delete=models.SET_NULL, related_name="llm_calls"
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
        verbose_name = "LLM limiter state"

    def __str__(self) -> str:
        return self.model


class LLMUsage(models.Model):
    """A request counted against the limits (reserved before sending, corrected after)."""

    model = models.CharField(max_length=100)
    at = models.DateTimeField(db_index=True)
    tokens = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["model", "at"])]
        verbose_name = "LLM usage"
        verbose_name_plural = "LLM usage"

    def __str__(self) -> str:
        return f"{self.model}@{self.at:%H:%M:%S} {self.tokens}"
