"""The heuristic parser on run-together (one-line) and heading-less resumes.

The resumes below are written for these tests in the styles real exports arrive in: the
Kaggle "Resume Dataset" style ("Skills * ... Education Details ... Skill Details X-
Exprience - 24 months ... Company Details company - X description - ..."), ALL-CAPS and
Title Case headings inline, and plain text with line breaks but no heading lines.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date

import pytest

from resumes.parsing import lines_and_sections, parse_resume
from resumes.parsing.sections import break_line, prepare_lines, split_sections
from tests.resumes.test_parser import DEMO_FILES, _text

TODAY = date(2025, 6, 1)

DATA_SCIENTIST = (
    "Skills * Python * SQL * Tableau * Machine Learning Education Details January 2016 B.E. "
    "Computer Science Pune University Data Scientist Data Scientist - Matelabs Skill Details "
    "Python- Exprience - 24 months Machine Learning- Exprience - 18 months SQL- Exprience - "
    "Less than 1 year months Company Details company - Matelabs description - Built churn "
    "prediction models in Python and scikit-learn for a telecom client. Deployed the models "
    "behind a Flask API and reported results in Tableau."
)
NURSE = (
    "Maria Lopez maria.lopez@example.org (555) 201-3344 Springfield, IL SUMMARY Compassionate "
    "registered nurse with nine years of acute care experience. I bring my experience with "
    "customers and families to every shift. EXPERIENCE Staff Nurse Jan 2015 to Current "
    "Springfield General Hospital Provide direct care to 6 patients per shift on a cardiac "
    "telemetry unit. Administer IV therapy and medications and educate patients on discharge "
    "plans. Charge Nurse Mar 2012 – Dec 2014 Lakeside Clinic Led a team of five nurses on the "
    "evening shift. Introduced a fall-prevention checklist that cut falls by 30%. EDUCATION "
    "BSN 2011 Illinois State University SKILLS patient assessment, IV therapy, telemetry "
    "monitoring, Epic EHR, wound care"
)
ACCOUNTANT = (
    "SENIOR ACCOUNTANT Professional Summary Detail-oriented accountant with eight years of "
    "experience in month-end close, audit preparation and financial reporting for "
    "manufacturing companies. Technical Skills • QuickBooks • SAP • Microsoft Excel • GAAP • "
    "Account reconciliation Work Experience Senior Accountant 2018 - Present Harbor Steel Inc. "
    "• Own the month-end close for three legal entities and cut the close from ten to six "
    "days. • Prepare audit schedules and coordinate with external auditors. Staff Accountant "
    "2014 - 2018 Ridgeway Foods • Reconciled 40 balance-sheet accounts each month. • Processed "
    "accounts payable for 300 vendors. Education Bachelor of Science in Accounting, Ohio State "
    "University, 2014 Certifications CPA, State of Ohio"
)
HR_OFFICER = (
    "Skills * Recruitment * Onboarding * Payroll * Employee Relations * Workday Education "
    "Details June 2012 MBA Human Resources Symbiosis Institute of Business Management HR "
    "Executive HR Executive - Zenith Textiles Skill Details Recruitment- Exprience - 60 months "
    "Payroll- Exprience - 36 months Workday- Exprience - 24 months Company Details company - "
    "Zenith Textiles description - Managed end-to-end hiring for 200 factory and office roles "
    "every year. Ran the onboarding programme and the monthly payroll inputs for 1,200 "
    "employees. company - Apex Retail description - Handled employee grievances and "
    "disciplinary cases for 14 stores."
)
SALES = (
    "Kevin Tran Account Executive kevin.tran@example.com 555-442-9081 Career Objective "
    "Results-driven account executive looking to grow a B2B territory in the software "
    "industry. Work Experience Account Executive Feb 2020 – Present Brightline Software ➢ "
    "Closed $1.4M in new annual recurring revenue in 2023, 128% of quota. ➢ Built a pipeline "
    "of 60 mid-market accounts through outbound prospecting. Sales Development Representative "
    "Jun 2017 – Jan 2020 Cobalt Systems ➢ Booked 25 qualified meetings a month for four "
    "account executives. Education Bachelor of Business Administration, University of Texas, "
    "2017 Key Skills Salesforce, HubSpot, Negotiation, Cold calling, Pipeline management"
)
TEACHER_WITHOUT_HEADINGS = """Daniel Brooks
daniel.brooks@example.net | 555-310-7788
Dedicated middle school mathematics teacher with seven years of classroom experience and a \
record of raising state test scores.
Mathematics Teacher, Lincoln Middle School, Aug 2019 - Present
- Teach algebra and geometry to 150 students across five sections each year.
- Introduced weekly data reviews that raised proficiency by 12 points.
Substitute Teacher, Denver Public Schools, Sep 2017 - Jun 2019
- Covered mathematics and science classes in grades 6-12.
B.A. Mathematics, University of Colorado, 2017
Lesson planning, Differentiated instruction, Google Classroom, Classroom management
"""
NURSE_LINES = """Maria Lopez
maria.lopez@example.org | (555) 201-3344 | Springfield, IL
SUMMARY
Compassionate registered nurse with nine years of acute care experience.
EXPERIENCE
Staff Nurse, Springfield General Hospital, Jan 2015 to Current
- Provide direct care to 6 patients per shift on a cardiac telemetry unit.
Charge Nurse, Lakeside Clinic, Mar 2012 – Dec 2014
- Led a team of five nurses on the evening shift.
EDUCATION
BSN, Illinois State University, 2011
SKILLS
patient assessment, IV therapy, telemetry monitoring, Epic EHR, wound care
"""


def _positions(text: str) -> list[tuple[str, str, str, str]]:
    return [
        (e.title, e.company, e.start, e.end)
        for e in parse_resume(text, today=TODAY).record.experiences
    ]


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


def test_it_reads_a_one_line_resume_with_capitalised_headings() -> None:
    parsed = parse_resume(NURSE, today=TODAY)
    record = parsed.record
    assert parsed.sections == ["header", "summary", "experience", "education", "skills"]
    assert record.professional_summary[0].startswith("Compassionate registered nurse")
    assert record.technical_skills[:2] == ["Patient assessment", "IV therapy"]
    assert len(record.technical_skills) == 5
    assert _positions(NURSE) == [
        ("Staff Nurse", "", "Jan 2015", "Current"),
        ("Charge Nurse", "", "Mar 2012", "Dec 2014"),
    ]
    assert record.experiences[1].bullets[0].startswith("Lakeside Clinic Led a team")
    assert math.floor(parsed.total_years) == 13
    assert (record.education[0].year, "Illinois State University" in str(record.education)) == (
        "2011",
        True,
    )
    assert parsed.missing == []


def test_it_finds_name_and_contact_details_at_the_start_of_a_one_line_resume() -> None:
    nurse, sales = parse_resume(NURSE, today=TODAY), parse_resume(SALES, today=TODAY)
    assert (nurse.contact.name, nurse.contact.email, nurse.contact.phone) == (
        "Maria Lopez",
        "maria.lopez@example.org",
        "(555) 201-3344",
    )
    assert nurse.contact.location == "Springfield, IL"
    assert (sales.contact.name, sales.record.job_role) == ("Kevin Tran", "Account Executive")
    for parsed in (nurse, sales):
        assert parsed.contact.email not in parsed.ranking_text
        assert parsed.contact.name not in parsed.ranking_text


def test_it_reads_title_case_headings_and_bullets_of_a_one_line_resume() -> None:
    parsed = parse_resume(ACCOUNTANT, today=TODAY)
    record = parsed.record
    assert record.job_role == "SENIOR ACCOUNTANT"
    assert record.professional_summary[0].startswith("Detail-oriented accountant")
    assert record.technical_skills == [
        "QuickBooks",
        "SAP",
        "Microsoft Excel",
        "GAAP",
        "Reconciliation",
    ]
    assert [p[0] for p in _positions(ACCOUNTANT)] == ["Senior Accountant", "Staff Accountant"]
    assert record.experiences[1].company == "Ridgeway Foods"
    assert record.experiences[1].bullets == [
        "Reconciled 40 balance-sheet accounts each month.",
        "Processed accounts payable for 300 vendors.",
    ]
    assert math.floor(parsed.total_years) == 10
    assert record.education[0].institution == "Ohio State University"
    assert record.certifications == ["CPA, State of Ohio"]


def test_it_reads_arrow_bullets_and_objective_of_a_one_line_resume() -> None:
    parsed = parse_resume(SALES, today=TODAY)
    assert parsed.record.professional_summary[0].startswith("Results-driven account executive")
    assert _positions(SALES) == [
        ("Account Executive", "Brightline Software", "Feb 2020", "Present"),
        ("Sales Development Representative", "Cobalt Systems", "Jun 2017", "Jan 2020"),
    ]
    assert parsed.record.experiences[0].bullets[0].startswith("Closed $1.4M")
    assert "Salesforce" in parsed.record.technical_skills
    assert parsed.record.education[0].degree == "Bachelor of Business Administration"
    assert parsed.confidence == 1.0


@pytest.mark.parametrize(
    ("text", "skills", "companies"),
    [
        (DATA_SCIENTIST, ["Python", "SQL", "Tableau", "Machine learning"], ["Matelabs"]),
        (
            HR_OFFICER,
            ["Recruiting", "Onboarding", "Payroll", "Employee relations", "Workday"],
            ["Zenith Textiles", "Apex Retail"],
        ),
    ],
    ids=["it", "hr"],
)
def test_it_reads_kaggle_style_exports(text: str, skills: list[str], companies: list) -> None:
    parsed = parse_resume(text, today=TODAY)
    record = parsed.record
    assert record.technical_skills == skills  # "X- Exprience - 24 months" gives X
    assert not any("months" in s or "Exprience" in s for s in record.technical_skills)
    assert [e.company for e in record.experiences] == companies
    assert record.experiences[0].bullets[0].startswith(("Built churn", "Managed end-to-end"))
    assert record.education[0].year in {"2016", "2012"}
    assert "Data Scientist" not in record.education[0].degree
    assert parsed.total_years is None  # the format has no dated positions: not stated


def test_it_groups_a_resume_without_heading_lines_by_content() -> None:
    parsed = parse_resume(TEACHER_WITHOUT_HEADINGS, today=TODAY)
    record = parsed.record
    assert parsed.sections == ["header", "summary", "experience", "education", "skills"]
    assert record.professional_summary[0].startswith("Dedicated middle school")
    assert _positions(TEACHER_WITHOUT_HEADINGS) == [
        ("Mathematics Teacher", "Lincoln Middle School", "Aug 2019", "Present"),
        ("Substitute Teacher", "Denver Public Schools", "Sep 2017", "Jun 2019"),
    ]
    assert record.education[0].institution == "University of Colorado"
    assert record.technical_skills[0] == "Lesson planning"
    assert parsed.contact.name == "Daniel Brooks" and not parsed.missing


def test_it_reads_headings_at_the_start_of_lines_when_no_line_is_a_heading() -> None:
    text = (
        "Priya Shah\nSUMMARY Payroll and benefits specialist with six years in retail HR.\n"
        "EXPERIENCE HR Generalist, Northwind Stores, Mar 2019 - Present\n"
        "- Ran payroll for 900 hourly staff.\n"
        "EDUCATION B.A. Psychology, Temple University, 2016\n"
        "SKILLS: ADP, Workday, onboarding\n"
    )
    parsed = parse_resume(text, today=TODAY)
    assert parsed.sections == ["header", "summary", "experience", "education", "skills"]
    assert _positions(text) == [("HR Generalist", "Northwind Stores", "Mar 2019", "Present")]
    assert "Workday" in parsed.record.technical_skills


def test_it_finds_the_same_facts_on_one_line_as_on_the_multi_line_form() -> None:
    lines = parse_resume(NURSE_LINES, today=TODAY)
    one_line = parse_resume(" ".join(NURSE_LINES.split()), today=TODAY)
    assert one_line.record.technical_skills == lines.record.technical_skills
    assert [(e.title, e.start, e.end) for e in one_line.record.experiences] == [
        (e.title, e.start, e.end) for e in lines.record.experiences
    ]
    assert one_line.total_years == lines.total_years
    assert one_line.record.professional_summary == lines.record.professional_summary
    assert one_line.record.education[0].year == lines.record.education[0].year == "2011"


@pytest.mark.parametrize("text", [DATA_SCIENTIST, ACCOUNTANT, HR_OFFICER])
def test_it_keeps_every_word_of_a_one_line_resume_in_the_ranking_text(text: str) -> None:
    parsed = parse_resume(text, today=TODAY)
    assert _words(parsed.ranking_text) == _words(text)


def test_it_keeps_every_word_but_name_and_contact_details_in_the_ranking_text() -> None:
    parsed = parse_resume(NURSE, today=TODAY)
    contact_words = _words("Maria Lopez maria.lopez@example.org (555) 201-3344 Springfield IL")
    assert _words(parsed.ranking_text) == _words(NURSE) - contact_words


def test_it_does_not_break_prose_at_heading_words() -> None:
    prose = (
        "I have built my experience with customers over ten years and my skills in education "
        "are strong. Experience with Python and SQL is what I bring to the Customer Experience "
        "Manager role at the Department of Education, where Special Education Teacher duties "
        "include summary reports and project work for Acme Technologies Ltd and its clients."
    )
    assert break_line(prose) == [prose]


def test_it_breaks_before_inline_headings_bullets_and_positions() -> None:
    line = (
        "HR MANAGER Summary Calm and organised manager. Skills * Workday * ADP Work Experience "
        "HR Manager Jan 2019 – Present Orbit Logistics Led a team of four generalists."
    )
    assert break_line(line) == [
        "HR MANAGER",
        "Summary",
        "Calm and organised manager.",
        "Skills",
        "* Workday",
        "* ADP",
        "Work Experience",
        "HR Manager",
        "Jan 2019 – Present",
        "Orbit Logistics Led a team of four generalists.",
    ]


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.name[:2])
def test_it_splits_the_demo_resumes_exactly_as_before(path) -> None:
    text = _text(path)
    lines = prepare_lines(text)
    assert lines_and_sections(text) == (lines, split_sections(lines), False)
