"""Feed sources fetched by the schedule, against a real local HTTP server and the fake Groq.

Public names are simulated with an injected resolver and a connector that sends the checked
public address to the local test server, so the real SSRF-safe fetcher runs end to end.
"""

from __future__ import annotations

import functools
import json
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from jobs import feed_sources, services
from jobs.models import FeedSource, JobPosting
from jobs.prompts import PURPOSE
from runs import executor as runs
from runs.models import Run
from screener.lib import fetch
from tests.jobs.conftest import entry, make_job, packed_answer

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_IP = "93.184.216.34"
DNS = {"feeds.example.com": [PUBLIC_IP], "intranet.example.com": ["10.0.0.5"]}
LEGAL = {"legal": "Link back to the listing and credit Example Feeds."}
FEED = {"items": [LEGAL, entry(id="101", position="Backend Engineer"), entry(id="102")]}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: ANN002 - keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path == "/feed.json":
            body, status = json.dumps(FEED["items"]).encode(), 200
        elif self.path == "/broken.json":
            body, status = b'[{"id": "1", "position": ', 200
        else:
            body, status = b'{"error": "gone"}', 404
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def public_web(monkeypatch) -> Iterator[None]:
    """feeds.example.com resolves to a public address that reaches a local test server."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]

    def resolver(host: str, _port: int) -> list[str]:
        return DNS.get(host, ["203.0.113.9"])

    def connector(address: tuple[str, int], timeout: float) -> socket.socket:
        assert address[0] == PUBLIC_IP, f"connected to {address[0]}"
        return socket.create_connection(("127.0.0.1", port), timeout)

    real = fetch.fetch_url
    monkeypatch.setattr(
        fetch, "fetch_url", functools.partial(real, resolver=resolver, connector=connector)
    )
    FEED["items"] = [LEGAL, entry(id="101", position="Backend Engineer"), entry(id="102")]
    yield
    httpd.shutdown()
    httpd.server_close()


def _source(team, **fields) -> FeedSource:
    data = {
        "name": "Example Feeds",
        "url": "http://feeds.example.com/feed.json",
        "source": "examplefeeds",
        "interval_minutes": 60,
        "enabled": True,
        "auto_enrich": False,
    }
    data.update(fields)
    return feed_sources.save_feed_source(team, data)


def test_it_creates_the_schedules_once() -> None:
    feed_sources.ensure_schedules()
    feed_sources.ensure_schedules()
    fetch_task = Schedule.objects.get(name=feed_sources.FETCH_SCHEDULE)
    retry_task = Schedule.objects.get(name=feed_sources.RETRY_SCHEDULE)
    assert (fetch_task.func, fetch_task.minutes, fetch_task.repeats) == (
        "jobs.tasks.fetch_due_feeds",
        1,
        -1,
    )
    assert (retry_task.func, retry_task.minutes) == ("jobs.tasks.retry_failed_enrichments", 60)
    assert Schedule.objects.filter(name__in=[fetch_task.name, retry_task.name]).count() == 2


def test_a_scheduled_fetch_imports_new_jobs_records_it_and_starts_enrichment(
    team, public_web, fake_groq
) -> None:
    source = _source(team, auto_enrich=True)
    fake_groq.set_responder(PURPOSE, packed_answer)
    now = timezone.now()

    [fetched] = feed_sources.fetch_due_feeds(now=now)

    assert fetched.id == source.id
    assert (fetched.last_fetched_at, fetched.last_success_at, fetched.last_error) == (now, now, "")
    assert (fetched.last_imported, fetched.last_duplicates, fetched.last_rejected) == (2, 0, 0)
    assert fetched.next_fetch_at == now + timedelta(minutes=60)
    assert fetched.legal_notice == LEGAL["legal"]
    jobs = JobPosting.objects.filter(team=team, source="examplefeeds")
    assert sorted(jobs.values_list("external_id", flat=True)) == ["101", "102"]
    run = Run.objects.get(team=team, kind="enrich_jobs")
    assert fetched.last_run_id == run.id and run.total == 2
    assert f"run #{run.id} started for 2 jobs" in fetched.last_enrichment_note
    runs.execute_run(run.id)
    assert set(jobs.values_list("enrichment_status", flat=True)) == {"done"}

    # not due again before its interval; then a re-fetch updates instead of duplicating
    assert feed_sources.fetch_due_feeds(now=now + timedelta(minutes=59)) == []
    FEED["items"].append(entry(id="103", position="Data Engineer"))
    [again] = feed_sources.fetch_due_feeds(now=now + timedelta(minutes=61))
    assert (again.last_imported, again.last_duplicates, again.total_imported) == (1, 2, 3)
    assert jobs.count() == 3
    second = Run.objects.filter(team=team).latest("id")
    assert second.id != run.id and second.total == 1  # only the new job is sent


def test_without_auto_enrich_no_run_is_started(team, public_web, fake_groq) -> None:
    _source(team)
    [fetched] = feed_sources.fetch_due_feeds(now=timezone.now())
    assert fetched.last_imported == 2 and fetched.last_enrichment_note == ""
    assert not Run.objects.exists()


def test_auto_enrich_without_an_llm_imports_and_says_why_nothing_was_sent(team, public_web) -> None:
    source = _source(team, auto_enrich=True)
    fetched = feed_sources.fetch_source(source)  # no LLM configured
    assert fetched.last_enrichment_note.startswith("New jobs were not enriched: No LLM")
    assert not Run.objects.exists() and fetched.last_imported == 2


def test_auto_enrich_waits_for_a_running_enrichment_then_the_next_fetch_sends_the_jobs(
    team, public_web, fake_groq
) -> None:
    busy = services.start_enrichment(team, job_ids=[make_job(team, "busy").id])
    source = _source(team, auto_enrich=True)
    fetched = feed_sources.fetch_source(source)
    assert f"enrichment run #{busy.id} is in progress" in fetched.last_enrichment_note
    assert Run.objects.count() == 1 and fetched.last_imported == 2
    Run.objects.filter(id=busy.id).update(status=Run.Status.CANCELLED)
    again = feed_sources.fetch_source(source)  # nothing new, but the waiting jobs are sent
    assert (again.last_imported, again.last_duplicates) == (0, 2)
    assert again.last_run.total == 2 and again.last_run_id != busy.id


def test_a_broken_feed_records_a_readable_error_and_writes_nothing(team, public_web) -> None:
    source = _source(team, url="http://feeds.example.com/broken.json", auto_enrich=True)
    now = timezone.now()
    [fetched] = feed_sources.fetch_due_feeds(now=now)
    assert fetched.last_error.startswith("Nothing was imported: the feed is not valid JSON")
    assert fetched.last_fetched_at == now and fetched.last_success_at is None
    assert (fetched.last_imported, fetched.total_imported) == (0, 0)
    assert not JobPosting.objects.exists() and not Run.objects.exists()

    source.refresh_from_db()
    missing = feed_sources.fetch_source(
        feed_sources.save_feed_source(
            team,
            {**_fields(source), "url": "http://feeds.example.com/gone.json"},
            source,
        )
    )
    assert "404" in missing.last_error and not JobPosting.objects.exists()


def _fields(source: FeedSource) -> dict:
    return {name: getattr(source, name) for name in feed_sources.EDITABLE_FIELDS}


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.5/feed.json", "private"),
        ("http://127.0.0.1/feed.json", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://feeds.example.com:8080/feed.json", "port 8080"),
    ],
)
def test_a_private_feed_url_is_refused_with_the_reason_and_not_saved(team, url, reason) -> None:
    with pytest.raises(ValidationError) as refused:
        _source(team, url=url)
    assert reason in " ".join(refused.value.message_dict["url"])
    assert not FeedSource.objects.exists()


def test_a_host_name_resolving_to_a_private_address_is_refused_at_fetch(team, public_web) -> None:
    source = _source(team, url="http://intranet.example.com/feed.json")
    fetched = feed_sources.fetch_source(source)
    assert "blocked address 10.0.0.5" in fetched.last_error
    assert "private" in fetched.last_error
    assert not JobPosting.objects.exists()


def test_a_disabled_source_is_not_fetched_and_a_claimed_one_is_fetched_once(
    team, public_web
) -> None:
    off = _source(team, enabled=False, source="off")
    on = _source(team, source="on")
    now = timezone.now()
    due = feed_sources.due_sources(now)
    assert [s.id for s in due] == [on.id]
    assert feed_sources.claim(due[0], now)
    assert not feed_sources.claim(due[0], now)  # a second scheduler lost the race
    assert feed_sources.fetch_due_feeds(now=now) == []  # already claimed for this interval
    off.refresh_from_db()
    assert off.last_fetched_at is None


def test_the_source_name_is_unique_per_team(team, other_team) -> None:
    _source(team)
    with pytest.raises(ValidationError, match="already uses this source name"):
        _source(team, name="Again")
    _source(other_team)  # another team may use the same name
    assert FeedSource.objects.count() == 2


# --- pages --------------------------------------------------------------------------------------


def test_the_feeds_page_adds_lists_and_fetches_a_source(auth_client, team, public_web) -> None:
    form = {**_fields(FeedSource(**{"name": "Ex", "source": "ex", "interval_minutes": 30})),
            "url": "http://feeds.example.com/feed.json", "enabled": "on"}  # fmt: skip
    response = auth_client.post(reverse("jobs:feeds"), form, follow=True)
    source = FeedSource.objects.get(team=team)
    assert "fetched within a minute" in response.content.decode()
    response = auth_client.post(reverse("jobs:feed-fetch", args=[source.id]), follow=True)
    body = response.content.decode()
    assert "2 new, 0 already known, 0 rejected" in body
    job = JobPosting.objects.get(team=team, external_id="101")
    detail = auth_client.get(reverse("jobs:detail", args=[job.id])).content.decode()
    # the feed's terms: the job page links back to the posting and names the feed's site
    assert 'href="https://example.com/jobs/1"' in detail and "Source:" in detail
    assert 'href="http://feeds.example.com/"' in detail


def test_the_feeds_page_refuses_a_private_url_and_saves_nothing(auth_client) -> None:
    form = {"name": "Intranet", "url": "http://10.0.0.5/feed.json", "source": "x",
            "interval_minutes": 60, "enabled": "on"}  # fmt: skip
    response = auth_client.post(reverse("jobs:feeds"), form)
    assert response.status_code == 200
    assert "This URL cannot be fetched" in response.content.decode()
    assert not FeedSource.objects.exists()


def test_another_team_cannot_see_edit_fetch_or_delete_a_source(
    team, other_team_user, public_web
) -> None:
    source = _source(team)
    mallory = Client()
    mallory.force_login(other_team_user)
    assert "Example Feeds" not in mallory.get(reverse("jobs:feeds")).content.decode()
    assert mallory.get(reverse("jobs:feed-edit", args=[source.id])).status_code == 404
    edit = {**_fields(source), "name": "Hijacked", "enabled": "on"}
    assert mallory.post(reverse("jobs:feed-edit", args=[source.id]), edit).status_code == 404
    assert mallory.post(reverse("jobs:feed-fetch", args=[source.id])).status_code == 404
    assert mallory.post(reverse("jobs:feed-delete", args=[source.id])).status_code == 404
    source.refresh_from_db()
    assert (source.name, source.last_fetched_at) == ("Example Feeds", None)
    with pytest.raises(PermissionError):
        feed_sources.save_feed_source(other_team_user.memberships.get().team, edit, source)


def test_the_owner_edits_and_deletes_a_source_and_the_jobs_stay(
    auth_client, team, public_web
) -> None:
    source = feed_sources.fetch_source(_source(team))
    assert source.next_fetch_at == source.last_fetched_at + timedelta(minutes=60)
    edit = {**_fields(source), "name": "Renamed", "interval_minutes": 120, "enabled": "on"}
    auth_client.post(reverse("jobs:feed-edit", args=[source.id]), edit)
    source.refresh_from_db()
    assert (source.name, source.interval_minutes, source.next_fetch_at) == ("Renamed", 120, None)
    auth_client.post(reverse("jobs:feed-delete", args=[source.id]))
    assert not FeedSource.objects.exists() and JobPosting.objects.count() == 2


def test_the_command_fetches_due_sources_and_fails_when_one_fails(team, public_web) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    _source(team)
    out = StringIO()
    call_command("fetch_feeds", "--team", team.name, stdout=out)
    assert "Example Feeds" in out.getvalue() and JobPosting.objects.count() == 2
    out = StringIO()
    call_command("fetch_feeds", "--team", team.name, stdout=out)
    assert "No feed source is due" in out.getvalue()
    _source(team, name="Broken", source="broken", url="http://feeds.example.com/broken.json")
    with pytest.raises(CommandError, match="could not be fetched"):
        call_command("fetch_feeds", "--team", team.name, "--all", stdout=StringIO())


def test_the_admin_lists_sources_refuses_private_urls_and_fetches(team, public_web) -> None:
    from django.contrib.auth import get_user_model

    source = _source(team)
    staff = get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345678")
    admin = Client()
    admin.force_login(staff)
    listing = admin.get(reverse("admin:jobs_feedsource_changelist")).content.decode()
    assert "Example Feeds" in listing and "column-last_error" in listing
    form = {**_fields(source), "team": team.id, "url": "http://10.0.0.5/feed.json", "enabled": "on"}
    refused = admin.post(reverse("admin:jobs_feedsource_change", args=[source.id]), form)
    assert "This URL cannot be fetched" in refused.content.decode()
    source.refresh_from_db()
    assert source.url == "http://feeds.example.com/feed.json"
    action = {"action": "fetch_now", "_selected_action": [source.id]}
    admin.post(reverse("admin:jobs_feedsource_changelist"), action)
    source.refresh_from_db()
    assert source.last_imported == 2 and source.last_error == ""
    form.update(url="http://feeds.example.com/feed.json", name="Renamed", interval_minutes=30)
    admin.post(reverse("admin:jobs_feedsource_change", args=[source.id]), form)
    source.refresh_from_db()
    assert (source.name, source.interval_minutes, source.next_fetch_at) == ("Renamed", 30, None)
    assert source.last_imported == 2  # the fetch history is kept
