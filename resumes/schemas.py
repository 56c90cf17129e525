"""The structured resume record (pydantic), shared by the heuristic parser and the LLM.

The record holds what ranking may see. Contact details (name, e-mail, phone, links,
address) are deliberately NOT part of it: they live in separate Resume columns so that
screening can be name-blind and the LLM never receives them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

REQUIRED_SECTIONS: tuple[str, ...] = ("professional_summary", "technical_skills", "experiences")
# What a recruiter calls each section: reasons shown on pages never carry field names.
SECTION_LABELS: dict[str, str] = {
    "professional_summary": "summary",
    "technical_skills": "technical skills",
    "experiences": "work experience",
}


def readable_sections(names: list[str]) -> str:
    """``["professional_summary", "experiences"]`` -> ``"summary, work experience"``."""
    return ", ".join(SECTION_LABELS.get(name, name.replace("_", " ")) for name in names)


def _clean(value: str) -> str:
    return " ".join(str(value).split())


class Experience(BaseModel):
    """One position. ``start``/``end`` are as written ("Mar 2019", "2019", "Present")."""

    title: str = Field(default="", description="job title, e.g. 'Senior Backend Engineer'")
    company: str = Field(default="", description="employer name only, without location")
    start: str = Field(default="", description="start date as written, e.g. 'Mar 2019'")
    end: str = Field(default="", description="end date as written, or 'Present'")
    bullets: list[str] = Field(default_factory=list, description="achievements, one per item")

    @field_validator("title", "company", "start", "end")
    @classmethod
    def _strip(cls, value: str) -> str:
        return _clean(value)


class Education(BaseModel):
    """One degree or course, e.g. "B.S. Computer Science, University of Illinois (2016)"."""

    degree: str = Field(default="", description="degree and subject")
    institution: str = Field(default="", description="school or university")
    year: str = Field(default="", description="graduation year, if given")

    @field_validator("degree", "institution", "year")
    @classmethod
    def _strip(cls, value: str) -> str:
        return _clean(value)


class ResumeRecord(BaseModel):
    """A resume as structured data (no contact details; see the module docstring)."""

    job_role: str = Field(default="", description="the headline role under the name, verbatim")
    professional_summary: list[str] = Field(
        default_factory=list, description="sentences of the summary/profile section"
    )
    technical_skills: list[str] = Field(
        default_factory=list, description="every item of the skills section, one per entry"
    )
    experiences: list[Experience] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)
    projects: list[str] = Field(default_factory=list)

    @field_validator("professional_summary", "technical_skills", "certifications", "projects")
    @classmethod
    def _drop_blanks(cls, values: list[str]) -> list[str]:
        return [v for v in (_clean(x) for x in values) if v]

    def missing_sections(self) -> list[str]:
        """Names of the required sections that are absent or empty (in a fixed order)."""
        return [name for name in REQUIRED_SECTIONS if not getattr(self, name)]
