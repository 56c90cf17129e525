"""The factual guard: an enhanced text may reword a section, never add facts to it.

:func:`check` compares an enhanced text with its *source* (the section's original text plus
its heading: title, company, dates, project name) and refuses the enhancement when it
introduces any of:

* a number (digits, percentages, money, or a number word such as "three") absent from the
  source — this also covers years and day numbers;
* a month or season name absent from the source (dates);
* a technology or skill (``screener.lib.skills.find_skills``, compared by canonical name, so
  "Postgres" -> "PostgreSQL" is a rewording, not an invention);
* a credential word (certified, licensed, degree, MBA, CPA, PhD, ...) absent from the source;
* a proper name — a capitalised word in the middle of a sentence, or any word followed by a
  company suffix (Inc, Ltd, LLC, GmbH, ...) — absent from the source: company names, clients,
  products, people;

or when it contains an emoji or a decorative symbol (stars, check marks, arrows, dingbats,
pictographs, decorative bullets: :func:`decorations`), whatever the original had, or when it
breaks the length limits (too long, too short, or empty; the cap depends on the section kind:
a project 1,000 characters, an experience 2,000 by default). Every reason is a readable
sentence naming the offending text. Deterministic and framework-free (no DB).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Final

from screener.lib.skills import find_skills

_NUMBER_RE: Final = re.compile(r"(?<![\w.])[$€£]?\d+(?:[.,]\d+)*(?:\s?[%kKmMbB](?![a-zA-Z]))?")
_NUMBER_WORDS: Final = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15",
    "twenty": "20", "thirty": "30", "fifty": "50", "hundred": "100", "thousand": "1000",
    "million": "1000000", "dozen": "12", "doubled": "2", "doubling": "2", "tripled": "3",
    "halved": "50%",
}  # fmt: skip
_WORD_RE: Final = re.compile(r"[A-Za-z][A-Za-z'’&.\-]*[A-Za-z]|[A-Za-z]")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_MONTHS: Final = _wordset(
    # "may", "fall" and "spring" are left out: as a verb or a framework they are no date.
    "january february march april june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec summer autumn winter q1 q2 q3 q4"
)
_CREDENTIAL_RE: Final = re.compile(
    r"\b(?:certified|certification|certificate|licen[cs]ed|licen[cs]e|accredited|chartered|"
    r"ph\.?\s?d|doctorate|mba|m\.?sc|b\.?sc|msc|bsc|b\.?eng|m\.?eng|cpa|pmp|cissp|cfa|acca|"
    r"ccna|cka|degree|diploma|bachelor(?:'?s)?|master(?:'?s)?|rn|bls|acls|cpr)\b",
    re.IGNORECASE,
)
_COMPANY_SUFFIX_RE: Final = re.compile(
    r"\b([A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*)*)\s+(?:Inc|Ltd|LLC|GmbH|Corp|Corporation|PLC|"
    r"Limited|AG|SA|BV|Co)\b\.?"
)
_SENTENCE_START_RE: Final = re.compile(r"(?:^|[.!?:;•\n]\s*|[\-–—]\s+|[(\"“])$")
# Capitalised words that are not names even mid-sentence.
_COMMON_CAPS: Final = _wordset(
    "i i'm i've i'd english ai api apis ui ux ceo cto cfo vp hr it qa kpi kpis b2b b2c saas "
    "mvp roi sla slas okr okrs r&d"
)


# Decorative blocks: arrows, technical symbols, box drawing, block elements, geometric
# shapes, miscellaneous symbols, dingbats, supplemental arrows, and the emoji planes.
_DECORATIVE_RANGES: Final = (
    (0x2190, 0x21FF),
    (0x2300, 0x23FF),
    (0x2500, 0x27BF),
    (0x2900, 0x297F),
    (0x2B00, 0x2BFF),
    (0x1F000, 0x1FAFF),
)
# Invisible emoji machinery: zero-width joiner, variation selector 16, combining keycap.
_EMOJI_JOINERS: Final = frozenset("\u200d\ufe0f\u20e3")
_DECORATIVE_MARKS: Final = frozenset("•‣⁃∙")  # bullets mid-text (line-start ones are normalised)
_PLAIN_SYMBOLS: Final = frozenset("°")  # units, not decoration ("360° feedback")


def _is_decorative(char: str) -> bool:
    code = ord(char)
    if char in _PLAIN_SYMBOLS or code < 0x80:
        return False
    if char in _DECORATIVE_MARKS or char in _EMOJI_JOINERS:
        return True
    if any(low <= code <= high for low, high in _DECORATIVE_RANGES):
        return True
    return unicodedata.category(char) in {"So", "Sk"}


def decorations(text: str) -> list[str]:
    """Emojis and decorative symbols in ``text``, each once, in order (joiners named)."""
    found = [c for c in text if _is_decorative(c)]
    return [_shown(c) for c in dict.fromkeys(found)]


def _shown(char: str) -> str:
    if char in _EMOJI_JOINERS:
        return f"U+{ord(char):04X} ({unicodedata.name(char, 'emoji joiner').lower()})"
    return char


@dataclass(frozen=True)
class GuardResult:
    """``ok`` when the enhanced text adds no fact and respects the length limits."""

    reasons: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.reasons

    @property
    def message(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class LengthLimits:
    """Bounds on the enhanced length: at most ``growth`` x original + ``slack`` and
    ``max_chars`` (the cap of the section's ``kind``); at least ``min_share`` of the original
    (for originals over 40 chars), but never more than half the cap, so an original longer
    than the cap can still be condensed under it."""

    max_chars: int = 2000
    growth: float = 2.0
    slack: int = 200
    min_share: float = 0.4
    kind: str = "a section"  # how the cap's message names the section, with its article

    def reasons(self, original: str, enhanced: str) -> list[str]:
        size, base = len(enhanced.strip()), len(original.strip())
        if not size:
            return ["the enhanced text is empty"]
        if size > self.max_chars:
            return [
                f"the enhanced text is too long: {size:,} characters, over the "
                f"{self.max_chars:,}-character cap for {self.kind}"
            ]
        upper = int(base * self.growth) + self.slack
        if size > upper:
            return [f"the enhanced text is too long ({size} characters; at most {upper})"]
        lower = min(int(base * self.min_share) if base > 40 else 0, self.max_chars // 2)
        if size < lower:
            return [f"the enhanced text is too short ({size} characters; at least {lower})"]
        return []


def numbers(text: str) -> set[str]:
    """Normalised numbers of ``text``: "1,200" -> "1200", "40 %" -> "40%", "three" -> "3"."""
    found = {_normalise_number(m.group()) for m in _NUMBER_RE.finditer(text)}
    for word in _WORD_RE.findall(text.lower()):
        if word in _NUMBER_WORDS:
            found.add(_NUMBER_WORDS[word])
    return found


def _normalise_number(raw: str) -> str:
    value = raw.lstrip("$€£").replace(",", "").replace(" ", "").lower()
    return value[:-2] if value.endswith(".0") else value


def _number_known(value: str, known: set[str]) -> bool:
    """A number is known if the source has it, with or without its unit ("40%" vs "40")."""
    bare = value.rstrip("%kmb")
    return value in known or bare in {k.rstrip("%kmb") for k in known}


def _words(text: str) -> set[str]:
    return {w.lower().strip(".'’") for w in _WORD_RE.findall(text)}


def proper_names(text: str) -> list[str]:
    """Capitalised words that do not start a sentence, plus names before a company suffix."""
    names: list[str] = [m.group(1) for m in _COMPANY_SUFFIX_RE.finditer(text)]
    for match in _WORD_RE.finditer(text):
        word = match.group()
        if not word[0].isupper() or word.lower() in _COMMON_CAPS:
            continue
        if _SENTENCE_START_RE.search(text[max(0, match.start() - 3) : match.start()]):
            continue
        names.append(word.rstrip("."))
    return list(dict.fromkeys(names))


def _name_known(name: str, source_lower: str, source_words: set[str]) -> bool:
    parts = [p.lower().strip(".'’") for p in name.split()]
    return name.lower() in source_lower or all(p in source_words for p in parts)


def check(
    source: str, enhanced: str, limits: LengthLimits | None = None, *, original: str | None = None
) -> GuardResult:
    """Reasons ``enhanced`` is not a faithful rewording of ``source`` (empty list = ok).

    Lengths are compared with ``original`` (the section text without its heading) when given.
    """
    limits = limits or LengthLimits()
    reasons = list(limits.reasons(source if original is None else original, enhanced))
    if not enhanced.strip():
        return GuardResult(reasons)
    symbols = decorations(enhanced)
    if symbols:
        reasons.append("contains emojis or decorative symbols: " + " ".join(symbols))
    source_lower, source_words = source.lower(), _words(source)
    known_numbers = numbers(source)
    new_numbers = [n for n in sorted(numbers(enhanced)) if not _number_known(n, known_numbers)]
    if new_numbers:
        reasons.append("introduces numbers absent from the original: " + ", ".join(new_numbers))
    months = sorted((_words(enhanced) & _MONTHS) - source_words)
    if months:
        reasons.append("introduces dates absent from the original: " + ", ".join(months))
    known_skills = {m.canonical for m in find_skills(source)}
    new_skills = [
        s
        for s in dict.fromkeys(m.canonical for m in find_skills(enhanced))
        if s not in known_skills and s.lower() not in source_lower
    ]
    if new_skills:
        reasons.append("introduces technologies absent from the original: " + ", ".join(new_skills))
    credentials = {m.group().lower() for m in _CREDENTIAL_RE.finditer(enhanced)}
    new_credentials = sorted(c for c in credentials if c not in source_lower)
    if new_credentials:
        reasons.append(
            "introduces credentials absent from the original: " + ", ".join(new_credentials)
        )
    skill_words = {w for m in find_skills(enhanced) for w in _words(m.surface + " " + m.canonical)}
    names = [
        n
        for n in proper_names(enhanced)
        if not _name_known(n, source_lower, source_words) and not _words(n) <= skill_words
    ]
    if names:
        reasons.append(
            "introduces names (companies, clients, products) absent from the "
            "original: " + ", ".join(names)
        )
    return GuardResult(reasons)
