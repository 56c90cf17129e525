"""screener.lib.embeddings: shape, normalisation, fidelity to PyTorch, whole-document coverage.

Django-free: run with ``pytest -p no:django``. The ONNX artefact is built once into the repo's
git-ignored ``var/models/`` (about a minute the first time) and reused afterwards.
"""

from __future__ import annotations

import os
import random

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


def test_shape_dtype_and_unit_norm() -> None:
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


def test_fast_backend_matches_plain_sentence_transformers() -> None:
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


def test_windows_cover_every_token_and_fit_the_model() -> None:
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


def test_long_document_depends_on_its_last_part() -> None:
    body = _long_text(2000, 7)
    tail_a = "Finally, I led a kitchen brigade of twelve chefs in a Michelin-starred restaurant."
    tail_b = "Finally, I ran penetration tests and hardened Kubernetes clusters for a bank."
    a, b = embeddings.embed_documents([f"{body}\n\n{tail_a}", f"{body}\n\n{tail_b}"])
    assert float(a @ b) < 0.9999
    # ...and the change moves the vector toward what the new ending is about.
    chef, security = embeddings.embed_texts(["head chef", "Kubernetes security engineer"])
    assert float(b @ security) - float(a @ security) > float(b @ chef) - float(a @ chef)


def test_related_texts_are_closer_than_unrelated() -> None:
    job, near, far = embeddings.embed_texts(
        [
            "Backend engineer: Python, Django, REST APIs, PostgreSQL",
            "Software developer building web APIs in Python with Django and Postgres",
            "Pastry chef specialising in laminated doughs and wedding cakes",
        ]
    )
    assert float(job @ near) > float(job @ far) + 0.2


def test_deterministic_across_calls() -> None:
    texts = [*SHORT, _long_text(800, 8)]
    first = embeddings.embed_documents(texts)
    second = embeddings.embed_documents(list(reversed(texts)))[::-1]
    np.testing.assert_array_equal(embeddings.embed_documents(texts), first)
    np.testing.assert_allclose(second, first, atol=1e-6)


def test_version_names_backend_and_chunking() -> None:
    versions = {embeddings.model_version(b) for b in embeddings.BACKENDS}
    assert len(versions) == len(embeddings.BACKENDS)
    assert embeddings.EMBEDDING_MODEL_VERSION in versions
    assert "w256o32" in embeddings.EMBEDDING_MODEL_VERSION
    with pytest.raises(ValueError):
        embeddings.model_version("cuda")
