"""Refusals of :mod:`screener.lib.textract`.

All refusals raise an :class:`ExtractionError` subclass whose ``reason`` can be shown to a
recruiter as-is.  The errors pickle by their reason, so they cross the worker pipe intact.
"""

from __future__ import annotations


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
