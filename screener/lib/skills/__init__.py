"""Skill vocabulary lookup and fast skill-mention matching (framework-free).

:mod:`.vocabulary` loads ``screener/data/skills_vocab.json`` (built by
``scripts/build_skill_vocab.py``) into a token trie and says what each alias mode means;
:mod:`.matching` finds mentions in text (leftmost-longest, whole words, context-only
aliases only in a skills context) and maps names to canonical skills.
"""

from screener.lib.skills.matching import (
    SkillMatch,
    canonical_names,
    find_skills,
    normalise_skill,
    skill_set,
)
from screener.lib.skills.vocabulary import (
    VOCAB_PATH,
    Mode,
    SkillInfo,
    Vocabulary,
    load_vocabulary,
    skill_info,
)

__all__ = [
    "VOCAB_PATH",
    "Mode",
    "SkillInfo",
    "SkillMatch",
    "Vocabulary",
    "canonical_names",
    "find_skills",
    "load_vocabulary",
    "normalise_skill",
    "skill_info",
    "skill_set",
]
