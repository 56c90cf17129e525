"""Forms of the resume pages (validation only; the work happens in services)."""

from __future__ import annotations

from django import forms

from resumes.models import Resume

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
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(label="Resume files (PDF, DOCX, TXT, HTML)")


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
