"""Reference rankings to compare ours with on a labelled set (``evaluate --baselines``).

* ``tfidf``: cosine of TF-IDF vectors (scikit-learn, sublinear tf, English stop words, idf
  fitted on the resumes), job = title + text;
* ``bm25``: plain Okapi BM25 (k1 1.2, b 0.75) of the job's title + text, title not
  weighted up, idf from the resumes;
* ``embedding``: cosine of the whole-resume MiniLM vector with the job's vector.

Each ranks every resume by score, ties by file name, so the order is deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from screener.lib import lexical

BASELINES = ("tfidf", "bm25", "embedding")


class BaselineUnavailable(RuntimeError):
    """A baseline needs a package that is not installed (the message says which)."""


def _order(names: list[str], scores: np.ndarray | list[float]) -> list[str]:
    return [names[i] for i in sorted(range(len(names)), key=lambda i: (-scores[i], names[i]))]


def tfidf_rankings(jobs: Mapping[str, str], resumes: Mapping[str, str]) -> dict[str, list[str]]:
    """Rank ``resumes`` (file name -> text) for each job (id -> title + text) by TF-IDF."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError:  # a runtime-only install has no scikit-learn
        raise BaselineUnavailable("the TF-IDF baseline needs scikit-learn") from None
    names = sorted(resumes)
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    matrix = vectorizer.fit_transform([resumes[n] for n in names])
    out = {}
    for job_id, text in jobs.items():
        scores = (matrix @ vectorizer.transform([text]).T).toarray().ravel()
        out[job_id] = _order(names, scores)
    return out


def bm25_rankings(
    jobs: Mapping[str, tuple[str, str]], resumes: Mapping[str, str]
) -> dict[str, list[str]]:
    """Rank ``resumes`` for each job (id -> (title, text)) by plain BM25."""
    names = sorted(resumes)
    out = {}
    for job_id, (title, text) in jobs.items():
        query = lexical.build_query(title, text, title_weight=1.0)
        docs = [lexical.doc_terms(resumes[n], query) for n in names]
        out[job_id] = _order(names, lexical.bm25(query, docs, k1=1.2, b=0.75))
    return out


def embedding_rankings(
    jobs: Mapping[str, np.ndarray], resumes: Mapping[str, np.ndarray]
) -> dict[str, list[str]]:
    """Rank resumes (file name -> unit vector) for each job (id -> unit vector) by cosine."""
    names = sorted(resumes)
    matrix = np.stack([resumes[n] for n in names])
    return {job_id: _order(names, matrix @ vector) for job_id, vector in jobs.items()}
