"""TXT and HTML resumes."""

from __future__ import annotations

import html
import textwrap

from .facts import FIXED_TIME, heading, render_range, summary_text
from .model import Person

# ---------------------------------------------------------------------------------------------
# TXT renderer
# ---------------------------------------------------------------------------------------------


def _wrap(line: str, width: int = 88) -> str:
    """Hard-wrap a line as a text editor would, keeping the indent of bullets."""
    if len(line) <= width:
        return line
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    hanging = indent + "  " if stripped[:2] in ("- ", "* ", "· ", "• ") else indent
    return textwrap.fill(line, width=width, subsequent_indent=hanging)


def render_txt(p: Person) -> bytes:
    lines: list[str] = []
    v = p.variant

    def head(section: str) -> None:
        title = heading(p, section)
        lines.append("")
        if v == "underline":
            lines.extend([title, "=" * len(title)])
        elif v == "dashes":
            lines.append(f"---------- {title} ----------")
        else:
            lines.append(title)

    bullet = {"underline": "-", "dashes": "·" if p.special == "cp1252" else "*"}.get(v, "•")
    if v == "dashes" and p.special != "cp1252":
        lines.append(p.name.upper())
    else:
        lines.append(p.name)
    lines.append(p.headline)
    if v == "plain":
        lines.append(f"{p.email} | {p.phone} | {p.city}")
        lines.append(p.linkedin)
    else:
        lines.extend([f"Email: {p.email}", f"Phone: {p.phone}", f"Location: {p.city}", p.linkedin])

    head("summary")
    lines.append(summary_text(p))

    head("skills")
    for label, group in p.skills:
        joined = ", ".join(group)
        lines.append(f"{label}: {joined}" if label else joined)

    if p.jobs:
        head("experience")
        for i, job in enumerate(p.jobs):
            if i:
                lines.append("")
            dates = render_range(job, p.dates)
            if v == "plain":
                lines.append(f"{job.title} | {job.company} | {job.location} | {dates}")
            elif v == "dashes":
                lines.append(f"{job.company}, {job.location}")
                lines.append(f"{job.title} ({dates})")
            else:
                lines.append(f"{job.title} — {job.company}, {job.location}")
                lines.append(dates)
            lines.extend(f"  {bullet} {b}" for b in job.bullets)

    if p.projects:
        head("projects")
        lines.extend(f"{bullet} {name}: {desc}" for name, desc in p.projects)

    head("education")
    for ed in p.education:
        lines.append(f"{ed.degree}, {ed.school} ({ed.when})")
        if ed.detail:
            lines.append(f"  {ed.detail}")

    if p.certifications:
        head("certifications")
        lines.extend(f"{bullet} {c}" for c in p.certifications)

    if v in ("underline", "dashes"):
        lines = [_wrap(line) for line in lines]
    if p.special == "cp1252":
        # Saved by an old Windows editor: cp1252 bytes, CRLF line endings.
        return ("\r\n".join(lines) + "\r\n").encode("cp1252")
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# HTML renderer (a personal website page with nav/footer boilerplate around the resume)
# ---------------------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _tel(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"+{digits}" if phone.startswith("+") else f"+1{digits}"


def _html_sections(p: Person, h: str = "h2") -> list[str]:
    out: list[str] = []
    out.append(f'<section id="summary">\n  <{h}>{_e(heading(p, "summary"))}</{h}>')
    out.append(f"  <p>{_e(summary_text(p))}</p>\n</section>")
    out.append(f'<section id="experience">\n  <{h}>{_e(heading(p, "experience"))}</{h}>')
    for job in p.jobs:
        out.append('  <div class="job">')
        out.append(f"    <h3>{_e(job.title)} · {_e(job.company)}</h3>")
        out.append(
            f'    <p class="meta"><span class="location">{_e(job.location)}</span> | '
            f'<span class="dates">{_e(render_range(job, p.dates))}</span></p>'
        )
        out.append("    <ul>")
        out.extend(f"      <li>{_e(b)}</li>" for b in job.bullets)
        out.append("    </ul>\n  </div>")
    out.append("</section>")
    if p.projects:
        out.append(f'<section id="projects">\n  <{h}>{_e(heading(p, "projects"))}</{h}>\n  <ul>')
        out.extend(
            f"    <li><strong>{_e(name)}</strong> – {_e(desc)}</li>" for name, desc in p.projects
        )
        out.append("  </ul>\n</section>")
    out.append(f'<section id="education">\n  <{h}>{_e(heading(p, "education"))}</{h}>')
    for ed in p.education:
        detail = f"<br><small>{_e(ed.detail)}</small>" if ed.detail else ""
        out.append(
            f"  <p><strong>{_e(ed.degree)}</strong>, {_e(ed.school)}, {_e(ed.when)}{detail}</p>"
        )
    out.append("</section>")
    if p.certifications:
        out.append(
            f'<section id="certifications">\n  <{h}>{_e(heading(p, "certifications"))}</{h}>'
        )
        out.append("  <ul>")
        out.extend(f"    <li>{_e(c)}</li>" for c in p.certifications)
        out.append("  </ul>\n</section>")
    return out


