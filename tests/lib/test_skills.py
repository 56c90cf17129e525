"""Tests for screener.lib.skills (framework-free: run with ``-p no:django``)."""

from __future__ import annotations

import json

import pytest

from screener.lib.skills import (
    VOCAB_PATH,
    SkillMatch,
    find_skills,
    load_vocabulary,
    normalise_skill,
    skill_info,
    skill_set,
)


def canon(text: str) -> list[str]:
    return [m.canonical for m in find_skills(text)]


def test_it_loads_the_vocabulary_once_and_keeps_the_attribution() -> None:
    assert load_vocabulary() is load_vocabulary()
    doc = json.loads(VOCAB_PATH.read_text(encoding="utf-8"))
    assert "O*NET 29.2 Database" in doc["attribution"]
    assert "CC BY 4.0" in doc["attribution"]
    assert VOCAB_PATH.stat().st_size < 1_500_000
    assert len(load_vocabulary().skills) > 8000


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("JS", "JavaScript"),
        ("ts", "TypeScript"),
        ("Postgres", "PostgreSQL"),
        ("k8s", "Kubernetes"),
        ("ML", "Machine learning"),
        ("GCP", "Google Cloud"),
        ("Amazon Web Services", "AWS"),
        ("ci/cd", "CI/CD"),
        ("RESTful APIs", "REST APIs"),
        ("node", "Node.js"),
        ("ReactJS", "React"),
        ("react.js", "React"),
        ("DRF", "Django REST framework"),
        ("sklearn", "scikit-learn"),
        ("pyspark", "Apache Spark"),
        ("Oracle Java", "Java"),
        ("Atlassian JIRA", "Jira"),
        ("The MathWorks MATLAB", "MATLAB"),
        ("MS Excel", "Microsoft Excel"),
        ("excel", "Microsoft Excel"),
        ("go", "Go"),
        ("golang", "Go"),
        ("Python programming", "Python"),
        ("  Power BI. ", "Power BI"),
        ("BLS", "BLS"),
        ("accounts payable", "Accounts payable"),
        ("GD&T", "GD&T"),
    ],
)
def test_it_normalises_synonyms_to_canonical_names(raw: str, expected: str) -> None:
    assert normalise_skill(raw) == expected


def test_it_returns_none_for_unknown_or_empty_skills() -> None:
    assert normalise_skill("underwater basket weaving") is None
    assert normalise_skill("  ") is None


def test_it_does_not_match_ambiguous_short_words_in_prose() -> None:
    assert find_skills("we go to the office and make coffee") == []
    assert (
        find_skills("We excel at customer-first work and give access to our spring offsite") == []
    )
    # Capitalised at a sentence start but still prose, not a list of skills.
    assert canon("Go to the Office on Mondays. Word of mouth matters.") == []
    assert canon("Sous Chef at a Spring food festival") == []


def test_it_matches_ambiguous_words_in_a_skills_list() -> None:
    assert canon("Go, Rust and Python") == ["Go", "Rust", "Python"]
    assert canon("Java/Python/Go") == ["Java", "Python", "Go"]


def test_it_matches_ambiguous_words_on_a_skills_line_or_with_a_cue() -> None:
    assert canon("Skills: Go, R, C") == ["Go", "R", "C"]
    assert canon("Languages - Swift") == ["Swift"]
    assert canon("Senior Go developer") == ["Go"]
    assert canon("Proficient in Excel and Word.") == ["Microsoft Excel", "Microsoft Word"]
    assert canon("Requirements:\n- Go\n") == ["Go"]


def test_it_does_not_read_glued_letters_as_languages() -> None:
    assert canon("Skills: R&D, AT&T, Go-to-market") == []
    assert canon("C, C++ and C#") == ["C", "C++", "C#"]


def test_it_prefers_the_longest_match() -> None:
    matches = find_skills("Deployed on Google Cloud Platform with React Native")
    assert [(m.canonical, m.surface) for m in matches] == [
        ("Google Cloud", "Google Cloud Platform"),
        ("React Native", "React Native"),
    ]


def test_it_reports_offsets_and_surface_in_order() -> None:
    text = "Built REST APIs in Node.js; deployed with k8s on AWS."
    matches = find_skills(text)
    assert matches == sorted(matches, key=lambda m: m.start)
    assert all(text[m.start : m.end] == m.surface for m in matches)
    assert matches[0] == SkillMatch("REST APIs", "REST APIs", 6, 15)
    assert [m.canonical for m in matches] == ["REST APIs", "Node.js", "Kubernetes", "AWS"]


def test_it_keeps_case_sensitive_acronyms_exact() -> None:
    assert canon("SAP and CAD") == ["SAP", "CAD"]
    assert canon("maple sap; a cad of a man") == []


def test_it_matches_whole_words_only() -> None:
    assert canon("pythonic javascripty sqlite3x") == []
    assert canon("see www.python.org") == []


def test_it_matches_professional_skills_for_demo_professions() -> None:
    text = (
        "BLS and ACLS certified; Epic EHR charting, IV therapy, triage. "
        "GAAP, IFRS, bank reconciliations, payroll. SEO, Google Ads, email marketing. "
        "Lead generation, negotiation, B2B sales. User research, wireframing, usability "
        "testing. Lesson planning and classroom management. SolidWorks, AutoCAD, FEA, GD&T. "
        "Recruiting, onboarding, Workday. Agile, Scrum, Kanban, stakeholder management. "
        "Zendesk ticketing and customer service."
    )
    found = set(canon(text))
    expected = {
        "BLS", "ACLS", "Epic", "IV therapy", "Triage", "GAAP", "IFRS", "Reconciliation",
        "Payroll", "SEO", "Google Ads", "Email marketing", "Lead generation", "Negotiation",
        "B2B sales", "User research", "Wireframing", "Usability testing", "Lesson planning",
        "Classroom management", "SolidWorks", "AutoCAD", "FEA", "GD&T", "Recruiting",
        "Onboarding", "Workday", "Agile", "Scrum", "Kanban", "Stakeholder management",
        "Zendesk", "Ticketing systems", "Customer service",
    }  # fmt: skip
    assert expected <= found


def test_it_is_deterministic_and_dedupes_in_skill_set() -> None:
    text = "Python, python, PYTHON and Django; Django REST framework"
    assert find_skills(text) == find_skills(text)
    assert skill_set(text) == ["Python", "Django", "Django REST framework"]


def test_it_exposes_category_and_hot_flag() -> None:
    info = skill_info("Python")
    assert info is not None and info.hot
    assert info.category
    assert skill_info("No Such Skill") is None


def test_canonical_names_normalises_dedupes_and_handles_unknown_names() -> None:
    from screener.lib.skills import canonical_names

    names = ["postgres", "PostgreSQL", " ", None, 7, "Made-up skill", "python"]
    assert canonical_names(names) == ["PostgreSQL", "Made-up skill", "Python"]
    assert canonical_names(names, keep_unknown=False) == ["PostgreSQL", "Python"]
