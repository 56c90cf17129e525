"""Relevance signals of a resume for a job: embedding cosines and BM25 of the job's words.

Screening stores the raw values per candidate (``Candidate.signals``) and turns them into
the semantic and lexical components; re-ranking reads only the stored values.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from django.conf import settings

from jobs.models import JobPosting
from jobs.services import job_vector
from resumes.models import Resume
from resumes.services import stale_resume_vectors
from screener.embedder import document_embedder
from screener.lib import lexical
from screener.vectors import stored_windows
from screening.scoring import Requirements, rescale_similarity


def lexical_query(job: JobPosting, req: Requirements) -> dict[str, float]:
    """The job as a weighted query of words: its title (weighted up), text and skills."""
    return lexical.build_query(
        job.position,
        job.description_text,
        req.skills,
        title_weight=settings.SCREENING_LEXICAL["title_weight"],
    )


Cosines = dict[int, dict[str, float | None]]


class PendingSimilarities:
    """Raw cosines per resume (None where a side is missing), computed in two steps:

    * ``window``: the resume's best ~256-token window against the job's title, so one
      strong part of a long resume is not diluted by the rest;
    * ``document``: the whole resume (mean of its windows) against the whole job;
    * ``headline``: the resume's headline (its stated role) against the job's title.

    The model calls (missing resume embeddings in one call, the short texts in another) run
    in a background thread while the caller works (on two cores the model leaves room);
    :meth:`result` waits, stores the new vectors from the caller's thread (the database is
    never used from the background one) and computes the cosines."""

    def __init__(self, job: JobPosting, resumes: list[Resume], texts: dict[int, str]) -> None:
        self._job, self._resumes = job, resumes
        self._job_vector = job_vector(job)
        self._stale = stale_resume_vectors(resumes, texts)
        self._heads = sorted({r.job_role.strip() for r in resumes if r.job_role.strip()})
        embed, _ = document_embedder()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="screening-embed")
        self._windows = self._pool.submit(self._stale.embed)
        self._short = self._pool.submit(embed, [*self._heads, job.position])
        self._pool.shutdown(wait=False)

    def result(self) -> Cosines:
        vectors = self._stale.store(self._windows.result())
        matrix = self._short.result()
        head_vectors = dict(zip(self._heads, matrix[:-1], strict=True))
        title_vector = matrix[-1]
        out: Cosines = {}
        for resume in self._resumes:
            vector, head = vectors.get(resume.id), head_vectors.get(resume.job_role.strip())
            windows = stored_windows(resume) if vector is not None else None
            out[resume.id] = {
                "window": None if windows is None else _best(windows @ title_vector),
                "document": None if vector is None else _round(np.dot(vector, self._job_vector)),
                "headline": None if head is None else _round(np.dot(head, title_vector)),
            }
        return out


def start_similarities(
    job: JobPosting, resumes: list[Resume], texts: dict[int, str]
) -> PendingSimilarities:
    """Start the model calls of :class:`PendingSimilarities`; the caller goes on meanwhile."""
    return PendingSimilarities(job, resumes, texts)


def _round(value: float) -> float:
    return round(float(value), 5)


def _best(cosines: np.ndarray) -> float | None:
    return _round(cosines.max()) if cosines.size else None


def semantic_component(cosines: dict[str, float | None]) -> float:
    """The 0..1 semantic component: each known cosine mapped onto 0..1 by its range in
    ``SCREENING_SEMANTIC`` and averaged with its weight there (unknown ones left out)."""
    total = weight_sum = 0.0
    for key, (weight, low, high) in settings.SCREENING_SEMANTIC.items():
        cosine = cosines.get(key)
        if cosine is not None and weight > 0:
            total += weight * rescale_similarity(cosine, low, high)
            weight_sum += weight
    return round(total / weight_sum, 4) if weight_sum else 0.0


def lexical_scores(docs: dict[int, dict], query: dict[str, float]) -> dict[int, float]:
    """BM25 of every candidate (id -> stored term counts) for the job's words, over the
    job's pool, divided by the pool's best (so the best match scores 1 and the scale does
    not depend on the length of the ad)."""
    ids = list(docs)
    terms = [lexical.DocTerms.from_json(docs[i]) for i in ids]
    params = settings.SCREENING_LEXICAL
    scores = lexical.bm25(query, terms, k1=params["k1"], b=params["b"])
    best = max(scores, default=0.0)
    scale = 1.0 / best if best > 0 else 0.0
    return {i: score * scale for i, score in zip(ids, scores, strict=True)}
