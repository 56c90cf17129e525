"""The encoder for a backend: ``onnx-int8`` (default), ``onnx`` or ``torch``.

The model is loaded lazily, once per process and setting (:func:`functools.cache`);
``onnx-int8`` builds and checks its artefact before the first call, not during it, and
runs texts of at most ``TINY_TOKENS`` word pieces through the fp32 graph.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from screener.lib.embeddings.artefacts import ensure_artefact
from screener.lib.embeddings.config import (
    DIMENSIONS,
    TINY_TOKENS,
    _backend,
    _cache_dir,
    _threads,
)
from screener.lib.embeddings.runtime import _make_session, _run_onnx, _torch_encode
from screener.lib.embeddings.windows import _tokenizer

logger = logging.getLogger(__name__)


@functools.cache
def _onnx_session(backend: str, cache_dir: Path) -> Any:
    path = ensure_artefact(backend, cache_dir)
    logger.info("embeddings: loading %s", path.name)
    return _make_session(path)


def _run_int8(cache_dir: Path, threads: int, texts: Sequence[str]) -> np.ndarray:
    """The int8 graph, except texts of at most ``TINY_TOKENS`` tokens, which go through fp32.

    In a text that short, ``[CLS]``/``[SEP]`` make up most of the mean-pooled vector, and their
    outlier activations are exactly where int8 loses precision (the empty text drops to ~0.991
    cosine). Running them in fp32 costs next to nothing; the fp32 session opens only when such a
    text shows up.
    """
    lengths = [len(e.ids) for e in _tokenizer().encode_batch(list(texts), add_special_tokens=False)]
    tiny = np.flatnonzero(np.asarray(lengths) <= TINY_TOKENS)
    rest = np.flatnonzero(np.asarray(lengths) > TINY_TOKENS)
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    if len(rest):
        session = _onnx_session("onnx-int8", cache_dir)
        out[rest] = _run_onnx(session, [texts[i] for i in rest], workers=threads)
    if len(tiny):
        session = _onnx_session("onnx", cache_dir)
        out[tiny] = _run_onnx(session, [texts[i] for i in tiny], workers=threads)
    return out


def _encoder(
    backend: str | None, num_threads: int | None, cache_dir: str | os.PathLike[str] | None
) -> Callable[[Sequence[str]], np.ndarray]:
    name = _backend(backend)
    threads = _threads(num_threads)
    if name == "torch":
        return lambda texts: _torch_encode(texts, threads)
    directory = _cache_dir(cache_dir)
    if name == "onnx-int8":
        ensure_artefact(name, directory)  # build (and check) before the first call, not during
        return lambda texts: _run_int8(directory, threads, texts)
    session = _onnx_session(name, directory)
    return lambda texts: _run_onnx(session, texts, workers=threads)
