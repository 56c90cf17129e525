"""The demo data model and its loaders from ``demo_data/source/*.yaml``.

The loaders are strict about field names (an unknown key raises ``TypeError``) and lenient
about YAML typing: an unquoted year (``start: 2016``) or job id reads as text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

SkillGroup = tuple[str, tuple[str, ...]]  # ("" for an unlabelled group, skills)
TWINNED = ("hidden_text", "injection")  # specials whose resume gets a clean twin


@dataclass(frozen=True)
class Position:
    title: str
    company: str
    location: str
    start: str  # "YYYY-MM" or "YYYY"
    end: str | None  # None = Present
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class Education:
    degree: str
    school: str
    when: str
    detail: str = ""


@dataclass(frozen=True)
class Person:
    num: int
    first: str
    last: str
    role_slug: str
    fmt: str  # pdf | docx | txt | html
    headline: str = ""
    email: str = ""
    phone: str = ""
    city: str = ""
    linkedin: str = ""
    summary: str = ""  # may contain "{years}", replaced by the computed total
    skills: tuple[SkillGroup, ...] = ()
    jobs: tuple[Position, ...] = ()
    education: tuple[Education, ...] = ()
    certifications: tuple[str, ...] = ()
    projects: tuple[tuple[str, str], ...] = ()
    headings: str = "caps"  # heading style (a key of headings.yaml)
    section_headings: tuple[tuple[str, str], ...] = ()  # section -> text, overrides applied
    dates: str = "mon_en"  # key into facts.DATE_STYLES
    variant: str = "a"  # layout variant inside a format
    special: str = ""  # see demo_data/README.md, "Special cases"
    hidden_white_text: str = ""  # special == "hidden_text"
    hidden_tiny_text: str = ""  # special == "hidden_text"
    injection_line: str = ""  # special == "injection"

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def key(self) -> str:
        """Identity of the person (twins share it)."""
        return slugify(self.name)

    @property
    def stem(self) -> str:
        return f"{self.num:02d}_{slugify(self.first)}-{slugify(self.last)}_{self.role_slug}"

    @property
    def filename(self) -> str:
        return f"{self.stem}.{self.fmt}"

    @property
    def flat_skills(self) -> list[str]:
        return [s for _, group in self.skills for s in group]


@dataclass(frozen=True)
class Description:
    """Parts of a posting's HTML description (see ``feed.description_html``)."""

    intro: str
    duties: tuple[str, ...]
    requirements: tuple[str, ...]
    nice_to_have: tuple[str, ...]
    closing: str = ""


@dataclass(frozen=True)
class JobPosting:
    key: str
    id: str
    epoch: int
    company: str
    position: str
    tags: tuple[str, ...]
    location: str
    salary_min: int
    salary_max: int
    description: Description


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in ascii_text.replace("'", ""))
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


# ---------------------------------------------------------------------------------------------
# Loaders
# ---------------------------------------------------------------------------------------------


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _skill_groups(raw: dict[str, list[str]] | list[str]) -> tuple[SkillGroup, ...]:
    """``{label: skills}`` in order, or a plain list for one unlabelled group."""
    if isinstance(raw, dict):
        return tuple((label, tuple(group)) for label, group in raw.items())
    return (("", tuple(raw)),) if raw else ()


def _position(raw: dict[str, Any]) -> Position:
    end = raw["end"]
    return Position(
        **{
            **raw,
            "start": str(raw["start"]),
            "end": None if end == "present" else str(end),
            "bullets": tuple(raw["bullets"]),
        }
    )


def _person(raw: dict[str, Any], styles: dict[str, dict[str, str]]) -> Person:
    fields = dict(raw)
    overrides = fields.pop("heading_overrides", {})
    style = fields.get("headings", "caps")
    fields.update(
        skills=_skill_groups(fields.get("skills", ())),
        jobs=tuple(_position(job) for job in fields.get("jobs", ())),
        education=tuple(
            Education(**{**ed, "when": str(ed["when"])}) for ed in fields.get("education", ())
        ),
        certifications=tuple(fields.get("certifications", ())),
        projects=tuple(fields.get("projects", {}).items()),
        section_headings=tuple({**styles[style], **overrides}.items()),
    )
    return Person(**fields)


def with_twins(people: list[Person]) -> list[Person]:
    """Add the clean twins of the hidden-text and prompt-injection resumes."""
    out: list[Person] = []
    for p in people:
        out.append(p)
        if p.special in TWINNED:
            clean = {"hidden_white_text": "", "hidden_tiny_text": "", "injection_line": ""}
            out.append(replace(p, num=p.num + 1, special="clean_twin", **clean))
    return sorted(out, key=lambda p: p.num)


def load_people(source: Path) -> list[Person]:
    """Every resume's person, twins included, ordered by file number."""
    styles = _read(source / "headings.yaml")
    return with_twins([_person(raw, styles) for raw in _read(source / "people.yaml")])


def _epoch(posted: str | datetime) -> int:
    """``2026-10-30T14:05Z`` (or a YAML timestamp) as Unix seconds; naive times are UTC."""
    when = posted if isinstance(posted, datetime) else datetime.fromisoformat(posted)
    return int(when.replace(tzinfo=when.tzinfo or UTC).timestamp())


def _job(raw: dict[str, Any]) -> JobPosting:
    fields = dict(raw)
    desc = dict(fields.pop("description"))
    for part in ("duties", "requirements", "nice_to_have"):
        desc[part] = tuple(desc[part])
    fields.update(
        id=str(fields["id"]),
        epoch=_epoch(fields.pop("posted")),
        tags=tuple(fields["tags"]),
        description=Description(**desc),
    )
    return JobPosting(**fields)


def load_jobs(source: Path) -> list[JobPosting]:
    """The postings in file order."""
    return [_job(raw) for raw in _read(source / "jobs.yaml")]


def load_labels(source: Path) -> dict[str, dict[str, int]]:
    """Job key -> person key -> grade (unlisted people are 0)."""
    labels: dict[str, dict[str, int]] = _read(source / "labels.yaml")
    return labels
