"""ingest_url: SSRF refusals, limits and a successful import, against a real local server.

Public names are simulated with an injected resolver and a connector that sends the
checked public address to the local test server, so the real fetch code runs end to end.
"""

from __future__ import annotations

import functools
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from resumes import services
from resumes.models import FailedResume, Resume
from screener.lib import fetch
from tests.resumes.conftest import demo_file

pytestmark = pytest.mark.django_db

PUBLIC_IP = "93.184.216.34"
DNS = {"cv.example.com": [PUBLIC_IP], "intranet.example.com": ["10.0.0.5"]}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: ANN002 - keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        route = getattr(self, "route_" + self.path.strip("/").replace("-", "_").replace(".", "_"))
        route()

    def _send(self, body: bytes, content_type: str, length: bool = True) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route_cv_txt(self) -> None:
        self._send(demo_file("02").read_bytes(), "text/plain; charset=utf-8")

    def route_photo(self) -> None:
        self._send(b"\x89PNG....", "image/png")

    def route_to_intranet(self) -> None:
        self.send_response(302)
        self.send_header("Location", "http://intranet.example.com/admin")
        self.end_headers()

    def route_to_loopback(self) -> None:
        self.send_response(302)
        self.send_header("Location", "http://127.0.0.1/admin")
        self.end_headers()

    def route_big(self) -> None:
        self._send(b"a" * 5000, "text/plain")

    def route_big_streamed(self) -> None:
        self._send(b"a" * 5000, "text/plain", length=False)

    def route_drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        for _ in range(30):
            self.wfile.write(b"a")
            self.wfile.flush()
            time.sleep(1)


@pytest.fixture
def server() -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def public_web(server: int, monkeypatch) -> None:
    """cv.example.com resolves to a public address that actually reaches the test server."""

    def resolver(host: str, port: int) -> list[str]:
        return DNS.get(host, ["203.0.113.9"])

    def connector(address: tuple[str, int], timeout: float) -> socket.socket:
        assert address[0] != "10.0.0.5", "connected to a blocked address"
        return socket.create_connection(("127.0.0.1", server), timeout)

    real = fetch.fetch_url
    monkeypatch.setattr(
        fetch, "fetch_url", functools.partial(real, resolver=resolver, connector=connector)
    )


def _nothing_written() -> bool:
    return not Resume.objects.exists() and not FailedResume.objects.exists()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/cv.pdf", "loopback"),
        ("http://[::1]/cv.pdf", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://0xA9FEA9FE/latest/meta-data/", "link-local"),
        ("http://[::ffff:10.0.0.1]/cv.pdf", "private"),
        ("http://100.100.100.200/latest/meta-data/", "CGNAT"),
        ("file:///etc/passwd", "only http and https"),
        ("http://cv.example.com:8080/cv.txt", "port 8080 is not allowed"),
        ("gopher://cv.example.com/", "only http and https"),
    ],
)
def test_it_refuses_internal_and_odd_urls_and_writes_nothing(team, url, reason) -> None:
    result = services.ingest_url(team, url)
    assert result.status == "failed" and reason in result.message
    assert _nothing_written()


def test_it_imports_a_resume_from_a_public_url(team, public_web) -> None:
    result = services.ingest_url(team, "http://cv.example.com/cv.txt")
    assert result.status == "imported"
    resume = Resume.objects.get()
    assert (resume.source, resume.source_ref) == ("url", "http://cv.example.com/cv.txt")
    assert resume.candidate_name == "Mei Lin Chen"


def test_it_refuses_a_public_name_redirecting_to_a_private_address(team, public_web) -> None:
    result = services.ingest_url(team, "http://cv.example.com/to-intranet")
    assert result.status == "failed" and "10.0.0.5" in result.message
    result = services.ingest_url(team, "http://cv.example.com/to-loopback")
    assert "loopback" in result.message
    assert _nothing_written()


def test_it_refuses_an_oversized_body_announced_or_streamed(team, public_web, settings) -> None:
    settings.RESUME_URL_MAX_BYTES = 1000
    for path in ("big", "big-streamed"):
        result = services.ingest_url(team, f"http://cv.example.com/{path}")
        assert "larger than 1 kB" in result.message
    assert _nothing_written()


def test_it_refuses_other_content_types(team, public_web) -> None:
    result = services.ingest_url(team, "http://cv.example.com/photo")
    assert "unsupported content type image/png" in result.message
    assert _nothing_written()


def test_it_cuts_off_a_server_dripping_one_byte_a_second(team, public_web, settings) -> None:
    settings.RESUME_URL_DEADLINE = 1.5
    started = time.monotonic()
    result = services.ingest_url(team, "http://cv.example.com/drip")
    assert "took longer than 1.5 s" in result.message
    assert time.monotonic() - started < 4
    # a download that timed out is worth another try: queued with its URL, no text, no file
    failed = FailedResume.objects.get()
    assert (failed.source, failed.source_ref) == ("url", "http://cv.example.com/drip")
    assert result.message.endswith("(kept in the failed queue: recovery downloads it again)")
    assert failed.error_message == "download failed: download took longer than 1.5 s"
    assert not failed.text and not failed.original_file and not Resume.objects.exists()
