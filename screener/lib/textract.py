"""Turn uploaded resume bytes (PDF, DOCX, HTML, TXT) into plain text, within limits.

Framework-free; limits arrive as keyword arguments with safe defaults.

Promises made by :func:`extract_text`:

* The file type is decided by content sniffing (magic bytes), never by the extension
  alone.  The extension must be one we accept (``.pdf .docx .txt .text .html .htm`` or
  none); content we cannot read (executables, images, plain ZIPs, legacy .doc, ...) is
  refused with a reason naming what the file looks like.  When a supported content type
  disagrees with the extension (a real PDF named ``.docx``) the content wins and a
  warning is added.  A ``.txt`` file whose content clearly is an HTML document
  (starts with ``<!doctype html`` / ``<html``) is read as HTML so markup never reaches
  the recruiter; other text stays text.
* DOCX: the ZIP central directory is checked BEFORE any parsing (entry count, total
  declared uncompressed size, per-entry compression ratio).  Reads are bounded by the
  declared sizes (``zipfile`` truncates to them), so the check cannot be bypassed by
  lying headers.  Body paragraphs and tables are read in document order; headers and
  footers are ignored; hidden (``w:vanish``), white and sub-2-pt runs go to
  ``hidden_text``.
* PDF: pypdf opens the file (decryption with the empty password only, page count,
  a plain-text pass with pypdf's decompression limits left at their defaults; it also
  serves as the fallback text).  pdfminer.six then supplies layout and styling: reading
  order for two-column pages and hidden-text detection (white/near-white fill not on a
  dark shape or image, font size < 2 pt, positioned outside the mediabox).  Hidden text
  is removed from ``text`` and reported in ``hidden_text`` plus a warning.
* HTML: scripts, styles, navigation, header/footer/aside/form/noscript blocks are dropped;
  elements hidden by ``display:none``, ``visibility:hidden`` or the ``hidden`` attribute
  are reported as hidden text; headings, paragraphs and list items keep their own lines.
* TXT: UTF-8 (and BOM-marked UTF-16/32) first, otherwise charset-normalizer candidates
  plus cp1252, scored for plausibility so short Western names come out right.
* All text is normalised: ``\\n`` newlines, no NULs / control / zero-width characters.
* Isolation: by default the work happens in a pooled worker process started from a
  ``forkserver`` (a clean process that preloads this module once; workers are reused
  for up to 200 files, at most 4 kept idle).  The caller waits at most
  ``time_limit_seconds`` for the answer and otherwise SIGKILLs that worker (a fresh one
  is started for the next file), so a pathological file cannot hang the web/queue
  worker.  Each worker also has an address-space cap (``max_memory_bytes``) so a
  decompression bomb fails with a clean error.  Cost: about 1 ms per file (pickling the
  bytes through a pipe) once a worker is warm; the first call pays the forkserver and
  worker start (a few hundred ms).  As with any multiprocessing code, a script that
  calls :func:`extract_text` must guard its entry point with
  ``if __name__ == "__main__":`` because workers re-import the main module.
  ``isolate=False`` runs in-process with no time limit (for trusted batch jobs).

All refusals raise an :class:`ExtractionError` subclass whose ``reason`` can be shown to a
recruiter as-is.
"""

from __future__ import annotations

import contextlib
import io
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal

import bs4
import charset_normalizer
import docx
import docx.document
import docx.table
import docx.text.paragraph
import docx.text.run
import pypdf
import pypdf.errors
from pdfminer.high_level import extract_pages
from pdfminer.layout import (
    LAParams,
    LTAnno,
    LTChar,
    LTComponent,
    LTCurve,
    LTFigure,
    LTImage,
    LTPage,
    LTTextBox,
    LTTextLine,
)
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.psexceptions import PSException

logger = logging.getLogger(__name__)

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
_KIND_LABELS: dict[Kind | None, str] = {
    "pdf": "a PDF",
    "docx": "a DOCX document",
    "txt": "text",
    "html": "an HTML page",
    None: "a supported document",
}


# --------------------------------------------------------------------------- errors


