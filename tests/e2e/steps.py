"""Steps shared by the end-to-end journeys: log in, drop files, wait for the database."""

from __future__ import annotations

import base64
import mimetypes
import time
from collections.abc import Callable
from pathlib import Path

from tests.browser import screenshot
from tests.conftest import PASSWORD

DEMO = Path(__file__).resolve().parents[2] / "demo_data"
DEMO_FEED = DEMO / "jobs" / "remoteok_feed.json"

_MAKE_TRANSFER = """(files) => {
  const transfer = new DataTransfer();
  for (const f of files) {
    const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], f.name, { type: f.type }));
  }
  return transfer;
}"""


def demo_resume(prefix: str) -> Path:
    """The demo resume whose file name starts with ``prefix`` ("01")."""
    return next((DEMO / "resumes").glob(f"{prefix}_*"))


def log_in(page, base_url: str, path: str = "/") -> None:  # noqa: ANN001
    """Open ``path``, get sent to the login page, sign in as alice and land back on ``path``."""
    page.goto(f"{base_url}{path}")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}{path}")


def drop_files(page, selector: str, paths: list[Path]) -> None:  # noqa: ANN001
    """Drag ``paths`` from "the desktop" and drop them on ``selector``, as a person would.

    The files travel in a real ``DataTransfer`` through dragenter, dragover and drop events,
    which is what the page's script listens to (the file input is not used).
    """
    files = [
        {
            "name": p.name,
            "type": mimetypes.guess_type(p.name)[0] or "application/octet-stream",
            "data": base64.b64encode(p.read_bytes()).decode(),
        }
        for p in paths
    ]
    transfer = page.evaluate_handle(_MAKE_TRANSFER, files)
    for event in ("dragenter", "dragover", "drop"):
        page.dispatch_event(selector, event, {"dataTransfer": transfer})


def wait_until(predicate: Callable[[], bool], timeout: float = 60, what: str = "") -> None:
    """Poll ``predicate`` (typically a database read) until true; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:g}s waiting for {what or predicate}")


def shot(page, name: str) -> Path:  # noqa: ANN001
    """A full-page screenshot in test-artifacts/ (``e2e-<name>.png``); fails if it is blank."""
    path = screenshot(page, f"e2e-{name}")
    assert path.stat().st_size > 5_000, f"{path} looks empty"
    return path
