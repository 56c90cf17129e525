"""DOCX reader, with the zip-bomb checks that run before any parsing.

The ZIP central directory is checked BEFORE any parsing (entry count, total declared
uncompressed size, per-entry compression ratio).  Reads are bounded by the declared sizes
(``zipfile`` truncates to them), so the check cannot be bypassed by lying headers.  Body
paragraphs and tables are read in document order; headers and footers are ignored;
hidden (``w:vanish``), white and sub-2-pt runs go to ``hidden_text``.
"""

from __future__ import annotations

import contextlib
import io
import logging
import zipfile
from typing import Any

import docx
import docx.document
import docx.table
import docx.text.paragraph
import docx.text.run

from screener.lib.textract.cleanup import hidden_warning
from screener.lib.textract.errors import InvalidDocxError, ZipBombError
from screener.lib.textract.results import ExtractedText, ExtractionLimits

logger = logging.getLogger(__name__)


def extract_docx(data: bytes, limits: ExtractionLimits) -> ExtractedText:
    check_zip_archive(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on malformed packages
        logger.info("textract: python-docx could not open file: %r", exc)
        raise InvalidDocxError("DOCX file is damaged and cannot be read") from exc
    collector = _DocxCollector()
    collector.read_container(document)
    warnings = [hidden_warning(reason, fragments) for reason, fragments in collector.hidden.items()]
    hidden = [f for fragments in collector.hidden.values() for f in fragments]
    return ExtractedText(
        text="\n".join(collector.lines), kind="docx", warnings=warnings, hidden_text=hidden
    )


def check_zip_archive(data: bytes, limits: ExtractionLimits) -> None:
    """Refuse archives whose central directory promises too much, before extracting."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InvalidDocxError("DOCX file is damaged and cannot be read") from exc
    if len(entries) > limits.max_zip_entries:
        raise ZipBombError("DOCX archive has too many files inside (zip bomb?)")
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_docx_uncompressed_bytes:
        raise ZipBombError("DOCX archive is too large when uncompressed (zip bomb?)")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1_000_000 and ratio > limits.max_zip_ratio:
            raise ZipBombError("DOCX archive is too large when uncompressed (zip bomb?)")


class _DocxCollector:
    """Walks body paragraphs and tables in order, separating hidden runs."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.hidden: dict[str, list[str]] = {}

    def read_container(self, container: Any) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, docx.table.Table):
                self.read_table(block)
            else:
                self.lines.append(self.read_paragraph(block))

    def read_table(self, table: docx.table.Table) -> None:
        for row in table.rows:
            seen: set[int] = set()
            cells: list[str] = []
            for cell in row.cells:
                if id(cell._tc) in seen:  # merged cells repeat the same element
                    continue
                seen.add(id(cell._tc))
                inner = _DocxCollector()
                inner.read_container(cell)
                for reason, fragments in inner.hidden.items():
                    self.hidden.setdefault(reason, []).extend(fragments)
                text = " ".join(line for line in inner.lines if line.strip())
                if text:
                    cells.append(text)
            if cells:
                self.lines.append(" | ".join(cells))

    def read_paragraph(self, paragraph: docx.text.paragraph.Paragraph) -> str:
        visible: list[str] = []
        for item in paragraph.iter_inner_content():
            runs = [item] if isinstance(item, docx.text.run.Run) else item.runs
            for run in runs:
                reason = _docx_hidden_reason(run)
                if reason is None:
                    visible.append(run.text)
                elif run.text.strip():
                    self.hidden.setdefault(reason, []).append(run.text)
        return "".join(visible)


def _docx_hidden_reason(run: docx.text.run.Run) -> str | None:
    font = run.font
    if font.hidden:
        return "hidden Word text"
    if font.size is not None and font.size.pt < 2:
        return "tiny text"
    with contextlib.suppress(AttributeError, ValueError):
        rgb = font.color.rgb if font.color.type is not None else None
        if rgb is not None and all(channel >= 0xE6 for channel in rgb):
            return "white text"
    return None
