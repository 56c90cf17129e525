"""The skill vocabulary: canonical skills, their aliases and the token trie.

The vocabulary (``screener/data/skills_vocab.json``) is built by
``scripts/build_skill_vocab.py`` from O*NET technology names plus our curated synonyms.
Each alias has one of three modes:

* case-insensitive (``a``, plus the skill's own name unless ``noname``): "postgres",
  "k8s", "machine learning";
* exact (``x``): case-sensitive spelling, for acronyms that collide with ordinary words
  ("SAP", "ML", "REST", "CAD"); an ALL-CAPS variant of a form of 3+ characters is also
  accepted ("NODE" for "Node");
* context (``ctx``): case-sensitive *and* only in a skills context, for short or common
  English words that are also technologies ("Go", "R", "C", "Rust", "Swift", "Excel",
  "Word", "Access", "Office", "Spring", "Express", "Chef", "Puppet", "Make", "Zoom").

The vocabulary is loaded once per process (:func:`load_vocabulary`) and never changes.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

logger = logging.getLogger(__name__)

VOCAB_PATH: Final = Path(__file__).resolve().parents[2] / "data" / "skills_vocab.json"

Mode = Literal["ci", "exact", "context"]

# Word runs or one punctuation character: "C++" -> c + +, "Node.js" -> node . js.
TOKEN_RE: Final = re.compile(r"\w+|[^\w\s]")
END: Final = ""  # trie key for "an alias ends here" (no real token is empty)


@dataclass(frozen=True, slots=True)
class SkillInfo:
    """Vocabulary facts about one canonical skill."""

    name: str
    category: str
    hot: bool


@dataclass(frozen=True, slots=True)
class Alias:
    """A trie terminal: which skill, how to check the surface, and the alias's joins."""

    canonical: str
    mode: Mode
    forms: frozenset[str]  # accepted surfaces for exact/context modes
    glued: tuple[bool, ...]  # per join between tokens: True = no whitespace allowed


@dataclass(slots=True)
class Vocabulary:
    """Loaded vocabulary: skill facts, the token trie and a normalisation index."""

    skills: dict[str, SkillInfo]
    trie: dict[str, object]
    by_key: dict[str, str]  # case-insensitive alias key -> canonical
    by_form: dict[str, str]  # case-sensitive form -> canonical
    by_form_lower: dict[str, str] = field(default_factory=dict)
    alias_count: int = 0
    attribution: str = ""


def alias_key(text: str) -> str:
    """Lower-case, whitespace-collapsed key, as the build script stores aliases."""
    return " ".join(text.lower().split())


def _tokens_and_joins(alias: str) -> tuple[list[str], tuple[bool, ...]]:
    """Split an alias like the text tokenizer does and record which joins are glued."""
    spans = [(m.group().lower(), m.start(), m.end()) for m in TOKEN_RE.finditer(alias)]
    glued = tuple(spans[i][2] == spans[i + 1][1] for i in range(len(spans) - 1))
    return [s[0] for s in spans], glued


def _insert(
    trie: dict[str, object], alias: str, canonical: str, mode: Mode, forms: frozenset[str]
) -> bool:
    """Add one alias to the trie; return False when it has no tokens."""
    tokens, glued = _tokens_and_joins(alias)
    if not tokens:
        return False
    node = trie
    for tok in tokens:
        node = node.setdefault(tok, {})  # type: ignore[assignment]
    entries: list[Alias] = node.setdefault(END, [])  # type: ignore[assignment]
    entry = Alias(canonical, mode, forms, glued)
    if entry in entries:
        return True
    if mode == "context":
        entries.append(entry)
    else:
        # Certain aliases are tried before context-only ones on the same tokens.
        pos = next((k for k, e in enumerate(entries) if e.mode == "context"), len(entries))
        entries.insert(pos, entry)
    return True


def _case_forms(form: str) -> frozenset[str]:
    """Accepted spellings of a case-sensitive alias: as written, plus ALL CAPS if 3+ chars."""
    return frozenset({form, form.upper()}) if len(form) >= 3 else frozenset({form})


@functools.cache
def load_vocabulary(path: Path = VOCAB_PATH) -> Vocabulary:
    """Load and index the skill vocabulary once per process (cached).

    Raises ``FileNotFoundError`` when the JSON file is missing; the file is built by
    ``scripts/build_skill_vocab.py`` and committed.
    """
    doc = json.loads(path.read_text(encoding="utf-8"))
    categories: list[str] = doc["categories"]
    skills: dict[str, SkillInfo] = {}
    trie: dict[str, object] = {}
    by_key: dict[str, str] = {}
    by_form: dict[str, str] = {}
    by_form_lower: dict[str, str] = {}
    count = 0
    for rec in doc["skills"]:
        name: str = rec["name"]
        skills[name] = SkillInfo(name, categories[rec["cat"]], bool(rec.get("hot")))
        ci = list(rec.get("a", []))
        if not rec.get("noname"):
            ci.append(alias_key(name))
        for alias in ci:
            if _insert(trie, alias, name, "ci", frozenset()):
                by_key.setdefault(alias_key(alias), name)
                count += 1
        for mode, key in (("exact", "x"), ("context", "ctx")):
            for form in rec.get(key, []):
                if _insert(trie, form, name, mode, _case_forms(form)):  # type: ignore[arg-type]
                    by_form.setdefault(form, name)
                    by_form_lower.setdefault(alias_key(form), name)
                    count += 1
    logger.debug("loaded %d skills, %d aliases from %s", len(skills), count, path)
    return Vocabulary(
        skills, trie, by_key, by_form, by_form_lower, count, str(doc.get("attribution", ""))
    )


def skill_info(canonical: str) -> SkillInfo | None:
    """Category and hot flag of a canonical skill name, or None if it is unknown."""
    return load_vocabulary().skills.get(canonical)
