"""Pydantic models for job enrichment through the LLM gateway.

Two layers, so that one bad item never fails a packed answer:

* :class:`PackedEnrichment` is what ``extract()`` validates: a list of loose objects. Its
  JSON schema still shows the model the exact item shape (:class:`JobEnrichmentWire`).
* :class:`JobEnrichment` validates each item on its own, with every bound enforced.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

SeniorityLevel = Literal["junior", "mid", "senior", "lead", "unknown"]


class JobEnrichmentWire(BaseModel):
    """The item shape the model is asked for (plain types: providers' strict modes accept it)."""

    id: int = Field(description="the id of the job this item describes, copied from the input")
    required_skills: list[str] = Field(description="skills the job requires, short names")
    nice_to_have_skills: list[str] = Field(description="skills named as optional or a plus")
    min_years: float | None = Field(description="minimum years of experience asked, or null")
    seniority: SeniorityLevel
    summary: str = Field(description="one or two plain sentences: the role and its focus")
    requirements: list[str] = Field(description="up to 6 key requirements, short phrases")


def _wire_item_schema() -> dict[str, Any]:
    schema = JobEnrichmentWire.model_json_schema()
    schema.pop("title", None)
    return schema


class PackedEnrichment(BaseModel):
    """A packed answer: one loose item per job; items are validated one by one afterwards."""

    items: Annotated[
        list[dict[str, Any]],
        WithJsonSchema({"type": "array", "items": _wire_item_schema()}),
    ]


def _clean_list(values: list[str], limit: int, max_chars: int) -> list[str]:
    out: list[str] = []
    for value in values:
        text = " ".join(value.split())
        if text and len(text) <= max_chars and text.lower() not in {v.lower() for v in out}:
            out.append(text)
    return out[:limit]


class JobEnrichment(BaseModel):
    """One job's enrichment, strictly validated (bounds a careless answer can break)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: int
    required_skills: list[str] = Field(max_length=40)
    nice_to_have_skills: list[str] = Field(max_length=40)
    min_years: float | None = Field(ge=0, le=40)
    seniority: SeniorityLevel
    summary: str = Field(min_length=10, max_length=600)
    requirements: list[str] = Field(default_factory=list, max_length=12)

    @field_validator("required_skills", "nice_to_have_skills")
    @classmethod
    def _skills(cls, values: list[str]) -> list[str]:
        return _clean_list(values, 30, 80)

    @field_validator("requirements")
    @classmethod
    def _requirements(cls, values: list[str]) -> list[str]:
        return _clean_list(values, 8, 200)
