"""rederive_requirements: the re-extraction that used to be data migration jobs 0003."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jobs.models import JobPosting
from tests.jobs.conftest import make_job

STALE = {"required_skills": ["Cobol"], "nice_to_have_skills": [], "min_years": 9}


def _stale(job: JobPosting, **fields: object) -> JobPosting:
    JobPosting.objects.filter(id=job.id).update(**STALE, **fields)
    return JobPosting.objects.get(id=job.id)


def test_it_re_extracts_unenriched_jobs_and_keeps_the_llms_lists(team) -> None:
    plain = _stale(make_job(team, "a"))
    enriched = _stale(make_job(team, "b"), enrichment_status=JobPosting.Enrichment.DONE)
    out = StringIO()
    call_command("rederive_requirements", stdout=out)
    plain.refresh_from_db()
    enriched.refresh_from_db()
    assert "Python" in plain.required_skills and plain.min_years == 3
    assert (enriched.required_skills, enriched.min_years) == (["Cobol"], 9)
    assert out.getvalue().strip() == "1 job(s) got new requirements."
    again = StringIO()
    call_command("rederive_requirements", stdout=again)
    assert again.getvalue().strip() == "0 job(s) got new requirements."


def test_it_touches_only_the_named_team(team, other_team) -> None:
    ours, theirs = _stale(make_job(team, "a")), _stale(make_job(other_team, "a"))
    call_command("rederive_requirements", "--team", team.name, stdout=StringIO())
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.min_years == 3 and theirs.min_years == 9


def test_it_changes_nothing_for_an_unknown_team(team) -> None:
    job = _stale(make_job(team, "a"))
    with pytest.raises(CommandError, match="no team named"):
        call_command("rederive_requirements", "--team", "Nobody", stdout=StringIO())
    job.refresh_from_db()
    assert job.min_years == 9
