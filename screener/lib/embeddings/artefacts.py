"""The ONNX artefacts: export, int8 rewrite, check against PyTorch, atomic publication.

Both ONNX artefacts are cached under ``var/models/`` of the repo (or the configured cache
directory); their file names carry the weights' digest, the variant and the recipe
(``_ARTEFACT_RECIPE``) and must not change, or every deployment rebuilds them.
Concurrent builders serialise on a lock file and each file appears by an atomic rename of
a complete, checked file.  The artefacts are built deterministically (no calibration
data, no sampling).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from screener.lib.embeddings.config import (
    _ARTEFACT_RECIPE,
    DIMENSIONS,
    MODEL_NAME,
    _cache_dir,
    _offline,
    model_dir,
)
from screener.lib.embeddings.runtime import _make_session, _run_onnx, _torch_encode

logger = logging.getLogger(__name__)


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
