"""Recovery from a URL: a download that failed is queued with its URL and fetched again
(through the SSRF-safe fetcher, against a real local HTTP server) before the LLM sees it."""

from __future__ import annotations

import functools
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from resumes import recovery, review, services
from resumes.models import FailedResume, Resume
from screener.lib import fetch
from tests.resumes.conftest import demo_file
from tests.resumes.test_recovery import PURPOSE

pytestmark = pytest.mark.django_db(transaction=True)

URL = "http://cv.example.com/cv.txt"
# What the model answers for demo 02 (Mei Lin Chen): every part copied from the resume.
CHEN = {
    "job_role": "Junior Python Developer",
    "professional_summary": [
        "Junior Python developer with one year of professional experience building Django "
        "features and internal tools."
    ],
    "technical_skills": ["Python", "Django", "PostgreSQL"],
    "experiences": [
        {
            "title": "Junior Software Engineer",
            "company": "Harborview Software",
            "start": "Sep 2025",
            "end": "Present",
            "bullets": [],
        },
    ],  # fmt: skip
}


class _Site:
    """What the local server answers for /cv.txt: a status and a body, changeable by tests."""

    status = 503
    body = b""
    content_type = "text/plain; charset=utf-8"
    hits = 0


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: ANN002 - keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        _Site.hits += 1
        self.send_response(_Site.status)
        self.send_header("Content-Type", _Site.content_type)
        self.send_header("Content-Length", str(len(_Site.body)))
        self.end_headers()
        self.wfile.write(_Site.body)


@pytest.fixture
def site(monkeypatch) -> Iterator[type[_Site]]:
    """cv.example.com resolves to a public address whose connections reach a local server."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    _Site.status, _Site.body, _Site.hits = 503, b"", 0
    _Site.content_type = "text/plain; charset=utf-8"

    def connector(address: tuple[str, int], timeout: float) -> socket.socket:
        return socket.create_connection(("127.0.0.1", port), timeout)

    patched = functools.partial(
        fetch.fetch_url, resolver=lambda host, port: ["93.184.216.34"], connector=connector
    )
    monkeypatch.setattr(fetch, "fetch_url", patched)
    yield _Site
    httpd.shutdown()
    httpd.server_close()


def _chen_text() -> str:
    return demo_file("02").read_text()


def test_it_queues_a_failed_download_with_its_url_once(team, site) -> None:
    first = services.ingest_url(team, URL)
    again = services.ingest_url(team, URL)
    assert first.status == again.status == "failed" and "503" in first.message
    failed = FailedResume.objects.get()  # one row per URL, its reason refreshed
    assert (failed.source, failed.source_ref, failed.text) == ("url", URL, "")
    assert failed.error_message.startswith("download failed:") and "503" in failed.error_message
    assert not Resume.objects.exists()


def test_it_fetches_the_url_again_before_asking_the_llm(team, user, site, fake_groq) -> None:
    services.ingest_url(team, URL)
    failed = FailedResume.objects.get()
    site.status, site.body = 200, _chen_text().encode()
    fake_groq.set_static_response(PURPOSE, CHEN)
    outcome = recovery.recover_failed_resume(failed.id, review=True)
    assert outcome.status == "pending_review" and site.hits == 2
    sent = fake_groq.completions(PURPOSE)[0].body["messages"][1]["content"]
    assert "Harborview" in sent and "Mei Lin" not in sent  # re-fetched text, contact removed
    failed.refresh_from_db()
    assert failed.text.startswith("Mei Lin Chen\nJunior Python Developer")  # extracted text
    assert failed.content_hash == services.content_hash(site.body)
    resume = review.accept(team, failed.id, user)
    assert (resume.source, resume.source_ref, resume.candidate_name) == ("url", URL, "Mei Lin Chen")
    assert resume.parse_method == Resume.ParseMethod.LLM


def test_it_records_a_failed_refetch_as_the_reason(team, site, fake_groq) -> None:
    services.ingest_url(team, URL)
    failed = FailedResume.objects.get()
    site.status = 404
    outcome = recovery.recover_failed_resume(failed.id)
    assert outcome.status == "failed"
    failed.refresh_from_db()
    assert failed.error_message.startswith("downloading the resume again failed:")
    assert "404" in failed.error_message and failed.attempts == 1 and failed.text == ""
    assert fake_groq.completions(PURPOSE) == []  # nothing to send, no LLM call


def test_it_records_a_refetched_document_it_cannot_read(team, site, fake_groq) -> None:
    services.ingest_url(team, URL)
    failed = FailedResume.objects.get()
    site.status, site.content_type, site.body = 200, "application/pdf", b"%PDF-1.4 broken"
    recovery.recover_failed_resume(failed.id)
    failed.refresh_from_db()
    assert failed.error_message.startswith("the downloaded document could not be read:")
    assert fake_groq.completions(PURPOSE) == [] and not Resume.objects.exists()


def test_it_refuses_to_refetch_a_url_that_now_points_inward(team, fake_groq) -> None:
    """The re-fetch goes through the same SSRF guard: an internal address is refused."""
    failed = FailedResume.objects.create(
        team=team, source="url", source_ref="http://127.0.0.1/cv.txt", error_message="x"
    )
    recovery.recover_failed_resume(failed.id)
    failed.refresh_from_db()
    assert "loopback" in failed.error_message and fake_groq.completions(PURPOSE) == []
