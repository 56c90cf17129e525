"""Turn uploaded resume bytes (PDF, DOCX, HTML, TXT) into plain text, within limits.

Framework-free; limits arrive as keyword arguments with safe defaults.

Promises made by :func:`extract_text` (each module's docstring gives the details):

* The file type is decided by content sniffing (magic bytes), never by the extension
  alone.  The extension must be one we accept (``.pdf .docx .txt .text .html .htm`` or
  none); content we cannot read (executables, images, plain ZIPs, legacy .doc, ...) is
  refused with a reason naming what the file looks like.  When a supported content type
  disagrees with the extension (a real PDF named ``.docx``) the content wins and a
  warning is added (:mod:`.sniff`, :mod:`.extract`).
* DOCX: the ZIP central directory is checked BEFORE any parsing; hidden, white and
  sub-2-pt runs go to ``hidden_text`` (:mod:`.docx`).
* PDF: pypdf opens the file and supplies the fallback text; pdfminer.six supplies reading
  order for two-column pages and hidden-text detection; hidden text is removed from
  ``text`` and reported in ``hidden_text`` plus a warning (:mod:`.pdf`,
  :mod:`.reading_order`).
* HTML: page chrome is dropped, hidden elements are reported as hidden text, blocks keep
  their own lines (:mod:`.html`).
* TXT: UTF-8 (and BOM-marked UTF-16/32) first, otherwise the most plausible legacy
  encoding (:mod:`.txt`).
* All text is normalised: ``\\n`` newlines, no NULs / control / zero-width characters
  (:mod:`.cleanup`).
* Isolation: by default the work happens in a pooled, killable worker process with a
  time limit (``time_limit_seconds``) and an address-space cap (``max_memory_bytes``), so
  a pathological file cannot hang the web/queue worker and a decompression bomb fails
  with a clean error (:mod:`.isolation`).  As with any multiprocessing code, a script
  that calls :func:`extract_text` must guard its entry point with
  ``if __name__ == "__main__":`` because workers re-import the main module.
  ``isolate=False`` runs in-process with no time limit (for trusted batch jobs).

All refusals raise an :class:`ExtractionError` subclass whose ``reason`` can be shown to a
recruiter as-is (:mod:`.errors`).

Modules: ``errors`` (refusals), ``results`` (result and limit types, accepted
extensions), ``extract`` (the entry points), ``sniff`` (content type), ``cleanup`` (text
normalisation), ``txt`` / ``html`` / ``docx`` / ``pdf`` / ``reading_order`` (readers),
``isolation`` (the worker pool).
"""

from screener.lib.textract.cleanup import clean_text
from screener.lib.textract.docx import check_zip_archive
from screener.lib.textract.errors import (
    ContentMismatchError,
    DamagedPDFError,
    EmptyFileError,
    EncryptedPDFError,
    ExtractionError,
    ExtractionFailedError,
    ExtractionTimeoutError,
    FileTooLargeError,
    InvalidDocxError,
    NoTextLayerError,
    UnsupportedFileTypeError,
    ZipBombError,
)
from screener.lib.textract.extract import (
    check_upload,
    extract_text,
    extract_text_in_process,
    format_size,
)
from screener.lib.textract.pdf import hidden_char_reason
from screener.lib.textract.reading_order import order_boxes
from screener.lib.textract.results import (
    ACCEPTED_EXTENSIONS,
    ExtractedText,
    ExtractionLimits,
    Extractor,
    Kind,
)
from screener.lib.textract.sniff import sniff
from screener.lib.textract.txt import decode_text

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "ContentMismatchError",
    "DamagedPDFError",
    "EmptyFileError",
    "EncryptedPDFError",
    "ExtractedText",
    "ExtractionError",
    "ExtractionFailedError",
    "ExtractionLimits",
    "ExtractionTimeoutError",
    "Extractor",
    "FileTooLargeError",
    "InvalidDocxError",
    "Kind",
    "NoTextLayerError",
    "UnsupportedFileTypeError",
    "ZipBombError",
    "check_upload",
    "check_zip_archive",
    "clean_text",
    "decode_text",
    "extract_text",
    "extract_text_in_process",
    "format_size",
    "hidden_char_reason",
    "order_boxes",
    "sniff",
]
