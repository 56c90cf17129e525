"""The app's one document embedder, shared by jobs, screening and profiles.

Everything that stores a vector gets it from :func:`document_embedder`, so job, resume and
profile vectors always come from the same model and version and can be compared.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string

Embed = Callable[[list[str]], np.ndarray]


def document_embedder() -> tuple[Embed, str]:
    """``(embed, version)``: MiniLM as configured, or the stand-in ``SCREENING_EMBEDDER`` names
    (tests and test workers); the version is stored next to every vector it makes."""
    if settings.SCREENING_EMBEDDER:
        fn = import_string(settings.SCREENING_EMBEDDER)
        return fn, str(getattr(fn, "version", settings.SCREENING_EMBEDDER))
    from screener.lib import embeddings

    return embeddings.embed_documents, embeddings.EMBEDDING_MODEL_VERSION


Windows = Callable[[list[str]], list[np.ndarray]]


def window_embedder() -> tuple[Windows, str]:
    """``(embed_windows, version)``: each text's window vectors (one ``(n, 384)`` array per
    text), from the same model and version as :func:`document_embedder`. A stand-in embedder
    has no windows: its document vector is the text's one window."""
    if settings.SCREENING_EMBEDDER:
        embed, version = document_embedder()
        return (lambda texts: [row[None, :] for row in embed(texts)]), version
    from screener.lib import embeddings

    return embeddings.embed_document_windows, embeddings.EMBEDDING_MODEL_VERSION
