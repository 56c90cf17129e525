"""Forms of the resume pages (validation only; the work happens in services)."""

from __future__ import annotations

import re

from django import forms

from resumes.models import Resume
from resumes.schemas import Education, Experience, ResumeRecord

MAX_URLS_PER_IMPORT = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (returns a list)."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.txt,.html,.htm"})
        )
        # An empty file becomes a failed-queue row ("empty") like any unreadable file,
        # instead of invalidating the whole form and dropping every other file with it.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list:  # noqa: ANN001
        single = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:  # the widget gives [] when no file was sent
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Resume files (PDF, DOCX, TXT, HTML)",
        error_messages={"required": "Choose one or more files to upload."},
    )


class URLImportForm(forms.Form):
    urls = forms.CharField(
        label="Resume URLs (one per line, http or https)",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://example.com/cv.pdf"}),
    )

    def clean_urls(self) -> list[str]:
        urls = [u.strip() for u in self.cleaned_data["urls"].splitlines() if u.strip()]
        if not urls:
            raise forms.ValidationError("Enter at least one URL.")
        if len(urls) > MAX_URLS_PER_IMPORT:
            raise forms.ValidationError(f"At most {MAX_URLS_PER_IMPORT} URLs at a time.")
        return urls


STATUS_CHOICES = [("", "Any status"), *Resume.ParseMethod.choices, ("warnings", "Has warnings")]


class ResumeFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=200)
    skill = forms.CharField(required=False, max_length=100)
    role = forms.CharField(required=False, max_length=100)
    min_years = forms.FloatField(required=False, min_value=0, max_value=80, label="Min years")
    max_years = forms.FloatField(required=False, min_value=0, max_value=80, label="Max years")
    status = forms.ChoiceField(required=False, choices=STATUS_CHOICES)


_LINES = {"rows": 4}


class ReviewForm(forms.Form):
    """The recovered record as plain text a reviewer can edit.

    Lists are one item per line. An experience is a block: ``Title | Company | Start | End``
    on its first line, its bullets on the next lines; blocks are separated by a blank line.
    Education is ``Degree | Institution | Year``, one per line.
    """

    job_role = forms.CharField(label="Headline", max_length=300, required=False)
    professional_summary = forms.CharField(
        label="Summary (one sentence per line)", widget=forms.Textarea(_LINES), required=False
    )
    technical_skills = forms.CharField(
        label="Technical skills (one per line)", widget=forms.Textarea(_LINES), required=False
    )
    experiences = forms.CharField(
        label="Work experience (Title | Company | Start | End, then bullets; blank line between)",
        widget=forms.Textarea({"rows": 10}),
        required=False,
    )
    education = forms.CharField(
        label="Education (Degree | Institution | Year)",
        widget=forms.Textarea({"rows": 2}),
        required=False,
    )
    certifications = forms.CharField(widget=forms.Textarea({"rows": 2}), required=False)
    projects = forms.CharField(
        label="Projects (one per line)", widget=forms.Textarea(_LINES), required=False
    )

    @staticmethod
    def initial_for(record: ResumeRecord) -> dict[str, str]:
        """The form's initial values for ``record`` (the inverse of :meth:`record`)."""
        blocks = [
            "\n".join([f"{e.title} | {e.company} | {e.start} | {e.end}", *e.bullets])
            for e in record.experiences
        ]
        return {
            "job_role": record.job_role,
            "professional_summary": "\n".join(record.professional_summary),
            "technical_skills": "\n".join(record.technical_skills),
            "experiences": "\n\n".join(blocks),
            "education": "\n".join(
                f"{e.degree} | {e.institution} | {e.year}" for e in record.education
            ),
            "certifications": "\n".join(record.certifications),
            "projects": "\n".join(record.projects),
        }

    def record(self) -> ResumeRecord:
        """The edited record (call after ``is_valid()``)."""
        data = self.cleaned_data
        return ResumeRecord(
            job_role=data["job_role"],
            professional_summary=_lines(data["professional_summary"]),
            technical_skills=_lines(data["technical_skills"]),
            experiences=[
                _experience(b) for b in re.split(r"\n\s*\n", data["experiences"]) if b.strip()
            ],
            education=[_education(line) for line in _lines(data["education"])],
            certifications=_lines(data["certifications"]),
            projects=_lines(data["projects"]),
        )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _fields(line: str, count: int) -> list[str]:
    parts = [part.strip() for part in line.split("|")]
    return (parts + [""] * count)[:count]


def _experience(block: str) -> Experience:
    head, *bullets = _lines(block)
    title, company, start, end = _fields(head, 4)
    return Experience(
        title=title,
        company=company,
        start=start,
        end=end,
        bullets=[b.lstrip("-•* ").strip() for b in bullets if b.lstrip("-•* ").strip()],
    )


def _education(line: str) -> Education:
    degree, institution, year = _fields(line, 3)
    return Education(degree=degree, institution=institution, year=year)
