"""Required vs nice-to-have (or ignored) for one mention in a job ad.

Required vs nice-to-have (first rule that applies wins):

1. an item-level parenthesis right after the skill: "Go (preferred)", "AWS (a plus)" ->
   nice; "Python (required)" -> required;
2. a cue in the same clause (sentence or ";"-part of a line, parentheses removed):
   "nice to have", "bonus", "preferred", "a plus", "desirable", "ideally",
   "advantageous", "good to have" -> nice;
   "must", "required", "essential", "you have", "you will need" -> required;
3. the section the line is in, from the last heading: "Nice to have", "Bonus points",
   "Preferred qualifications" -> nice; "Requirements", "Must have", "What you'll need",
   "Qualifications", "About you" -> required; "Benefits", "About us", "Perks" -> ignored
   (skills there describe the company, not the candidate, so this beats rule 2);
4. otherwise required (a skill named in the job description is expected by default) --
   unless the ad is *structured* (it has a required or nice-to-have section, heading or
   inline label): then a skill in the intro before the first heading describes the
   company ("Parcelwise sells shipping software") and is ignored, and a skill under a
   neutral heading ("What you will do") is nice-to-have: relevant, not a must-have.
"""

from __future__ import annotations

import re
from typing import Final, Literal

Section = Literal["required", "nice", "ignore", "neutral", "intro"]

_NICE_CUE: Final = re.compile(
    r"\b(?:nice[- ]to[- ]have|nice[- ]to[- ]haves|bonus|preferred|preferably|a\s+plus|"
    r"plus\s+points?|desirable|desired|ideally|advantageous|an\s+advantage|good[- ]to[- ]have|"
    r"would\s+be\s+(?:great|nice|helpful)|not\s+required|optional|beneficial|"
    r"extra\s+credit|even\s+better)\b",
    re.IGNORECASE,
)
_REQUIRED_CUE: Final = re.compile(
    r"\b(?:must|required|requirements?|essential|mandatory|you\s+have|you\s+will\s+have|"
    r"you(?:'ll|\s+will)\s+need|you\s+need|we\s+need|minimum\s+qualifications?|"
    r"need\s+to\s+have|necessary)\b",
    re.IGNORECASE,
)
_IGNORE_HEADING: Final = re.compile(
    r"\b(?:benefits|perks|about\s+(?:us|the\s+company)|who\s+we\s+are|our\s+company|"
    r"what\s+we\s+offer|compensation|salary|equal\s+opportunit\w*|how\s+to\s+apply)\b",
    re.IGNORECASE,
)
_REQUIRED_HEADING: Final = re.compile(
    r"\b(?:requirements?|required|must[- ]haves?|qualifications?|what\s+you(?:'ll|\s+will)\s+"
    r"need|what\s+we(?:'re|\s+are)\s+looking\s+for|about\s+you|you\s+have|who\s+you\s+are|"
    r"skills|experience|essential|key\s+skills)\b",
    re.IGNORECASE,
)
_DUTIES_HEADING: Final = re.compile(
    r"^(?:what\s+you(?:'ll|\s+will)\s+(?:do|be\s+doing|work\s+on)|responsibilities|"
    r"key\s+responsibilities|the\s+role|your\s+role|day[- ]to[- ]day|your\s+mission)$",
    re.IGNORECASE,
)
_HEADING_LINE: Final = re.compile(r"^\s*[#*_\-=•]*\s*(?P<h>[^\n.!?]{2,60}?)\s*[:*_#=]*\s*$")
_BULLET: Final = re.compile(r"^\s*(?:[-*•·–◦▪]|\d{1,2}[.)])\s+")
_INLINE_LABEL: Final = re.compile(r"^\s*(?:[-*•·–◦▪]\s+)?([A-Za-z][A-Za-z' /&-]{1,40}?)\s*:\s*\S")
_PAREN_AFTER: Final = re.compile(r"\s*\(([^)\n]{1,40})\)")
_PAREN_ANY: Final = re.compile(r"\([^)\n]{0,40}\)")
_CLAUSE_SPLIT: Final = re.compile(r"(?<=[.!?;])\s+|\n")


def _classify_heading(line: str) -> Section | None:
    """Section kind if ``line`` looks like a heading (short, no sentence end), else None."""
    if _BULLET.match(line):
        return None  # "- Kubernetes, Terraform" is an item, not a heading
    m = _HEADING_LINE.match(line)
    if not m or len(m.group("h").split()) > 8:
        return None
    heading = m.group("h")
    looks_like_heading = (
        line.rstrip().endswith(":")
        or bool(_DUTIES_HEADING.match(heading))
        or (
            "," not in heading
            and (heading.istitle() or heading.isupper() or len(heading.split()) <= 3)
        )
    )
    if not looks_like_heading:
        return None
    # Nice-to-have first: "Preferred qualifications" is nice even though it says
    # "qualifications"; "Benefits" is ignored even though it may say "required".
    if _NICE_CUE.search(heading):
        return "nice"
    if _IGNORE_HEADING.search(heading):
        return "ignore"
    if _REQUIRED_HEADING.search(heading):
        return "required"
    return "neutral"


def split_clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentences / ';'-parts / lines."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _CLAUSE_SPLIT.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _clause_kind(clause: str) -> Section | None:
    """Cue-based kind of one clause; nice cues beat required ones ("not required")."""
    if _NICE_CUE.search(clause):
        return "nice"
    if _REQUIRED_CUE.search(clause):
        return "required"
    return None


def section_map(text: str) -> list[tuple[int, Section]]:
    """(line start offset, section kind in force on that line) for every line."""
    out: list[tuple[int, Section]] = []
    section: Section = "intro"
    pos = 0
    for line in text.split("\n"):
        kind = _classify_heading(line)
        if kind is not None:
            section = kind
            out.append((pos, section))
        else:
            # An inline label ("Nice to have: Go, Rust", "Benefits: ...") rules its own
            # line only; the section in force continues on the next line.
            label = _INLINE_LABEL.match(line)
            inline = _classify_heading(label.group(1) + ":") if label else None
            out.append((pos, inline if inline not in (None, "neutral") else section))
        pos += len(line) + 1
    return out


def _section_at(sections: list[tuple[int, Section]], offset: int) -> Section:
    """Section kind at a text offset (binary search would be overkill for job ads)."""
    current: Section = "intro"
    for start, kind in sections:
        if start > offset:
            break
        current = kind
    return current


def is_structured(sections: list[tuple[int, Section]]) -> bool:
    """Whether the ad says where its requirements are (a required or nice-to-have part)."""
    return any(kind in ("required", "nice") for _, kind in sections)


def kind_of(
    text: str,
    start: int,
    end: int,
    clause: tuple[int, int],
    sections: list[tuple[int, Section]],
    structured: bool = False,
) -> Section:
    """Required / nice / ignore for one skill mention (rules in the module docstring)."""
    paren = _PAREN_AFTER.match(text, end)
    if paren:
        kind = _clause_kind(paren.group(1))
        if kind:
            return kind
    section = _section_at(sections, start)
    if section == "ignore":
        return "ignore"
    # Parentheses belong to the item before them ("Go (preferred)"), not to the clause.
    kind = _clause_kind(_PAREN_ANY.sub(" ", text[clause[0] : clause[1]]))
    if kind:
        return kind
    if section in ("neutral", "intro") and structured:
        return "ignore" if section == "intro" else "nice"
    return "required" if section in ("neutral", "intro") else section
