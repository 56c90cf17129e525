"""Name, headline and contact details, and the contact-free text used for ranking.

Contact details are looked for in the header (lines before the first heading) and in a
"Contact" section; e-mail addresses, phone numbers and URLs are also removed from the
ranking text wherever they appear, together with every occurrence of the name.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from resumes.parsing.sections import Section, cut_at, heading_kind

OCCUPATION_WORDS: Final = (
    Path(__file__).resolve().parents[2] / "screener" / "data" / "occupation_words.json"
)
EMAIL_RE: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL_RE: Final = re.compile(
    r"(?:https?://|www\.)[^\s|,]+|\b(?:linkedin\.com|github\.com|gitlab\.com)/[^\s|,]+", re.I
)
PHONE_RE: Final = re.compile(
    r"(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[\s.-])\d{2,4}(?:[\s.-]\d{2,5}){1,2}(?![\w/])"
)
# Anything shaped like a phone number (a run of 9+ digits and separators), for removing
# from the text screening reads: recall over precision, unlike PHONE_RE, which extracts
# the candidate's number and must not take a date range or an amount for one.
PHONE_LIKE_RE: Final = re.compile(r"(?<![\w-])\+?\d[\d ().-]{7,}\d(?![\w-])")
_LABEL: Final = re.compile(
    r"^(e-?mail|phone|tel|mobile|cell|location|address|web|website)\s*:\s*", re.I
)
_LOCATION: Final = re.compile(
    r"^(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*, (?:[A-Z]{2}|[A-Z][a-z]+(?: [A-Z][a-z]+)*)|Remote)$"
)
_LINK_WORDS: Final = frozenset({"linkedin", "github", "portfolio", "website", "blog", "twitter"})
_NAME_TOKEN: Final = re.compile(r"^[A-ZÀ-Þ][\w'’.-]*$")
_SEPARATORS: Final = re.compile(r"\s*[|·•]\s*|\s{2,}")
_ROLE_BREAK: Final = re.compile(r"[.!?]$")


@dataclass
class Contact:
    """Who the resume is about, kept apart from what ranking sees."""

    name: str = ""
    email: str = ""
    phone: str = ""
    location: str = ""
    links: list[str] = field(default_factory=list)
    name_line: int | None = None
    role_line: int | None = None
    contact_lines: set[int] = field(default_factory=set)

    def as_dict(self) -> dict[str, object]:
        return {"location": self.location, "links": self.links}


def _fold(text: str) -> str:
    """Lower-case ASCII form: "José Müller" -> "jose muller"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def is_contact_line(line: str) -> bool:
    """A line made only of contact details: e-mail, phone, URL, location, "LinkedIn"."""
    rest = _LABEL.sub("", line.strip())
    for pattern in (EMAIL_RE, URL_RE, PHONE_RE):
        rest = pattern.sub(" ", rest)
    parts = [p.strip(" ,;") for p in _SEPARATORS.split(rest) if p.strip(" ,;")]
    if _LABEL.match(line.strip()):
        return True
    if not parts:
        return True
    return all(_LOCATION.match(p) or p.lower() in _LINK_WORDS for p in parts)


def looks_like_name(line: str) -> bool:
    """2-4 capitalised words of letters only ("Kevin O'Brien", "HANNAH KOWALSKI"), none of
    them a word that ends job titles ("LEASING CONSULTANT" is a headline, not a name)."""
    words = line.split()
    if not 2 <= len(words) <= 4 or len(line) > 40 or heading_kind(line):
        return False
    if _has_occupation_word(line):
        return False
    return all(_NAME_TOKEN.match(w) and not any(ch.isdigit() for ch in w) for w in words)


@functools.cache
def _occupation_words() -> frozenset[str]:
    """Words that end job titles, from O*NET (scripts/build_occupation_words.py)."""
    data = json.loads(OCCUPATION_WORDS.read_text(encoding="utf-8"))
    return frozenset(data["words"])


def _has_occupation_word(line: str) -> bool:
    words = re.findall(r"[a-z]+", _fold(line))
    return any(w in _occupation_words() or w.rstrip("s") in _occupation_words() for w in words)


def looks_like_headline(line: str) -> bool:
    """A job-title line: short, no sentence, names an occupation ("Staff Nurse, ICU")."""
    words = line.split()
    if not 1 <= len(words) <= 10 or len(line) > 90 or _ROLE_BREAK.search(line.strip()):
        return False
    if heading_kind(line) or is_contact_line(line) or re.search(r"\d{3}", line):
        return False
    return _has_occupation_word(line)


def _email_tokens(email: str) -> set[str]:
    local = email.split("@")[0].lower()
    return {t for t in re.split(r"[^a-z]+", local) if len(t) >= 2} | {local}


def _matches_email(line: str, email: str) -> bool:
    tokens = _email_tokens(email)
    words = [re.sub(r"[^a-z]", "", w) for w in _fold(line).split()]
    return any(w in tokens or (len(w) >= 3 and any(t.startswith(w) for t in tokens)) for w in words)


