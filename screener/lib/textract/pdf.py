"""PDF reader: pypdf for opening and fallback text, pdfminer.six for layout and styling.

pypdf opens the file (decryption with the empty password only, page count, a plain-text
pass with pypdf's decompression limits left at their defaults; it also serves as the
fallback text).  pdfminer.six then supplies layout and styling: reading order for
two-column pages (:mod:`screener.lib.textract.reading_order`) and hidden-text detection
(white/near-white fill not on a dark shape or image, font size < 2 pt, positioned outside
the mediabox).  Hidden text is removed from ``text`` and reported in ``hidden_text`` plus
a warning.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

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

from screener.lib.textract.cleanup import hidden_warning
from screener.lib.textract.errors import DamagedPDFError, EncryptedPDFError, NoTextLayerError
from screener.lib.textract.reading_order import Box, order_boxes
from screener.lib.textract.results import ExtractedText, ExtractionLimits

logger = logging.getLogger(__name__)
_WHITE_THRESHOLD = 0.9
_TINY_POINTS = 2.0


def extract_pdf(data: bytes, limits: ExtractionLimits) -> ExtractedText:
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
        warnings.append(hidden_warning(reason, fragments))
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

    def read_box(self, box: LTTextBox, page: LTPage, backgrounds: list[tuple[float, ...]]) -> Box:
        out_lines: list[str] = []
        for line in box:
            if not isinstance(line, LTTextLine):
                continue
            out_lines.append(self.read_line(line, page, backgrounds))
        text = "\n".join(line for line in out_lines if line.strip())
        return Box(box.x0, box.y0, box.x1, box.y1, len(out_lines), text)

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
