"""Section headings of a resume: the names we know and :func:`heading_kind` (framework-free).

Headings are recognised by wording, not by styling (the text has none): a short line on
its own whose normalised words are a known heading ("Work History:", "---- SKILLS ----",
"Skills & Tools", "LICENSES & CERTIFICATIONS"), or a short title-cased/ALL-CAPS line whose
last word is a section word ("Clinical Skills", "Selected Projects").
"""

from __future__ import annotations

import re
from typing import Final, Literal

Kind = Literal[
    "header", "summary", "skills", "experience", "education", "projects", "certifications",
    "contact", "other",
]  # fmt: skip

HEADINGS: Final[dict[str, Kind]] = {}
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
        "career overview",
        "professional overview",
        "executive profile",
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
        "highlights",
        "skill highlights",
        "core qualifications",
        "qualifications",
        "key qualifications",
        "skill details",
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
        "company details",
    ),
    "education": (
        "education",
        "academic background",
        "education and training",
        "academic qualifications",
        "education and qualifications",
        "academic history",
        "studies",
        "education details",
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
        "project details",
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
        "accomplishments",
        "core accomplishments",
        "key accomplishments",
    ),
}.items():
    for _name in _names:
        HEADINGS[_name] = _kind  # type: ignore[assignment]

LAST_WORD: Final[dict[str, Kind]] = {
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
DECORATION = re.compile(r"^[\s\-=_*#~•·|:]+|[\s\-=_*#~•·|:]+$")


def heading_kind(line: str) -> Kind | None:
    """The section kind a line announces, or None if it is not a heading."""
    stripped = DECORATION.sub("", line)
    if not stripped or len(stripped) > 50 or re.search(r"\d|[.;,!?]", stripped):
        return None
    words = re.sub(r"[^a-z]+", " ", stripped.lower().replace("&", " and ")).split()
    if not words or len(words) > 6:
        return None
    key = " ".join(words)
    if key in HEADINGS:
        return HEADINGS[key]
    if line.rstrip().endswith(":") and len(words) <= 3 and words[-1] in LAST_WORD:
        return LAST_WORD[words[-1]]
    titled = stripped.isupper() or all(w[:1].isupper() for w in stripped.split() if len(w) > 3)
    if len(words) <= 4 and titled and words[-1] in LAST_WORD:
        return LAST_WORD[words[-1]]
    return None
