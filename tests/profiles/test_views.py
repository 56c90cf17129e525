"""Profile pages: team scoping (404 for another team), create/edit with nothing saved on
error, accept/reject, starting an enhancement Run, recommendation fragments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from profiles.models import CandidateProfile, ProfileExperience, Section
from runs.models import Run
from tests.profiles.conftest import make_profile
from tests.screening.fakes import make_job, make_resume

RESUME = (
    "Jordan Smith\nSenior Backend Engineer\njordan@example.com\n\nSummary\n"
    "Backend engineer who builds payment systems.\n\nExperience\n"
    "Senior Backend Engineer, Northwind Traders, Jan 2019 - Present\n"
    "- Built payment APIs in Python and Django.\n- Mentored two engineers.\n\n"
    "Skills\nPython, Django, PostgreSQL\n"
)


def _form_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Casey Hand",
        "headline": "Data Engineer",
        "professional_summary": "",
        "skills": "python, airflow",
        "seniority": "mid",
        "total_years": "4",
        "location": "Lisbon",
        "writing_sample": "",
        "exp-TOTAL_FORMS": "1",
        "exp-INITIAL_FORMS": "0",
        "exp-0-title": "Data Engineer",
        "exp-0-company": "Initech",
        "exp-0-start": "2021",
        "exp-0-end": "Present",
        "exp-0-description": "Built batch pipelines in Airflow.",
        "proj-TOTAL_FORMS": "0",
        "proj-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_it_lists_only_the_teams_profiles(auth_client, team, other_team) -> None:
    make_profile(team, name="Ours")
    make_profile(other_team, name="Theirs")
    page = auth_client.get(reverse("profiles:index")).content.decode()
    assert "Ours" in page and "Theirs" not in page


def test_the_empty_list_says_what_to_do(auth_client) -> None:
    page = auth_client.get(reverse("profiles:index")).content.decode()
    assert "No candidate profiles yet" in page


def test_it_creates_a_profile_by_hand(auth_client, team) -> None:
    response = auth_client.post(reverse("profiles:create"), _form_data())
    profile = CandidateProfile.objects.get(team=team)
    assert response.status_code == 302
    assert profile.skills == ["Python", "Apache Airflow"]  # vocabulary names
    assert profile.experiences.get().company == "Initech"


def test_an_invalid_form_creates_nothing(auth_client) -> None:
    response = auth_client.post(reverse("profiles:create"), _form_data(name=""))
    assert response.status_code == 200
    assert not CandidateProfile.objects.exists() and not ProfileExperience.objects.exists()


def test_editing_an_original_discards_its_stale_enhancement(auth_client, team) -> None:
    profile = make_profile(team, experiences=1, projects=0)
    exp = profile.experiences.get()
    ProfileExperience.objects.filter(pk=exp.pk).update(
        enhanced_description="Old.", enhancement_status=Section.Status.PROPOSED
    )
    data = _form_data(**{
        "exp-INITIAL_FORMS": "1", "exp-0-id": str(exp.pk), "exp-0-profile": str(profile.pk),
        "exp-0-description": "A new original text.",
    })  # fmt: skip
    auth_client.post(reverse("profiles:edit", args=[profile.pk]), data)
    exp.refresh_from_db()
    assert (exp.description, exp.enhanced_description) == ("A new original text.", "")
    assert exp.enhancement_status == Section.Status.NONE


def test_it_creates_a_profile_from_a_resume(auth_client, team) -> None:
    resume = make_resume(team, RESUME, name="Jordan Smith")
    response = auth_client.post(reverse("profiles:from-resume"), {"resume": resume.pk})
    profile = CandidateProfile.objects.get(team=team)
    assert response.status_code == 302 and profile.resume_id == resume.pk
    assert profile.name == "Jordan Smith"
    assert profile.experiences.count() == len(resume.record["experiences"])


def test_another_teams_resume_gives_404_and_creates_nothing(auth_client, other_team) -> None:
    resume = make_resume(other_team, RESUME, name="Jordan Smith")
    response = auth_client.post(reverse("profiles:from-resume"), {"resume": resume.pk})
    assert response.status_code == 404
    assert not CandidateProfile.objects.exists()


@pytest.mark.parametrize("name", ["detail", "edit", "sections", "recommendations"])
def test_another_teams_profile_is_a_404(auth_client, other_team, name: str) -> None:
    profile = make_profile(other_team)
    assert auth_client.get(reverse(f"profiles:{name}", args=[profile.pk])).status_code == 404


def test_the_detail_page_shows_original_and_enhanced_side_by_side(auth_client, team) -> None:
    profile = make_profile(team, experiences=1, projects=0)
    ProfileExperience.objects.filter(profile=profile).update(
        enhanced_description="Shipped payment APIs.", enhancement_status="proposed"
    )
    page = auth_client.get(reverse("profiles:detail", args=[profile.pk])).content.decode()
    assert "Built payment APIs" in page and "Shipped payment APIs." in page
    assert "Accept" in page and "Reject" in page


def test_it_accepts_and_rejects_a_section(auth_client, team) -> None:
    profile = make_profile(team, experiences=1, projects=0)
    exp = profile.experiences.get()
    ProfileExperience.objects.filter(pk=exp.pk).update(
        enhanced_description="Shipped payment APIs.", enhancement_status="proposed"
    )
    url = reverse("profiles:section-decision", args=[profile.pk, "experience", exp.pk, "accept"])
    response = auth_client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"section-row" in response.content
    exp.refresh_from_db()
    assert exp.enhancement_status == Section.Status.ACCEPTED
    assert exp.final_description == "Shipped payment APIs."
    auth_client.post(url.replace("accept", "reject"))
    exp.refresh_from_db()
    assert exp.enhancement_status == Section.Status.REJECTED
    assert exp.final_description == exp.description


def test_accepting_without_an_enhancement_changes_nothing(auth_client, team) -> None:
    profile = make_profile(team, experiences=1, projects=0)
    exp = profile.experiences.get()
    url = reverse("profiles:section-decision", args=[profile.pk, "experience", exp.pk, "accept"])
    assert auth_client.post(url).status_code == 404
    exp.refresh_from_db()
    assert exp.enhancement_status == Section.Status.NONE


def test_another_teams_section_decision_is_a_404(auth_client, other_team) -> None:
    profile = make_profile(other_team, experiences=1, projects=0)
    exp = profile.experiences.get()
    ProfileExperience.objects.filter(pk=exp.pk).update(enhanced_description="x")
    url = reverse("profiles:section-decision", args=[profile.pk, "experience", exp.pk, "accept"])
    assert auth_client.post(url).status_code == 404
    exp.refresh_from_db()
    assert exp.enhancement_status == Section.Status.NONE


def test_enhance_starts_a_run_for_the_profile(auth_client, team) -> None:
    profile = make_profile(team)
    url = reverse("profiles:enhance", args=[profile.pk])
    response = auth_client.post(url, {"instruction": "emphasise leadership"})
    assert response.status_code == 302
    run = Run.objects.get(team=team)
    assert run.kind == "enhance_profiles" and run.params == {"instruction": "emphasise leadership"}
    profile.refresh_from_db()
    assert profile.last_run_id == run.pk and profile.enhancement_status == "queued"
    page = auth_client.get(reverse("profiles:detail", args=[profile.pk])).content.decode()
    assert f"run-{run.pk}" in page and 'hx-trigger="every 2s"' in page


def test_enhancing_another_teams_profile_is_a_404(auth_client, other_team) -> None:
    profile = make_profile(other_team)
    assert auth_client.post(reverse("profiles:enhance", args=[profile.pk])).status_code == 404
    assert not Run.objects.exists()


def test_enhance_all_with_no_profiles_creates_no_run(auth_client) -> None:
    auth_client.post(reverse("profiles:enhance-all"))
    assert not Run.objects.exists()


def test_the_sections_fragment_stops_polling_when_no_run_is_active(auth_client, team) -> None:
    profile = make_profile(team)
    url = reverse("profiles:sections", args=[profile.pk])
    assert auth_client.get(url, HTTP_HX_REQUEST="true").status_code == 286


def test_recommendation_fragments_and_pages(auth_client, team, fake_embedder) -> None:
    job = make_job(team, external_id="py")
    resume = make_resume(team, RESUME, name="Jordan Smith")
    url = reverse("profiles:resume-recommendations", args=[resume.pk])
    fragment = auth_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="job-recommendations"' in fragment and "<html" not in fragment
    assert job.position in fragment and "Shares Python" in fragment
    assert "<html" in auth_client.get(url).content.decode()  # the href works without htmx
    candidates = auth_client.get(reverse("profiles:job-candidates", args=[job.pk])).content
    assert b"Jordan Smith" not in candidates and b"Resume R-" in candidates  # name-blind
    profile = make_profile(team)
    assert (
        job.position
        in auth_client.get(
            reverse("profiles:recommendations", args=[profile.pk]) + "?remote=&seniority=senior"
        ).content.decode()
    )


def test_recommendations_of_another_teams_objects_are_404(auth_client, other_team) -> None:
    job = make_job(other_team, external_id="py")
    resume = make_resume(other_team, RESUME, name="Jordan Smith")
    assert auth_client.get(reverse("profiles:job-candidates", args=[job.pk])).status_code == 404
    url = reverse("profiles:resume-recommendations", args=[resume.pk])
    assert auth_client.get(url).status_code == 404
