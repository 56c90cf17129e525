"""Forms of the profile pages: the profile, its sections, enhancement and recommendation filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from jobs.models import Seniority
from profiles import services
from profiles.models import CandidateProfile, ProfileExperience, ProfileProject


class SkillsField(forms.CharField):
    """A comma-separated list of skills, stored as a JSON list."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:
        text = super().to_python(value) or ""
        return [s.strip() for s in text.replace("\n", ",").split(",") if s.strip()]


class ProfileForm(forms.ModelForm):
    """The profile's own fields; an uploaded writing-sample file replaces the typed sample."""

    skills = SkillsField(required=False, help_text="comma-separated")
    writing_sample_file = forms.FileField(
        required=False,
        allow_empty_file=True,  # an empty file gets the extraction's own reason
        label="…or upload the writing sample",
        help_text="PDF, DOCX or TXT (e.g. a cover letter); its text replaces the sample above.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.txt"}),
    )

    class Meta:
        model = CandidateProfile
        fields = [
            "name",
            "headline",
            "professional_summary",
            "skills",
            "seniority",
            "total_years",
            "location",
            "writing_sample",
        ]
        widgets = {
            "professional_summary": forms.Textarea(attrs={"rows": 4}),
            "writing_sample": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_writing_sample_file(self) -> str:
        """The uploaded sample's text ("" when none), read by the profiles service."""
        uploaded = self.cleaned_data.get("writing_sample_file")
        if not uploaded:
            return ""
        try:
            return services.read_writing_sample(uploaded)
        except services.ProfileError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("writing_sample_file"):
            data["writing_sample"] = data["writing_sample_file"]
        return data


ExperienceFormSet = forms.inlineformset_factory(
    CandidateProfile,
    ProfileExperience,
    fields=["title", "company", "start", "end", "description"],
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
    extra=1,
    can_delete=True,
)
ProjectFormSet = forms.inlineformset_factory(
    CandidateProfile,
    ProfileProject,
    fields=["name", "description"],
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
    extra=1,
    can_delete=True,
)


class EnhanceForm(forms.Form):
    instruction = forms.CharField(
        required=False,
        max_length=settings.PROFILE_INSTRUCTION_MAX_CHARS,
        label="Custom instruction (optional)",
        help_text="e.g. “emphasise leadership”. It shapes emphasis and style, never facts.",
    )


class FromResumeForm(forms.Form):
    resume = forms.IntegerField(widget=forms.HiddenInput)


class RecommendationFilterForm(forms.Form):
    remote = forms.ChoiceField(
        required=False, choices=[("", "Remote or not"), ("yes", "Remote only"), ("no", "On-site")]
    )
    location = forms.CharField(required=False, max_length=100)
    seniority = forms.ChoiceField(
        required=False, choices=[("", "Any seniority"), *Seniority.choices]
    )
    top = forms.IntegerField(required=False, min_value=1, max_value=50, initial=10)

    def filters(self) -> dict[str, Any]:
        """Keyword filters for the recommendation selectors (invalid input = no filter)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "remote": {"yes": True, "no": False}.get(data.get("remote") or ""),
            "location": data.get("location") or None,
            "seniority_filter": data.get("seniority") or None,
        }

    def top_n(self) -> int:
        return (self.cleaned_data.get("top") if self.is_valid() else None) or 10
