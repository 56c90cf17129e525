"""Forms of the screening pages (validation only; the services do the work)."""

from __future__ import annotations

from django import forms
from django.db.models import Count

from jobs.models import JobPosting
from screener.models import Team
from screening.models import Candidate
from screening.ranking import MAX_WEIGHT
from screening.scoring import COMPONENT_LABELS, COMPONENTS


class JobChoiceField(forms.ModelChoiceField):
    """Jobs as "position at company"; positions that repeat also show the posting date."""

    repeated: frozenset[str] = frozenset()

    def label_from_instance(self, obj: JobPosting) -> str:
        if obj.position not in self.repeated:
            return str(obj)
        posted = obj.posted_at.date().isoformat() if obj.posted_at else "no date"
        return f"{obj.position} at {obj.company or 'unknown company'} · posted {posted}"


class NewScreeningForm(forms.Form):
    """Pick a job and which resumes to screen against it (``initial={"job": id}`` preselects)."""

    job = JobChoiceField(queryset=JobPosting.objects.none())
    skill = forms.CharField(required=False, help_text="only resumes mentioning this skill")
    role = forms.CharField(required=False, help_text="only resumes whose role contains this")
    name_blind = forms.BooleanField(
        required=False, initial=True, help_text="hide names until a decision is made"
    )

    def __init__(self, team: Team, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        jobs = JobPosting.objects.filter(team=team)
        self.fields["job"].queryset = jobs.order_by("position", "id")
        repeated = jobs.values("position").annotate(n=Count("id")).filter(n__gt=1)
        self.fields["job"].repeated = frozenset(repeated.values_list("position", flat=True))


def _split_skills(raw: str) -> list[str]:
    return [s.strip() for s in raw.replace("\n", ",").split(",") if s.strip()]


class WeightsForm(forms.Form):
    """Component weights and the job's must-haves; any change re-ranks instantly."""

    required = forms.CharField(
        required=False, label="Must-have skills", help_text="comma-separated"
    )
    nice = forms.CharField(required=False, label="Nice-to-have skills", help_text="comma-separated")
    min_years = forms.FloatField(required=False, min_value=0, max_value=50, label="Minimum years")
    confirmed = forms.BooleanField(
        required=False,
        label="Filter on these",
        help_text="leave out candidates who miss the must-haves or the minimum years",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for key in COMPONENTS:
            self.fields[f"w_{key}"] = forms.FloatField(
                label=COMPONENT_LABELS[key], min_value=0, max_value=MAX_WEIGHT
            )

    def error_text(self) -> str:
        """Every error in one line, each named by its field's label ("Skill match: ...")."""
        parts = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            parts += [f"{label}: {e}" if label else e for e in errors]
        return "; ".join(parts)

    def weights(self) -> dict[str, float]:
        return {k: self.cleaned_data[f"w_{k}"] for k in COMPONENTS}

    def required_skills(self) -> list[str]:
        return _split_skills(self.cleaned_data.get("required") or "")

    def nice_skills(self) -> list[str]:
        return _split_skills(self.cleaned_data.get("nice") or "")

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not any(data.get(f"w_{k}") for k in COMPONENTS):
            raise forms.ValidationError("At least one weight must be above 0.")
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Candidate.Decision.choices)
    note = forms.CharField(required=False, max_length=2000)


class TopNForm(forms.Form):
    n = forms.IntegerField(min_value=1, max_value=50, initial=5, label="Top N")
