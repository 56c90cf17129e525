"""Candidate profiles (team-scoped): a summary, experiences and projects, each section with an
original ``description`` that is never overwritten and an ``enhanced_description`` proposed
by the LLM and accepted or rejected by a recruiter.

The professional summary's original is edited on the profile (``professional_summary``);
its enhancement lives in :class:`ProfileSummary`, a section like the others whose
``description`` is kept equal to that text by ``profiles.services.sync_summary``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from pgvector.django import VectorField

from jobs.models import EMBEDDING_DIMENSIONS, Seniority
from runs.models import Run
from screener.models import TeamOwned


class CandidateProfile(TeamOwned):
    """A candidate as presented to employers; created from a parsed Resume or by hand."""

    class Enhancement(models.TextChoices):
        NONE = "none", "Not enhanced"
        QUEUED = "queued", "Queued"
        DONE = "done", "Enhanced"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=200, help_text="how the profile is listed")
    headline = models.CharField(max_length=300, blank=True, help_text="e.g. 'Backend Engineer'")
    professional_summary = models.TextField(blank=True)
    skills = models.JSONField(default=list, blank=True)
    seniority = models.CharField(
        max_length=10, choices=Seniority.choices, default=Seniority.UNKNOWN
    )
    total_years = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    writing_sample = models.TextField(
        blank=True, help_text="e.g. a cover letter; the tone of enhanced texts follows it"
    )
    tone = models.CharField(max_length=200, blank=True, help_text="derived from the sample")
    resume = models.ForeignKey(
        "resumes.Resume",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
    )
    enhancement_status = models.CharField(
        max_length=10, choices=Enhancement.choices, default=Enhancement.NONE
    )
    enhancement_error = models.TextField(blank=True)
    # The last enhancement pass: sections requested/enhanced/rejected, calls, tokens, latency.
    enhancement_summary = models.JSONField(default=dict, blank=True)
    last_run = models.ForeignKey(
        Run, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    embedding = VectorField(dimensions=EMBEDDING_DIMENSIONS, null=True, blank=True)
    embedding_version = models.CharField(max_length=100, blank=True)
    embedded_hash = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["team", "-created_at"])]

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    """What the summary, experiences and projects share: the original text and its
    enhancement."""

    class Status(models.TextChoices):
        NONE = "none", "Not enhanced"
        PROPOSED = "proposed", "Enhancement proposed"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected by a recruiter"
        REFUSED = "refused", "Refused by the factual guard"
        FAILED = "failed", "No usable answer"

    position = models.PositiveIntegerField(default=0)
    description = models.TextField(blank=True, help_text="the original text, never overwritten")
    enhanced_description = models.TextField(blank=True)
    enhancement_status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.NONE
    )
    # Why the last proposal was refused or failed (shown next to the section).
    enhancement_note = models.TextField(blank=True)
    # The refused proposal, kept so the reason can be checked against it.
    refused_text = models.TextField(blank=True)
    enhanced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    @property
    def final_description(self) -> str:
        """The text to show employers: the enhancement once accepted, else the original."""
        if self.enhancement_status == self.Status.ACCEPTED and self.enhanced_description:
            return self.enhanced_description
        return self.description


class ProfileExperience(Section):
    """One position held."""

    KIND = "experience"
    PREFIX = "E"

    profile = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="experiences"
    )
    title = models.CharField(max_length=300, blank=True)
    company = models.CharField(max_length=200, blank=True)
    start = models.CharField(max_length=40, blank=True, help_text="as written, e.g. 'Mar 2019'")
    end = models.CharField(max_length=40, blank=True, help_text="as written, or 'Present'")

    class Meta(Section.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.title} at {self.company}" if self.company else self.title

    @property
    def dates(self) -> str:
        return " – ".join(p for p in (self.start, self.end) if p)

    @property
    def heading(self) -> str:
        return str(self)


class ProfileProject(Section):
    """One project."""

    KIND = "project"
    PREFIX = "P"

    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(max_length=300)

    class Meta(Section.Meta):
        pass

    def __str__(self) -> str:
        return self.name

    @property
    def heading(self) -> str:
        return self.name


class ProfileSummary(Section):
    """The professional summary as an enhanceable section (at most one per profile).

    ``description`` mirrors ``CandidateProfile.professional_summary``; when that text changes
    the row's enhancement is discarded (it no longer matches), as for the other sections.
    """

    KIND = "summary"
    PREFIX = "S"

    profile = models.OneToOneField(
        CandidateProfile, on_delete=models.CASCADE, related_name="summary_section"
    )

    class Meta(Section.Meta):
        verbose_name = "profile summary"
        verbose_name_plural = "profile summaries"

    def __str__(self) -> str:
        return f"Summary of {self.profile_id}"

    @property
    def heading(self) -> str:
        return "Professional summary"
