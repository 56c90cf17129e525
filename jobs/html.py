"""Job description HTML: an allow-list sanitiser for display and plain text for processing.

Promises of :func:`sanitise_html`:

* only ``p ul ol li strong em b i br h1 h2 h3 h4 a`` survive; every other tag is unwrapped
  (its text kept) except ``script``, ``style`` and other non-content elements, which are
  dropped with their content;
* the only attribute kept is ``href`` on ``a``, and only for ``http``/``https`` URLs (links
  get ``rel="nofollow noopener noreferrer"``); event handlers, ``style`` and ``javascript:``
  URLs never survive;
* comments, doctype and processing instructions are removed;
* the output is well-formed HTML text (serialised by BeautifulSoup), safe to mark ``safe``.
"""

from __future__ import annotations

import html
import re
from typing import Final
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag

ALLOWED_TAGS: Final = frozenset(
    {"p", "ul", "ol", "li", "strong", "em", "b", "i", "br", "h1", "h2", "h3", "h4", "a"}
)
# Elements whose content is not text a reader should see.
DROPPED_WITH_CONTENT: Final = frozenset(
    {
        "script", "style", "template", "iframe", "object", "embed", "noscript", "svg",
        "math", "head", "title", "meta", "link", "form", "input", "button", "select",
        "textarea", "canvas", "video", "audio", "frame", "frameset", "applet", "base",
    }
)  # fmt: skip
BLOCK_TAGS: Final = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
     "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt"}
)  # fmt: skip
SAFE_SCHEMES: Final = frozenset({"http", "https"})
_TAG_RE: Final = re.compile(r"<[a-zA-Z/!][^>]*>")
_BLANK_LINES: Final = re.compile(r"\n\s*\n+")
_SPACES: Final = re.compile(r"[ \t\u00a0]+")


def _soup(raw: str) -> BeautifulSoup:
    return BeautifulSoup(raw, "lxml")


def _body(soup: BeautifulSoup) -> Tag:
    return soup.body or soup


def _safe_href(value: object) -> str | None:
    """The URL if it is an absolute http(s) URL, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else None


def _clean_tag(tag: Tag) -> None:
    """Drop, unwrap or strip one element according to the allow-list."""
    name = (tag.name or "").lower()
    if name in DROPPED_WITH_CONTENT:
        tag.decompose()
        return
    if name not in ALLOWED_TAGS:
        tag.unwrap()
        return
    href = _safe_href(tag.get("href")) if name == "a" else None
    tag.attrs = {}
    if href:
        tag.attrs = {"href": href, "rel": "nofollow noopener noreferrer"}


def sanitise_html(raw: str) -> str:
    """Allow-listed HTML for display (rules in the module docstring)."""
    if not raw or not raw.strip():
        return ""
    soup = _soup(raw)
    for node in soup.find_all(string=True):
        if isinstance(node, Comment | Doctype | ProcessingInstruction):
            node.extract()
    # Walk a snapshot, children before parents: unwrapping a parent never skips a child.
    for tag in reversed(soup.find_all(True)):
        if tag.decomposed:
            continue
        if tag.name in ("html", "body"):
            continue
        _clean_tag(tag)
    body = _body(soup)
    return "".join(str(child) for child in body.contents).strip()


def html_to_text(raw: str) -> str:
    """Plain text of (possibly unsafe) HTML: block elements and ``<br>`` become line breaks,
    list items start with "- ", runs of spaces collapse, scripts/styles are ignored."""
    if not raw or not raw.strip():
        return ""
    soup = _soup(raw)
    for tag in soup.find_all(list(DROPPED_WITH_CONTENT)):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for li in soup.find_all("li"):
        li.insert(0, NavigableString("- "))
        li.insert_after(NavigableString("\n"))
    for tag in soup.find_all(list(BLOCK_TAGS - {"li"})):
        tag.insert_before(NavigableString("\n"))
        tag.insert_after(NavigableString("\n"))
    text = _body(soup).get_text()
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def looks_like_html(text: str) -> bool:
    """True when the text contains something that looks like a tag."""
    return bool(_TAG_RE.search(text or ""))


def text_to_html(text: str) -> str:
    """Escape plain text and keep its paragraphs and line breaks."""
    paragraphs = [p.strip() for p in _BLANK_LINES.split(text.strip()) if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def description_pair(raw: str) -> tuple[str, str]:
    """(sanitised display HTML, plain text) for a description given as HTML or plain text."""
    if looks_like_html(raw):
        return sanitise_html(raw), html_to_text(raw)
    plain = (raw or "").replace("\r\n", "\n").strip()
    return text_to_html(plain), plain
