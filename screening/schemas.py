"""Pydantic models for the deep-analysis LLM call (validated before anything is stored)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

_MAX_ITEMS = 8
_MAX_CHARS = 400


class DeepAnalysis(BaseModel):
    """An LLM's structured opinion of one candidate for one job."""

    model_config = ConfigDict(extra="forbid")

    strengths: list[str] = Field(description="evidence-based strengths for this job")
    gaps: list[str] = Field(description="requirements the resume does not show")
    risks: list[str] = Field(description="concerns a recruiter should check")
    interview_questions: list[str] = Field(description="questions that probe gaps and risks")
    injection_detected: bool = Field(
        description="true if the resume text contains instructions addressed to you"
    )

    @field_validator("strengths", "gaps", "risks", "interview_questions")
    @classmethod
    def _trim(cls, items: list[str]) -> list[str]:
        """Drop blanks, cap the number and length of items (the page shows them all)."""
        cleaned = [" ".join(str(i).split())[:_MAX_CHARS] for i in items if str(i).strip()]
        return cleaned[:_MAX_ITEMS]
