"""What extraction returns and the limits it works under (picklable, framework-free)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["pdf", "docx", "html", "txt"]
ACCEPTED_EXTENSIONS: dict[str, Kind | None] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    "": None,
}
KIND_LABELS: dict[Kind | None, str] = {
    "pdf": "a PDF",
    "docx": "a DOCX document",
    "txt": "text",
    "html": "an HTML page",
    None: "a supported document",
}


@dataclass
class ExtractedText:
    """Text of one document.

    ``pages`` is the PDF page count and ``None`` for formats without pages.
    ``hidden_text`` holds fragments that a reader of the rendered document would not
    see (they are NOT part of ``text``); ``warnings`` explains them in plain words.
    """

    text: str
    kind: Kind
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    hidden_text: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExtractionLimits:
    """Limits applied inside the extractor (picklable, sent to the child process)."""

    max_bytes: int = 10_000_000
    max_pages: int = 50
    max_docx_uncompressed_bytes: int = 50_000_000
    max_zip_entries: int = 1_000
    max_zip_ratio: float = 200.0
    max_text_chars: int = 300_000


Extractor = Callable[[bytes, str, ExtractionLimits], ExtractedText]
