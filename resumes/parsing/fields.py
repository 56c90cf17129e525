"""Turn the lines of one section into record fields (framework-free).

Skills: every item of the skills section in order, with group labels ("Languages:",
a table's left column, a label line above a list) removed and hard-wrapped items joined,
then normalised against the skill vocabulary. Experience: each date range anchors one
position; the non-bullet lines around it give title and company.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from resumes.schemas import Education, Experience
from screener.lib.dates import RANGE_RE, DateRange, parse_date_range
from screener.lib.skills import find_skills, normalise_skill

_BULLET: Final = re.compile(r"^\s*[-–—•·*▪◦●➢❖■♦►➤✓✔]\s*")
_GROUP_LABEL: Final = re.compile(r"^[A-Za-z][\w &/+.-]{0,30}:\s*(?=\S)")
# Kaggle-style exports: "Machine Learning- Exprience - 18 months" (sic).
_MONTHS_SUFFIX: Final = re.compile(
    r"\s*-?\s*Exp(?:e)?rience\s*-\s*(?:\d+|less than \d+ years?)\s*months?\s*$", re.I
)
_LABELLED: Final = re.compile(r"^(company|description)\s+-\s+(.*)$", re.IGNORECASE)
_SENTENCE: Final = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
ROLE_WORDS: Final = frozenset(
    {
        "engineer",
        "developer",
        "manager",
        "analyst",
        "nurse",
        "accountant",
        "teacher",
        "specialist",
        "coordinator",
        "lead",
        "director",
        "intern",
        "associate",
        "representative",
        "executive",
        "designer",
        "scientist",
        "consultant",
        "administrator",
        "officer",
        "lecturer",
        "chair",
        "generalist",
        "head",
        "architect",
        "assistant",
        "programmer",
        "technician",
        "researcher",
        "instructor",
        "tutor",
        "advisor",
        "adviser",
        "owner",
        "founder",
        "president",
        "supervisor",
        "agent",
        "clerk",
        "auditor",
        "controller",
        "editor",
        "writer",
        "strategist",
        "recruiter",
        "partner",
        "principal",
        "staff",
        "sre",
        "devops",
        "freelance",
        "contractor",
        "trainee",
        "apprentice",
        "co-op",
    }
)
_DEGREE: Final = re.compile(
    r"\b(B\.?\s?[AS]c?\.?|M\.?\s?[AS]c?\.?|B\.?B\.?A\.?|MBA|Ph\.?D\.?|M\.?Eng|B\.?Eng|BSN|"
    r"Bachelor|Master|Doctor|Diploma|Certificate|Associate|Grado|Licenciatura|Abitur)\b",
)
_INSTITUTION: Final = re.compile(
    r"\b(University|Universit[äà]t|Universidad|Université|College|School|Institute|Academy|"
    r"Polytechnic|Politehnica|Conservatory|State)\b",
    re.I,
)
_YEAR: Final = re.compile(r"\b(?:19|20)\d\d\b")


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line).strip()


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line)) and len(line) > 2


def paragraphs(lines: list[str]) -> str:
    """Join hard-wrapped lines into one running text."""
    return " ".join(strip_bullet(line) for line in lines if line).strip()


def summary_sentences(lines: list[str]) -> list[str]:
    """The summary section as a list of sentences."""
    text = paragraphs(lines)
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


# --------------------------------------------------------------------------- skills


def _depth_split(text: str) -> list[str]:
    """Split on list separators that are not inside parentheses."""
    items: list[str] = []
    depth, start = 0, 0
    for m in re.finditer(r"[()]|\s*[,;•·]\s*|\s+\|\s+", text):
        token = m.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            items.append(text[start : m.start()])
            start = m.end()
    items.append(text[start:])
    return [i.strip(" .") for i in items if i.strip(" .")]


def _has_separator(line: str) -> bool:
    return bool(re.search(r"[,;•]|\s·\s", line))


def _logical_lines(lines: list[str]) -> list[str]:
    """Re-join items wrapped across lines ("Telemetry" / "monitoring, Epic EHR")."""
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line):
            out[-1] = f"{out[-1].rstrip()} {line.lstrip()}"
        else:
            out.append(line)
    return out


def _continues(previous: str, line: str) -> bool:
    if not _has_separator(previous) or is_bullet(line) or not line:
        return False
    if previous.rstrip().endswith((",", ";", "·", "•")):
        return True
    if previous.count("(") > previous.count(")"):
        return True
    return line[0].islower() or line[0].isdigit()


def _table_rows(lines: list[str]) -> list[str]:
    """For "Area | Tools" table rows keep the right-hand cell; drop a header row."""
    rows = [line for line in lines if " | " in line]
    if len(rows) < 2 or len(rows) < len(lines) / 2:
        return lines
    cells = [line.split(" | ")[-1] for line in lines]
    if "," not in cells[0] and any("," in c for c in cells[1:]):
        cells = cells[1:]
    return cells


def skill_items(lines: list[str]) -> list[str]:
    """Raw items of a skills section, labels removed, in document order."""
    lines = _table_rows(_logical_lines([line for line in lines if line]))
    bulleted = any(is_bullet(line) for line in lines)
    has_lists = any(_has_separator(line) for line in lines)
    items: list[str] = []
    for index, line in enumerate(lines):
        nxt = lines[index + 1] if index + 1 < len(lines) else ""
        if bulleted and not is_bullet(line) and len(line.split()) <= 3:
            continue  # a group label above bulleted items ("MLOps")
        if has_lists and not _has_separator(line) and _has_separator(nxt) and len(line) <= 30:
            continue  # a label line above a comma list ("Frameworks")
        body = _MONTHS_SUFFIX.sub("", _GROUP_LABEL.sub("", strip_bullet(line)))
        items.extend(_depth_split(body))
    return items


def normalise_item(item: str) -> str:
    """Canonical vocabulary name when the item *is* that skill, else the item as written."""
    canonical = normalise_skill(item)
    if canonical is None:
        return item
    matches = find_skills(item)
    covered = sum(len(m.surface) for m in matches)
    return canonical if not matches or covered >= 0.6 * len(item) else item


def technical_skills(lines: list[str], *, scan_long_items: bool = False) -> list[str]:
    """Normalised, de-duplicated skill items of a skills section.

    An item longer than 60 characters is a sentence, not an item: it is dropped, or with
    ``scan_long_items`` (a list whose line breaks were lost) read for vocabulary skills.
    """
    seen: set[str] = set()
    skills: list[str] = []
    for item in skill_items(lines):
        if len(item) <= 60:
            names = [normalise_item(item)]
        else:
            names = [m.canonical for m in find_skills(item)] if scan_long_items else []
        for name in names:
            if name.lower() not in seen:
                seen.add(name.lower())
                skills.append(name)
    return skills


# --------------------------------------------------------------------------- experience


@dataclass
class _Anchor:
    line: int
    rest: str
    start: str
    end: str
    range: DateRange


def _anchors(lines: list[str], today: date) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    for index, line in enumerate(lines):
        m = RANGE_RE.search(line)
        if m is None or is_bullet(line):
            continue
        parsed = parse_date_range(m.group(), today=today)
        if parsed is None:
            continue
        rest = (line[: m.start()] + " " + line[m.end() :]).strip(" |·,–—-()")
        rest = re.sub(r"\s*[|·(]\s*$", "", rest).strip()
        anchors.append(_Anchor(index, rest, m.group("start"), m.group("end"), parsed))
    return anchors


def _is_header_line(line: str) -> bool:
    """A job header line (title/company/location), not an achievement sentence."""
    if not line or is_bullet(line) or len(line) > 100 or RANGE_RE.search(line):
        return False
    return not line.rstrip().endswith(".") or line.rstrip().endswith(("Co.", "Inc.", "Ltd."))


def _has_role_word(text: str) -> bool:
    return any(w.strip(",()/") in ROLE_WORDS for w in text.lower().split())


def _company(text: str) -> str:
    """Employer name without the location ("Driftwood AI, San Francisco, CA")."""
    return re.split(r"\s+[|—–·]\s+|,\s+", text, maxsplit=1)[0].strip()


def _title_company(segments: list[str]) -> tuple[str, str]:
    """Pick title and company from the header segments of one position."""
    parts: list[str] = []
    for seg in segments:
        parts.extend(p.strip() for p in re.split(r"\s+[|—·@]\s+|\s+at\s+", seg) if p.strip())
    if not parts:
        return "", ""
    if len(parts) == 1:
        title, _, company = parts[0].partition(", ")
        return (title, company) if _has_role_word(title) else (parts[0], "")
    titled = [p for p in parts if _has_role_word(p.partition(", ")[0])]
    title = titled[0] if titled else parts[0]
    others = [p for p in parts if p is not title]
    if ", " in title and _has_role_word(title.partition(", ")[0]) and len(segments) == 1:
        title, _, company = title.partition(", ")  # "Title, Company — City"
        return title, company
    return title, _company(others[0]) if others else ""


def experiences(lines: list[str], today: date) -> tuple[list[Experience], list[DateRange]]:
    """Positions of an experience section and the date ranges they cover."""
    anchors = _anchors(lines, today)
    if not anchors:
        return labelled_positions(lines), []
    result: list[Experience] = []
    previous_end = 0
    for n, anchor in enumerate(anchors):
        before: list[str] = []
        k = anchor.line - 1
        while k >= previous_end and _is_header_line(lines[k]) and len(before) < 2:
            before.insert(0, lines[k])
            k -= 1
        segments = [*before, anchor.rest] if anchor.rest else before
        body_start = anchor.line + 1
        if not before and anchor.rest and _is_header_line(_at(lines, body_start)):
            segments.append(lines[body_start])  # "Title  2019 - Present" / "Company, City"
            body_start += 1
        next_line = anchors[n + 1].line if n + 1 < len(anchors) else len(lines)
        body_end = _body_end(lines, body_start, next_line)
        title, company = _title_company(segments)
        bullets = bullet_items(lines[body_start:body_end])
        result.append(
            Experience(
                title=title, company=company, start=anchor.start, end=anchor.end, bullets=bullets
            )
        )
        previous_end = body_end
    return result, [a.range for a in anchors]


_SENTENCE_END: Final = (".", "!", "?", ":", ";")


def bullet_items(lines: list[str]) -> list[str]:
    """The bullets of a position, marks stripped, with line wraps joined.

    A PDF wraps a long bullet onto the next line ("– ... retiring 41 deprecated" then
    "dependencies."). A line without a bullet mark continues the previous item when that
    item does not end a sentence, and (in a list without any marks) when it starts in
    lower case; otherwise it is an item of its own.
    """
    marked = any(is_bullet(line) for line in lines)
    items: list[str] = []
    for line in lines:
        text = strip_bullet(line)
        if not text:
            continue
        if items and not is_bullet(line) and _continues_item(items[-1], text, marked):
            items[-1] = f"{items[-1]} {text}"
        else:
            items.append(text)
    return items


def _continues_item(previous: str, text: str, marked: bool) -> bool:
    if previous.endswith(_SENTENCE_END):
        return False
    return marked or text[0].islower()


def labelled_positions(lines: list[str]) -> list[Experience]:
    """Undated positions of a Kaggle-style export: "company - X", then "description - ..."."""
    result: list[Experience] = []
    for line in lines:
        m = _LABELLED.match(line)
        if m and m.group(1).lower() == "company":
            result.append(Experience(company=m.group(2)))
        elif result and (text := m.group(2) if m else strip_bullet(line)):
            result[-1].bullets.append(text)
    return result


def _at(lines: list[str], index: int) -> str:
    return lines[index] if index < len(lines) else ""


def _body_end(lines: list[str], start: int, next_anchor: int) -> int:
    """Where this position's bullets end: before the next position's header lines."""
    end = next_anchor
    k = next_anchor - 1
    taken = 0
    while k >= start and _is_header_line(lines[k]) and taken < 2:
        end = k
        k -= 1
        taken += 1
    return end


# --------------------------------------------------------------------------- education


def education(lines: list[str]) -> list[Education]:
    """Degree entries: "B.S. Computer Science, University X (2016)" and two-line forms."""
    entries: list[Education] = []
    for raw in lines:
        line = strip_bullet(raw)
        has_degree, has_school = bool(_DEGREE.search(line)), bool(_INSTITUTION.search(line))
        if not (has_degree or has_school) or re.match(r"^(GPA|Courses|Capstone|Thesis)\b", line):
            continue
        year_match = _YEAR.findall(line)
        year = year_match[-1] if year_match else ""
        body = re.sub(r"\(?\b(?:19|20)\d\d\b\)?", "", line).strip(" ,–—-")
        if has_school and entries and not entries[-1].institution and not has_degree:
            entries[-1].institution = body
            entries[-1].year = entries[-1].year or year
            continue
        degree, institution = _split_degree(body, has_school)
        entries.append(Education(degree=degree, institution=institution, year=year))
    return entries


def _split_degree(body: str, has_school: bool) -> tuple[str, str]:
    for sep in (" — ", " – ", " - ", " | "):
        if sep in body:
            left, _, right = body.partition(sep)
            return left.strip(" ,"), right.strip(" ,")
    if has_school:
        parts = [p.strip() for p in body.split(",")]
        for i, part in enumerate(parts):
            if _INSTITUTION.search(part) and i > 0:
                return ", ".join(parts[:i]), ", ".join(parts[i:])
    return body, ""


def plain_items(lines: list[str]) -> list[str]:
    """Lines of a list section (certifications, projects) without bullets, wraps joined."""
    items: list[str] = []
    for line in lines:
        text = strip_bullet(line)
        if not text:
            continue
        joinable = items and not items[-1].endswith((".", ":"))
        if joinable and not is_bullet(line) and text[0].islower():
            items[-1] = f"{items[-1]} {text}".strip()
        else:
            items.append(text)
    return [i for i in items if i]
