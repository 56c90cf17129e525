"""Inference: ONNX Runtime sessions run side by side, and the PyTorch reference.

ONNX sessions are single-threaded; with ``num_threads`` N, N batches run side by side.
Texts are tokenized with the model's tokenizer, truncated to ``WINDOW_TOKENS``, batched
longest first, mean-pooled and L2-normalised (an all-zero row never occurs: empty text
embeds like ``[CLS] [SEP]``, as in sentence-transformers).  The ``torch`` backend is plain
sentence-transformers on PyTorch: the reference the others are measured against.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from screener.lib.embeddings.config import (
    BATCH_SIZE,
    DIMENSIONS,
    WINDOW_TOKENS,
    _offline,
    model_dir,
)
from screener.lib.embeddings.windows import _tokenizer


def _make_session(path: Path) -> Any:
    """A single-threaded session: parallelism comes from running batches side by side."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _pool(workers: int) -> ThreadPoolExecutor:
    """This process's pool (keyed by pid too: a forked worker must not reuse dead threads)."""
    return _pool_for(workers, os.getpid())


@functools.cache
def _pool_for(workers: int, pid: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"embeddings-{pid}")


def _batches(texts: Sequence[str], batch_size: int) -> Iterator[tuple[np.ndarray, Any]]:
    """Longest-first batches of ``(indices, encodings)``, truncated to ``WINDOW_TOKENS``."""
    encodings = _tokenizer().encode_batch(list(texts), add_special_tokens=False)
    for enc in encodings:
        enc.truncate(WINDOW_TOKENS - 2)
    order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
    for begin in range(0, len(order), batch_size):
        yield (
            order[begin : begin + batch_size],
            [encodings[i] for i in order[begin : begin + batch_size]],
        )


def _run_batch(session: Any, encs: Sequence[Any]) -> np.ndarray:
    """Mean-pooled (not yet normalised) vectors of one batch of encodings."""
    tokenizer = _tokenizer()
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    width = max(len(e.ids) for e in encs) + 2
    ids = np.zeros((len(encs), width), dtype=np.int64)
    mask = np.zeros((len(encs), width), dtype=np.int64)
    for row, enc in enumerate(encs):
        n = len(enc.ids) + 2
        ids[row, :n] = [cls_id, *enc.ids, sep_id]
        mask[row, :n] = 1
    (hidden,) = session.run(
        ["last_hidden_state"],
        {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
    )
    weights = mask[..., None].astype(np.float32)
    return (hidden * weights).sum(axis=1) / weights.sum(axis=1)


def _run_onnx(
    session: Any, texts: Sequence[str], batch_size: int = BATCH_SIZE, workers: int = 1
) -> np.ndarray:
    """Embed ``texts`` with ``workers`` batches in flight at once (ONNX Runtime drops the GIL).

    Whole batches side by side on single-threaded sessions beat one batch split over threads:
    nothing waits at a thread barrier after each of the ~200 small LayerNorm/GELU/quantise ops.
    """
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    batches = list(_batches(texts, batch_size))
    if workers > 1 and len(batches) > 1:
        pooled = _pool(workers).map(lambda batch: _run_batch(session, batch[1]), batches)
    else:
        pooled = (_run_batch(session, encs) for _, encs in batches)
    for (idx, _), vectors in zip(batches, pooled, strict=True):
        out[idx] = vectors
    return _normalise(out)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


@functools.cache
def _torch_model(num_threads: int) -> Any:
    _offline()
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(num_threads)
    model = SentenceTransformer(str(model_dir()), device="cpu")
    model.max_seq_length = WINDOW_TOKENS
    return model


def _torch_encode(texts: Sequence[str], num_threads: int) -> np.ndarray:
    import torch

    model = _torch_model(num_threads)
    torch.set_num_threads(num_threads)  # process-wide in torch: re-assert on every call
    vectors = model.encode(
        list(texts),
        batch_size=BATCH_SIZE,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)
