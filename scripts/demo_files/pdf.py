"""PDF resumes (reportlab, ``invariant=1`` for reproducible bytes): a one-column flow in two
styles, a two-column page with a sidebar, and an image-only "scan" without a text layer."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    HRFlowable,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .facts import heading, render_range, summary_text
from .model import Person

NAVY = colors.HexColor("#1F3A5F")
TEAL = colors.HexColor("#0F766E")

STYLES = {
    "name_c": ParagraphStyle(
        "name_c", fontName="Helvetica-Bold", fontSize=20, leading=24, alignment=TA_CENTER
    ),
    "name_l": ParagraphStyle("name_l", fontName="Helvetica-Bold", fontSize=22, leading=26),
    "headline_c": ParagraphStyle(
        "headline_c", fontName="Helvetica", fontSize=12, leading=15, alignment=TA_CENTER
    ),
    "headline_l": ParagraphStyle(
        "headline_l", fontName="Helvetica", fontSize=13, leading=16, textColor=TEAL
    ),
    "contact_c": ParagraphStyle(
        "contact_c", fontName="Helvetica", fontSize=8.5, leading=11, alignment=TA_CENTER
    ),
    "contact_l": ParagraphStyle("contact_l", fontName="Helvetica", fontSize=8.5, leading=11),
    "h_classic": ParagraphStyle(
        "h_classic",
        fontName="Helvetica-Bold",
        fontSize=11,
        leading=14,
        spaceBefore=9,
        textColor=NAVY,
    ),
    "h_modern": ParagraphStyle(
        "h_modern",
        fontName="Helvetica-Bold",
        fontSize=12.5,
        leading=15,
        spaceBefore=10,
        spaceAfter=3,
        textColor=TEAL,
    ),
    "body": ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12.5),
    "right": ParagraphStyle(
        "right", fontName="Helvetica", fontSize=9.5, leading=12.5, alignment=TA_RIGHT
    ),
    "bullet": ParagraphStyle(
        "bullet",
        fontName="Helvetica",
        fontSize=9.5,
        leading=12.5,
        leftIndent=14,
        bulletIndent=4,
    ),
    "side_h": ParagraphStyle(
        "side_h",
        fontName="Helvetica-Bold",
        fontSize=10,
        leading=13,
        spaceBefore=10,
        spaceAfter=2,
        textColor=colors.white,
    ),
    "side": ParagraphStyle(
        "side", fontName="Helvetica", fontSize=8, leading=10.5, textColor=colors.white
    ),
    "white_hidden": ParagraphStyle(
        "white_hidden",
        fontName="Helvetica",
        fontSize=9,
        leading=11,
        textColor=colors.white,
    ),
    "tiny_hidden": ParagraphStyle(
        "tiny_hidden", fontName="Helvetica", fontSize=1, leading=1.2, textColor=colors.black
    ),
}


def _x(text: str) -> str:
    return escape(text)


def _pdf_bullet(p: Person) -> str:
    # Not "•": reportlab encodes it as WinAnsi 0x7F, which pypdf extracts as a control char.
    return "–" if p.variant == "classic" else "·"


def _pdf_common_sections(p: Person, hstyle: str) -> list[Flowable]:
    """Summary, skills, experience, projects, education, certifications."""
    story: list[Flowable] = []

    def head(section: str) -> None:
        story.append(Paragraph(_x(heading(p, section)), STYLES[hstyle]))
        if p.variant == "classic":
            story.append(HRFlowable(width="100%", thickness=0.6, color=NAVY, spaceAfter=3))

    head("summary")
    story.append(Paragraph(_x(summary_text(p)), STYLES["body"]))
    if p.special == "hidden_text":
        # Keyword stuffing, invisible to a human reader: white text on the white page.
        story.append(Paragraph(_x(p.hidden_white_text), STYLES["white_hidden"]))

    head("skills")
    for label, group in p.skills:
        joined = _x(", ".join(group)) if p.variant == "classic" else _x("  ·  ".join(group))
        story.append(
            Paragraph(f"<b>{_x(label)}:</b> {joined}" if label else joined, STYLES["body"])
        )

    head("experience")
    for job in p.jobs:
        dates = render_range(job, p.dates)
        if p.variant == "classic":
            left = Paragraph(
                f"<b>{_x(job.title)}</b>, {_x(job.company)} — {_x(job.location)}", STYLES["body"]
            )
            row = Table(
                [[left, Paragraph(_x(dates), STYLES["right"])]],
                colWidths=[5.0 * inch, 2.0 * inch],
            )
            row.setStyle(
                TableStyle(
                    [
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 4),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(row)
        else:
            story.append(Spacer(1, 4))
            story.append(
                Paragraph(f"<b>{_x(job.company)}</b> | {_x(job.location)}", STYLES["body"])
            )
            story.append(Paragraph(f"<i>{_x(job.title)}</i>  ·  {_x(dates)}", STYLES["body"]))
        for b in job.bullets:
            story.append(Paragraph(_x(b), STYLES["bullet"], bulletText=_pdf_bullet(p)))

    if p.projects:
        head("projects")
        for name, desc in p.projects:
            story.append(Paragraph(f"<b>{_x(name)}</b> — {_x(desc)}", STYLES["body"]))

    head("education")
    for ed in p.education:
        story.append(
            Paragraph(f"<b>{_x(ed.degree)}</b>, {_x(ed.school)} ({_x(ed.when)})", STYLES["body"])
        )
        if ed.detail:
            story.append(Paragraph(_x(ed.detail), STYLES["bullet"]))

    if p.certifications:
        head("certifications")
        for c in p.certifications:
            story.append(Paragraph(_x(c), STYLES["bullet"], bulletText=_pdf_bullet(p)))

    if p.special == "hidden_text":
        # Second trick: 1-point text at the very end, too small to see.
        story.append(Paragraph(_x(p.hidden_tiny_text), STYLES["tiny_hidden"]))
    return story


def _pdf_doc_kwargs(p: Person) -> dict[str, object]:
    return {
        "pagesize": LETTER,
        "invariant": 1,
        "title": f"{p.name} - Resume",
        "author": p.name,
        "creator": "Screener demo data generator",
        "subject": p.headline,
    }


def render_pdf_flow(p: Person) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        leftMargin=0.75 * inch,
        rightMargin=0.75 * inch,
        topMargin=0.6 * inch,
        bottomMargin=0.6 * inch,
        **_pdf_doc_kwargs(p),
    )
    contact = f"{p.email}  |  {p.phone}  |  {p.city}  |  {p.linkedin}"
    if p.variant == "classic":
        story: list[Flowable] = [
            Paragraph(_x(p.name), STYLES["name_c"]),
            Paragraph(_x(p.headline), STYLES["headline_c"]),
            Spacer(1, 3),
            Paragraph(_x(contact), STYLES["contact_c"]),
        ]
        story += _pdf_common_sections(p, "h_classic")
    else:  # modern
        story = [
            Paragraph(_x(p.name), STYLES["name_l"]),
            Paragraph(_x(p.headline), STYLES["headline_l"]),
            Spacer(1, 3),
            Paragraph(_x(p.email), STYLES["contact_l"]),
            Paragraph(_x(p.phone), STYLES["contact_l"]),
            Paragraph(_x(p.city), STYLES["contact_l"]),
            Paragraph(_x(p.linkedin), STYLES["contact_l"]),
            HRFlowable(width="100%", thickness=1.2, color=TEAL, spaceBefore=6, spaceAfter=2),
        ]
        story += _pdf_common_sections(p, "h_modern")
    doc.build(story)
    return buf.getvalue()


SIDEBAR_W = 2.75 * inch


def _sidebar_background(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFillColor(NAVY)
    canvas.rect(0, 0, SIDEBAR_W, LETTER[1], stroke=0, fill=1)
    canvas.restoreState()


def render_pdf_two_column(p: Person) -> bytes:
    """Sidebar (contact, skills, education) on the left, main column on the right."""
    buf = io.BytesIO()
    page_w, page_h = LETTER
    doc = BaseDocTemplate(buf, **_pdf_doc_kwargs(p))
    margin = 0.45 * inch
    side = Frame(
        margin * 0.5,
        margin,
        SIDEBAR_W - margin,
        page_h - 2 * margin,
        leftPadding=2,
        rightPadding=2,
        id="side",
    )
    main_x = SIDEBAR_W + 0.3 * inch
    main = Frame(main_x, margin, page_w - main_x - margin, page_h - 2 * margin, id="main")
    later = Frame(margin * 2, margin, page_w - 3 * margin, page_h - 2 * margin, id="later")
    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=[side, main], onPage=_sidebar_background),
            PageTemplate(id="later", frames=[later]),
        ]
    )
    story: list[Flowable] = [NextPageTemplate("later")]
    # Sidebar
    story.append(Paragraph("CONTACT", STYLES["side_h"]))
    for item in (p.email, p.phone, p.city, p.linkedin.replace("https://www.", "")):
        story.append(Paragraph(_x(item), STYLES["side"]))
    story.append(Paragraph(_x(heading(p, "skills").upper()), STYLES["side_h"]))
    for label, group in p.skills:
        story.append(Paragraph(f"<b>{_x(label)}</b>", STYLES["side"]))
        for s in group:
            story.append(Paragraph(_x(s), STYLES["side"], bulletText="–"))
    story.append(Paragraph(_x(heading(p, "education").upper()), STYLES["side_h"]))
    for ed in p.education:
        story.append(Paragraph(f"<b>{_x(ed.degree)}</b>", STYLES["side"]))
        story.append(Paragraph(_x(f"{ed.school}, {ed.when}"), STYLES["side"]))
        story.append(Spacer(1, 4))
    story.append(FrameBreak())
    # Main column
    story.append(Paragraph(_x(p.name), STYLES["name_l"]))
    story.append(Paragraph(_x(p.headline), STYLES["headline_l"]))
    story.append(Paragraph(_x(heading(p, "summary")), STYLES["h_modern"]))
    story.append(Paragraph(_x(summary_text(p)), STYLES["body"]))
    story.append(Paragraph(_x(heading(p, "experience")), STYLES["h_modern"]))
    for job in p.jobs:
        story.append(Spacer(1, 4))
        story.append(Paragraph(f"<b>{_x(job.title)}</b>", STYLES["body"]))
        story.append(
            Paragraph(
                f"{_x(job.company)}, {_x(job.location)}  |  {_x(render_range(job, p.dates))}",
                STYLES["body"],
            )
        )
        for b in job.bullets:
            story.append(Paragraph(_x(b), STYLES["bullet"], bulletText=_pdf_bullet(p)))
    if p.projects:
        story.append(Paragraph(_x(heading(p, "projects")), STYLES["h_modern"]))
        for name, desc in p.projects:
            story.append(Paragraph(f"<b>{_x(name)}</b> — {_x(desc)}", STYLES["body"]))
    doc.build(story)
    return buf.getvalue()


def render_pdf_image_only(p: Person) -> bytes:
    """A 'scanned' page: only filled shapes imitating a resume layout, no text layer."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=LETTER, invariant=1)
    c.setCreator("Screener demo data generator")
    w, h = LETTER
    c.setFillColor(colors.HexColor("#FAFAF7"))
    c.rect(0, 0, w, h, stroke=0, fill=1)
    c.setFillColor(colors.HexColor("#BBBBBB"))
    c.circle(1.1 * inch, h - 1.1 * inch, 0.5 * inch, stroke=0, fill=1)  # photo
    c.setFillColor(colors.HexColor("#333333"))
    c.rect(1.9 * inch, h - 1.0 * inch, 3.2 * inch, 0.28 * inch, stroke=0, fill=1)  # "name"
    c.setFillColor(colors.HexColor("#777777"))
    c.rect(1.9 * inch, h - 1.35 * inch, 2.2 * inch, 0.14 * inch, stroke=0, fill=1)  # "headline"
    y = h - 2.0 * inch
    widths = (6.6, 6.2, 6.8, 4.1, 0, 6.5, 6.0, 6.7, 5.2, 0, 6.4, 6.6, 3.3)
    for block in range(3):
        c.setFillColor(colors.HexColor("#1F3A5F"))
        c.rect(0.8 * inch, y, 1.6 * inch, 0.16 * inch, stroke=0, fill=1)  # "section heading"
        y -= 0.32 * inch
        c.setFillColor(colors.HexColor("#9A9A9A"))
        for i, width in enumerate(widths):
            if width:
                c.rect(0.8 * inch, y, (width - 0.3 * ((i + block) % 3)) * inch, 0.09 * inch, 0, 1)
            y -= 0.2 * inch
        y -= 0.25 * inch
    c.setStrokeColor(colors.HexColor("#CCCCCC"))
    c.line(0.8 * inch, 0.7 * inch, w - 0.8 * inch, 0.7 * inch)
    c.showPage()
    c.save()
    return buf.getvalue()


def render_pdf(p: Person) -> bytes:
    if p.special == "image_only":
        return render_pdf_image_only(p)
    if p.special == "two_column":
        return render_pdf_two_column(p)
    return render_pdf_flow(p)
