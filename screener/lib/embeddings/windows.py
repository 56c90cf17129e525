"""The model's tokenizer and the windows long documents are cut into.

:func:`window_spans` splits each text with the model's own tokenizer into windows of at
most 256 tokens (the model's ``max_seq_length``, ``[CLS]``/``[SEP]`` included) that overlap
by about 32 tokens, start and end on word boundaries, and together cover every token.
Window sizes are balanced (a 300-token text gives two windows of ~166 tokens, not
254 + 78).
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

from screener.lib.embeddings.config import OVERLAP_TOKENS, WINDOW_TOKENS, model_dir

if TYPE_CHECKING:
    from tokenizers import Tokenizer


@functools.cache
def _tokenizer() -> Tokenizer:
    """The model's fast tokenizer, with its baked-in 128-token truncation/padding removed."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def window_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the windows :func:`embed_documents` embeds.

    Each window holds at most ``WINDOW_TOKENS - 2`` tokens, consecutive windows overlap (by
    about ``OVERLAP_TOKENS``), and together they cover every token of ``text``. Windows start
    and end on word boundaries unless a single word is longer than a window. A text that fits
    in one window gives ``[(0, len(text))]``.
    """
    encoding = _tokenizer().encode(text, add_special_tokens=False)
    offsets = encoding.offsets
    n = len(offsets)
    limit = WINDOW_TOKENS - 2
    if n <= limit:
        return [(0, len(text))]
    word_ids = encoding.word_ids
    word_start = [i == 0 or word_ids[i] != word_ids[i - 1] for i in range(n)] + [True]
    stride = limit - OVERLAP_TOKENS
    count = math.ceil((n - OVERLAP_TOKENS) / stride)
    # Balanced size, plus a little slack for snapping ends back to word boundaries.
    size = min(limit, math.ceil((n + (count - 1) * OVERLAP_TOKENS) / count) + 8)
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        end = min(start + size, n)
        if end < n:
            snapped = end
            while snapped > start + 1 and not word_start[snapped]:
                snapped -= 1
            if snapped > start + 1:
                end = snapped
        spans.append((offsets[start][0], offsets[end - 1][1]))
        if end >= n:
            return spans
        next_start = max(end - OVERLAP_TOKENS, start + 1)
        snapped = next_start
        while snapped > start + 1 and not word_start[snapped]:
            snapped -= 1
        start = snapped if word_start[snapped] else next_start


def split_windows(text: str) -> list[str]:
    """The window texts of ``text`` (see :func:`window_spans`)."""
    return [text[a:b] for a, b in window_spans(text)]
