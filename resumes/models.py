"""Resumes and the failed-resume queue (team-scoped). Screening's models are in screening/."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from pgvector.django import HnswIndex, VectorField

from jobs.models import EMBEDDING_DIMENSIONS
from screener.models import TeamOwned


class Source(models.TextChoices):
    UPLOAD = "upload", "Upload"
    URL = "url", "URL"
    IMPORT = "import", "Import"


class Resume(TeamOwned):
    """A parsed resume. ``(team, content_hash)`` is unique: a re-upload is recognised."""

    class ParseMethod(models.TextChoices):
        HEURISTIC = "heuristic", "Heuristic"
        LLM = "llm", "LLM"
        PARTIAL = "partial", "Text only (structured parse incomplete)"

    source = models.CharField(max_length=10, choices=Source.choices, default=Source.UPLOAD)
    source_ref = models.CharField(max_length=1000, blank=True, help_text="file name or URL")
    original_file = models.FileField(upload_to="resumes/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField(max_length=64)
    text = models.TextField(blank=True, help_text="visible extracted text")
    ranking_text = models.TextField(blank=True, help_text="text used for ranking (no contact)")
    # The structured record (resumes.schemas.ResumeRecord), stored as validated JSON.
    record = models.JSONField(default=dict, blank=True)
    job_role = models.CharField(max_length=300, blank=True)
    technical_skills = models.JSONField(default=list, blank=True)
    total_years = models.FloatField(null=True, blank=True)
    # Contact details, kept apart from what ranking and the LLM see (name-blind screening).
    candidate_name = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    contact = models.JSONField(default=dict, blank=True)
    parse_method = models.CharField(
        max_length=10, choices=ParseMethod.choices, default=ParseMethod.HEURISTIC
    )
    parse_confidence = models.FloatField(default=0.0)
    parser_version = models.CharField(max_length=40, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    hidden_text = models.TextField(blank=True)
    embedding = VectorField(dimensions=EMBEDDING_DIMENSIONS, null=True, blank=True)
    embedding_version = models.CharField(max_length=100, blank=True)
    # The unit vectors of the text's ~256-token windows (float32 bytes, n x 384), from the
    # model and version of ``embedding`` (its mean): screening compares the best window.
    embedding_windows = models.BinaryField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "content_hash"], name="uniq_resume_content")
        ]
        indexes = [
            HnswIndex(
                name="resume_embedding_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.source_ref or f"resume {self.pk}"


class FailedResume(TeamOwned):
    """A document whose structured parse failed; the LLM recovery pipeline works through these.

    With review mode on (``RESUME_RECOVERY_REVIEW``) a recovery's answer waits here, in
    ``recovered_record``, until a person accepts it: only then does it become (or upgrade) a
    Resume, so nothing pending review can be screened or recommended.
    """

    class Review(models.TextChoices):
        NONE = "", "Not recovered"
        PENDING = "pending", "Pending review"
        REJECTED = "rejected", "Rejected in review"

    source = models.CharField(max_length=10, choices=Source.choices, default=Source.UPLOAD)
    source_ref = models.CharField(max_length=1000, blank=True)
    original_file = models.FileField(upload_to="failed/%Y/%m/", blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True, help_text="extracted text, if any")
    error_message = models.TextField()
    attempts = models.PositiveIntegerField(default=0)
    last_tried_at = models.DateTimeField(null=True, blank=True)
    # The partial Resume screened on text only while this waits for recovery (if any).
    partial_resume = models.OneToOneField(
        Resume, null=True, blank=True, on_delete=models.SET_NULL, related_name="failure"
    )
    # The LLM's validated answer (resumes.schemas.ResumeRecord) while it waits for review.
    review = models.CharField(max_length=10, choices=Review.choices, default="", blank=True)
    recovered_record = models.JSONField(default=dict, blank=True)
    recovered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["team", "review"], name="failed_resume_review")]

    def __str__(self) -> str:
        return f"{self.source_ref}: {self.error_message[:60]}"
