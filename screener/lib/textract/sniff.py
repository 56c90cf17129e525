"""Content sniffing: what a file is, by its magic bytes, never by its extension alone.

Content we cannot read (executables, images, plain ZIPs, legacy .doc, ...) is classified
as ``None`` with a description naming what the file looks like.  :func:`choose_kind`
reconciles the sniffed kind with the extension's: the content wins and a warning is
added, except that a ``.txt`` file whose content clearly is an HTML document (starts with
``<!doctype html`` / ``<html``) is read as HTML so markup never reaches the recruiter;
other text stays text.
"""

from __future__ import annotations

import io
import re
import zipfile

from screener.lib.textract.results import KIND_LABELS, Kind

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
    if bom_encoding(data) is None and _looks_binary(data[:8192]):
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
    encoding = bom_encoding(data)
    head = data[:4096]
    if encoding in ("utf-16", "utf-32"):
        head = head.decode(encoding, errors="ignore").encode("utf-8")
    return head.removeprefix(b"\xef\xbb\xbf")


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def choose_kind(expected: Kind | None, sniffed: Kind, looks_like: str) -> tuple[Kind, list[str]]:
    """Reconcile extension and content; content wins, with a warning on disagreement."""
    if expected is None or expected == sniffed:
        return sniffed, []
    if expected == "html" and sniffed == "txt":
        return "html", []
    if expected == "txt" and sniffed == "html":
        return "html", []
    warning = f"file extension says {KIND_LABELS[expected]} but it is {looks_like}; read as such"
    return sniffed, [warning]