def _html_skills(p: Person, h: str) -> list[str]:
    out = [f'<section id="skills">\n  <{h}>{_e(heading(p, "skills"))}</{h}>']
    if all(label for label, _ in p.skills):
        out.append("  <dl>")
        for label, group in p.skills:
            out.append(f"    <dt>{_e(label)}</dt><dd>{_e(', '.join(group))}</dd>")
        out.append("  </dl>")
    else:
        out.append('  <ul class="tags">')
        out.extend(f"    <li>{_e(s)}</li>" for s in p.flat_skills)
        out.append("  </ul>")
    out.append("</section>")
    return out


def render_html(p: Person) -> bytes:
    first = p.first.lower().replace(" ", "")
    year = FIXED_TIME.year
    contact = [
        f'<a href="mailto:{_e(p.email)}">{_e(p.email)}</a>',
        f'<a href="tel:{_tel(p.phone)}">{_e(p.phone)}</a>',
        f"<span>{_e(p.city)}</span>",
        f'<a href="{_e(p.linkedin)}">LinkedIn</a>',
    ]
    if p.variant == "semantic":
        body = [
            '<header class="site-header">',
            f'  <a class="brand" href="/">{_e(p.name)}</a>',
            '  <nav aria-label="Main">',
            '    <ul><li><a href="/">Home</a></li><li><a href="/blog/">Blog</a></li>'
            '<li><a href="/resume/" aria-current="page">Resume</a></li>'
            '<li><a href="/talks/">Talks</a></li><li><a href="/contact/">Contact</a></li></ul>',
            "  </nav>",
            "</header>",
            "<main>",
            '<article class="resume">',
            "<header>",
            f"  <h1>{_e(p.name)}</h1>",
            f'  <p class="headline">{_e(p.headline)}</p>',
            '  <p class="contact">' + " · ".join(contact) + "</p>",
            f'  <p class="linkedin-url">{_e(p.linkedin)}</p>',
            "</header>",
            *_html_sections(p)[:2],
            *_html_skills(p, "h2"),
            *_html_sections(p)[2:],
            "</article>",
            "</main>",
            '<footer class="site-footer">',
            f"  <p>© {year} {_e(p.name)}. Built with a static site generator. "
            '<a href="/privacy/">Privacy</a> · <a href="/feed.xml">RSS</a></p>',
            "  <p>Subscribe to my newsletter for occasional posts about work and life.</p>",
            "</footer>",
        ]
    else:  # "divs": bootstrap-ish page with a sidebar, inline script and style
        sections = _html_sections(p, "h4")
        body = [
            '<nav class="navbar navbar-expand-lg">',
            f'  <div class="container"><a class="navbar-brand" href="#">{_e(first)}.dev</a>',
            '    <a class="nav-link" href="#about">About</a>'
            '<a class="nav-link" href="#portfolio">Portfolio</a>'
            '<a class="nav-link" href="#blog">Blog</a>'
            '<a class="nav-link" href="#contact">Get in touch</a></div>',
            "</nav>",
            '<div class="container"><div class="row">',
            '  <div class="col-md-4 sidebar">',
            f'    <div class="name">{_e(p.name)}</div>',
            f'    <div class="role">{_e(p.headline)}</div>',
            '    <div class="contact-list">',
            *(f"      <div>{c}</div>" for c in contact),
            f"      <div>{_e(p.linkedin)}</div>",
            "    </div>",
            *(f"    {line}" for line in _html_skills(p, "h4")),
            "  </div>",
            '  <div class="col-md-8 main">',
            *(f"    {line}" for line in sections),
            "  </div>",
            "</div></div>",
            '<footer class="footer"><div class="container">',
            f"  <span>Copyright {year} {_e(p.name)} · All rights reserved</span>",
            '  <span>Made with ♥ and coffee · <a href="#top">Back to top</a></span>',
            "</div></footer>",
            "<script>window.dataLayer=window.dataLayer||[];"
            "function track(e){window.dataLayer.push({event:e});}track('resume_view');</script>",
        ]
    page = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '  <meta charset="utf-8">',
        '  <meta name="viewport" content="width=device-width, initial-scale=1">',
        f"  <title>{_e(p.name)} – Resume</title>",
        f'  <meta name="description" content="Resume of {_e(p.name)}, {_e(p.headline)}">',
        "  <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto}"
        ".sidebar{background:#f4f4f6}.meta{color:#666}nav a{margin-right:1rem}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
    ]
    return ("\n".join(page) + "\n").encode("utf-8")
