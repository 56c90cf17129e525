"""Playwright driving Debian's Chromium: launch settings and the screenshot helper."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def screenshot(page, name: str) -> Path:  # noqa: ANN001
    """Save a full-page screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


class ConsoleErrors:
    """Every uncaught exception and console error of one page; ``check`` fails the test on any.

    A document answered with a 4xx status (a 404 page the test opens on purpose) makes
    Chromium log "Failed to load resource"; the test sees that status itself, so that one
    message is not counted. A failed fetch, script, stylesheet, image or htmx request is.
    """

    def __init__(self, page) -> None:  # noqa: ANN001
        self.page = page
        self.errors: list[str] = []
        self._client_error_documents: set[str] = set()
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("response", self._on_response)

    def _on_response(self, response) -> None:  # noqa: ANN001
        request = response.request
        if request.is_navigation_request() and 400 <= response.status < 500:
            self._client_error_documents.add(response.url)

    def _on_console(self, message) -> None:  # noqa: ANN001
        if message.type != "error":
            return
        source = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and (
            source in self._client_error_documents
        ):
            return
        self.errors.append(f"console error on {self.page.url}: {message.text} ({source})")

    def _on_page_error(self, error) -> None:  # noqa: ANN001
        self.errors.append(f"uncaught exception on {self.page.url}: {error}")

    def check(self) -> None:
        """Fail the test if the page logged any error (each is listed)."""
        if self.errors:
            pytest.fail("the browser logged errors:\n" + "\n".join(self.errors), pytrace=False)
