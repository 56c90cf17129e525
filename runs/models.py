"""The Run that tracks any batched work, and its items.

The tables were created by the ``screener`` app and keep its names (``screener_run``,
``screener_runitem``): the models moved here in state only (see ``migrations/0001``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from screener.models import TeamOwned


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
    # Why the Run is paused, waiting or cancelled, in a recruiter's words ("no LLM
    # configured"); cleared when it runs again. Shown wherever its progress shows.
    status_reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    resume_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "screener_run"  # created by the screener app, before Runs had their own
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
        db_table = "screener_runitem"
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="uniq_run_item")]
        indexes = [models.Index(fields=["run", "status"])]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.key} ({self.status})"
