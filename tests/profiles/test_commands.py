"""The enhance_profiles and recommend commands."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from profiles.models import CandidateProfile, ProfileExperience
from profiles.prompts import PURPOSE
from runs.models import Run
from tests.profiles.conftest import faithful_responder, make_profile
from tests.profiles.test_recommendations import PYTHON_RESUME
from tests.screening.fakes import make_job, make_resume


def _call(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_enhance_profiles_wait_prints_calls_and_tokens_per_profile(team, fake_groq) -> None:
    profiles = [make_profile(team, experiences=3, projects=2) for _ in range(2)]
    fake_groq.set_responder(PURPOSE, faithful_responder)
    payload = json.loads(_call("enhance_profiles", "--wait", "--json"))
    assert payload["status"] == Run.Status.DONE and payload["errors"] == {}
    for profile in profiles:
        summary = payload["profiles"][str(profile.pk)]
        assert summary["sections_requested"] == summary["sections_enhanced"] == 5
        assert summary["llm_calls"] == 1 and summary["prompt_tokens"] > 0
    assert len(fake_groq.completions(PURPOSE)) == 2  # one call per profile


@pytest.mark.django_db(transaction=True)
def test_enhance_profiles_exits_non_zero_when_a_profile_fails(team, fake_groq) -> None:
    make_profile(team, experiences=1, projects=0)
    fake_groq.set_static_response(PURPOSE, {"sections": []})
    with pytest.raises(CommandError, match="1 profile"):
        _call("enhance_profiles", "--wait")


def test_enhance_profiles_creates_profiles_from_resumes(team) -> None:
    make_resume(team, PYTHON_RESUME, name="Pat Doe")
    assert "Created 1 profile" in _call("enhance_profiles", "--from-resumes", "--create-only")
    assert CandidateProfile.objects.get().name == "Pat Doe"
    assert ProfileExperience.objects.exists()
    assert not Run.objects.exists()


def test_enhance_profiles_with_nothing_to_do_is_an_error(team) -> None:
    with pytest.raises(CommandError, match="No profile"):
        _call("enhance_profiles")


def test_recommend_prints_json_for_a_resume(team, fake_embedder) -> None:
    job = make_job(team, external_id="py")
    resume = make_resume(team, PYTHON_RESUME, name="Pat Doe")
    rows = json.loads(_call("recommend", "--resume", str(resume.pk), "--top", "3", "--json"))
    assert rows[0]["job_id"] == job.pk and rows[0]["rank"] == 1
    assert "Python" in rows[0]["matched"]
    assert "Shares Python" in _call("recommend", "--resume", str(resume.pk))


def test_recommend_refuses_another_teams_resume(team, other_team) -> None:
    resume = make_resume(other_team, PYTHON_RESUME, name="Pat Doe")
    with pytest.raises(CommandError, match="no resume"):
        _call("recommend", "--team", team.name, "--resume", str(resume.pk))
