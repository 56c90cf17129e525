"""Resume-specific extraction on top of :mod:`screener.lib.textract` (framework-free).

:func:`resume_extractor` is passed to ``textract.extract_text(..., extractor=...)``, so it
runs inside textract's killable worker process; it must stay a picklable top-level
function and this module must not import Django.

Why it exists: textract drops every ``<header>`` element of an HTML page as site
boilerplate, but on resume pages the ``<header>`` *inside* ``<main>``/``<article>`` holds
the candidate's name, headline and contact line. We rename those inner headers to
``<div>`` before textract reads the page, so the page header and navigation are still
stripped while the resume's own header survives.
"""

from __future__ import annotations

import bs4

from screener.lib import textract

_CONTENT_CONTAINERS = ("main", "article")


def resume_extractor(
    data: bytes, filename: str, limits: textract.ExtractionLimits
) -> textract.ExtractedText:
    """textract's in-process extraction, keeping resume headers inside main/article."""
    kind, _looks_like = textract.sniff(data)
    if kind == "html" and b"header" in data.lower():
        data = keep_content_headers(data)
    return textract.extract_text_in_process(data, filename, limits)


def keep_content_headers(data: bytes) -> bytes:
    """Rename ``<header>`` elements nested in ``<main>``/``<article>`` to ``<div>``."""
    soup = bs4.BeautifulSoup(data, "lxml")
    changed = False
    for header in soup.find_all("header"):
        if header.find_parent(_CONTENT_CONTAINERS) is not None:
            header.name = "div"
            changed = True
    return soup.encode("utf-8") if changed else data
