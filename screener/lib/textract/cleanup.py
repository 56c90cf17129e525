"""Text normalisation shared by every reader.

All text is normalised: ``\\n`` newlines, no NULs / control / zero-width characters,
runs of spaces squeezed, at most one blank line in a row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise newlines, drop NUL/control/zero-width chars, squeeze spaces and blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc",))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def hidden_warning(reason: str, fragments: Iterable[str]) -> str:
    count = sum(len(f.strip()) for f in fragments)
    return f"hidden text found: {reason} ({count} characters)"
