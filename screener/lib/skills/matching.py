"""Find skill mentions in text, and map skill names to canonical ones.

Alias modes are described in :mod:`screener.lib.skills.vocabulary`; context aliases
("Go", "R", "Excel", ...) only count in a skills context.

Skills context (any of):

1. list: the candidate sits in a list next to another accepted skill, separated only by
   list punctuation or "and"/"or" ("Go, Rust and Python": Python is certain, Rust is next
   to it, Go is next to Rust);
2. label: the line starts with a skills label ("Skills:", "Languages -", "Tech stack:");
3. cue: a programming cue follows ("Go developer", "Rust programming", "Excel macros"), or
   a cue phrase precedes ("proficient in Excel", "written in Go") and the candidate ends a
   clause or list item;
4. alone: the candidate is a whole line by itself, optionally bulleted ("- Go").

Matching is token based: text is split into word runs and single punctuation characters,
and a token trie is walked from every token. The result is leftmost-longest and
non-overlapping ("Google Cloud Platform" wins over "Google"). Aliases written with a space
match any run of whitespace (not a blank line); aliases written without one ("node.js",
"ci/cd", "c++") require the characters to be adjacent.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from screener.lib.skills.vocabulary import (
    END,
    TOKEN_RE,
    Alias,
    alias_key,
    load_vocabulary,
)

# Characters that glue a neighbour onto a match and so make it part of another word:
# "R&D", "AT&T", "john@go", "www.python.org", "C#" when only "C" is known.
_GLUE_ALWAYS: Final = frozenset("+#@&.")
# For case-sensitive aliases we are stricter: "Go-to-market", "non-Excel".
_GLUE_STRICT: Final = frozenset("+#@&.-'")

_LIST_GAP_RE: Final = re.compile(r"[\s,;/|&+·•()\[\]]*(?:\b(?:and|or)\b)?[\s,;/|&+·•()\[\]]*\Z")
_LABEL_RE: Final = re.compile(
    r"^[\s\W]*(?:[A-Za-z/&]+[ \t]+){0,3}?"
    r"(?:skills?|languages?|technolog(?:y|ies)|tech[ \t]+stack|stack|tools?|frameworks?"
    r"|software|proficienc(?:y|ies)|competenc(?:y|ies)|expertise|platforms?|environments?"
    r"|libraries|databases?)\b[^:\n]{0,30}?[ \t]*[:\-–—|]",
    re.IGNORECASE,
)
_CUE_AFTER: Final = frozenset(
    {
        "programming",
        "programmer",
        "programmers",
        "language",
        "languages",
        "lang",
        "developer",
        "developers",
        "development",
        "engineer",
        "engineers",
        "code",
        "codebase",
        "framework",
        "frameworks",
        "spreadsheet",
        "spreadsheets",
        "macros",
        "formulas",
        "scripts",
        "scripting",
        "modules",
        "backend",
        "toolchain",
    }
)
_CUE_BEFORE_RE: Final = re.compile(
    r"(?:proficient|proficiency|experienced?|knowledge|skilled|expertise|expert|"
    r"familiar(?:ity)?|fluent|fluency|written|programming|coding|developed|built|working)"
    r"[ \t]+(?:in|with|of|using)[ \t]+\Z|\busing[ \t]+\Z",
    re.IGNORECASE,
)
_ALONE_BEFORE_RE: Final = re.compile(r"[ \t]*(?:[-*•·–◦▪][ \t]*)?")
_ALONE_AFTER_RE: Final = re.compile(r"[ \t.,;]*")
_CLAUSE_END_RE: Final = re.compile(r"[ \t]*(?:[,;.:)/|]|\n|\Z|(?:and|or)\b)")


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """One skill mention: canonical name and the exact ``text[start:end]`` that matched."""

    canonical: str
    surface: str
    start: int
    end: int


@functools.lru_cache(maxsize=65_536)
def normalise_skill(raw: str) -> str | None:
    """Map a skill name (e.g. from a form or an LLM) to its canonical name, or None.

    Memoised: the vocabulary is loaded once per process and never changes, and re-ranks
    normalise the same few hundred names on every query.

    The input is taken to *be* a skill name, so case rules are relaxed: "go" -> "Go",
    "excel" -> "Microsoft Excel", "Postgres" -> "PostgreSQL". When the whole string is not
    an alias, a string that mentions exactly one skill is mapped to it ("Python
    programming" -> "Python", "experience with AWS" -> "AWS").
    """
    vocab = load_vocabulary()
    cleaned = raw.strip().strip(".,;:!?\"'`()[]{}*•-–— \t")
    if not cleaned:
        return None
    key = alias_key(cleaned)
    found = vocab.by_key.get(key) or vocab.by_form.get(cleaned) or vocab.by_form_lower.get(key)
    if found:
        return found
    canonicals = {m.canonical for m in find_skills(cleaned)}
    return canonicals.pop() if len(canonicals) == 1 else None


def _tokenize(text: str) -> tuple[list[str], list[re.Match[str]]]:
    """Lower-cased tokens and their regex matches (for offsets, read only when needed).

    Both lists are built in C (``findall``/``finditer``); reading offsets lazily keeps the
    per-token Python work to one dict lookup, which is what makes matching fast.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # rare Unicode case changes length ("İ"): lower per token
        return [t.lower() for t in TOKEN_RE.findall(text)], list(TOKEN_RE.finditer(text))
    return TOKEN_RE.findall(lowered), list(TOKEN_RE.finditer(lowered))


def _gap_ok(text: str, end: int, start: int, glued: bool) -> bool:
    """Whether the characters between two alias tokens fit the alias's join."""
    if glued:
        return end == start
    gap = text[end:start]
    return (gap == "" or gap.isspace()) and "\n\n" not in gap


def _boundary_ok(text: str, start: int, end: int, strict: bool) -> bool:
    """Reject matches glued to a neighbouring word ("R&D", "www.python.org", "Go-to")."""
    glue = _GLUE_STRICT if strict else _GLUE_ALWAYS
    n = len(text)
    if end < n and text[end] in glue:
        after = text[end + 1] if end + 1 < n else ""
        possessive = text[end] == "'" and after in "sS" and not text[end + 2 : end + 3].isalnum()
        if after.isalnum() and not possessive:
            return False
    if start > 0 and text[start - 1] in glue:
        before = text[start - 2] if start >= 2 else ""
        if before.isalnum():
            return False
    return True


def _candidates(text: str) -> Iterator[tuple[Alias, int, int]]:
    """Leftmost-longest alias matches that pass the join, case and boundary checks."""
    trie = load_vocabulary().trie
    toks, spans = _tokenize(text)
    n = len(toks)
    # Only tokens that can start an alias need a trie walk; finding them is one C-level
    # pass (a comprehension over dict membership), most tokens are skipped here.
    starts = [k for k, tok in enumerate(toks) if tok in trie]
    i = 0
    for k in starts:
        if k < i:
            continue  # inside the previous match
        i = k
        node = trie[toks[i]]
        best: tuple[Alias, int] | None = None
        j = i
        while True:
            assert isinstance(node, dict)
            terminals = node.get(END)
            if terminals:
                for entry in terminals:
                    if _accept(entry, text, spans, i, j):
                        best = (entry, j)  # later (deeper) hits overwrite: longest wins
                        break
            j += 1
            if j >= n:
                break
            node = node.get(toks[j])
            if node is None:
                break
        if best is None:
            continue
        entry, last = best
        yield entry, spans[i].start(), spans[last].end()
        i = last + 1


def _accept(entry: Alias, text: str, spans: list[re.Match[str]], i: int, j: int) -> bool:
    """Check one trie terminal spanning tokens i..j against joins, case and boundaries."""
    for k, glued in enumerate(entry.glued):
        if not _gap_ok(text, spans[i + k].end(), spans[i + k + 1].start(), glued):
            return False
    start, end = spans[i].start(), spans[j].end()
    if entry.mode != "ci" and text[start:end] not in entry.forms:
        return False
    return _boundary_ok(text, start, end, strict=entry.mode != "ci")


def _line_is_labelled(text: str, start: int, cache: dict[int, bool]) -> bool:
    """Whether the line containing ``start`` begins with a skills label ("Skills:")."""
    line_start = text.rfind("\n", 0, start) + 1
    if line_start not in cache:
        cache[line_start] = bool(_LABEL_RE.match(text, line_start, start))
    return cache[line_start]


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """The candidate is a whole (bullet) line by itself: "- Go" in a requirements list."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return bool(_ALONE_BEFORE_RE.fullmatch(text, line_start, start)) and bool(
        _ALONE_AFTER_RE.fullmatch(text, end, len(text) if line_end < 0 else line_end)
    )


def _has_cue(text: str, start: int, end: int) -> bool:
    """A programming cue after the word, or a cue phrase before it ending a clause."""
    after = text[end : end + 40].split(None, 1)
    if after and after[0].lower().strip(".,;:") in _CUE_AFTER:
        return True
    before = text[max(0, start - 40) : start]
    return bool(_CUE_BEFORE_RE.search(before)) and bool(_CLAUSE_END_RE.match(text, end))


def find_skills(text: str) -> list[SkillMatch]:
    """Find skill mentions in ``text``.

    Promises: matches are whole words/phrases, sorted by ``start``, non-overlapping
    (leftmost-longest), and ``text[m.start:m.end] == m.surface``. Case-insensitive aliases
    match in any case; exact aliases only in their own spelling; context aliases only in a
    skills context (see the module docstring). The same skill may appear several times.
    Deterministic: the same text and vocabulary always give the same list.
    """
    found = list(_candidates(text))
    if not found:
        return []
    # Resolve context-only candidates: start from the certain matches and spread through
    # lists; labelled lines and cues confirm directly.
    ok = [entry.mode != "context" for entry, _, _ in found]
    label_cache: dict[int, bool] = {}
    for idx, (_, start, end) in enumerate(found):
        if not ok[idx] and (
            _line_is_labelled(text, start, label_cache)
            or _has_cue(text, start, end)
            or _alone_on_line(text, start, end)
        ):
            ok[idx] = True
    list_gap = [
        bool(_LIST_GAP_RE.match(text, found[k][2], found[k + 1][1]))
        and "\n\n" not in text[found[k][2] : found[k + 1][1]]
        for k in range(len(found) - 1)
    ]
    changed = True
    while changed:
        changed = False
        for idx in range(len(found)):
            if ok[idx]:
                continue
            if (idx > 0 and ok[idx - 1] and list_gap[idx - 1]) or (
                idx + 1 < len(found) and ok[idx + 1] and list_gap[idx]
            ):
                ok[idx] = True
                changed = True
    return [
        SkillMatch(entry.canonical, text[start:end], start, end)
        for (entry, start, end), keep in zip(found, ok, strict=True)
        if keep
    ]


def canonical_names(names: Iterable[object], *, keep_unknown: bool = True) -> list[str]:
    """Canonical names of a list of skill names, first mention order, each once.

    Blanks and non-strings are dropped; a name outside the vocabulary is kept as typed
    (stripped), or dropped with ``keep_unknown=False``.
    """
    out: dict[str, None] = {}
    for raw in names:
        if isinstance(raw, str) and raw.strip():
            canonical = normalise_skill(raw) or (raw.strip() if keep_unknown else None)
            if canonical:
                out.setdefault(canonical)
    return list(out)


def skill_set(text: str) -> list[str]:
    """Distinct canonical skills mentioned in ``text``, in order of first mention."""
    return list(dict.fromkeys(m.canonical for m in find_skills(text)))
