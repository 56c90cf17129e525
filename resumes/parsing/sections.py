"""Split resume text into lines and sections by their headings (framework-free).

Headings are recognised by wording, not by styling (the text has none): a short line on
its own whose normalised words are a known heading ("Work History:", "---- SKILLS ----",
"Skills & Tools", "LICENSES & CERTIFICATIONS"), or a short title-cased/ALL-CAPS line whose
last word is a section word ("Clinical Skills", "Selected Projects"). A line underlined
with ``====``/``----`` is a heading too. Consecutive sections of the same kind merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, Literal

Kind = Literal[
    "header", "summary", "skills", "experience", "education", "projects", "certifications",
    "contact", "other",
]  # fmt: skip

_HEADINGS: Final[dict[str, Kind]] = {}
for _kind, _names in {
    "summary": (
        "summary",
        "professional summary",
        "profile",
        "professional profile",
        "career profile",
        "career summary",
        "about",
        "about me",
        "objective",
        "career objective",
        "overview",
        "executive summary",
        "personal profile",
        "personal statement",
        "profile summary",
        "summary of qualifications",
    ),
    "skills": (
        "skills",
        "technical skills",
        "core competencies",
        "competencies",
        "key skills",
        "skills and tools",
        "skills and technologies",
        "areas of expertise",
        "expertise",
        "technologies",
        "tech stack",
        "core skills",
        "skill set",
        "skillset",
        "technical proficiencies",
        "proficiencies",
        "key competencies",
        "tools and technologies",
        "technical expertise",
        "skills summary",
    ),
    "experience": (
        "experience",
        "professional experience",
        "work experience",
        "work history",
        "employment history",
        "employment",
        "career history",
        "relevant experience",
        "professional background",
        "experience history",
        "positions held",
    ),
    "education": (
        "education",
        "academic background",
        "education and training",
        "academic qualifications",
        "education and qualifications",
        "academic history",
        "studies",
    ),
    "projects": (
        "projects",
        "side projects",
        "selected projects",
        "personal projects",
        "key projects",
        "case studies",
        "open source",
        "portfolio",
    ),
    "certifications": (
        "certifications",
        "certificates",
        "licenses",
        "licences",
        "licensure",
        "licenses and certifications",
        "licences and certifications",
        "certifications and licenses",
        "certifications and licences",
        "credentials",
        "accreditations",
        "certification",
    ),
    "contact": (
        "contact",
        "contact information",
        "contact details",
        "personal details",
        "personal information",
        "contact info",
    ),
    "other": (
        "interests",
        "hobbies",
        "awards",
        "honors",
        "honours",
        "awards and honors",
        "awards and honours",
        "publications",
        "volunteering",
        "volunteer experience",
        "references",
        "activities",
        "achievements",
        "additional information",
        "memberships",
        "affiliations",
        "professional affiliations",
        "languages spoken",
        "spoken languages",
        "talks",
        "patents",
        "leadership and activities",
    ),
}.items():
    for _name in _names:
        _HEADINGS[_name] = _kind  # type: ignore[assignment]

_LAST_WORD: Final[dict[str, Kind]] = {
    "skills": "skills",
    "competencies": "skills",
    "expertise": "skills",
    "experience": "experience",
    "education": "education",
    "projects": "projects",
    "certifications": "certifications",
    "licenses": "certifications",
    "licences": "certifications",
    "summary": "summary",
    "profile": "summary",
}
_DECORATION = re.compile(r"^[\s\-=_*#~•·|:]+|[\s\-=_*#~•·|:]+$")
_UNDERLINE = re.compile(r"^\s*[=\-_~*]{3,}\s*$")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
# DOCX titles with a right-aligned date come out glued ("Staff Engineer2014 - 2019",
# "HR GeneralistFebruary 2022 to Current"): put the space back before the date.
_GLUED_DATE = re.compile(
    rf"(?<=[a-z)])(?=(?:{_MONTHS})\.?,?\s+(?:19|20)\d\d"
    r"|(?:0?[1-9]|1[0-2])/(?:19|20)\d\d"
    r"|(?:19|20)\d\d\s*(?:-|–|—|to)\s*(?:(?:19|20)\d\d|(?i:present|current|now)))",
)


@dataclass
class Section:
    """A run of lines under one heading (``header`` = the lines before any heading)."""

    kind: Kind
    heading: str
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line index, text)

    @property
    def texts(self) -> list[str]:
        return [text for _, text in self.lines]


def prepare_lines(text: str) -> list[str]:
    """Stripped lines with glued dates separated; underline rulers kept (for headings)."""
    return [_GLUED_DATE.sub(" ", line.strip()) for line in text.split("\n")]


def heading_kind(line: str) -> Kind | None:
    """The section kind a line announces, or None if it is not a heading."""
    stripped = _DECORATION.sub("", line)
    if not stripped or len(stripped) > 50 or re.search(r"\d|[.;,!?]", stripped):
        return None
    words = re.sub(r"[^a-z]+", " ", stripped.lower().replace("&", " and ")).split()
    if not words or len(words) > 6:
        return None
    key = " ".join(words)
    if key in _HEADINGS:
        return _HEADINGS[key]
    if line.rstrip().endswith(":") and len(words) <= 3 and words[-1] in _LAST_WORD:
        return _LAST_WORD[words[-1]]
    titled = stripped.isupper() or all(w[:1].isupper() for w in stripped.split() if len(w) > 3)
    if len(words) <= 4 and titled and words[-1] in _LAST_WORD:
        return _LAST_WORD[words[-1]]
    return None


def split_sections(lines: list[str]) -> list[Section]:
    """Group lines into sections; the first is always ``header`` (possibly empty)."""
    sections = [Section("header", "")]
    for index, line in enumerate(lines):
        if not line or _UNDERLINE.match(line):
            continue
        underlined = index + 1 < len(lines) and bool(_UNDERLINE.match(lines[index + 1]))
        kind = heading_kind(line)
        if kind is None and underlined and len(line) <= 40:
            kind = "other"
        if kind is None:
            sections[-1].lines.append((index, line))
        elif kind != sections[-1].kind or kind == "other":
            sections.append(Section(kind, _DECORATION.sub("", line)))
    return sections
