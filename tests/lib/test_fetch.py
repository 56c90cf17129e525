"""Tests for screener.lib.fetch; no internet needed (local servers + fake resolvers)."""

from __future__ import annotations

import http.server
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from screener.lib.fetch import (
    AddressPolicy,
    BlockedAddressError,
    DisallowedPortError,
    FetchConnectionError,
    FetchedDocument,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    ResolutionError,
    ResponseTooLargeError,
    TooManyRedirectsError,
    UnsupportedContentTypeError,
    fetch_url,
)

LOOPBACK_OK = AddressPolicy(allow_loopback_for_tests=True)

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


# --------------------------------------------------------------------------- local server


def _send(
    handler: http.server.BaseHTTPRequestHandler,
    body: bytes,
    content_type: str = "text/plain; charset=utf-8",
    *,
    length: bool = True,
    status: int = 200,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    else:
        handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body)


def _redirect(target: str) -> Route:
    def route(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def _drip_body(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    handler.wfile.flush()
    for _ in range(100):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(1)


def _drip_headers(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(100):
        handler.wfile.write(b"y")
        handler.wfile.flush()
        time.sleep(1)


def _unbounded_body(handler: http.server.BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Connection", "close")
    handler.end_headers()
    for _ in range(1000):
        handler.wfile.write(b"z" * 10_000)


@dataclass
class LocalServer:
    """A threaded HTTP server on 127.0.0.1 whose routes are set per test."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    state = LocalServer()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            state.requests.append((self.path, self.headers.get("Host")))
            route = state.routes.get(self.path)
            try:
                if route is None:
                    _send(self, b"not found", status=404)
                else:
                    route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def _local_fetch(server: LocalServer, path: str, **kwargs: object) -> FetchedDocument:
    options: dict[str, object] = {
        "address_policy": LOOPBACK_OK,
        "allowed_ports": (server.port,),
        "deadline_seconds": 5,
    }
    options.update(kwargs)
    return fetch_url(server.url(path), **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- address policy


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "blocked address 127.0.0.1 (loopback)"),
        ("http://[::1]/", "blocked address ::1 (loopback)"),
        ("http://169.254.169.254/latest/meta-data/", "(link-local)"),
        ("http://0xA9FEA9FE/", "blocked address 169.254.169.254 (link-local)"),
        ("http://2130706433/", "blocked address 127.0.0.1 (loopback)"),
        ("http://0177.0.0.1/", "blocked address 127.0.0.1 (loopback)"),
        ("http://127.1/", "blocked address 127.0.0.1 (loopback)"),
        ("http://[::ffff:10.0.0.1]/", "embeds 10.0.0.1: private network"),
        ("http://[::ffff:127.0.0.1]/", "embeds 127.0.0.1: loopback"),
        ("http://[2002:a00:1::1]/", "embeds 10.0.0.1: private network"),
        ("http://100.100.100.200/", "blocked address 100.100.100.200 (shared address space"),
        ("http://10.1.2.3/", "blocked address 10.1.2.3 (private network)"),
        ("http://172.16.0.1/", "(private network)"),
        ("http://192.168.1.1/", "blocked address 192.168.1.1 (private network)"),
        ("http://[fd00::1]/", "blocked address fd00::1 (private network)"),
        ("http://[fe80::1]/", "(link-local)"),
        ("http://0.0.0.0/", "(unspecified address)"),
        ("http://224.0.0.1/", "(multicast)"),
        ("http://240.0.0.1/", "(reserved)"),
    ],
)
def test_it_blocks_non_public_literal_addresses(url: str, reason: str) -> None:
    def must_not_resolve(host: str, port: int) -> list[str]:
        raise AssertionError(f"literal {host} must not be resolved")

    with pytest.raises(BlockedAddressError) as info:
        fetch_url(url, resolver=must_not_resolve)
    assert reason in str(info.value)


def test_it_blocks_loopback_even_through_a_real_local_server(server: LocalServer) -> None:
    server.routes["/"] = lambda h: _send(h, b"secret")
    with pytest.raises(BlockedAddressError, match="loopback"):
        fetch_url(server.url("/"), allowed_ports=(server.port,))
    assert server.requests == []


def test_it_blocks_names_that_resolve_to_private_addresses() -> None:
    with pytest.raises(BlockedAddressError, match=r"blocked address 10\.0\.0\.5"):
        fetch_url("http://internal.example/", resolver=lambda h, p: ["10.0.0.5"])


def test_it_checks_every_resolved_address() -> None:
    def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "192.168.0.10"]

    with pytest.raises(BlockedAddressError, match="192.168.0.10"):
        fetch_url("http://mixed.example/", resolver=resolver)


def test_it_reports_names_that_do_not_resolve() -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(ResolutionError, match="could not resolve nowhere.example"):
        fetch_url("http://nowhere.example/", resolver=resolver)


def test_it_refuses_a_public_name_redirecting_to_a_private_address(server: LocalServer) -> None:
    """public.example -> 93.184.216.34 (served locally) redirects to internal.example."""
    server.routes["/start"] = _redirect("http://internal.example/admin")
    dns = {"public.example": ["93.184.216.34"], "internal.example": ["10.0.0.5"]}
    connected_to: list[tuple[str, int]] = []

    def connector(address: tuple[str, int], timeout: float) -> socket.socket:
        connected_to.append(address)
        assert address == ("93.184.216.34", 80), "must connect to the checked IP"
        return socket.create_connection(("127.0.0.1", server.port), timeout)

    with pytest.raises(BlockedAddressError, match=r"blocked address 10\.0\.0\.5 \(private"):
        fetch_url(
            "http://public.example/start",
            resolver=lambda host, port: dns[host],
            connector=connector,
        )
    assert connected_to == [("93.184.216.34", 80)]
    assert server.requests == [("/start", "public.example")]


def test_it_connects_to_the_checked_ip_and_sends_the_host_name(server: LocalServer) -> None:
    server.routes["/cv.txt"] = lambda h: _send(h, b"Jane Doe")
    resolutions: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        resolutions.append(host)
        return ["93.184.216.34"]

    def connector(address: tuple[str, int], timeout: float) -> socket.socket:
        assert address == ("93.184.216.34", 80)
        return socket.create_connection(("127.0.0.1", server.port), timeout)

    doc = fetch_url("http://cv.example/cv.txt", resolver=resolver, connector=connector)
    assert doc.body == b"Jane Doe"
    assert resolutions == ["cv.example"], "resolved exactly once"
    assert server.requests == [("/cv.txt", "cv.example")]


# --------------------------------------------------------------------------- URL checks


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/cv.pdf", "gopher://example.com:70/_x", "cv.pdf", ""],
)
def test_it_refuses_non_http_schemes(url: str) -> None:
    with pytest.raises(InvalidURLError, match="only http and https URLs are allowed"):
        fetch_url(url)


def test_it_refuses_a_non_standard_port() -> None:
    with pytest.raises(DisallowedPortError, match="port 8080 is not allowed"):
        fetch_url("http://example.com:8080/cv.pdf", resolver=lambda h, p: ["93.184.216.34"])


def test_it_refuses_credentials_in_the_url() -> None:
    with pytest.raises(InvalidURLError, match="user name or password"):
        fetch_url("http://user:pw@example.com/")


# --------------------------------------------------------------------------- local server cases


def test_it_fetches_a_document_happy_path(server: LocalServer) -> None:
    server.routes["/cv.txt"] = lambda h: _send(h, "Zoë Smith".encode(), "text/plain; charset=utf-8")
    doc = _local_fetch(server, "/cv.txt")
    assert doc.body == "Zoë Smith".encode()
    assert doc.content_type == "text/plain"
    assert doc.charset == "utf-8"
    assert doc.url == doc.final_url == server.url("/cv.txt")


def test_it_follows_a_safe_redirect(server: LocalServer) -> None:
    server.routes["/old"] = _redirect("/new")
    server.routes["/new"] = lambda h: _send(h, b"%PDF-1.4 fake", "application/pdf")
    doc = _local_fetch(server, "/old")
    assert doc.final_url == server.url("/new")
    assert doc.content_type == "application/pdf"


def test_it_stops_after_too_many_redirects(server: LocalServer) -> None:
    for i in range(10):
        server.routes[f"/r{i}"] = _redirect(f"/r{i + 1}")
    with pytest.raises(TooManyRedirectsError, match="too many redirects"):
        _local_fetch(server, "/r0", max_redirects=3)
    assert len(server.requests) == 4


def test_it_rechecks_the_port_on_redirect(server: LocalServer) -> None:
    server.routes["/"] = _redirect("http://127.0.0.1:6379/")
    with pytest.raises(DisallowedPortError, match="port 6379 is not allowed"):
        _local_fetch(server, "/")


def test_it_refuses_oversize_body_announced_by_content_length(server: LocalServer) -> None:
    server.routes["/big"] = lambda h: _send(h, b"a" * 2_000_000)
    with pytest.raises(ResponseTooLargeError, match="response larger than 1 MB"):
        _local_fetch(server, "/big", max_bytes=1_000_000)


def test_it_caps_oversize_body_without_content_length(server: LocalServer) -> None:
    server.routes["/stream"] = _unbounded_body
    with pytest.raises(ResponseTooLargeError, match="response larger than 50 kB"):
        _local_fetch(server, "/stream", max_bytes=50_000)


def test_it_accepts_a_body_exactly_at_the_cap(server: LocalServer) -> None:
    server.routes["/exact"] = lambda h: _send(h, b"b" * 1000, length=False)
    assert len(_local_fetch(server, "/exact", max_bytes=1000).body) == 1000


def test_it_cuts_off_a_server_dripping_one_byte_a_second(server: LocalServer) -> None:
    server.routes["/drip"] = _drip_body
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match="download took longer than 2 s"):
        _local_fetch(server, "/drip", deadline_seconds=2)
    elapsed = time.monotonic() - started
    assert 1.8 <= elapsed < 3.0


def test_it_cuts_off_a_server_dripping_its_headers(server: LocalServer) -> None:
    server.routes["/slow-headers"] = _drip_headers
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match="download took longer than 2 s"):
        _local_fetch(server, "/slow-headers", deadline_seconds=2)
    assert 1.8 <= time.monotonic() - started < 3.0


def test_it_refuses_a_disallowed_content_type(server: LocalServer) -> None:
    server.routes["/img"] = lambda h: _send(h, b"\x89PNG....", "image/png")
    with pytest.raises(UnsupportedContentTypeError, match="unsupported content type image/png"):
        _local_fetch(server, "/img")


def test_it_takes_the_content_type_allow_list_as_a_parameter(server: LocalServer) -> None:
    server.routes["/feed"] = lambda h: _send(h, b"{}", "application/json")
    with pytest.raises(UnsupportedContentTypeError):
        _local_fetch(server, "/feed", allowed_content_types=("application/pdf",))
    assert _local_fetch(server, "/feed").content_type == "application/json"


def test_it_reports_http_errors(server: LocalServer) -> None:
    with pytest.raises(HTTPStatusError, match="server answered 404") as info:
        _local_fetch(server, "/missing")
    assert info.value.status == 404


# --------------------------------------------------------------------------- TLS


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, ssl.SSLContext]]:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate for cv.example."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl binary not available")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=cv.example", "-addext", "subjectAltName=DNS:cv.example"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            _send(self, f"host={self.headers.get('Host')}".encode())

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    httpd.socket = server_context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    client_context = ssl.create_default_context(cafile=str(cert))
    yield httpd.server_address[1], client_context
    httpd.shutdown()
    httpd.server_close()


def _pinned_tls_fetch(url: str, port: int, context: ssl.SSLContext) -> FetchedDocument:
    def connector(address: tuple[str, int], timeout: float) -> socket.socket:
        assert address == ("93.184.216.34", 443)
        return socket.create_connection(("127.0.0.1", port), timeout)

    return fetch_url(
        url, resolver=lambda h, p: ["93.184.216.34"], connector=connector, ssl_context=context
    )


def test_it_verifies_tls_against_the_host_name_not_the_pinned_ip(
    tls_server: tuple[int, ssl.SSLContext],
) -> None:
    port, context = tls_server
    doc = _pinned_tls_fetch("https://cv.example/cv.txt", port, context)
    assert doc.body == b"host=cv.example"


def test_it_refuses_a_certificate_for_another_host(
    tls_server: tuple[int, ssl.SSLContext],
) -> None:
    port, context = tls_server
    with pytest.raises(FetchConnectionError, match="TLS error"):
        _pinned_tls_fetch("https://other.example/cv.txt", port, context)
