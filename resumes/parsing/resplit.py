"""Line breaks for run-together resume text (framework-free).

Exports and CSV dumps deliver a resume as one long line ("Skills * Python * SQL Education
Details ..."). :func:`resplit_lines` puts line breaks back before inline headings, bullets
and the date ranges that open a position.  It only runs when the usual heading split
cannot work (:func:`needs_resplit`), and it only adds line breaks: the words and their
order stay as they were.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from resumes.parsing.fields import ROLE_WORDS
from resumes.parsing.headings import HEADINGS, LAST_WORD
from screener.lib.dates import RANGE_RE

LONG_LINE: Final = 300  # no real resume line is this long; it is several lines run together
_FEW_LINES: Final = 3
_WORD_RE: Final = re.compile(r"[A-Za-z]+|&")
# "Teaching Experience", "Executive Profile": headings by their last word (heading_kind),
# recognised inline after these frequent first words only ("Customer Service Skills" is not).
_MODIFIERS: Final = (
    "executive", "teaching", "clinical", "computer", "language", "leadership", "management",
    "volunteer", "research", "military", "additional", "relevant", "professional",
    "technical", "personal", "nursing", "accounting", "sales", "software", "industry",
    "related", "core", "key", "other", "career", "work",
)  # fmt: skip
# Inline heading names: True for the multi-word names of HEADINGS, a heading wherever
# they stand; False for single words and modifier names, which must pass more checks.
_INLINE_NAMES: Final[dict[str, bool]] = {
    **{f"{modifier} {word}": False for modifier in _MODIFIERS for word in LAST_WORD},
    **{name: " " in name for name in HEADINGS},
}
_FIRST_WORDS: Final = frozenset(name.split()[0] for name in _INLINE_NAMES)
_CAPITALISED_RE: Final = re.compile(r"[A-Z][A-Za-z]*")
_RUN_RE: Final = re.compile(
    rf"[A-Za-z]+(?:\s+(?:[A-Za-z]+|&)){{0,{max(len(n.split()) for n in _INLINE_NAMES) - 1}}}"
)
_COLON_RE: Final = re.compile(r"\s*:")
_MINOR_WORDS: Final = frozenset({"and", "of"})
_CONNECTING: Final = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "is", "of", "on", "the", "to"}
    | {"was", "with", "&"}
)
# A heading word followed by one of these is part of a name: "Education Coordinator"
# (role words that open a title, "Experience Staff Nurse", do not count).
_TITLE_OPENERS: Final = frozenset(
    {"staff", "lead", "head", "principal", "assistant", "associate", "executive", "partner"}
    | {"owner", "founder", "president", "freelance", "contractor", "trainee", "apprentice"}
    | {"intern", "chair", "co-op", "sre", "devops"}
)
_NAME_PARTS: Final = (ROLE_WORDS - _TITLE_OPENERS) | {
    "program", "programs", "department", "management", "team", "center", "centre",
    "service", "services", "plan", "group", "office", "division", "committee", "board",
    "system", "systems", "inc", "llc", "ltd", "corp", "corporation", "agency", "institute",
}  # fmt: skip
_ROLE_MODIFIERS: Final = frozenset(
    {"customer", "user", "guest", "patient", "client", "member", "special", "physical"}
    | {"adult", "continuing", "higher", "health", "medical", "student", "employee"}
)
_AMBIGUOUS_TITLE_CASE: Final = frozenset(
    {"about", "profile", "overview", "expertise", "technologies", "employment", "studies"}
    | {"portfolio", "contact", "credentials", "talks", "patents", "activities", "references"}
    | {"volunteering", "licensure", "certification", "memberships"}
)
_MARKER_RE: Final = re.compile(
    r"[•●▪➢❖◦■♦➤►✓✔]|â€¢|â—|âž¢|(?<=\s)\*(?=\s)|(?<=[.!?;:])\s+[-–](?=\s+[A-Z])"
)
_SHORT_ITEM: Final = 40  # "Python • SQL • Tableau" is a list on one line, not bullets
# Kaggle-style exports: "Python- Exprience - 24 months" items, "company - X description - Y".
_MONTHS_ITEM_RE: Final = re.compile(
    r"Exp(?:e)?rience\s*-\s*(?:\d+|less than \d+ years?)\s*months?\b", re.IGNORECASE
)
_LABEL_RE: Final = re.compile(r"(?<=\s)(?:company|description)\s+-\s")
_TITLE_TWICE_RE: Final = re.compile(  # "Data Scientist Data Scientist - Matelabs"
    r"(?<!\S)(?P<title>(?:[A-Z][\w.&/+]*\s+){0,4}[A-Z][\w.&/+]*)\s+(?P<again>(?P=title))\s+-\s"
)
_TITLE_TOKEN: Final = re.compile(r"[A-Z][\w'’&./()-]*,?|&|and|of|for|the|in|at|[-–—|/]")
_ABBREVIATIONS: Final = frozenset(
    {"Sr.", "Jr.", "Co.", "Inc.", "Ltd.", "Corp.", "LLC.", "St.", "Dr.", "Mr.", "Ms."}
)
_CONNECTORS: Final = frozenset({"&", "and", "of", "for", "the", "in", "at", "-", "–", "—", "|"})
_TITLE_WORDS: Final = 8
_TOKEN_RE: Final = re.compile(r"\S+")
_TITLE_WINDOW: Final = 160  # characters looked at before a date for its title
_EMPLOYER_WORDS: Final = 6
_REST_WINDOW: Final = 200
_SEPARATORS: Final = " ,;|·–—-"
_DEGREE_START: Final = re.compile(
    r"(?:B\.|M\.|BS|BA|MS|MA|MBA|BSN|MSN|PhD|Ph\.D|Bachelor|Master|Doctor|Associate|Diploma)\b"
)


def needs_resplit(lines: list[str]) -> bool:
    """Whether the text has lines that hold several resume lines run together."""
    filled = [line for line in lines if line]
    return bool(filled) and (len(filled) <= _FEW_LINES or max(map(len, filled)) > LONG_LINE)


def resplit_lines(
    lines: list[str],
    *,
    every_line: bool = False,
    opening: Callable[[str], list[str]] | None = None,
) -> list[str]:
    """Long lines (all lines of a 1-3 line text) broken at inline headings, bullets and
    dates; with ``every_line`` the other lines are broken at inline headings too.
    ``opening`` splits the first piece when the text's first line is run together
    (name and contact details).

    Only line breaks are added: the words and their order stay as they were.
    """
    few = sum(1 for line in lines if line) <= _FEW_LINES
    out: list[str] = []
    for line in lines:
        if few or len(line) > LONG_LINE:
            pieces = break_line(line)
            if opening is not None and pieces and not any(out):
                pieces = [*opening(pieces[0]), *pieces[1:]]
            out.extend(pieces)
        elif every_line and line:
            out.extend(cut_at(line, _heading_points(line)))
        else:
            out.append(line)
    return out


def break_line(line: str) -> list[str]:
    """One run-together line as the lines it was made of."""
    pieces: list[str] = []
    for part in cut_at(line, _heading_points(line)):
        for piece in cut_at(part, _marker_points(part)):
            pieces.extend(_split_at_dates(piece))
    return pieces


def cut_at(text: str, points: list[int]) -> list[str]:
    """``text`` cut at the given offsets, pieces stripped, empty pieces dropped."""
    bounds = [0, *sorted(set(points)), len(text)]
    pieces = (text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False))
    return [piece for piece in pieces if piece]


def _heading_points(line: str) -> list[int]:
    """Offsets before and after every inline heading of the line."""
    points: list[int] = []
    for m in _CAPITALISED_RE.finditer(line):
        start = m.start()
        if (points and start < points[-1]) or m.group().lower() not in _FIRST_WORDS:
            continue
        end = _heading_end(line, start)
        if end and _is_inline_heading(line, start, end):
            points += [start, end]
    return points


def _heading_end(line: str, start: int) -> int:
    """End of the known heading spelled from ``start`` (the longest one), or 0."""
    previous = line[start - 1 : start]
    if previous and (previous.isalnum() or previous in "&'’_-"):
        return 0  # inside a longer token ("e-Skills", "2Skills")
    run = _RUN_RE.match(line, start)
    words = list(_WORD_RE.finditer(line, start, run.end())) if run else []
    for count in range(len(words), 0, -1):
        key = " ".join("and" if w.group() == "&" else w.group().lower() for w in words[:count])
        end = words[count - 1].end()
        follower = line[end : end + 1]
        if key in _INLINE_NAMES and not (follower and (follower.isalnum() or follower in "&'’-_")):
            colon = _COLON_RE.match(line, end)
            return colon.end() if colon else end
    return 0


def _word_style(word: str) -> str | None:
    """The case style of a word: caps (SKILLS), title (Skills) or None (skills, "2019.")."""
    if not word or not word.isalpha():
        return None
    if word.isupper():
        return "caps" if len(word) > 1 else "title"
    return "title" if word[0].isupper() and word[1:].islower() else None


def _heading_style(text: str) -> str | None:
    words = [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in _MINOR_WORDS]
    styles = {_word_style(w) for w in words}
    return styles.pop() if len(styles) == 1 else None


def _is_inline_heading(line: str, start: int, end: int) -> bool:
    """A heading written as one (Title Case or ALL CAPS), followed by content, not after a
    comma or a linking word ("Department of Education"). A colon or a multi-word name
    ("Work Experience", "Skill Details") makes it a heading; other names must pass
    :func:`_stands_alone`. Title Case words that often name other things ("Acme
    Technologies", "LinkedIn Profile") only count in capitals or where a new part starts.
    """
    heading = line[start:end]
    style = _heading_style(heading)
    before, after = line[max(0, start - 40) : start].split(), line[end : end + 60]
    if style is None or not after.strip() or (before and before[-1][-1] in ",-–/&('’"):
        return False
    previous = before[-1] if before else ""
    if previous.lower() in _CONNECTING:
        return False
    name = " ".join(heading.lower().replace("&", " and ").rstrip(" :").split())
    if style == "title" and name in _AMBIGUOUS_TITLE_CASE and not _opens_part(previous):
        return False
    if heading.endswith(":") or _INLINE_NAMES[name]:
        return True
    return _stands_alone(name, style, previous, after)


def _stands_alone(name: str, style: str, previous: str, after: str) -> bool:
    """A heading word that is not part of a title ("Special Education Teacher",
    "CUSTOMER EXPERIENCE MANAGER") nor the start of a sentence ("Experience with ...");
    a lower-case list may follow it ("Skills accounting, payroll")."""
    following = after.split()[0]
    if style == "caps" and _word_style(following) == "caps":
        return _word_style(previous) != "caps" and following.lower() not in _NAME_PARTS
    if _names_a_role(name, previous, following):
        return False
    if style == "caps" or not following[0].islower():
        return True
    return following not in _CONNECTING and bool(re.search(r"[,;•|]", after[:40]))


def _opens_part(previous: str) -> bool:
    """The word before starts a new part: none, a sentence end, an ALL-CAPS title."""
    return not previous or previous[-1] in ".!?" or _word_style(previous) == "caps"


def _names_a_role(name: str, previous: str, following: str) -> bool:
    """Whether heading and next word name a job: "Education Coordinator", "Customer
    Experience Manager" (but "Experience Accountant helper" is a heading and a title)."""
    if following.lower() not in _NAME_PARTS:  # "Accountant," would open a list
        return False
    return name.endswith("education") or previous.lower() in _ROLE_MODIFIERS


def _marker_points(piece: str) -> list[int]:
    """Offsets of bullet markers and of the items of a Kaggle-style export."""
    points = [m.end() for m in _MONTHS_ITEM_RE.finditer(piece)]
    points += [m.start() for m in _LABEL_RE.finditer(piece)]
    points += [m.start(g) for m in _TITLE_TWICE_RE.finditer(piece) for g in ("title", "again")]
    short_list = "•" in piece and _is_short_list(piece.split("•")[1:])
    for m in _MARKER_RE.finditer(piece):
        if m.group() != "•" or not short_list:
            points.append(m.end() - 1 if m.group()[-1] in "-–" else m.start())
    return points


def _is_short_list(items: list[str]) -> bool:
    return all(len(item.strip()) <= _SHORT_ITEM for item in items)


def _split_at_dates(piece: str) -> list[str]:
    """Break before the title and date range that open a position, and after the range
    when a description follows it (not an employer, not a degree: "2012 - 2016 B.S.").
    In a bullet only a title after a full sentence opens a position ("... vendors. Staff
    Accountant 2014 - 2018"), not a date in the bullet's own text."""
    bullet = opens_with_bullet(piece)
    points: list[int] = []
    ranges = list(RANGE_RE.finditer(piece))
    for m, following in zip(ranges, [*ranges[1:], None], strict=False):
        title = _title_start(piece, m.start())
        if bullet and not _after_sentence(piece, title, m.start()):
            continue
        points += [title, m.start()]
        rest = piece[m.end() : following.start() if following else len(piece)][:_REST_WINDOW]
        if _is_description(rest.strip(_SEPARATORS)):
            points.append(m.end())
    pieces = (p.strip(" ,;|").rstrip(_SEPARATORS) for p in cut_at(piece, points))
    return [p for p in pieces if p] or [piece]


def _after_sentence(piece: str, title: int, date: int) -> bool:
    return title < date and piece[max(0, title - 10) : title].rstrip()[-1:] in (".", "!", "?")


def _is_description(rest: str) -> bool:
    """Sentences after a date range: the position's description, not its employer."""
    if _DEGREE_START.match(rest):
        return False
    words = rest.split()
    ends_sentence = rest.endswith((".", "!")) and words[-1] not in _ABBREVIATIONS
    return len(words) > _EMPLOYER_WORDS or ends_sentence


def _title_start(piece: str, end: int) -> int:
    """Where the capitalised words just before ``end`` (a job title) begin, or ``end``."""
    window = max(0, end - _TITLE_WINDOW)
    tokens = list(_TOKEN_RE.finditer(piece, window, end))
    taken: list[re.Match[str]] = []
    for token in reversed(tokens[1:] if window else tokens):  # the first may be cut
        word = token.group()
        if not taken and not word.strip(_SEPARATORS):
            continue  # "Staff Nurse , 2015 - 2019"
        if word[-1] in ".!?;:" and word not in _ABBREVIATIONS:
            break  # the sentence before the title
        if not _TITLE_TOKEN.fullmatch(word) or len(taken) == _TITLE_WORDS:
            break
        taken.insert(0, token)
    if len(taken) == _TITLE_WORDS or (window and taken and taken[0] is tokens[1]):
        return end  # too long for a title: some other run of capitalised words
    while taken and taken[0].group() in _CONNECTORS:
        taken.pop(0)
    return taken[0].start() if taken else end


def opens_with_bullet(piece: str) -> bool:
    return bool(_MARKER_RE.match(piece) or re.match(r"[*\-–]\s", piece))
