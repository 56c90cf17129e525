"""Field accuracy of the heuristic resume parser on the demo resumes.

Compares ``resumes.parsing.parse_resume`` (after the same text extraction the app uses)
with the hand-checked records in ``demo_data/expected/``: skills precision/recall (both
sides normalised with the skill vocabulary, so "Excel" = "Microsoft Excel"), total years
within ±1 (floor of our figure against the expected whole years), exact role match,
name/e-mail match and the required-sections verdict. "Present" is 2026-11-01, as in the
expected records.

    .venv/bin/python benchmarks/parse_accuracy.py [--verbose] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 1)
RESUMES = ROOT / "demo_data" / "resumes"
EXPECTED = ROOT / "demo_data" / "expected"


@dataclass
class Score:
    name: str
    true_pos: int
    found: int
    expected: int
    years_ok: bool
    role_ok: bool
    name_ok: bool
    email_ok: bool
    sections_ok: bool
    detail: str


def skill_key(skill: str) -> str:
    from resumes.parsing.fields import normalise_item

    return normalise_item(skill).lower()


def score_file(path: Path) -> Score:
    from resumes.parsing import parse_resume
    from resumes.parsing.extract import resume_extractor
    from screener.lib.textract import ExtractionError, extract_text

    expected = json.loads((EXPECTED / f"{path.stem}.json").read_text())
    try:
        text = extract_text(path.read_bytes(), path.name, extractor=resume_extractor).text
    except ExtractionError:
        text = ""
    parsed = parse_resume(text, today=TODAY)
    got = {skill_key(s) for s in parsed.record.technical_skills}
    want = {skill_key(s) for s in expected["technical_skills"]}
    years = math.floor(parsed.total_years + 1e-9)
    return Score(
        name=path.name,
        true_pos=len(got & want),
        found=len(got),
        expected=len(want),
        years_ok=abs(years - expected["total_years"]) <= 1,
        role_ok=parsed.record.job_role == expected["job_role"],
        name_ok=parsed.contact.name == expected["name"],
        email_ok=parsed.contact.email == expected["email"],
        sections_ok=(not parsed.missing) == expected["has_required_sections"],
        detail=(
            f"years {parsed.total_years} (want {expected['total_years']}); "
            f"role {parsed.record.job_role!r} (want {expected['job_role']!r}); "
            f"missing skills {sorted(want - got)}; extra {sorted(got - want)}; "
            f"name {parsed.contact.name!r}; missing sections {parsed.missing}"
        ),
    )


def summarise(scores: list[Score]) -> dict[str, float]:
    tp = sum(s.true_pos for s in scores)
    found = sum(s.found for s in scores)
    wanted = sum(s.expected for s in scores)
    n = len(scores)
    return {
        "resumes": n,
        "skills_precision": round(tp / found, 3) if found else 1.0,
        "skills_recall": round(tp / wanted, 3) if wanted else 1.0,
        "years_within_1": round(sum(s.years_ok for s in scores) / n, 3),
        "role_exact": round(sum(s.role_ok for s in scores) / n, 3),
        "name_exact": round(sum(s.name_ok for s in scores) / n, 3),
        "email_exact": round(sum(s.email_ok for s in scores) / n, 3),
        "required_sections_verdict": round(sum(s.sections_ok for s in scores) / n, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every imperfect resume")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    scores = [score_file(p) for p in sorted(RESUMES.iterdir()) if p.is_file()]
    figures = summarise(scores)
    if args.verbose:
        for s in scores:
            perfect = s.true_pos == s.found == s.expected and s.years_ok and s.role_ok
            if not (perfect and s.name_ok and s.email_ok and s.sections_ok):
                print(f"{s.name}: {s.detail}")
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
