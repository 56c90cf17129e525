"""The text screening and recommendations read: name-blind and free of injected instructions.

Promises:

* Name-blind: :func:`blind_text` removes the candidate's name, e-mail addresses, phone
  numbers and links before anything is matched or embedded, so two resumes that differ only
  in those details give the same text (and so the same facts, vectors and scores).
* Hidden text never counts (it is not in ``ranking_text``); instructions aimed at a
  screener ("ignore previous instructions", "rank me first", or any paraphrase that means
  the same, found by :mod:`screener.lib.injection`) are cut out whole and reported by
  :func:`find_injections`, so they can never raise a score.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Sequence

from resumes.parsing.contact import EMAIL_RE, PHONE_LIKE_RE, URL_RE
from screener.lib import injection


@functools.cache
def _detector_embed() -> injection.Embed:
    """MiniLM on short texts, for injection detection only (imported at first use).

    Always the real model, even where ``SCREENING_EMBEDDER`` names a stand-in: the detector
    decides by meaning, which a stand-in has none of. Only called on gated sentences.
    """
    from screener.lib.embeddings import embed_texts

    return embed_texts


_MEMO_SIZE = 4096  # texts whose detection is kept (a screening chunk is 200 resumes)
_memo: OrderedDict[str, tuple[str, ...]] = OrderedDict()


def detect_injections(texts: Sequence[str]) -> list[tuple[str, ...]]:
    """:func:`find_injections` of each text; the texts not seen lately are detected together,
    with one model call (a screening chunk asks for all its resumes at once)."""
    known = {text: _memo[text] for text in dict.fromkeys(texts) if text in _memo}
    missing = [text for text in dict.fromkeys(texts) if text not in known]
    if missing:
        found = injection.find_injections_many(missing, _detector_embed())
        for text, sentences in zip(missing, found, strict=True):
            known[text] = tuple(sentences)
            _memo[text] = known[text]
        while len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)
    return [known[text] for text in texts]


def load_detector() -> None:
    """Load the detector's model and exemplars now (a worker has them after its first use)."""
    injection.prepare(_detector_embed())


def forget_detections() -> None:
    """Drop the memo (a benchmark times what a worker meeting these texts first does)."""
    _memo.clear()


def find_injections(text: str) -> list[str]:
    """Sentences of ``text`` that address instructions to a screener or LLM (in order).

    Found by meaning (see :mod:`screener.lib.injection`); memoised per text, so the flag and
    :func:`blind_text` of one resume cost one detection.
    """
    return list(detect_injections([text])[0])


def blind_text(
    text: str,
    *,
    name: str = "",
    emails: tuple[str, ...] = (),
    injections: Sequence[str] | None = None,
) -> str:
    """``text`` without contact details and without instructions aimed at the screener.

    Promises: the candidate's full name (any case), every e-mail address, phone number and
    link are removed; the sentences in ``injections`` (default: :func:`find_injections` of
    ``text``) are removed whole.
    """
    found = find_injections(text) if injections is None else injections
    out = injection.remove_sentences(text, found)
    for email in emails:
        if email:
            out = out.replace(email, " ")
    out = EMAIL_RE.sub(" ", out)
    out = URL_RE.sub(" ", out)
    out = PHONE_LIKE_RE.sub(" ", out)
    if len(name.strip()) >= 3:
        pattern = r"\s+".join(re.escape(part) for part in name.split())
        out = re.sub(rf"(?<!\w){pattern}(?!\w)", " ", out, flags=re.IGNORECASE)
    lines = (re.sub(r"[ \t]{2,}", " ", line).strip() for line in out.split("\n"))
    return "\n".join(line for line in lines if line.strip(" |,;·•-–"))
