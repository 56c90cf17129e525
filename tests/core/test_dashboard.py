"""The dashboard: the team's counts, its runs, the LLM budget and its recent decisions only."""

from __future__ import annotations

from django.urls import reverse

from resumes.models import FailedResume
from screening.models import Candidate
from screening.services import set_decision
from tests.jobs.conftest import make_job
from tests.screening.fakes import make_resume


def _candidate(team, name: str, job_id: str):  # noqa: ANN001, ANN202
    job = make_job(team, external_id=job_id)
    resume = make_resume(team, f"{name}\nBackend Engineer\nSkills: Python\n", name=name)
    return Candidate.objects.create(team=team, job=job, resume=resume)


def test_it_counts_only_the_teams_rows(auth_client, team, other_team) -> None:  # noqa: ANN001
    _candidate(team, "Ada Lovelace", "a1")
    make_job(team, external_id="a2")
    FailedResume.objects.create(team=team, source_ref="scan.pdf", error_message="no text")
    _candidate(other_team, "Eve Other", "b1")
    page = auth_client.get(reverse("dashboard")).content.decode()
    assert "<strong>2</strong> jobs" in page
    assert "<strong>1</strong> resume<" in page
    assert "<strong>1</strong> failed resume<" in page
    assert "Start here" not in page


def test_it_tells_a_new_team_where_to_start(auth_client) -> None:  # noqa: ANN001
    page = auth_client.get(reverse("dashboard")).content.decode()
    assert "Start here" in page and "No decisions yet" in page


def test_it_lists_recent_decisions_of_the_team_newest_first(
    auth_client, user, team, other_team
) -> None:  # noqa: ANN001
    first = _candidate(team, "Ada Lovelace", "a1")
    second = _candidate(team, "Grace Hopper", "a2")
    theirs = _candidate(other_team, "Eve Other", "b1")
    set_decision(first, "reject", user, note="no Django")
    set_decision(second, "shortlist", user)
    set_decision(theirs, "shortlist", None)
    page = auth_client.get(reverse("dashboard")).content.decode()
    recent = page[page.index("Recent decisions") :]
    assert recent.index("Grace Hopper") < recent.index("Ada Lovelace")
    assert "no Django" in recent and "Shortlisted" in recent
    assert "Eve Other" not in page


def test_the_dashboard_query_count_does_not_grow_with_decisions(
    auth_client, user, team, django_assert_max_num_queries
) -> None:  # noqa: ANN001
    for i in range(6):
        set_decision(_candidate(team, f"Person {i}", f"j{i}"), "shortlist", user)
    with django_assert_max_num_queries(20):
        auth_client.get(reverse("dashboard"))
