"""Stored vectors: the one routine that embeds what is stale, for any model that keeps one.

A model with ``embedding`` and ``embedding_version`` fields (jobs, resumes, profiles) keeps
the vector of a text its app defines (``jobs.services.embedding_text``,
``resumes.services.embedding_text``, ``profiles.services.profile_text``). A stored vector
is current when it was made by the current embedder, when ``windows=True`` also has its
window vectors (``embedding_windows``), and when ``digest_field`` is given, from the same
text (its sha256 is kept in that field). :func:`ensure_vectors` embeds every stale object
in ONE call (identical texts once), writes the new values with one UPDATE and returns the
vectors of all objects it could embed; :func:`stale_vectors` is the same in two steps, so
that the model can run while the caller does other work. It imports no app: each app passes
its own text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

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


@dataclass
class StaleVectors(Generic[M]):
    """What :func:`stale_vectors` found: the current vectors, and the texts still to embed
    with the objects waiting for each. Embedding (:meth:`embed`) touches no database, so it
    may run in another thread; :meth:`store` writes and must run in the caller's."""

    current: dict[int, np.ndarray]
    waiting: dict[str, list[M]]
    embed_windows: Windows
    version: str
    windows: bool
    digest_field: str

    @property
    def texts(self) -> list[str]:
        return list(self.waiting)

    def embed(self) -> list[np.ndarray]:
        """Window vectors of :attr:`texts` (none to embed: no model call)."""
        return self.embed_windows(self.texts) if self.waiting else []

    def store(self, rows: Sequence[np.ndarray]) -> dict[int, np.ndarray]:
        """Assign ``rows`` (from :meth:`embed`), write them with one UPDATE, return all
        vectors."""
        vectors = dict(self.current)
        if not self.waiting:
            return vectors
        for text, parts, mean in zip(self.texts, rows, document_vectors(rows), strict=True):
            for obj in self.waiting[text]:
                _assign(obj, mean, parts, self.version, self.windows, self.digest_field, text)
                vectors[obj.pk] = mean
        fields = ["embedding", "embedding_version"]
        fields += ["embedding_windows"] if self.windows else []
        fields += [self.digest_field] if self.digest_field else []
        bulk_update_rows([o for group in self.waiting.values() for o in group], fields)
        return vectors


def stale_vectors(
    objects: Sequence[M],
    text_of: Callable[[M], str],
    *,
    windows: bool = False,
    digest_field: str = "",
    embedder: tuple[Windows, str] | None = None,
) -> StaleVectors[M]:
    """Sort ``objects`` into current vectors and texts to embed (identical texts once).

    An object whose text is empty gets no vector (and is left as it is). ``embedder``
    (window embedder, version) defaults to the app's (:func:`screener.embedder.window_embedder`).
    """
    embed_windows, version = embedder or window_embedder()
    current: dict[int, np.ndarray] = {}
    waiting: dict[str, list[M]] = {}
    for obj in objects:
        text = text_of(obj)
        digest = text_digest(text) if digest_field and text else ""
        if is_current(obj, version, windows=windows, digest=digest):
            current[obj.pk] = np.asarray(obj.embedding, dtype=np.float32)
        elif text:
            waiting.setdefault(text, []).append(obj)
    return StaleVectors(current, waiting, embed_windows, version, windows, digest_field)


def ensure_vectors(
    objects: Sequence[M],
    text_of: Callable[[M], str],
    *,
    windows: bool = False,
    digest_field: str = "",
    embedder: tuple[Windows, str] | None = None,
) -> dict[int, np.ndarray]:
    """``{pk: unit vector}`` of ``objects``; stale ones are embedded (ONE call) and stored
    first (see :func:`stale_vectors`)."""
    stale = stale_vectors(
        objects, text_of, windows=windows, digest_field=digest_field, embedder=embedder
    )
    return stale.store(stale.embed())


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
