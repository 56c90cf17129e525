"""Lexical relevance: words of a job against words of a resume (Okapi BM25), framework-free.

A job becomes a weighted *query* (its title counts more than its text); a resume becomes a
*bag of terms* kept only for the query's terms, plus its length. BM25 needs nothing else,
so a screening stores a few hundred numbers per candidate and re-ranking never re-reads
resume texts. Document frequencies come from the documents ranked together (the pool of
resumes screened for that job), so the score is relative to that pool.

Promises: pure and deterministic (same inputs, same floats, whatever the order of the
documents); words are folded to lower-case ASCII, English stop words are dropped and a
light suffix stripper maps plural and -ing/-ed forms onto one term ("nurses", "nursing"
-> "nurs"), so a resume and an ad written in different forms still meet.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

# Function words and resume/ad boilerplate that says nothing about the field of work.
_STOP_TEXT: Final = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either etc
    few for from further had has have having he her here hers herself him himself his how i
    if in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own per same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up upon us very via was we were what when where which while who whom why will with within
    without would you your yours yourself yourselves
    able across along already always among another anyone anything around based become best
    better candidate candidates city company currently daily etc every full get good great
    highly ideal include including job like looking make may must name new job opportunity
    please position role seeking state strong successful successfully time use used using
    well work working year years month months within will would role roles apply
"""
STOP_WORDS: Final = frozenset(_STOP_TEXT.split())
_WORD: Final = re.compile(r"[a-z][a-z0-9]*(?:[+#]+|(?:[.'&-][a-z0-9]+)+)?")
_SUFFIXES: Final = (
    ("ational", "ate"), ("ization", "ize"), ("isation", "ize"), ("iveness", "ive"),
    ("fulness", "ful"), ("ousness", "ous"), ("ements", "e"), ("ement", "e"),
    ("ments", ""), ("ment", ""), ("ings", ""), ("ing", ""), ("edly", ""), ("ies", "y"),
    ("ied", "y"), ("ers", "er"), ("ed", ""), ("es", ""), ("s", ""),
)  # fmt: skip
_MIN_STEM: Final = 3


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text`` ("Café" -> "cafe")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode().lower()


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, deterministic suffix stripper: plurals, -ing, -ed, -ment ("managers" ->
    "manager", "managing" -> "manag", "accounting" -> "account")."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            base = word[: -len(suffix)] + repl
            if suffix in ("ing", "ed", "ings") and len(base) > 3 and base[-1] == base[-2]:
                base = base[:-1]  # "planning" -> "plan", "staffed" -> "staf"
            return base
    return word


def terms(text: str) -> list[str]:
    """The terms of ``text`` in order: folded words, stop words dropped, stemmed."""
    return [stem(w) for w in _WORD.findall(fold(text)) if w not in STOP_WORDS and len(w) > 1]


def term_counts(text: str) -> Counter[str]:
    """How often each term occurs in ``text``."""
    return Counter(terms(text))


def build_query(
    title: str,
    body: str,
    extra: Iterable[str] = (),
    *,
    title_weight: float = 3.0,
    max_terms: int = 400,
) -> dict[str, float]:
    """A job as a weighted query: ``1 + log(count)`` per term of ``body`` and ``extra``
    (e.g. the job's skills), plus ``title_weight`` for each term of the title.

    At most ``max_terms`` terms are kept (the heaviest, ties by name), so a very long ad
    cannot make storage or scoring grow without bound.
    """
    counts = term_counts(body)
    for phrase in extra:
        counts.update(terms(phrase))
    query = {t: 1.0 + math.log(c) for t, c in counts.items()}
    for term in dict.fromkeys(terms(title)):
        query[term] = query.get(term, 0.0) + title_weight
    ordered = sorted(query.items(), key=lambda kv: (-kv[1], kv[0]))[:max_terms]
    return {t: round(w, 4) for t, w in ordered}


@dataclass(frozen=True, slots=True)
class DocTerms:
    """What BM25 needs of one document: counts of the query's terms and its length."""

    counts: dict[str, int]
    length: int

    def as_json(self) -> dict:
        return {"tf": self.counts, "len": self.length}

    @classmethod
    def from_json(cls, data: Mapping | None) -> DocTerms:
        data = data or {}
        return cls(dict(data.get("tf", {})), int(data.get("len", 0)))


def doc_terms(text: str, query: Mapping[str, float]) -> DocTerms:
    """The counts of ``query``'s terms in ``text`` and the text's length in terms."""
    counts = term_counts(text)
    return DocTerms({t: counts[t] for t in sorted(query) if t in counts}, sum(counts.values()))


def bm25(
    query: Mapping[str, float], docs: Sequence[DocTerms], *, k1: float = 1.2, b: float = 0.75
) -> list[float]:
    """Okapi BM25 of every document for ``query``, with document frequencies and average
    length taken from ``docs`` themselves (idf floored at 0 so a term in most documents
    never counts against one)."""
    n = len(docs)
    if not n:
        return []
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.counts.keys())
    idf = {t: max(0.0, math.log((n - df[t] + 0.5) / (df[t] + 0.5) + 1.0)) for t in df}
    avg = (sum(d.length for d in docs) / n) or 1.0
    scores = []
    for doc in docs:
        norm = k1 * (1 - b + b * doc.length / avg)
        total = 0.0
        for term, tf in doc.counts.items():
            weight = query.get(term)
            if weight:
                total += weight * idf[term] * tf * (k1 + 1) / (tf + norm)
        scores.append(total)
    return scores
