"""Job postings (team-scoped): imported from feeds or typed in, enriched, embedded."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from pgvector.django import HnswIndex, VectorField

from screener.models import TeamOwned

EMBEDDING_DIMENSIONS = 384


class Seniority(models.TextChoices):
    JUNIOR = "junior", "Junior"
    MID = "mid", "Mid-level"
    SENIOR = "senior", "Senior"
    LEAD = "lead", "Lead"
    UNKNOWN = "unknown", "Unknown"


class JobPosting(TeamOwned):
    """One job posting. ``(team, source, external_id)`` is unique: re-imports update it."""

    class Enrichment(models.TextChoices):
        NONE = "none", "Not enriched"
        PENDING = "pending", "Queued"
        DONE = "done", "Enriched"
        FAILED = "failed", "Failed"

    source = models.CharField(max_length=100, default="manual")
    external_id = models.CharField(max_length=200)
    company = models.CharField(max_length=200, blank=True)
    position = models.CharField(max_length=300)
    location = models.CharField(max_length=200, blank=True)
    remote = models.BooleanField(default=False)
    tags = models.JSONField(default=list, blank=True)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    description_html = models.TextField(blank=True, help_text="sanitised HTML for display")
    description_text = models.TextField(blank=True, help_text="plain text for processing")
    required_skills = models.JSONField(default=list, blank=True)
    nice_to_have_skills = models.JSONField(default=list, blank=True)
    min_years = models.FloatField(null=True, blank=True)
    seniority = models.CharField(
        max_length=10, choices=Seniority.choices, default=Seniority.UNKNOWN
    )
    summary = models.TextField(blank=True)
    key_requirements = models.JSONField(
        default=list, blank=True, help_text="short key requirements (from LLM enrichment)"
    )
    content_hash = models.CharField(max_length=64, blank=True)
    embedding = VectorField(dimensions=EMBEDDING_DIMENSIONS, null=True, blank=True)
    embedding_version = models.CharField(max_length=100, blank=True)
    enrichment_status = models.CharField(
        max_length=10, choices=Enrichment.choices, default=Enrichment.NONE, db_index=True
    )
    enrichment_error = models.TextField(blank=True)
    enrichment_attempts = models.PositiveIntegerField(default=0)
    enriched_hash = models.CharField(max_length=64, blank=True, help_text="content hash enriched")
    prompt_version = models.CharField(max_length=40, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "source", "external_id"], name="uniq_job_per_source"
            )
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="job_search_gin"),
            HnswIndex(
                name="job_embedding_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            ),
            models.Index(fields=["team", "company"]),
            # Job recommendations with filters (profiles.selectors): the filtered job ids as an
            # index-only scan (no heap pages, which hold the vectors), and "location contains
            # X" as a skip scan of the team's distinct locations. Names kept from when the
            # profiles app created them (jobs migration 0004 adopted them, no rebuild).
            models.Index(
                fields=["team", "embedding_version"],
                include=["id", "remote", "seniority", "location"],
                name="profiles_job_reco_filter",
            ),
            models.Index(fields=["team", "location"], name="profiles_job_team_location"),
        ]

    def __str__(self) -> str:
        return f"{self.position} at {self.company}" if self.company else self.position
