"""The heuristic parser on the demo resumes, against the hand-written expected records."""

from __future__ import annotations

import math

import pytest

from resumes.parsing import parse_resume
from resumes.parsing.extract import keep_content_headers, resume_extractor
from resumes.parsing.fields import normalise_item, skill_items
from resumes.parsing.sections import heading_kind, prepare_lines
from screener.lib.textract import ExtractionError, extract_text
from tests.resumes.conftest import DEMO, PRESENT, demo_file, expected_record

DEMO_FILES = sorted(p for p in DEMO.iterdir() if p.is_file())


def _text(path) -> str:
    try:
        return extract_text(path.read_bytes(), path.name, extractor=resume_extractor).text
    except ExtractionError:
        return ""


def _key(skill: str) -> str:
    return normalise_item(skill).lower()


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.name[:2])
def test_it_matches_the_expected_record_of_every_demo_resume(path) -> None:
    expected = expected_record(path)
    parsed = parse_resume(_text(path), today=PRESENT)
    assert parsed.record.job_role == expected["job_role"]
    wanted = list(dict.fromkeys(_key(s) for s in expected["technical_skills"]))
    assert [_key(s) for s in parsed.record.technical_skills] == wanted
    if expected["total_years"]:
        assert abs(math.floor(parsed.total_years) - expected["total_years"]) <= 1
    else:  # no dated position: "not stated", never 0
        assert parsed.total_years is None
    assert (not parsed.missing) == expected["has_required_sections"]
    assert parsed.contact.name == expected["name"]
    assert parsed.contact.email == expected["email"]


def test_it_keeps_contact_details_out_of_the_ranking_text() -> None:
    for path in DEMO_FILES[:33]:
        parsed = parse_resume(_text(path), today=PRESENT)
        contact = parsed.contact
        lowered = parsed.ranking_text.lower()
        for value in (contact.name, contact.email, contact.phone, *contact.links):
            assert value and value.lower() not in lowered, (path.name, value)
        assert parsed.record.job_role in parsed.ranking_text  # the headline stays


def test_it_never_reads_the_hidden_keyword_stuffing_of_the_trick_pdf() -> None:
    hidden, clean = demo_file("05"), demo_file("06")
    extracted = extract_text(hidden.read_bytes(), hidden.name, extractor=resume_extractor)
    assert "Kubernetes" not in extracted.text and "top candidate" not in extracted.text
    assert any("hidden text" in w for w in extracted.warnings)
    assert (
        parse_resume(extracted.text, today=PRESENT).record
        == parse_resume(_text(clean), today=PRESENT).record
    )


def test_it_flags_text_addressed_to_an_ai_screener() -> None:
    injected = parse_resume(_text(demo_file("14")), today=PRESENT)
    clean = parse_resume(_text(demo_file("15")), today=PRESENT)
    assert any("AI screener" in w for w in injected.warnings)
    assert clean.warnings == []


def test_it_reads_positions_with_titles_companies_and_bullets() -> None:
    parsed = parse_resume(_text(demo_file("03")), today=PRESENT)  # DOCX, year-only dates
    first = parsed.record.experiences[0]
    assert (first.title, first.company, first.start, first.end) == (
        "Principal Software Engineer",
        "Northstar Insurance Technology",
        "2019",
        "Present",
    )
    assert len(parsed.record.experiences) == 4 and first.bullets
    assert parsed.record.education[0].institution == "University of Minnesota"


def test_it_reports_missing_required_sections() -> None:
    parsed = parse_resume(_text(demo_file("33")), today=PRESENT)
    assert parsed.missing == ["experiences"]
    assert parsed.record.technical_skills and parsed.record.professional_summary
    assert parse_resume("", today=PRESENT).missing == [
        "professional_summary",
        "technical_skills",
        "experiences",
    ]


def test_it_recognises_headings_in_their_many_spellings() -> None:
    cases = {
        "---------- SKILLS ----------": "skills",
        "Work History:": "experience",
        "LICENSES & CERTIFICATIONS": "certifications",
        "Clinical Skills": "skills",
        "Academic Background": "education",
        "Career Profile": "summary",
        "Senior Backend Engineer": None,
        "Languages: Python, SQL": None,
    }
    assert {line: heading_kind(line) for line in cases} == cases


def test_it_splits_skill_lists_without_breaking_parentheses_or_labels() -> None:
    lines = [
        "Languages: Python, SQL",
        "GD&T (ISO GPS / ASME Y14.5), FEA (ANSYS), Patient assessment, Telemetry",
        "monitoring, Epic EHR",
    ]
    assert skill_items(lines) == [
        "Python",
        "SQL",
        "GD&T (ISO GPS / ASME Y14.5)",
        "FEA (ANSYS)",
        "Patient assessment",
        "Telemetry monitoring",
        "Epic EHR",
    ]


def test_it_separates_dates_glued_to_titles() -> None:
    assert prepare_lines("HR GeneralistFebruary 2022 to Current\nStaff Engineer2014 - 2019") == [
        "HR Generalist February 2022 to Current",
        "Staff Engineer 2014 - 2019",
    ]


def test_it_keeps_the_resume_header_of_an_html_page_but_drops_the_site_header() -> None:
    html = (
        b"<html><body><header><nav>Home Blog</nav></header><main><article><header>"
        b"<h1>Ada Lovelace</h1><p>Analyst</p></header></article></main></body></html>"
    )
    kept = keep_content_headers(html)
    assert kept.count(b"<header>") == 1 and b"<div><h1>Ada Lovelace" in kept
