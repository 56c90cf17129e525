"""Issue 15 against the fake Groq server: the professional summary is section 1 of the same
single call and passes the same factual guard; per-kind caps (project 1,000 characters,
experience 2,000) and the no-emoji rule are enforced by the guard with a reason, the
original kept; the result shows model, calls, tokens and success rates."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from profiles.enhancement import enhance_profile
from profiles.models import (
    CandidateProfile,
    ProfileExperience,
    ProfileProject,
    ProfileSummary,
    Section,
)
from profiles.prompts import PURPOSE
from screener.services import create_team_user
from tests.profiles.conftest import faithful_responder, make_profile, reword, sections_in

pytestmark = pytest.mark.django_db(transaction=True)

SUMMARY = "Backend engineer who builds payment systems in Python and mentors junior engineers."
# 600 characters of plain words: a rewrite may double it, but a project stays under 1,000.
LONG_TEXT = ("Kept the invoice exporter simple for accountants and wrote its guide. " * 9)[
    :600
].strip()


def _answer_with(overrides: dict[str, str]):  # noqa: ANN202
    """A responder rewording every section faithfully except the ids in ``overrides``."""

    def responder(body: dict) -> dict:
        asked = sections_in(body)
        items = [{"id": k, "enhanced": overrides.get(k, reword(v))} for k, v in asked.items()]
        return {"sections": items}

    return responder


def _long_rewrite(text: str, size: int) -> str:
    """A faithful rewrite (only the original's words) of exactly ``size`` characters."""
    out = ("Reworded: " + " ".join([text] * (size // len(text) + 1)))[:size]
    return out[:-1] + "x" if out.endswith(" ") else out


def test_the_summary_is_section_one_of_the_same_single_call(team, fake_groq) -> None:
    profile = make_profile(team, experiences=2, projects=1, professional_summary=SUMMARY)
    fake_groq.set_responder(PURPOSE, faithful_responder)
    summary = enhance_profile(profile)
    calls = fake_groq.completions(PURPOSE)
    assert len(calls) == 1  # summary, experiences and projects together
    asked = sections_in(calls[0].body)
    row = ProfileSummary.objects.get(profile=profile)
    assert list(asked)[0] == f"S{row.pk}" and len(asked) == 4
    assert asked[f"S{row.pk}"] == SUMMARY
    assert 'kind="summary"' in calls[0].body["messages"][-1]["content"]
    assert (summary.sections_requested, summary.sections_enhanced) == (4, 4)
    assert row.enhancement_status == Section.Status.PROPOSED
    assert row.enhanced_description == reword(SUMMARY)
    profile.refresh_from_db()
    assert profile.professional_summary == SUMMARY  # the original is never overwritten


def test_an_invented_fact_in_the_summary_is_refused_like_any_section(team, fake_groq) -> None:
    profile = make_profile(team, experiences=1, projects=0, professional_summary=SUMMARY)
    invented = "Backend engineer with 10 years at Globex Corporation building payment systems."
    fake_groq.set_responder(PURPOSE, lambda body: _refuse_summary(body, invented))
    summary = enhance_profile(profile)
    row = ProfileSummary.objects.get(profile=profile)
    assert len(fake_groq.completions(PURPOSE)) == 1  # a refusal is final, not re-requested
    assert row.enhancement_status == Section.Status.REFUSED
    assert "numbers absent from the original: 10" in row.enhancement_note
    assert "Globex" in row.enhancement_note
    assert row.refused_text == invented and row.enhanced_description == ""
    assert row.final_description == SUMMARY
    assert (summary.sections_enhanced, summary.sections_refused) == (1, 1)
    assert profile.experiences.get().enhancement_status == Section.Status.PROPOSED


def _refuse_summary(body: dict, text: str) -> dict:
    asked = sections_in(body)
    return {
        "sections": [
            {"id": k, "enhanced": text if k.startswith("S") else reword(v)}
            for k, v in asked.items()
        ]
    }


def test_a_project_rewrite_over_1000_characters_is_refused_with_the_reason(team, fake_groq) -> None:
    profile = make_profile(team, experiences=1, projects=1)
    experience, project = profile.experiences.get(), profile.projects.get()
    ProfileExperience.objects.filter(pk=experience.pk).update(description=LONG_TEXT)
    ProfileProject.objects.filter(pk=project.pk).update(description=LONG_TEXT)
    rewrite = _long_rewrite(LONG_TEXT, 1_100)
    overrides = {f"E{experience.pk}": rewrite, f"P{project.pk}": rewrite}
    fake_groq.set_responder(PURPOSE, _answer_with(overrides))
    enhance_profile(profile)
    project.refresh_from_db()
    experience.refresh_from_db()
    assert project.enhancement_status == Section.Status.REFUSED
    assert project.enhancement_note == (
        "the enhanced text is too long: 1,100 characters, over the 1,000-character cap "
        "for a project description"
    )
    assert project.description == LONG_TEXT and project.final_description == LONG_TEXT
    assert project.refused_text == rewrite and project.enhanced_description == ""
    # The same 1,100 characters are fine for an experience (its cap is 2,000).
    assert experience.enhancement_status == Section.Status.PROPOSED
    assert experience.enhanced_description == rewrite


def test_an_experience_rewrite_over_2000_characters_is_refused(team, fake_groq) -> None:
    profile = make_profile(team, experiences=1, projects=0)
    experience = profile.experiences.get()
    original = LONG_TEXT * 2  # 1,200 characters: growth alone would allow 2,600
    ProfileExperience.objects.filter(pk=experience.pk).update(description=original)
    rewrite = _long_rewrite(original, 2_050)
    fake_groq.set_responder(PURPOSE, _answer_with({f"E{experience.pk}": rewrite}))
    enhance_profile(profile)
    experience.refresh_from_db()
    assert experience.enhancement_status == Section.Status.REFUSED
    assert experience.enhancement_note == (
        "the enhanced text is too long: 2,050 characters, over the 2,000-character cap "
        "for an experience description"
    )
    assert experience.final_description == original


@pytest.mark.parametrize(
    ("tail", "symbol"),
    [
        ("Exports invoices 🚀.", "🚀"),
        ("Exports invoices ★ on request.", "★"),
        ("Exports invoices ✓.", "✓"),
        ("Exports invoices → for accountants.", "→"),
        ("Exports invoices • fast.", "•"),
        ("Exports invoices ❤️.", "❤ U+FE0F (variation selector-16)"),
    ],
)
def test_an_emoji_or_decorative_symbol_is_refused_with_the_reason(
    team, fake_groq, tail: str, symbol: str
) -> None:
    profile = make_profile(team, experiences=0, projects=1)
    project = profile.projects.get()
    text = f"{project.description} {tail}"
    fake_groq.set_responder(PURPOSE, _answer_with({f"P{project.pk}": text}))
    enhance_profile(profile)
    project.refresh_from_db()
    assert project.enhancement_status == Section.Status.REFUSED
    assert project.enhancement_note == f"contains emojis or decorative symbols: {symbol}"
    assert project.refused_text == text and project.enhanced_description == ""
    assert project.final_description == project.description  # original kept


def test_bullets_opening_a_line_become_plain_dashes_not_refusals(team, fake_groq) -> None:
    profile = make_profile(team, experiences=1, projects=0)
    experience = profile.experiences.get()
    text = "• Built payment APIs in Python.\n• Worked with Django for the billing team."
    fake_groq.set_responder(PURPOSE, _answer_with({f"E{experience.pk}": text}))
    enhance_profile(profile)
    experience.refresh_from_db()
    assert experience.enhancement_status == Section.Status.PROPOSED
    assert experience.enhanced_description == (
        "- Built payment APIs in Python.\n- Worked with Django for the billing team."
    )


def test_the_prompt_states_the_caps_and_the_no_emoji_rule(team, fake_groq, settings) -> None:
    settings.PROFILE_ENHANCED_MAX_CHARS = {"summary": 900, "experience": 1_500, "project": 700}
    profile = make_profile(team, experiences=1, projects=0)
    fake_groq.set_responder(PURPOSE, faithful_responder)
    enhance_profile(profile)
    system = fake_groq.completions(PURPOSE)[0].body["messages"][0]["content"]
    assert "900 characters for the summary, 1,500 for an experience and" in system
    assert "700 for a project" in system
    assert "no emojis" in system


def test_the_result_shows_model_calls_tokens_and_success_rates(
    team, fake_groq, auth_client
) -> None:
    profile = make_profile(team, experiences=2, projects=1, professional_summary=SUMMARY)
    project = profile.projects.get()
    emoji = reword(project.description) + " 🚀"
    fake_groq.set_responder(PURPOSE, _answer_with({f"P{project.pk}": emoji}))
    summary = enhance_profile(profile)
    assert summary.model == "openai/gpt-oss-20b"
    assert (summary.llm_calls, summary.calls_succeeded) == (1, 1)
    assert summary.call_success_rate == 1.0 and summary.section_success_rate == 0.75
    tokens = summary.prompt_tokens + summary.completion_tokens
    assert summary.prompt_tokens > 0 and summary.completion_tokens > 0
    profile.refresh_from_db()
    assert profile.enhancement_summary["section_success_rate"] == 0.75
    page = auth_client.get(reverse("profiles:detail", args=[profile.pk])).content.decode()
    assert "Last enhancement with openai/gpt-oss-20b" in page
    assert "(success rate 75%)" in page and "1 LLM call (100% succeeded)" in page
    assert f"{tokens} tokens" in page


def test_a_failed_call_lowers_the_call_success_rate(team, fake_groq, settings) -> None:
    settings.LLM_PROVIDER_RETRIES = 1
    profile = make_profile(team, experiences=1, projects=0)
    fake_groq.set_responder(PURPOSE, faithful_responder)
    fake_groq.inject(500, 1)  # the first attempt fails, the retry answers
    summary = enhance_profile(profile)
    assert summary.sections_enhanced == 1
    assert (summary.llm_calls, summary.calls_succeeded, summary.call_success_rate) == (2, 1, 0.5)


def test_the_command_prints_model_and_success_rates(team, fake_groq) -> None:
    make_profile(team, experiences=1, projects=1, professional_summary=SUMMARY)
    fake_groq.set_responder(PURPOSE, faithful_responder)
    out = io.StringIO()
    call_command("enhance_profiles", "--wait", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "openai/gpt-oss-20b" in text and "100%" in text
    assert "LLM calls: 1 (100% succeeded, 0 rate-limited, 0 failed)" in text
    out = io.StringIO()
    call_command("enhance_profiles", "--wait", "--json", stdout=out, stderr=io.StringIO())
    payload = json.loads(out.getvalue())
    (only,) = payload["profiles"].values()
    assert only["sections_requested"] == 3 and only["model"] == "openai/gpt-oss-20b"


# --- the summary as a section on the pages ---------------------------------------------------


def test_the_summary_is_shown_and_decided_like_the_other_sections(team, auth_client) -> None:
    profile = make_profile(team, experiences=1, projects=0, professional_summary=SUMMARY)
    row = ProfileSummary.objects.create(
        profile=profile,
        description=SUMMARY,
        enhanced_description="Builds payment systems in Python; mentors junior engineers.",
        enhancement_status=Section.Status.PROPOSED,
    )
    page = auth_client.get(reverse("profiles:detail", args=[profile.pk])).content.decode()
    assert f'id="section-summary-{row.pk}"' in page and "Professional summary" in page
    url = reverse("profiles:section-decision", args=[profile.pk, "summary", row.pk, "accept"])
    assert auth_client.post(url, HTTP_HX_REQUEST="true").status_code == 200
    row.refresh_from_db()
    assert row.enhancement_status == Section.Status.ACCEPTED
    page = auth_client.get(reverse("profiles:detail", args=[profile.pk])).content.decode()
    card = page.split('class="card enhance"')[0]
    assert "Builds payment systems in Python; mentors junior engineers." in card


def test_another_teams_summary_decision_is_a_404(auth_client, other_team) -> None:
    profile = make_profile(other_team, professional_summary=SUMMARY)
    row = ProfileSummary.objects.create(
        profile=profile,
        description=SUMMARY,
        enhanced_description="x",
        enhancement_status="proposed",
    )
    url = reverse("profiles:section-decision", args=[profile.pk, "summary", row.pk, "accept"])
    assert auth_client.post(url).status_code == 404
    row.refresh_from_db()
    assert row.enhancement_status == Section.Status.PROPOSED


def test_editing_the_summary_discards_its_stale_enhancement(team, auth_client) -> None:
    profile = make_profile(team, experiences=0, projects=0, professional_summary=SUMMARY)
    ProfileSummary.objects.create(
        profile=profile,
        description=SUMMARY,
        enhanced_description="Old.",
        enhancement_status="accepted",
    )
    data = {
        "name": profile.name,
        "headline": profile.headline,
        "professional_summary": "A new summary written by hand.",
        "skills": "",
        "seniority": "senior",
        "total_years": "",
        "location": "",
        "writing_sample": "",
        "exp-TOTAL_FORMS": "0",
        "exp-INITIAL_FORMS": "0",
        "proj-TOTAL_FORMS": "0",
        "proj-INITIAL_FORMS": "0",
    }
    assert auth_client.post(reverse("profiles:edit", args=[profile.pk]), data).status_code == 302
    row = ProfileSummary.objects.get(profile=profile)
    assert (row.description, row.enhanced_description) == ("A new summary written by hand.", "")
    assert row.enhancement_status == Section.Status.NONE
    data["professional_summary"] = ""
    auth_client.post(reverse("profiles:edit", args=[profile.pk]), data)
    assert not ProfileSummary.objects.filter(profile=profile).exists()
    assert CandidateProfile.objects.get(pk=profile.pk).professional_summary == ""


def test_the_admin_shows_the_summary_enhancement_inline(team) -> None:
    _, staff = create_team_user(team.name, "staffer", "an-admin-password", staff=True)
    client = Client()
    client.force_login(staff)
    profile = make_profile(team, experiences=1, projects=0, professional_summary=SUMMARY)
    ProfileSummary.objects.create(
        profile=profile, description=SUMMARY, enhanced_description="Proposed summary text."
    )
    url = reverse("admin:profiles_candidateprofile_change", args=[profile.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"Proposed summary text." in page.content and b"summary_section-" in page.content