def _find_name_line(lines: list[str], header: Section, email: str) -> int | None:
    """Prefer a name-like header line; else any name-like line matching the e-mail."""
    candidates = [i for i, text in header.lines if looks_like_name(text)]
    if email:
        matching = [i for i in candidates if _matches_email(lines[i], email)]
        if matching:
            return matching[0]
        everywhere = [
            i
            for i, text in enumerate(lines)
            if looks_like_name(text) and _matches_email(text, email)
        ]
        if everywhere:
            return everywhere[0]
    return candidates[0] if candidates else None


def _role_after(lines: list[str], index: int) -> int | None:
    """The headline: the first non-empty line after the name, unless it is contact data."""
    for j in range(index + 1, min(index + 3, len(lines))):
        text = lines[j]
        if not text:
            continue
        if is_contact_line(text) or heading_kind(text) or len(text) > 90:
            return None
        return None if _ROLE_BREAK.search(text) else j
    return None


def _proper_case(name: str) -> str:
    return name.title() if name.isupper() else name


def find_contact(lines: list[str], sections: list[Section]) -> Contact:
    """Extract name, headline position and contact details from the parsed lines."""
    header = sections[0]
    contact_sections = [s for s in sections if s.kind == "contact"]
    zone = header.lines + [pair for s in contact_sections for pair in s.lines]
    contact = Contact()
    for index, text in zone:
        if is_contact_line(text):
            contact.contact_lines.add(index)
            _collect(contact, text)
    if not contact.email:
        found = EMAIL_RE.search("\n".join(t for _, t in zone))
        contact.email = found.group() if found else ""
    contact.name_line = _find_name_line(lines, header, contact.email)
    if contact.name_line is not None:
        contact.name = _proper_case(lines[contact.name_line])
        contact.role_line = _role_after(lines, contact.name_line)
    else:
        contact.role_line = _first_headline(header)
    return contact


def _first_headline(header: Section) -> int | None:
    """With no name line, the headline is the first of the top lines that names a job."""
    for index, text in header.lines[:3]:
        if looks_like_headline(text):
            return index
    return None


def split_contact_run(line: str) -> list[str]:
    """The opening of a run-together resume with the name and each contact detail on a
    line of its own: "Jane Doe Staff Nurse jane.doe@x.org 555-123-4567" -> four lines.

    The name is the leading capitalised words the e-mail address matches (2-4 words).
    """
    points: list[int] = []
    for pattern in (EMAIL_RE, URL_RE, PHONE_RE):
        for m in pattern.finditer(line):
            if pattern is not PHONE_RE or sum(ch.isdigit() for ch in m.group()) >= 7:
                points += [m.start(), m.end()]
    if (email := EMAIL_RE.search(line)) and points:
        points.append(_name_end(line[: min(points)], email.group()))
    return [p for p in (piece.strip(" |·•,;") for piece in cut_at(line, points)) if p]


def _name_end(opening: str, email: str) -> int:
    """End of the last of the first four words that matches the e-mail (0: no name)."""
    words = list(re.finditer(r"\S+", opening))[:4]
    matching = [
        w for w in words if _NAME_TOKEN.match(w.group()) and _matches_email(w.group(), email)
    ]
    return matching[-1].end() if matching and matching[-1] is not words[0] else 0


def _collect(contact: Contact, line: str) -> None:
    """Fill empty contact fields from one contact line."""
    if not contact.email and (m := EMAIL_RE.search(line)):
        contact.email = m.group()
    rest = EMAIL_RE.sub(" ", line)
    for url in URL_RE.findall(rest):
        if url not in contact.links:
            contact.links.append(url.rstrip(".,;"))
    rest = URL_RE.sub(" ", rest)
    m = PHONE_RE.search(rest)
    if not contact.phone and m and sum(ch.isdigit() for ch in m.group()) >= 7:
        contact.phone = m.group().strip()
    for part in _SEPARATORS.split(_LABEL.sub("", PHONE_RE.sub(" ", rest).strip())):
        part = part.strip(" ,;")
        if not contact.location and part and _LOCATION.match(part) and part != "Remote":
            contact.location = part


def ranking_text(lines: list[str], sections: list[Section], contact: Contact) -> str:
    """The resume text without the name and contact details (what ranking and the LLM see)."""
    dropped = set(contact.contact_lines)
    if contact.name_line is not None:
        dropped.add(contact.name_line)
    for section in sections:
        if section.kind == "contact":
            dropped.update(i for i, _ in section.lines)
    kept = [
        line for i, line in enumerate(lines) if i not in dropped and heading_kind(line) != "contact"
    ]
    text = "\n".join(kept)
    for pattern in (EMAIL_RE, URL_RE):
        text = pattern.sub("", text)
    text = PHONE_RE.sub(
        lambda m: "" if sum(c.isdigit() for c in m.group()) >= 7 else m.group(), text
    )
    if contact.name:
        for variant in {contact.name, contact.name.upper(), lines[contact.name_line or 0]}:
            if len(variant.split()) >= 2:
                text = re.sub(re.escape(variant), "", text, flags=re.I)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
