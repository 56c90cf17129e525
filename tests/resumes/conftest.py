"""Fixtures of the resume tests: demo files, the extracted demo texts, media in a tmp dir."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo_data" / "resumes"
EXPECTED = ROOT / "demo_data" / "expected"
PRESENT = date(2026, 11, 1)  # "Present" in the expected records


def demo_file(prefix: str) -> Path:
    """The demo resume whose name starts with ``prefix`` ("05")."""
    return next(DEMO.glob(f"{prefix}_*"))


def expected_record(path: Path) -> dict:
    return json.loads((EXPECTED / f"{path.stem}.json").read_text())


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    """Uploaded files go to a per-test folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def encrypted_pdf() -> bytes:
    """A one-page PDF that needs a password."""
    import io

    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_zip_bomb() -> bytes:
    """A DOCX-looking archive whose document.xml expands to 60 MB of zeros."""
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"0" * 60_000_000})
