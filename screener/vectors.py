"""Stored vectors: the one routine that embeds what is stale, for any model that keeps one.

A model with ``embedding`` and ``embedding_version`` fields (jobs, resumes, profiles) keeps
the vector of a text its app defines (``jobs.services.embedding_text``,
``resumes.services.embedding_text``, ``profiles.services.profile_text``). A stored vector
is current when it was made by the current embedder, when ``windows=True`` also has its
window vectors (``embedding_windows``), and when ``digest_field`` is given, from the same
text (its sha256 is kept in that field). :func:`ensure_vectors` embeds every stale object
in ONE call (identical texts once), writes the new values with one UPDATE and returns the
vectors of all objects it could embed. It imports no app: each app passes its own text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
from django.db.models import Model

from screener.bulk import bulk_update_rows
from screener.embedder import Windows, window_embedder
from screener.lib.embeddings import DIMENSIONS, document_vectors

M = TypeVar("M", bound=Model)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def is_current(obj: Model, version: str, *, windows: bool = False, digest: str = "") -> bool:
    """Whether ``obj``'s stored vector came from embedder ``version`` (and, as asked, has its
    windows and was made from the text whose digest is ``digest``)."""
    if getattr(obj, "embedding", None) is None or obj.embedding_version != version:
        return False
    if windows and obj.embedding_windows is None:
        return False
    return not digest or getattr(obj, "embedded_hash", "") == digest


def ensure_vectors(
    objects: Sequence[M],
    text_of: Callable[[M], str],
    *,
    windows: bool = False,
    digest_field: str = "",
    embedder: tuple[Windows, str] | None = None,
) -> dict[int, np.ndarray]:
    """``{pk: unit vector}`` of ``objects``; stale ones are embedded and stored first.

    An object whose text is empty gets no vector (and is left as it is). ``embedder``
    (window embedder, version) defaults to the app's (:func:`screener.embedder.window_embedder`).
    """
    embed_windows, version = embedder or window_embedder()
    vectors: dict[int, np.ndarray] = {}
    todo: dict[str, list[M]] = {}
    for obj in objects:
        text = text_of(obj)
        digest = text_digest(text) if digest_field and text else ""
        if is_current(obj, version, windows=windows, digest=digest):
            vectors[obj.pk] = np.asarray(obj.embedding, dtype=np.float32)
        elif text:
            todo.setdefault(text, []).append(obj)
    if todo:
        texts = list(todo)
        rows = embed_windows(texts)
        for text, parts, mean in zip(texts, rows, document_vectors(rows), strict=True):
            for obj in todo[text]:
                _assign(obj, mean, parts, version, windows, digest_field, text)
                vectors[obj.pk] = mean
        fields = ["embedding", "embedding_version"]
        fields += ["embedding_windows"] if windows else []
        fields += [digest_field] if digest_field else []
        bulk_update_rows([o for group in todo.values() for o in group], fields)
    return vectors


def _assign(
    obj: Model,
    mean: np.ndarray,
    parts: np.ndarray,
    version: str,
    windows: bool,
    digest_field: str,
    text: str,
) -> None:
    obj.embedding, obj.embedding_version = mean, version
    if windows:
        obj.embedding_windows = np.asarray(parts, dtype=np.float32).tobytes()
    if digest_field:
        setattr(obj, digest_field, text_digest(text))


def stored_windows(obj: Model) -> np.ndarray | None:
    """The stored window vectors of ``obj``, ``(n, DIMENSIONS)``, or None."""
    raw = getattr(obj, "embedding_windows", None)
    if raw is None:
        return None
    return np.frombuffer(bytes(raw), dtype=np.float32).reshape(-1, DIMENSIONS)
