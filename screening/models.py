"""Screening batches, candidates (one per resume x job) and the decision log (team-scoped).

The tables were created by the resumes app and keep their names (``db_table``): the models
moved here in state only (migrations screening/0001 and resumes/0004).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jobs.models import JobPosting
from resumes.models import Resume
from runs.models import Run
from screener.models import TeamOwned


class ScreeningBatch(TeamOwned):
    """A job screened against a set of resumes; its progress is a Run."""

    job = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="batches")
    resumes = models.ManyToManyField(
        Resume, related_name="batches", db_table="resumes_screeningbatch_resumes"
    )
    run = models.OneToOneField(Run, null=True, blank=True, on_delete=models.SET_NULL)
    weights = models.JSONField(default=dict, blank=True)
    # Must-have / nice-to-have / minimum-years overrides edited on the results page
    # ({} = the job's own requirements).
    requirements = models.JSONField(default=dict, blank=True)
    name_blind = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "resumes_screeningbatch"  # created by the resumes app; kept on the move
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "screening batches"

    def __str__(self) -> str:
        return f"{self.job} ({self.created_at:%Y-%m-%d})"


class Candidate(TeamOwned):
    """One resume screened against one job: the single source of truth for that pair."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SCORED = "scored", "Scored"
        FILTERED = "filtered", "Did not pass the pre-filter"
        UNREADABLE = "unreadable", "No readable text"
        FAILED = "failed", "Failed"

    class Decision(models.TextChoices):
        UNDECIDED = "undecided", "Undecided"
        SHORTLIST = "shortlist", "Shortlisted"
        REJECT = "reject", "Rejected"

    class Analysis(models.TextChoices):
        NONE = "none", "Not requested"
        PENDING = "pending", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    job = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="candidates")
    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="candidates")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    passed_prefilter = models.BooleanField(null=True)
    prefilter_reasons = models.JSONField(default=list, blank=True)
    components = models.JSONField(default=dict, blank=True)
    score = models.FloatField(null=True, blank=True, db_index=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    # Job-independent resume facts (screening.scoring.ResumeFacts): re-ranking after a
    # weight or must-have change reads these, never the resume text or embedding.
    facts = models.JSONField(default=dict, blank=True)
    # Job-dependent raw inputs of the relevance components (cosines, counts of the job's
    # words): re-ranking normalises them over the job's pool without re-reading any text.
    signals = models.JSONField(default=dict, blank=True)
    rank_reason = models.TextField(blank=True, help_text="why it ranks above the next one")
    flags = models.JSONField(default=list, blank=True)
    versions = models.JSONField(default=dict, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.UNDECIDED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    analysis_status = models.CharField(
        max_length=10, choices=Analysis.choices, default=Analysis.NONE
    )
    analysis = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "resumes_candidate"
        ordering = ["rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "resume"], name="uniq_candidate_pair")
        ]
        indexes = [models.Index(fields=["job", "rank"], name="resumes_can_job_id_39aed7_idx")]

    def __str__(self) -> str:
        return f"{self.resume} for {self.job}"


class DecisionLog(models.Model):
    """Every change of a recruiter decision, with who and when (audit)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="decision_log")
    decision = models.CharField(max_length=10, choices=Candidate.Decision.choices)
    note = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "resumes_decisionlog"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.decision}"
