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
