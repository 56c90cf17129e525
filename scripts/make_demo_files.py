#!/usr/bin/env python3
"""Generate the Screener demo data set under ``demo_data/``.

The content is hand-written, fictional and lives in ``demo_data/source/`` (people.yaml,
jobs.yaml, labels.yaml, headings.yaml); the ``demo_files`` package next to this script renders
it. The output is deterministic: running twice produces byte-identical files (PDFs use
reportlab's ``invariant`` mode, DOCX archives are re-zipped with fixed timestamps).

Outputs:
  demo_data/resumes/NN_first-last_role.{pdf,docx,txt,html}
  demo_data/expected/<resume stem>.json
  demo_data/jobs/remoteok_feed.json
  demo_data/labels.json

Usage:  python scripts/make_demo_files.py [--source DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from demo_files.facts import expected_record
from demo_files.feed import labels_document, remoteok_feed
from demo_files.model import Person, load_jobs, load_labels, load_people
from demo_files.pdf import render_pdf
from demo_files.text import render_html, render_txt
from demo_files.word import render_docx

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "demo_data" / "source"
OUT = ROOT / "demo_data"

RENDERERS: dict[str, Callable[[Person], bytes]] = {
    "pdf": render_pdf,
    "docx": render_docx,
    "txt": render_txt,
    "html": render_html,
}


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _clean(directory: Path, patterns: Sequence[str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for pattern in patterns:
        for old in directory.glob(pattern):
            old.unlink()


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="folder of the YAML files")
    parser.add_argument("--out", type=Path, default=OUT, help="folder to (re)write")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    people = load_people(args.source)
    jobs = load_jobs(args.source)
    nums = [p.num for p in people]
    if len(set(nums)) != len(nums):
        raise ValueError("duplicate file numbers")
    resume_dir, expected_dir, jobs_dir = out / "resumes", out / "expected", out / "jobs"
    _clean(
        resume_dir,
        ["[0-9][0-9]_*.pdf", "[0-9][0-9]_*.docx", "[0-9][0-9]_*.txt", "[0-9][0-9]_*.html"],
    )
    _clean(expected_dir, ["[0-9][0-9]_*.json"])
    jobs_dir.mkdir(parents=True, exist_ok=True)

    for p in people:
        (resume_dir / p.filename).write_bytes(RENDERERS[p.fmt](p))
        _write_json(expected_dir / f"{p.stem}.json", expected_record(p))
        years = expected_record(p)["total_years"]
        print(f"{p.filename:<55} {years:>3} yrs")

    _write_json(jobs_dir / "remoteok_feed.json", remoteok_feed(jobs))
    _write_json(out / "labels.json", labels_document(people, jobs, load_labels(args.source)))
    print(f"{len(people)} resumes, {len(jobs)} jobs written to {_shown(out)}/")


if __name__ == "__main__":
    main()
