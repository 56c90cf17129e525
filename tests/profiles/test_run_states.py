"""Profile rows take their state from the enhancement Run they wait on (issue 17)."""

from __future__ import annotations

import re

from django.urls import reverse

from profiles.models import CandidateProfile
from runs import executor
from runs.models import Run
from tests.profiles.conftest import make_profile


def _row(page: str, name: str) -> str:
    start = page.index(f">{name}</a>")
    return page[start : page.index("</tr>", start)]


def test_every_row_says_cancelled_after_enhance_all_and_cancel(auth_client, team) -> None:
    make_profile(team, name="Ada One")
    make_profile(team, name="Bo Two")
    auth_client.post(reverse("profiles:enhance-all"))
    run = Run.objects.get(team=team, kind="enhance_profiles")
    assert "Queued" in _row(auth_client.get(reverse("profiles:index")).content.decode(), "Ada One")
    auth_client.post(reverse("runs:action", args=[run.id, "cancel"]))
    page = auth_client.get(reverse("profiles:index")).content.decode()
    for name in ("Ada One", "Bo Two"):
        assert "Cancelled by alice" in _row(page, name)
        assert "Queued" not in _row(page, name)
    detail = auth_client.get(reverse("profiles:detail", args=[run.items.first().key]))
    assert "Cancelled by alice" in detail.content.decode()


def test_a_row_says_why_its_run_is_paused(auth_client, team, settings) -> None:
    settings.GROQ_API_KEY, settings.LLM_BASE_URL = "", ""
    profile = make_profile(team, name="Cy Three")
    url = reverse("profiles:enhance", args=[profile.pk])
    told = auth_client.post(url, {"instruction": ""}, follow=True).content.decode()
    assert "It will wait: No LLM is configured" in told  # a forced post is told, not green
    executor.execute_run(Run.objects.get(team=team).id)  # what a worker does: it pauses
    page = auth_client.get(reverse("profiles:index")).content.decode()
    assert "Paused: no LLM configured" in _row(page, "Cy Three")
    detail = auth_client.get(reverse("profiles:detail", args=[profile.pk])).content.decode()
    assert "Paused: no LLM configured" in detail


def test_a_settled_profile_shows_its_own_status(auth_client, team) -> None:
    profile = make_profile(team, name="Di Four")
    auth_client.post(reverse("profiles:enhance", args=[profile.pk]), {"instruction": ""})
    run = Run.objects.get(team=team)
    run.items.update(status="done")
    CandidateProfile.objects.filter(pk=profile.pk).update(enhancement_status="done")
    page = auth_client.get(reverse("profiles:index")).content.decode()
    assert "Enhanced" in _row(page, "Di Four")


def test_another_teams_run_never_colours_our_rows(auth_client, team, other_team) -> None:
    ours = make_profile(team, name="Eve Five")
    from runs.services import create_run

    create_run(other_team, "enhance_profiles", "theirs", [str(ours.pk)])
    page = auth_client.get(reverse("profiles:index")).content.decode()
    assert "Not enhanced" in _row(page, "Eve Five")


def test_enhance_and_enhance_all_are_disabled_with_the_reason_without_an_llm(
    auth_client, team, settings
) -> None:
    settings.GROQ_API_KEY, settings.LLM_BASE_URL = "", ""
    profile = make_profile(team, name="Fay Six")
    index = auth_client.get(reverse("profiles:index")).content.decode()
    assert re.search(
        r'<button class="primary" disabled title="No LLM is configured[^>]*>'
        r"Enhance all profiles</button>",
        index,
    )
    detail = auth_client.get(reverse("profiles:detail", args=[profile.pk])).content.decode()
    assert re.search(r'disabled title="No LLM is configured[^>]*>Enhance</button>', detail)
    assert "No LLM is configured: ask an administrator" in detail


def test_enhance_buttons_are_enabled_with_an_llm(auth_client, team, fake_groq) -> None:
    profile = make_profile(team, name="Gus Seven")
    detail = auth_client.get(reverse("profiles:detail", args=[profile.pk])).content.decode()
    assert re.search(r'<button class="primary"\s*>Enhance</button>', detail)
    assert "No LLM is configured" not in detail
