"""HTML reader.

Scripts, styles, navigation, header/footer/aside/form/noscript blocks are dropped;
elements hidden by ``display:none``, ``visibility:hidden`` or the ``hidden`` attribute
are reported as hidden text; headings, paragraphs and list items keep their own lines.
"""

from __future__ import annotations

import re

import bs4

from screener.lib.textract.cleanup import hidden_warning
from screener.lib.textract.results import ExtractedText, ExtractionLimits

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


def extract_html(data: bytes, limits: ExtractionLimits) -> ExtractedText:
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
    warnings = [hidden_warning("hidden HTML elements", hidden)] if hidden else []
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