class ExtractionError(Exception):
    """Base class; ``reason`` is a short sentence fit to show a recruiter."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __reduce__(self) -> tuple[type[ExtractionError], tuple[str]]:
        return (type(self), (self.reason,))


class FileTooLargeError(ExtractionError):
    """The upload exceeds ``max_bytes``."""


class EmptyFileError(ExtractionError):
    """The upload has no content."""


class UnsupportedFileTypeError(ExtractionError):
    """The extension is not one we accept (e.g. ``.exe``)."""


class ContentMismatchError(ExtractionError):
    """The content is not a readable document (e.g. an executable named ``.pdf``)."""


class ZipBombError(ExtractionError):
    """A DOCX archive would expand too much (size, entry count or compression ratio)."""


class InvalidDocxError(ExtractionError):
    """The archive is not a Word document or python-docx cannot read it."""


class EncryptedPDFError(ExtractionError):
    """The PDF needs a password."""


class DamagedPDFError(ExtractionError):
    """The PDF is corrupt or exceeds the decompression limits."""


class NoTextLayerError(ExtractionError):
    """The PDF has pages but no text (typically a scan)."""


class ExtractionTimeoutError(ExtractionError):
    """Extraction did not finish within ``time_limit_seconds``."""


class ExtractionFailedError(ExtractionError):
    """The reader crashed or ran out of memory."""


# --------------------------------------------------------------------------- results


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


# --------------------------------------------------------------------------- public entry


def extract_text(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = 10_000_000,
    time_limit_seconds: float = 20,
    max_pages: int = 50,
    max_docx_uncompressed_bytes: int = 50_000_000,
    max_zip_entries: int = 1_000,
    max_zip_ratio: float = 200.0,
    max_text_chars: int = 300_000,
    max_memory_bytes: int | None = 1_500_000_000,
    isolate: bool = True,
    extractor: Extractor | None = None,
) -> ExtractedText:
    """Extract plain text from ``data`` (named ``filename``) under the module's promises.

    Cheap checks (size, emptiness, extension) run in the caller's process; parsing runs
    in a killable child unless ``isolate`` is false.  ``extractor`` replaces the parsing
    function (it must be a picklable top-level function; meant for tests and custom
    pipelines).  Raises an :class:`ExtractionError` subclass on refusal.
    """
    limits = ExtractionLimits(
        max_bytes=max_bytes,
        max_pages=max_pages,
        max_docx_uncompressed_bytes=max_docx_uncompressed_bytes,
        max_zip_entries=max_zip_entries,
        max_zip_ratio=max_zip_ratio,
        max_text_chars=max_text_chars,
    )
    check_upload(data, filename, limits)
    work = extractor or extract_text_in_process
    if not isolate:
        return work(data, filename, limits)
    return _run_isolated(work, data, filename, limits, time_limit_seconds, max_memory_bytes)


def check_upload(data: bytes, filename: str, limits: ExtractionLimits) -> Kind | None:
    """Fast checks before any parsing; return the kind the extension promises."""
    if len(data) > limits.max_bytes:
        raise FileTooLargeError(f"file is larger than {format_size(limits.max_bytes)}")
    if not data.strip():
        raise EmptyFileError("file is empty")
    extension = PurePath(filename).suffix.lower()
    if extension not in ACCEPTED_EXTENSIONS:
        raise UnsupportedFileTypeError(f"unsupported file type {extension}")
    return ACCEPTED_EXTENSIONS[extension]


def extract_text_in_process(data: bytes, filename: str, limits: ExtractionLimits) -> ExtractedText:
    """Do the whole extraction in the current process (no time limit of its own)."""
    expected = check_upload(data, filename, limits)
    sniffed_kind, looks_like = sniff(data)
    if sniffed_kind is None:
        raise ContentMismatchError(
            f"file content is not {_KIND_LABELS[expected]} (looks like {looks_like})"
        )
    kind, warnings = _choose_kind(expected, sniffed_kind, looks_like)
    readers: dict[Kind, Callable[[bytes, ExtractionLimits], ExtractedText]] = {
        "pdf": _extract_pdf,
        "docx": _extract_docx,
        "html": _extract_html,
        "txt": _extract_txt,
    }
    result = readers[kind](data, limits)
    result.warnings[:0] = warnings
    result.text = clean_text(result.text)
    result.hidden_text = [t for t in (clean_text(h) for h in result.hidden_text) if t]
    if len(result.text) > limits.max_text_chars:
        result.text = result.text[: limits.max_text_chars]
        result.warnings.append(f"text was cut after {limits.max_text_chars} characters")
    return result


def format_size(num_bytes: int) -> str:
    """Render a byte count the way users expect: ``10 MB``, ``200 kB``, ``512 bytes``."""
    if num_bytes >= 1_000_000:
        return f"{num_bytes / 1_000_000:g} MB"
    if num_bytes >= 1_000:
        return f"{num_bytes / 1_000:g} kB"
    return f"{num_bytes} bytes"


# --------------------------------------------------------------------------- sniffing

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "a Linux executable"),
    (b"\xcf\xfa\xed\xfe", "a macOS executable"),
    (b"\xca\xfe\xba\xbe", "a macOS or Java executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (.doc/.xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"%!PS", "a PostScript file"),
    (b"#!", "a script"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html)\b", re.I | re.S
)
_HTML_ANYWHERE = re.compile(rb"<(html|head|body|div|p|h[1-6]|ul|table)\b", re.I)


def sniff(data: bytes) -> tuple[Kind | None, str]:
    """Classify content by magic bytes: (kind or ``None`` if unreadable, description)."""
    if b"%PDF-" in data[:1024]:
        return "pdf", "a PDF document"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    for magic, description in _SIGNATURES:
        if data.startswith(magic):
            return None, description
    if _bom_encoding(data) is None and _looks_binary(data[:8192]):
        return None, "binary data"
    text_start = _decode_head(data)
    if _HTML_START.match(text_start):
        return "html", "an HTML page"
    return "txt", "text"


_BINARY_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b")


def _looks_binary(head: bytes) -> bool:
    """More than 10% control bytes (NUL etc.) means this is not a text file."""
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    return controls * 10 > len(head)


def _sniff_zip(data: bytes) -> tuple[Kind | None, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None, "a damaged ZIP archive"
    if {"[Content_Types].xml", "word/document.xml"} <= names:
        return "docx", "a DOCX document"
    if "[Content_Types].xml" in names:
        return None, "a different Office document (not Word)"
    return None, "a ZIP archive without a Word document"


def _decode_head(data: bytes) -> bytes:
    """First bytes as ASCII-compatible bytes (UTF-16/32 with BOM re-encoded to UTF-8)."""
    encoding = _bom_encoding(data)
    head = data[:4096]
    if encoding in ("utf-16", "utf-32"):
        head = head.decode(encoding, errors="ignore").encode("utf-8")
    return head.removeprefix(b"\xef\xbb\xbf")


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _choose_kind(expected: Kind | None, sniffed: Kind, looks_like: str) -> tuple[Kind, list[str]]:
    """Reconcile extension and content; content wins, with a warning on disagreement."""
    if expected is None or expected == sniffed:
        return sniffed, []
    if expected == "html" and sniffed == "txt":
        return "html", []
    if expected == "txt" and sniffed == "html":
        return "html", []
    warning = f"file extension says {_KIND_LABELS[expected]} but it is {looks_like}; read as such"
    return sniffed, [warning]


# --------------------------------------------------------------------------- text cleanup

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise newlines, drop NUL/control/zero-width chars, squeeze spaces and blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc",))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _hidden_warning(reason: str, fragments: Iterable[str]) -> str:
    count = sum(len(f.strip()) for f in fragments)
    return f"hidden text found: {reason} ({count} characters)"


# --------------------------------------------------------------------------- TXT


def _extract_txt(data: bytes, limits: ExtractionLimits) -> ExtractedText:
    text, encoding = decode_text(data)
    warnings = [] if encoding in ("utf-8", "utf-8-sig", "ascii") else [f"decoded as {encoding}"]
    return ExtractedText(text=text, kind="txt", warnings=warnings)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes: BOM, then strict UTF-8, then the most plausible legacy encoding."""
    bom = _bom_encoding(data)
    if bom is not None:
        return data.decode(bom, errors="replace"), bom
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[int, str, str] | None = None
    for rank, encoding in enumerate(_candidate_encodings(data)):
        try:
            decoded = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _implausibility(decoded) * 100 + rank
        if best is None or score < best[0]:
            best = (score, decoded, encoding)
    if best is None:
        return data.decode("cp1252", errors="replace"), "cp1252"
    return best[1], best[2]


