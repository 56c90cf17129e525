"""Name, headline and contact details, and the contact-free text used for ranking.

Contact details are looked for in the header (lines before the first heading) and in a
"Contact" section; e-mail addresses, phone numbers and URLs are also removed from the
ranking text wherever they appear, together with every occurrence of the name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Final

from resumes.parsing.sections import Section, heading_kind

EMAIL_RE: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL_RE: Final = re.compile(
    r"(?:https?://|www\.)[^\s|,]+|\b(?:linkedin\.com|github\.com|gitlab\.com)/[^\s|,]+", re.I
)
PHONE_RE: Final = re.compile(
    r"(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[\s.-])\d{2,4}(?:[\s.-]\d{2,5}){1,2}(?![\w/])"
)
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
    """2-4 capitalised words of letters only ("Kevin O'Brien", "HANNAH KOWALSKI")."""
    words = line.split()
    if not 2 <= len(words) <= 4 or len(line) > 40 or heading_kind(line):
        return False
    return all(_NAME_TOKEN.match(w) and not any(ch.isdigit() for ch in w) for w in words)


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
    return contact


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
