"""Pydantic models for profile enhancement through the LLM gateway.

Two layers, so one bad section never fails the whole answer:

* :class:`EnhancementAnswer` is what ``extract()`` validates: a list of loose objects whose
  JSON schema still shows the model the exact item shape (:class:`EnhancedSectionWire`).
* :class:`EnhancedSection` validates each item on its own; the factual guard runs after it.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

# A bullet glyph opening a line is list formatting: it becomes the "- " the prompt asks for.
# Anywhere else such glyphs are decoration, which the factual guard refuses.
_LINE_BULLET_RE: Final = re.compile(r"^[•‣⁃∙◦▪●]\s*")


class EnhancedSectionWire(BaseModel):
    """The item shape the model is asked for (plain types: strict modes accept it)."""

    id: str = Field(description="the section id copied from the input, e.g. 'S4', 'E12' or 'P3'")
    enhanced: str = Field(description="the rewritten description of that section")


def _wire_item_schema() -> dict[str, Any]:
    schema = EnhancedSectionWire.model_json_schema()
    schema.pop("title", None)
    return schema


class EnhancementAnswer(BaseModel):
    """The whole answer: one loose item per section, validated one by one afterwards."""

    sections: Annotated[
        list[dict[str, Any]],
        WithJsonSchema({"type": "array", "items": _wire_item_schema()}),
    ]


class EnhancedSection(BaseModel):
    """One section's enhancement, validated (the length limits are the guard's job)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str = Field(min_length=2, max_length=20)
    enhanced: str = Field(min_length=1, max_length=20_000)

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: object) -> str:
        return str(value).strip().upper()

    @field_validator("enhanced")
    @classmethod
    def _text(cls, value: str) -> str:
        lines = (" ".join(line.split()) for line in value.splitlines())
        return "\n".join(_LINE_BULLET_RE.sub("- ", line) for line in lines if line)
