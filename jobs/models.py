"""Job postings (team-scoped): imported from feeds or typed in, enriched, embedded."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
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
    enrichment_failures = models.PositiveIntegerField(
        default=0, help_text="failed attempts in a row (reset by a success or a text change)"
    )
    enrichment_retry_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="when the retry schedule tries again"
    )
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


class FeedSource(TeamOwned):
    """A job feed the team fetches on a schedule (``jobs.tasks.fetch_due_feeds``).

    ``source`` is the dedup namespace of its jobs (``JobPosting.source``): a re-fetch, or a
    one-shot import with the same source name, updates the same jobs instead of duplicating.
    The ``last_*`` fields describe the last fetch; ``total_imported`` counts new jobs ever.
    """

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=1000)
    source = models.SlugField(
        max_length=100, help_text="the jobs' source name: jobs with the same id are updated"
    )
    interval_minutes = models.PositiveIntegerField(
        default=360,
        validators=[MinValueValidator(15), MaxValueValidator(7 * 24 * 60)],
        help_text="fetch every N minutes (15 to 10080)",
    )
    enabled = models.BooleanField(default=True)
    auto_enrich = models.BooleanField(
        default=False, help_text="start an LLM enrichment Run for new jobs after each fetch"
    )
    next_fetch_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_imported = models.PositiveIntegerField(default=0, help_text="new jobs, last fetch")
    last_duplicates = models.PositiveIntegerField(
        default=0, help_text="jobs already known (updated or unchanged), last fetch"
    )
    last_rejected = models.PositiveIntegerField(default=0, help_text="entries refused, last fetch")
    total_imported = models.PositiveIntegerField(default=0)
    last_enrichment_note = models.CharField(max_length=300, blank=True)
    last_run = models.ForeignKey(
        "runs.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    legal_notice = models.TextField(
        blank=True, help_text="the feed's terms of use (e.g. RemoteOK's), as last fetched"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "source"], name="uniq_feed_source_per_team"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def site_url(self) -> str:
        """The feed's site (scheme and host), the place the legal notice asks to link to."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else ""
