"""The copied-summary check of recovery (no database)."""

from __future__ import annotations

import pytest

from resumes.grounding import keep_copied_summary
from resumes.schemas import ResumeRecord

TEXT = """Summary
Backend engineer with eight years of Python. I like boring,
well-tested systems and on-call rotations that stay quiet.
Skills
Python, Django, PostgreSQL, Kubernetes
"""


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Backend engineer with eight years of Python.", True),
        # copied across a line break, with other case and punctuation
        ("I like boring, well-tested systems and on-call rotations that stay quiet", True),
        ("i like BORING well tested systems and on call rotations that stay quiet!", True),
        # composed from the resume's own words: not a sentence of the resume
        ("Python and Django engineer experienced in PostgreSQL and Kubernetes.", False),
        # a paraphrase, and an invention
        ("Engineer who has spent eight years writing Python backends.", False),
        ("Results-driven leader passionate about innovation.", False),
    ],
)
def test_it_keeps_only_sentences_the_resume_contains(sentence: str, kept: bool) -> None:
    record = ResumeRecord(professional_summary=[sentence])
    assert keep_copied_summary(record, TEXT).professional_summary == ([sentence] if kept else [])


def test_it_keeps_the_rest_of_the_record() -> None:
    record = ResumeRecord(job_role="Backend Engineer", technical_skills=["Python"])
    assert keep_copied_summary(record, TEXT) == record
