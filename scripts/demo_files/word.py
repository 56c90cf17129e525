"""DOCX resumes (python-docx), re-zipped with fixed timestamps so the bytes are reproducible."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Pt, RGBColor

from .facts import FIXED_TIME, heading, render_range, summary_text
from .model import Person


def _docx_heading(doc: Document, p: Person, section: str) -> None:
    text = heading(p, section)
    if p.variant == "plainbold":
        para = doc.add_paragraph()
        para.paragraph_format.space_before = Pt(10)
        run = para.add_run(text.upper() if p.headings.startswith("caps") else text)
        run.bold = True
        run.font.size = Pt(12)
        run.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    else:
        doc.add_heading(text, level=1)


def _docx_bullets(doc: Document, p: Person, items: Sequence[str]) -> None:
    for item in items:
        if p.variant == "plainbold":
            doc.add_paragraph(f"• {item}")
        else:
            doc.add_paragraph(item, style="List Bullet")


def render_docx(p: Person) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)

    if p.variant == "plainbold":
        para = doc.add_paragraph()
        run = para.add_run(p.name)
        run.bold = True
        run.font.size = Pt(22)
    else:
        doc.add_heading(p.name, level=0)
    doc.add_paragraph(p.headline).runs[0].italic = True
    doc.add_paragraph(f"{p.email}  |  {p.phone}  |  {p.city}\n{p.linkedin}")

    _docx_heading(doc, p, "summary")
    doc.add_paragraph(summary_text(p))

    _docx_heading(doc, p, "skills")
    if p.special == "skills_table":
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        hdr = table.rows[0].cells
        hdr[0].text, hdr[1].text = "Area", "Tools & methods"
        for label, group in p.skills:
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = ", ".join(group)
    else:
        for label, group in p.skills:
            para = doc.add_paragraph()
            if label:
                para.add_run(f"{label}: ").bold = True
            para.add_run(", ".join(group))

    if p.jobs:
        _docx_heading(doc, p, "experience")
        for job in p.jobs:
            para = doc.add_paragraph()
            para.paragraph_format.space_before = Pt(6)
            para.paragraph_format.tab_stops.add_tab_stop(Pt(468), WD_TAB_ALIGNMENT.RIGHT)
            para.add_run(job.title).bold = True
            para.add_run(f"\t{render_range(job, p.dates)}")
            doc.add_paragraph().add_run(f"{job.company}, {job.location}").italic = True
            _docx_bullets(doc, p, job.bullets)

    if p.projects:
        _docx_heading(doc, p, "projects")
        _docx_bullets(doc, p, [f"{name}: {desc}" for name, desc in p.projects])

    _docx_heading(doc, p, "education")
    for ed in p.education:
        para = doc.add_paragraph()
        para.add_run(ed.degree).bold = True
        para.add_run(f" — {ed.school}, {ed.when}")
        if ed.detail:
            doc.add_paragraph(ed.detail)

    if p.certifications:
        _docx_heading(doc, p, "certifications")
        _docx_bullets(doc, p, p.certifications)

    props = doc.core_properties
    props.author = p.name
    props.last_modified_by = p.name
    props.title = f"{p.name} – Resume"
    props.created = FIXED_TIME.replace(tzinfo=None)
    props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1

    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps so the output is byte-for-byte reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
