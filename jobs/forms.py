"""Forms of the jobs pages: search/filters, a job typed in by hand, feed import, feed sources."""

from __future__ import annotations

from typing import Any

from django import forms

from jobs.models import FeedSource, JobPosting, Seniority


class JobSearchForm(forms.Form):
    """GET parameters of the jobs list; every field optional."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    company = forms.ChoiceField(required=False, choices=[("", "Any company")])
    seniority = forms.ChoiceField(required=False, choices=[("", "Any seniority")])
    skill = forms.CharField(required=False, max_length=80)
    remote = forms.ChoiceField(
        required=False, choices=[("", "Remote or not"), ("yes", "Remote only"), ("no", "On-site")]
    )
    min_salary = forms.IntegerField(required=False, min_value=0, label="Salary at least (USD)")

    def __init__(self, *args: Any, companies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [("", "Any company")] + [(c, c) for c in companies]
        self.fields["seniority"].choices = [("", "Any seniority"), *Seniority.choices]


class JobPostingForm(forms.Form):
    """A job typed in (or edited) by hand. The description may be plain text or HTML."""

    position = forms.CharField(max_length=300)
    company = forms.CharField(max_length=200, required=False)
    location = forms.CharField(max_length=200, required=False)
    remote = forms.BooleanField(required=False)
    tags = forms.CharField(required=False, help_text="comma-separated", max_length=1000)
    salary_min = forms.IntegerField(
        required=False, min_value=0, max_value=10_000_000, label="Salary from (USD a year)"
    )
    salary_max = forms.IntegerField(
        required=False, min_value=0, max_value=10_000_000, label="Salary up to (USD a year)"
    )
    url = forms.URLField(
        required=False, max_length=1000, assume_scheme="https", label="Original posting (URL)"
    )
    posted_at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), max_length=100_000)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "The maximum salary is below the minimum.")
        return data

    @classmethod
    def initial_for(cls, job: JobPosting) -> dict[str, Any]:
        """Field values showing an existing job."""
        return {
            "position": job.position,
            "company": job.company,
            "location": job.location,
            "remote": job.remote,
            "tags": ", ".join(job.tags),
            "salary_min": job.salary_min,
            "salary_max": job.salary_max,
            "url": job.url,
            "posted_at": job.posted_at,
            "description": job.description_html,
        }


class FeedImportForm(forms.Form):
    """A RemoteOK-shaped JSON feed: an uploaded file or a URL (one of the two)."""

    # An empty file reaches the importer, which says so in one message (not two that disagree).
    feed_file = forms.FileField(required=False, label="Feed file (JSON)", allow_empty_file=True)
    feed_url = forms.URLField(required=False, label="or feed URL", assume_scheme="https")
    source = forms.SlugField(initial="remoteok", max_length=100)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("feed_file")) == bool(data.get("feed_url")):
            raise forms.ValidationError("Give either a feed file or a feed URL.")
        return data


class FeedSourceForm(forms.Form):
    """A feed the team fetches on a schedule (the service checks the URL and the name)."""

    name = forms.CharField(max_length=100)
    url = forms.URLField(max_length=1000, assume_scheme="https", label="Feed URL (JSON)")
    source = forms.SlugField(
        max_length=100,
        initial="remoteok",
        label="Source name",
        help_text="jobs with the same id from the same source are updated, never duplicated",
    )
    interval_minutes = forms.IntegerField(
        min_value=15, max_value=7 * 24 * 60, initial=360, label="Fetch every (minutes)"
    )
    enabled = forms.BooleanField(required=False, initial=True, label="Fetch on schedule")
    auto_enrich = forms.BooleanField(
        required=False, label="Enrich new jobs with the LLM (starts a Run after each fetch)"
    )

    @classmethod
    def initial_for(cls, source: FeedSource) -> dict[str, Any]:
        return {name: getattr(source, name) for name in cls.base_fields}
