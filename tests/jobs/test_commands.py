"""import_jobs and enrich_jobs management commands."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jobs.models import JobPosting
from jobs.prompts import PURPOSE
from runs.models import Run
from tests.jobs.conftest import DEMO_FEED, entry, feed_bytes, packed_answer


def test_it_imports_the_demo_feed_with_a_summary_and_is_idempotent(team) -> None:
    out = StringIO()
    call_command("import_jobs", str(DEMO_FEED), "--team", team.name, stdout=out, stderr=StringIO())
    assert "created                20" in out.getvalue()
    assert "legal notices skipped  1" in out.getvalue()
    again = StringIO()
    call_command("import_jobs", str(DEMO_FEED), stdout=again)  # the only team is the default
    assert "unchanged              20" in again.getvalue()
    assert JobPosting.objects.count() == 20


def test_it_lists_rejected_entries_and_exits_non_zero(team, tmp_path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_bytes(feed_bytes(entry(id="1"), entry(id="2", position=None)))
    out = StringIO()
    with pytest.raises(CommandError, match="1 entry rejected"):
        call_command("import_jobs", str(feed), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert (report["created"], report["rejected"]) == (1, 1)
    assert report["problems"][0]["id"] == "2"
    assert JobPosting.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"), [(b"nope", "not valid JSON"), (None, "no such file")]
)
def test_it_imports_nothing_from_a_bad_or_missing_file(team, tmp_path, content, message) -> None:
    feed = tmp_path / "feed.json"
    if content is not None:
        feed.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_jobs", str(feed))
    assert not JobPosting.objects.exists()


def test_it_refuses_a_url_on_a_private_address(team) -> None:
    with pytest.raises(CommandError, match="could not fetch"):
        call_command("import_jobs", "http://10.0.0.1/feed.json")


def test_it_asks_for_a_team_when_several_exist(team, other_team) -> None:
    with pytest.raises(CommandError, match="--team"):
        call_command("import_jobs", str(DEMO_FEED))


@pytest.mark.django_db(transaction=True)
def test_enrich_jobs_wait_runs_to_the_end_and_prints_a_summary(team, fake_groq) -> None:
    call_command("import_jobs", str(DEMO_FEED), stdout=StringIO())
    fake_groq.set_responder(PURPOSE, packed_answer)
    out = StringIO()
    call_command("enrich_jobs", "--wait", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert (summary["status"], summary["done"], summary["failed"]) == ("done", 20, 0)
    assert len(fake_groq.completions(PURPOSE)) == 3  # 20 jobs in packs of at most 8
    nothing = StringIO()
    call_command("enrich_jobs", "--wait", stdout=nothing)
    assert "Nothing to do" in nothing.getvalue()


def test_enrich_jobs_queues_a_run_by_default(team) -> None:
    call_command("import_jobs", str(DEMO_FEED), stdout=StringIO())
    out = StringIO()
    call_command("enrich_jobs", stdout=out)
    run = Run.objects.get()
    assert f"Queued run {run.id}" in out.getvalue() and run.total == 20
    with pytest.raises(CommandError, match="already"):
        call_command("enrich_jobs")
