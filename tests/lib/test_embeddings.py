"""screener.lib.embeddings: shape, normalisation, fidelity to PyTorch, whole-document coverage.

The library is Django-free; these tests need no database. The ONNX artefacts are built once
into the repo's git-ignored ``var/models/`` (seconds to a minute the first time) and reused.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from screener.lib import embeddings  # noqa: E402

pytestmark = pytest.mark.timeout(900)

_TOPICS = [
    "maintained Django services backed by PostgreSQL",
    "cared for patients on a busy cardiac ward",
    "prepared monthly management accounts and payroll",
    "scheduled delivery routes for a fleet of forty vans",
    "taught algebra and geometry to secondary pupils",
    "negotiated supplier contracts for a retail chain",
]


def _long_text(words: int, seed: int) -> str:
    rng = random.Random(seed)
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        topic = rng.choice(_TOPICS)
        year = rng.randint(2001, 2024)
        sentences.append(f"In {year} I {topic} and improved results by {rng.randint(2, 60)}%.")
    return " ".join(sentences)


SHORT = [
    "Senior Python developer, Django and PostgreSQL",
    "Registered nurse with intensive care experience",
    "Chartered accountant: payroll, VAT returns, month-end close",
    "Forklift-certified warehouse operative",
    "",
]


def test_it_promises_shape_dtype_and_unit_norm() -> None:
    vectors = embeddings.embed_texts(SHORT)
    assert vectors.shape == (len(SHORT), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    docs = embeddings.embed_documents([_long_text(900, 1), "short one", ""])
    assert docs.shape == (3, 384) and docs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-5)
    assert embeddings.embed_document("a nurse").shape == (384,)
    assert embeddings.embed_texts([]).shape == (0, 384)
    assert embeddings.embed_documents([]).shape == (0, 384)


def test_it_keeps_fp32_onnx_within_0995_of_plain_sentence_transformers() -> None:
    texts = [*SHORT, _long_text(120, 2), embeddings.split_windows(_long_text(900, 3))[0]]
    fast = embeddings.embed_texts(texts, backend="onnx")
    reference = embeddings.embed_texts(texts, backend="torch")
    cosines = np.sum(fast * reference, axis=1)
    assert cosines.min() >= 0.995, cosines
    docs = [_long_text(700, 4), _long_text(1500, 5)]
    cosines = np.sum(
        embeddings.embed_documents(docs, backend="onnx")
        * embeddings.embed_documents(docs, backend="torch"),
        axis=1,
    )
    assert cosines.min() >= 0.995, cosines


def test_it_windows_cover_every_token_and_fit_the_model() -> None:
    text = _long_text(2000, 6)
    spans = embeddings.window_spans(text)
    assert len(spans) > 1
    tokenizer = embeddings._tokenizer()
    tokens = tokenizer.encode(text, add_special_tokens=False).offsets
    for start, end in spans:
        window = text[start:end]
        assert len(tokenizer.encode(window, add_special_tokens=False).ids) <= 254
    # Every token lies inside some window; consecutive windows overlap.
    for tok_start, tok_end in tokens:
        assert any(a <= tok_start and tok_end <= b for a, b in spans), (tok_start, tok_end)
    for (_, prev_end), (next_start, _) in zip(spans, spans[1:], strict=False):
        assert next_start < prev_end
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())
    assert embeddings.window_spans("a short text") == [(0, len("a short text"))]


def test_it_makes_a_long_document_depend_on_its_last_part() -> None:
    body = _long_text(2000, 7)
    tail_a = "Finally, I led a kitchen brigade of twelve chefs in a Michelin-starred restaurant."
    tail_b = "Finally, I ran penetration tests and hardened Kubernetes clusters for a bank."
    a, b = embeddings.embed_documents([f"{body}\n\n{tail_a}", f"{body}\n\n{tail_b}"])
    assert float(a @ b) < 0.9999
    # ...and the change moves the vector toward what the new ending is about.
    chef, security = embeddings.embed_texts(["head chef", "Kubernetes security engineer"])
    assert float(b @ security) - float(a @ security) > float(b @ chef) - float(a @ chef)


def test_it_puts_related_texts_closer_than_unrelated() -> None:
    job, near, far = embeddings.embed_texts(
        [
            "Backend engineer: Python, Django, REST APIs, PostgreSQL",
            "Software developer building web APIs in Python with Django and Postgres",
            "Pastry chef specialising in laminated doughs and wedding cakes",
        ]
    )
    assert float(job @ near) > float(job @ far) + 0.2


def test_it_is_deterministic_across_calls() -> None:
    texts = [*SHORT, _long_text(800, 8)]
    first = embeddings.embed_documents(texts)
    second = embeddings.embed_documents(list(reversed(texts)))[::-1]
    np.testing.assert_array_equal(embeddings.embed_documents(texts), first)
    np.testing.assert_allclose(second, first, atol=1e-6)


def test_it_versions_name_backend_recipe_and_chunking() -> None:
    versions = {embeddings.model_version(b) for b in embeddings.BACKENDS}
    assert len(versions) == len(embeddings.BACKENDS)
    assert embeddings.EMBEDDING_MODEL_VERSION in versions
    assert "w256o32" in embeddings.EMBEDDING_MODEL_VERSION
    assert "onnx-int8-r2" in embeddings.model_version("onnx-int8")  # not the old per-tensor r1
    with pytest.raises(ValueError):
        embeddings.model_version("cuda")


def _cosines(backend: str, texts: list[str], *, documents: bool = False) -> np.ndarray:
    embed = embeddings.embed_documents if documents else embeddings.embed_texts
    return np.sum(embed(texts, backend=backend) * embed(texts, backend="torch"), axis=1)


def test_it_keeps_int8_within_0995_of_plain_sentence_transformers() -> None:
    long_window = embeddings.split_windows(_long_text(900, 3))[0]
    texts = [*SHORT, "hi there", "a", _long_text(120, 2), long_window]
    assert len(embeddings._tokenizer().encode(long_window, add_special_tokens=False).ids) > 200
    cosines = _cosines("onnx-int8", texts)
    assert cosines.min() >= 0.995, cosines
    docs = [_long_text(700, 4), _long_text(1500, 5), _long_text(60, 9)]
    assert len(embeddings.window_spans(docs[1])) >= 6
    cosines = _cosines("onnx-int8", docs, documents=True)
    assert cosines.min() >= 0.995, cosines


def test_it_promises_shape_and_unit_norm_for_every_backend() -> None:
    for backend in embeddings.BACKENDS:
        vectors = embeddings.embed_texts(SHORT, backend=backend)
        assert vectors.shape == (len(SHORT), 384) and vectors.dtype == np.float32, backend
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
        docs = embeddings.embed_documents([_long_text(600, 10), ""], backend=backend)
        assert docs.shape == (2, 384) and docs.dtype == np.float32, backend
        np.testing.assert_allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-5)


_OTHER_PROCESS = """
import sys
from screener.lib import embeddings
texts = sys.stdin.read().split("\x1e")
sys.stdout.write(embeddings.embed_documents(texts, backend="onnx-int8").tobytes().hex())
"""


def test_it_gives_int8_vectors_identical_across_processes_and_batches() -> None:
    texts = [_long_text(800, 11), *SHORT, _long_text(150, 12)]
    here = embeddings.embed_documents(texts, backend="onnx-int8")
    there = subprocess.run(
        [sys.executable, "-c", _OTHER_PROCESS],
        input="\x1e".join(texts),
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    assert there == here.tobytes().hex()
    # Per-token scales: a text's vector doesn't depend on what else is in its batch.
    alone = embeddings.embed_documents(texts[-1:], backend="onnx-int8")
    np.testing.assert_allclose(alone[0], here[-1], atol=1e-5)


def test_it_rejects_an_unknown_backend_everywhere() -> None:
    with pytest.raises(ValueError, match="unknown embedding backend 'cuda'"):
        embeddings.embed_texts(["a nurse"], backend="cuda")
    with pytest.raises(ValueError, match="unknown embedding backend"):
        embeddings.configure(backend="cuda")
    with pytest.raises(ValueError, match="at least 1"):
        embeddings.configure(num_threads=0)


def test_it_applies_configured_defaults_and_explicit_arguments_win() -> None:
    saved = dict(embeddings._configured)
    try:
        embeddings.configure(backend="onnx", num_threads=1)
        version = embeddings.EMBEDDING_MODEL_VERSION
        assert version == embeddings.model_version("onnx")
        assert embeddings._threads(None) == 1 and embeddings._threads(2) == 2
        assert embeddings._backend(None) == "onnx" and embeddings._backend("torch") == "torch"
        embeddings.configure()
        version = embeddings.EMBEDDING_MODEL_VERSION
        assert version == embeddings.model_version(embeddings.DEFAULT_BACKEND)
    finally:
        embeddings.configure(**saved)


def test_it_rewrites_the_int8_graph_byte_for_byte_the_same(tmp_path: Path) -> None:
    from screener.lib.int8_rewrite import rewrite_per_token_int8

    fp32 = embeddings.ensure_artefact("onnx")
    first, second = tmp_path / "a.onnx", tmp_path / "b.onnx"
    assert rewrite_per_token_int8(fp32, first) == 18
    rewrite_per_token_int8(fp32, second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == embeddings.ensure_artefact("onnx-int8").read_bytes()


def test_it_runs_tiny_texts_through_fp32_under_int8() -> None:
    tiny = ["", "hi there", "a nurse"]
    tokenizer = embeddings._tokenizer()
    assert all(
        len(tokenizer.encode(t, add_special_tokens=False).ids) <= embeddings.TINY_TOKENS
        for t in tiny
    )
    np.testing.assert_array_equal(
        embeddings.embed_texts(tiny, backend="onnx-int8"),
        embeddings.embed_texts(tiny, backend="onnx"),
    )
