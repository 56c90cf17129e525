"""Split resume text into lines and sections by their headings (framework-free).

Headings are recognised by wording, not by styling (the text has none): a short line on
its own whose normalised words are a known heading ("Work History:", "---- SKILLS ----",
"Skills & Tools", "LICENSES & CERTIFICATIONS"), or a short title-cased/ALL-CAPS line whose
last word is a section word ("Clinical Skills", "Selected Projects"). A line underlined
with ``====``/``----`` is a heading too. Consecutive sections of the same kind merge.

Run-together text (a whole resume on one line, from exports and CSV dumps) gets its line
breaks back first (:func:`resplit_lines`: before inline headings, bullets and the dates
that open a position), and a resume without any heading is grouped by what its lines hold
(:func:`infer_sections`). Resumes with heading lines and ordinary lines skip both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from resumes.parsing.headings import DECORATION, Kind, heading_kind
from resumes.parsing.resplit import (
    LONG_LINE,
    break_line,
    cut_at,
    needs_resplit,
    opens_with_bullet,
    resplit_lines,
)
from screener.lib.dates import RANGE_RE

__all__ = [
    "LONG_LINE",
    "Kind",
    "Section",
    "break_line",
    "cut_at",
    "heading_kind",
    "infer_sections",
    "needs_resplit",
    "prepare_lines",
    "resplit_lines",
    "split_sections",
]

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
            sections.append(Section(kind, DECORATION.sub("", line)))
    return sections


# --------------------------------------------------------------------------- no headings
# A resume without any heading is grouped by what its lines hold; like ``resplit_lines``
# this only runs when the usual heading split cannot work.

_DEGREE_WORD: Final = re.compile(
    r"(?<![\w.])(?:B\.[AS]\.|M\.[AS]\.|B\.E\.|B\.?Tech|M\.?Tech|B\.Com|BSc|MSc|BS|BA|BSN|MSN|MBA|"
    r"M\.?Ed|Ph\.?D|Bachelor|Master'?s|Master of|Doctor of|Associate of|Associate'?s|"
    r"Associate Degree|Diploma|GED)(?![\w])"
)
_LIST_SPLIT: Final = re.compile(r"\s*[,;•|]\s*")


def infer_sections(lines: list[str]) -> list[Section]:
    """Sections of a resume without headings, from what its lines hold: a date range opens
    a position, a degree an education entry, a list of short items the skills, and prose
    before all of them the summary."""
    dated = [i for i, line in enumerate(lines) if _kind_of(line) == "experience"]
    last_date = dated[-1] if dated else -1
    sections = [Section("header", "")]
    for index, line in enumerate(lines):
        if not line or _UNDERLINE.match(line):
            continue
        kind = _kind_of(line, sections[-1].kind, index > last_date) or sections[-1].kind
        if kind != sections[-1].kind:
            sections.append(Section(kind, ""))
            if kind == "experience":
                _move_title_lines(sections[-2], sections[-1])
        sections[-1].lines.append((index, line))
    return sections


def _kind_of(line: str, current: Kind = "header", after_positions: bool = True) -> Kind | None:
    bullet = opens_with_bullet(line)
    if _DEGREE_WORD.search(line) and not bullet and len(line) <= 150:
        return "education"
    if RANGE_RE.search(line) and not bullet:
        return "experience"
    if _is_list(line) and (current != "experience" or after_positions):
        return "skills"
    if current == "header" and len(line.split()) >= 8 and re.search(r"[a-z]{3,} [a-z]{3,}", line):
        return "summary"
    return None


def _is_list(line: str) -> bool:
    items = [item for item in _LIST_SPLIT.split(line) if item]
    if len(items) < 3 or line.rstrip().endswith("."):
        return False
    return all(len(item.split()) <= 4 for item in items)


def _move_title_lines(previous: Section, position: Section) -> None:
    """The title/employer lines just above a position's dates belong to the position."""
    if previous.kind == "header":
        return
    while previous.lines and len(position.lines) < 2:
        text = previous.lines[-1][1]
        if len(text) > 60 or text.endswith(".") or opens_with_bullet(text) or _is_list(text):
            return
        position.lines.insert(0, previous.lines.pop())
