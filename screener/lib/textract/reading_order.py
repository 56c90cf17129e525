"""Reading order of a PDF page's text boxes: columns first, full-width lines in between."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Box:
    """A pdfminer text box after hidden characters were separated out."""

    x0: float
    y0: float
    x1: float
    y1: float
    lines: int
    text: str


def order_boxes(boxes: list[Box], page_width: float) -> list[Box]:
    """Reading order: detect a vertical gutter; read each band left column then right.

    Boxes that cross the gutter (full-width headings, a centred name) split the page
    into horizontal bands.  Inside a band the left column is read top to bottom, then
    the right one, unless the right side is just labels aligned with left lines (dates
    next to job titles), in which case the band is read row by row.
    """
    gutter = _find_gutter(boxes, page_width)
    if gutter is None:
        return sorted(boxes, key=_top_down)
    ordered: list[Box] = []
    band: list[Box] = []
    for box in sorted(boxes, key=_top_down):
        if box.x0 < gutter < box.x1:
            ordered.extend(_order_band(band, gutter))
            ordered.append(box)
            band = []
        else:
            band.append(box)
    ordered.extend(_order_band(band, gutter))
    return ordered


def _top_down(box: Box) -> tuple[float, float]:
    return (-round(box.y1), box.x0)


def _find_gutter(boxes: list[Box], page_width: float) -> float | None:
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


def _order_band(band: list[Box], gutter: float) -> list[Box]:
    left = sorted((b for b in band if b.x1 <= gutter), key=_top_down)
    right = sorted((b for b in band if b.x0 >= gutter), key=_top_down)
    if not left or not right:
        return left + right
    aligned = sum(1 for r in right if r.lines == 1 and _aligned_with_any(r, left))
    if aligned * 10 >= len(right) * 6:  # mostly labels next to left lines: read rows
        return sorted(band, key=_top_down)
    return left + right


def _aligned_with_any(box: Box, others: list[Box]) -> bool:
    height = max(box.y1 - box.y0, 1.0)
    centre = (box.y0 + box.y1) / 2
    return any(o.y0 - height / 2 <= centre <= o.y1 + height / 2 for o in others)
