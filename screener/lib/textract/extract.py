"""The entry points: cheap upload checks, then parsing in-process or in an isolated worker.

:func:`extract_text` checks size, emptiness and extension in the caller's process, then
parses in a killable worker (:mod:`screener.lib.textract.isolation`) unless ``isolate`` is
false.  :func:`extract_text_in_process` sniffs the content, lets the content win over a
disagreeing extension (with a warning), runs the reader for the kind, normalises the text
and cuts it at ``max_text_chars``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from screener.lib.textract.cleanup import clean_text
from screener.lib.textract.docx import extract_docx
from screener.lib.textract.errors import (
    ContentMismatchError,
    EmptyFileError,
    FileTooLargeError,
    UnsupportedFileTypeError,
)
from screener.lib.textract.html import extract_html
from screener.lib.textract.isolation import run_isolated
from screener.lib.textract.pdf import extract_pdf
from screener.lib.textract.results import (
    ACCEPTED_EXTENSIONS,
    KIND_LABELS,
    ExtractedText,
    ExtractionLimits,
    Extractor,
    Kind,
)
from screener.lib.textract.sniff import choose_kind, sniff
from screener.lib.textract.txt import extract_txt


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
    return run_isolated(work, data, filename, limits, time_limit_seconds, max_memory_bytes)


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
            f"file content is not {KIND_LABELS[expected]} (looks like {looks_like})"
        )
    kind, warnings = choose_kind(expected, sniffed_kind, looks_like)
    readers: dict[Kind, Callable[[bytes, ExtractionLimits], ExtractedText]] = {
        "pdf": extract_pdf,
        "docx": extract_docx,
        "html": extract_html,
        "txt": extract_txt,
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