def _candidate_encodings(data: bytes) -> list[str]:
    """cp1252 first (the usual legacy encoding for CVs), then charset-normalizer's picks."""
    candidates = ["cp1252"]
    for match in charset_normalizer.from_bytes(data[:200_000]):
        if match.encoding not in candidates:
            candidates.append(match.encoding)
    return candidates[:8]


def _implausibility(text: str) -> int:
    """Count words that look like mojibake: odd symbols, mixed scripts, too many accents."""
    bad = 0
    for word in text.split():
        letters = [ch for ch in word if ch.isalpha()]
        if any(unicodedata.category(ch) in ("So", "Co", "Cn", "Cc") for ch in word.strip()):
            bad += 1
        scripts = {unicodedata.name(ch, "?").split()[0] for ch in letters}
        if len(scripts) > 1:
            bad += 1
        if scripts == {"LATIN"} and len(letters) >= 3:
            accented = sum(1 for ch in letters if not ch.isascii())
            bad += accented * 2 > len(letters)
        if letters and any(not ch.isalpha() and not ch.isascii() for ch in word[1:-1]):
            bad += unicodedata.category(word[len(word) // 2]) in ("No", "Sm", "Sk")
    return bad


# --------------------------------------------------------------------------- HTML

_DROPPED_TAGS = (
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "template",
    "iframe",
    "svg",
    "head",
    "button",
    "select",
)
_BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "blockquote",
    "pre",
    "address",
    "hr",
    "figure",
    "figcaption",
)
_HIDDEN_STYLE = re.compile(r"(display\s*:\s*none|visibility\s*:\s*hidden)", re.I)


def _extract_html(data: bytes, limits: ExtractionLimits) -> ExtractedText:
    soup = bs4.BeautifulSoup(data, "lxml")
    for comment in soup.find_all(string=lambda s: isinstance(s, bs4.Comment)):
        comment.extract()
    for tag in soup.find_all(list(_DROPPED_TAGS)):
        tag.decompose()
    hidden = [t.get_text(" ", strip=True) for t in _pop_hidden_elements(soup)]
    hidden = [h for h in hidden if h]
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for cell in soup.find_all(["td", "th"]):
        cell.append(" \t")
    for block in soup.find_all(list(_BLOCK_TAGS)):
        block.insert_before("\n")
        block.insert_after("\n")
    warnings = [_hidden_warning("hidden HTML elements", hidden)] if hidden else []
    lines = (line.strip() for line in soup.get_text().splitlines())
    text = "\n".join(line for line in lines if line)  # one line per block, no blank lines
    return ExtractedText(text=text, kind="html", warnings=warnings, hidden_text=hidden)


def _pop_hidden_elements(soup: bs4.BeautifulSoup) -> list[bs4.Tag]:
    """Detach elements hidden by attribute or inline style; return them (outermost only)."""
    hidden: list[bs4.Tag] = []
    hidden_ids: set[int] = set()
    for tag in soup.find_all(True):
        if any(id(parent) in hidden_ids for parent in tag.parents):
            continue
        style = str(tag.get("style") or "")
        if tag.has_attr("hidden") or _HIDDEN_STYLE.search(style):
            hidden.append(tag.extract())
            hidden_ids.add(id(tag))
    return hidden


# --------------------------------------------------------------------------- DOCX


def _extract_docx(data: bytes, limits: ExtractionLimits) -> ExtractedText:
    check_zip_archive(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on malformed packages
        logger.info("textract: python-docx could not open file: %r", exc)
        raise InvalidDocxError("DOCX file is damaged and cannot be read") from exc
    collector = _DocxCollector()
    collector.read_container(document)
    warnings = [
        _hidden_warning(reason, fragments) for reason, fragments in collector.hidden.items()
    ]
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


# --------------------------------------------------------------------------- PDF

_WHITE_THRESHOLD = 0.9
_TINY_POINTS = 2.0


def _extract_pdf(data: bytes, limits: ExtractionLimits) -> ExtractedText:
    reader = _open_pdf(data)
    page_count = len(reader.pages)
    if page_count == 0:
        raise DamagedPDFError("PDF is damaged and cannot be read")
    warnings: list[str] = []
    if page_count > limits.max_pages:
        warnings.append(f"only the first {limits.max_pages} of {page_count} pages were read")
    plain = _pypdf_text(reader, limits.max_pages)
    try:
        layout = _PdfLayoutReader.read(data, limits.max_pages)
    except (PSException, ValueError, KeyError, TypeError, AssertionError) as exc:
        logger.info("textract: pdfminer failed, using pypdf text: %r", exc)
        layout = None
    if layout is None:
        if not plain.strip():
            raise NoTextLayerError("PDF has no text layer (scanned image?)")
        warnings.append("layout analysis failed; hidden text was not checked")
        return ExtractedText(text=plain, kind="pdf", pages=page_count, warnings=warnings)
    if not layout.text.strip() and not layout.hidden:
        raise NoTextLayerError("PDF has no text layer (scanned image?)")
    for reason, fragments in layout.hidden.items():
        warnings.append(_hidden_warning(reason, fragments))
    hidden = [f for fragments in layout.hidden.values() for f in fragments]
    return ExtractedText(
        text=layout.text, kind="pdf", pages=page_count, warnings=warnings, hidden_text=hidden
    )


def _open_pdf(data: bytes) -> pypdf.PdfReader:
    """Open with pypdf; map its failures to typed errors (decrypt with '' only)."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedPDFError("PDF is encrypted")
        _ = len(reader.pages)
    except EncryptedPDFError:
        raise
    except (pypdf.errors.FileNotDecryptedError, pypdf.errors.WrongPasswordError) as exc:
        raise EncryptedPDFError("PDF is encrypted") from exc
    except pypdf.errors.DependencyError as exc:  # e.g. AES without a crypto library
        raise EncryptedPDFError("PDF is encrypted") from exc
    except pypdf.errors.LimitReachedError as exc:
        raise DamagedPDFError("PDF is too large when decompressed") from exc
    except Exception as exc:  # pypdf raises many types on corrupt input
        logger.info("textract: pypdf could not open file: %r", exc)
        raise DamagedPDFError("PDF is damaged and cannot be read") from exc
    return reader


def _pypdf_text(reader: pypdf.PdfReader, max_pages: int) -> str:
    """Plain text via pypdf, keeping its decompression limits (bombs raise)."""
    parts: list[str] = []
    for page in reader.pages[:max_pages]:
        try:
            parts.append(page.extract_text() or "")
        except pypdf.errors.LimitReachedError as exc:
            raise DamagedPDFError("PDF is too large when decompressed") from exc
        except Exception as exc:  # a broken page should not sink the document
            logger.info("textract: pypdf failed on a page: %r", exc)
    return "\n\n".join(parts)


@dataclass
class _PdfLayout:
    text: str
    hidden: dict[str, list[str]]


@dataclass
class _Box:
    """A pdfminer text box after hidden characters were separated out."""

    x0: float
    y0: float
    x1: float
    y1: float
    lines: int
    text: str


class _PdfLayoutReader:
    """pdfminer pass: reading order and hidden-text detection."""

    def __init__(self) -> None:
        self.hidden: dict[str, list[str]] = {}

    @classmethod
    def read(cls, data: bytes, max_pages: int) -> _PdfLayout:
        reader = cls()
        params = LAParams(all_texts=True)
        pages: list[str] = []
        try:
            for page in extract_pages(io.BytesIO(data), maxpages=max_pages, laparams=params):
                pages.append(reader.read_page(page))
        except PDFEncryptionError as exc:
            raise EncryptedPDFError("PDF is encrypted") from exc
        return _PdfLayout(text="\n\n".join(pages), hidden=reader.hidden)

    def read_page(self, page: LTPage) -> str:
        backgrounds = [item.bbox for item in _walk(page) if _is_background(item)]
        boxes = [self.read_box(box, page, backgrounds) for box in _text_boxes(page)]
        ordered = order_boxes([b for b in boxes if b.text.strip()], page.width)
        return "\n".join(box.text for box in ordered)

    def read_box(self, box: LTTextBox, page: LTPage, backgrounds: list[tuple[float, ...]]) -> _Box:
        out_lines: list[str] = []
        for line in box:
            if not isinstance(line, LTTextLine):
                continue
            out_lines.append(self.read_line(line, page, backgrounds))
        text = "\n".join(line for line in out_lines if line.strip())
        return _Box(box.x0, box.y0, box.x1, box.y1, len(out_lines), text)

    def read_line(
        self, line: LTTextLine, page: LTPage, backgrounds: list[tuple[float, ...]]
    ) -> str:
        visible: list[str] = []
        run_reason: str | None = None
        run: list[str] = []
        for item in line:
            if isinstance(item, LTChar) and not item.get_text().isspace():
                reason = hidden_char_reason(item, page.bbox, backgrounds)
            elif isinstance(item, LTChar | LTAnno):
                reason = run_reason  # spaces join the run they sit in
            else:
                continue
            if reason != run_reason:
                self._flush(run_reason, run)
                run, run_reason = [], reason
            if reason is None:
                visible.append(item.get_text())
            else:
                run.append(item.get_text())
        self._flush(run_reason, run)
        return "".join(visible).replace("\n", " ").strip()

    def _flush(self, reason: str | None, run: list[str]) -> None:
        fragment = "".join(run).strip()
        if reason is not None and fragment:
            self.hidden.setdefault(reason, []).append(fragment)


def _walk(container: Iterable[Any]) -> Iterator[LTComponent]:
    for item in container:
        yield item
        if isinstance(item, LTFigure):
            yield from _walk(item)


def _text_boxes(container: Iterable[Any]) -> Iterator[LTTextBox]:
    for item in container:
        if isinstance(item, LTTextBox):
            yield item
        elif isinstance(item, LTFigure):
            yield from _text_boxes(item)


def _is_background(item: LTComponent) -> bool:
    """Filled non-white shapes and images: white text on them is visible."""
    if isinstance(item, LTImage | LTFigure):
        return True
    if isinstance(item, LTCurve) and item.fill:
        return not _is_white(item.non_stroking_color)
    return False


def _is_white(color: Any) -> bool:
    """True for near-white non-stroking colours in gray, RGB or CMYK."""
    if isinstance(color, int | float):
        components: list[float] = [float(color)]
    elif isinstance(color, tuple | list) and all(isinstance(c, int | float) for c in color):
        components = [float(c) for c in color]
    else:
        return False
    if len(components) in (1, 3):
        return all(c >= _WHITE_THRESHOLD for c in components)
    if len(components) == 4:
        return all(c <= 1 - _WHITE_THRESHOLD for c in components)
    return False


def _inside(x: float, y: float, bbox: tuple[float, ...]) -> bool:
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def hidden_char_reason(
    char: LTChar, page_bbox: tuple[float, ...], backgrounds: list[tuple[float, ...]]
) -> str | None:
    """Why a reader would not see ``char`` ("tiny text", ...), or ``None`` if visible."""
    if char.size < _TINY_POINTS:
        return "tiny text"
    cx, cy = (char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2
    if not _inside(cx, cy, page_bbox):
        return "text outside the page"
    if _is_white(char.graphicstate.ncolor) and not any(
        _inside(cx, cy, bbox) for bbox in backgrounds
    ):
        return "white text"
    return None


def order_boxes(boxes: list[_Box], page_width: float) -> list[_Box]:
    """Reading order: detect a vertical gutter; read each band left column then right.

    Boxes that cross the gutter (full-width headings, a centred name) split the page
    into horizontal bands.  Inside a band the left column is read top to bottom, then
    the right one, unless the right side is just labels aligned with left lines (dates
    next to job titles), in which case the band is read row by row.
    """
    gutter = _find_gutter(boxes, page_width)
    if gutter is None:
        return sorted(boxes, key=_top_down)
    ordered: list[_Box] = []
    band: list[_Box] = []
    for box in sorted(boxes, key=_top_down):
        if box.x0 < gutter < box.x1:
            ordered.extend(_order_band(band, gutter))
            ordered.append(box)
            band = []
        else:
            band.append(box)
    ordered.extend(_order_band(band, gutter))
    return ordered


def _top_down(box: _Box) -> tuple[float, float]:
    return (-round(box.y1), box.x0)


def _find_gutter(boxes: list[_Box], page_width: float) -> float | None:
    """x of the emptiest vertical strip in the middle of the page, if nearly empty."""
    width = max(int(page_width) + 1, 1)
    coverage = [0] * width
    for box in boxes:
        for x in range(max(int(box.x0), 0), min(int(box.x1) + 1, width)):
            coverage[x] += box.lines
    peak = max(coverage, default=0)
    if peak == 0:
        return None
    best: tuple[int, int, int] | None = None  # (coverage, run length, start)
    start = None
    low, high = int(width * 0.2), int(width * 0.8)
    for x in range(low, high + 1):
        quiet = x < high and coverage[x] <= peak * 0.15
        if quiet and start is None:
            start = x
        elif not quiet and start is not None:
            run_cov = max(coverage[start:x])
            if x - start >= 8 and (best is None or (run_cov, -(x - start)) < best[:2]):
                best = (run_cov, -(x - start), start)
            start = None
    if best is None:
        return None
    return best[2] + (-best[1]) / 2


def _order_band(band: list[_Box], gutter: float) -> list[_Box]:
    left = sorted((b for b in band if b.x1 <= gutter), key=_top_down)
    right = sorted((b for b in band if b.x0 >= gutter), key=_top_down)
    if not left or not right:
        return left + right
    aligned = sum(1 for r in right if r.lines == 1 and _aligned_with_any(r, left))
    if aligned * 10 >= len(right) * 6:  # mostly labels next to left lines: read rows
        return sorted(band, key=_top_down)
    return left + right


def _aligned_with_any(box: _Box, others: list[_Box]) -> bool:
    height = max(box.y1 - box.y0, 1.0)
    centre = (box.y0 + box.y1) / 2
    return any(o.y0 - height / 2 <= centre <= o.y1 + height / 2 for o in others)


# --------------------------------------------------------------------------- isolation
#
# Each extraction runs in a worker process started from a forkserver (a clean process
# that imported this module once).  Workers are reused for up to
# _MAX_JOBS_PER_WORKER files so the per-file cost is a pickle round trip, not a process
# start.  A worker that exceeds the time limit is killed (SIGKILL) and replaced; a worker
# that crashed or hit the memory cap is discarded.  Each worker has an RLIMIT_AS cap.

_START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
_CONTEXT = multiprocessing.get_context(_START_METHOD)
_MAX_JOBS_PER_WORKER = 200
_MAX_IDLE_WORKERS = 4
_Message = tuple[str, Any, bool]  # (status "ok"/"err", payload, worker still usable)


class _WorkerLost(Exception):
    """The worker died before answering."""


class _WorkerTimeout(Exception):
    """The worker did not answer in time (not an OSError, unlike TimeoutError)."""


class _Worker:
    """One long-lived extraction process talking over a duplex pipe."""

    def __init__(self, max_memory_bytes: int | None) -> None:
        self.max_memory_bytes = max_memory_bytes
        self.jobs = 0
        self.conn, child_conn = _CONTEXT.Pipe(duplex=True)
        self.process = _CONTEXT.Process(
            target=_worker_main, args=(child_conn, max_memory_bytes), daemon=True
        )
        self.process.start()
        child_conn.close()

    def run(self, job: tuple[Extractor, bytes, str, ExtractionLimits], timeout: float) -> _Message:
        """Send a job; return the reply or raise :class:`_WorkerTimeout`/:class:`_WorkerLost`."""
        self.jobs += 1
        try:
            self.conn.send(job)
            answered = self.conn.poll(timeout)
            if answered:
                return self.conn.recv()
        except (EOFError, OSError) as exc:
            raise _WorkerLost from exc
        raise _WorkerTimeout

    def kill(self) -> None:
        """Terminate at once (SIGKILL) and collect the process."""
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)

    def stop(self) -> None:
        """Ask the worker to exit by closing its pipe; kill it if it lingers."""
        self.conn.close()
        self.process.join(timeout=1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)


class _WorkerPool:
    """Thread-safe pool of idle workers keyed by their memory cap."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._preloaded = False

    def acquire(self, max_memory_bytes: int | None) -> _Worker:
        with self._lock:
            for index, worker in enumerate(self._idle):
                if worker.max_memory_bytes == max_memory_bytes:
                    return self._idle.pop(index)
            if not self._preloaded and _START_METHOD == "forkserver":
                _CONTEXT.set_forkserver_preload([__name__])
                self._preloaded = True
        return _Worker(max_memory_bytes)

    def release(self, worker: _Worker) -> None:
        reusable = worker.process.is_alive() and worker.jobs < _MAX_JOBS_PER_WORKER
        with self._lock:
            if reusable and len(self._idle) < _MAX_IDLE_WORKERS:
                self._idle.append(worker)
                return
        worker.stop()


_POOL = _WorkerPool()


def _run_isolated(
    work: Extractor,
    data: bytes,
    filename: str,
    limits: ExtractionLimits,
    time_limit_seconds: float,
    max_memory_bytes: int | None,
) -> ExtractedText:
    """Run ``work`` in a pooled worker; kill the worker after ``time_limit_seconds``."""
    worker = _POOL.acquire(max_memory_bytes)
    try:
        status, payload, usable = worker.run((work, data, filename, limits), time_limit_seconds)
    except _WorkerTimeout:
        logger.warning(
            "textract: %s exceeded %ss, killing worker pid %s",
            filename,
            time_limit_seconds,
            worker.process.pid,
        )
        worker.kill()
        raise ExtractionTimeoutError(
            f"extraction took longer than {time_limit_seconds:g} s"
        ) from None
    except _WorkerLost:
        worker.kill()
        raise ExtractionFailedError("the file could not be read (the reader crashed)") from None
    if usable:
        _POOL.release(worker)
    else:
        worker.kill()
    if status == "ok":
        return payload
    raise payload


def _worker_main(conn: multiprocessing.connection.Connection, max_memory_bytes: int | None) -> None:
    """Worker loop: cap memory, then answer jobs until the pipe closes."""
    _limit_memory(max_memory_bytes)
    while True:
        try:
            work, data, filename, limits = conn.recv()
        except (EOFError, OSError):
            return
        message = _run_job(work, data, filename, limits)
        conn.send(message)
        if not message[2]:
            return


def _run_job(work: Extractor, data: bytes, filename: str, limits: ExtractionLimits) -> _Message:
    """Run one extraction; never raises (errors become messages)."""
    try:
        return ("ok", work(data, filename, limits), True)
    except ExtractionError as exc:
        return ("err", exc, True)
    except MemoryError:
        return ("err", ExtractionFailedError("file needs too much memory to read"), False)
    except Exception as exc:
        logger.exception("textract: unexpected failure reading %s", filename)
        reason = f"the file could not be read ({type(exc).__name__})"
        return ("err", ExtractionFailedError(reason), False)


def _limit_memory(max_memory_bytes: int | None) -> None:
    """Cap this process's address space (POSIX only)."""
    if max_memory_bytes is None or os.name != "posix":
        return
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_memory_bytes = min(max_memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_memory_bytes, hard))
