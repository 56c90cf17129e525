"""Is a recovered summary copied from the resume, or written by the model?

The recovery rule (issue 15): a resume without a summary stays failed with that reason; the
model must not fill the gap. The prompt says so; this check enforces it on the answer.
"""

from __future__ import annotations

import re

from resumes.schemas import ResumeRecord

# Share of a summary sentence's word pairs (consecutive words) the resume must contain, in
# that order, for the sentence to count as copied rather than written by the model: a
# copy keeps nearly all of them, a sentence composed from the resume's words keeps few.
SUMMARY_GROUNDING = 0.6
_WORD = re.compile(r"[a-z0-9+#]+")


def keep_copied_summary(record: ResumeRecord, text: str) -> ResumeRecord:
    """Drop summary sentences the resume does not contain (the model wrote them).

    A sentence counts as copied when at least ``SUMMARY_GROUNDING`` of its consecutive word
    pairs occur in ``text`` (case, punctuation and line breaks ignored); what is left may be
    empty, and then the resume fails for lack of a summary instead of carrying an invented one.
    """
    source = _pairs(_WORD.findall(text.lower()))
    kept = [s for s in record.professional_summary if _copied_share(s, source) >= SUMMARY_GROUNDING]
    return record.model_copy(update={"professional_summary": kept})


def _pairs(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:], strict=False))


def _copied_share(sentence: str, source: set[tuple[str, str]]) -> float:
    words = _WORD.findall(sentence.lower())
    pairs = list(zip(words, words[1:], strict=False))
    if not pairs:
        return 0.0
    return sum(1 for pair in pairs if pair in source) / len(pairs)
