"""Nearest neighbours in pgvector: :func:`nearest` (HNSW, widened or exact when filters leave
too few rows) and :func:`set_local` / :func:`ef_search` (a setting for one query, sent in the
same message). The promises are in :mod:`profiles.selectors`, whose recommendations use them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from pgvector.django import CosineDistance

# Ranking filtered rows exactly costs ~6 us a row (heap read + distance; 100k-job benchmark):
# 5,000 rows ~ 30 ms, two of the widest HNSW searches. Beyond that, the widest search wins.
EXACT_FALLBACK_MAX_IDS = 5_000
EF_SEARCH_MAX = 1000  # pgvector's upper bound for hnsw.ef_search


def _set_local(name: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL {name} = {value}")  # names are ours; values are ints/"off"


def ef_search(ef: int) -> contextlib.AbstractContextManager[None]:
    """Run the single query inside the block with ``hnsw.ef_search = ef`` (see set_local)."""
    return set_local("hnsw.ef_search", str(int(ef)))


@contextmanager
def set_local(name: str, value: str) -> Iterator[None]:
    """Run the single query inside the block with the setting ``name = value``.

    With Django's default client-side binding, ``SET LOCAL`` is prepended to that query's
    text: PostgreSQL runs a multi-statement message as one implicit transaction, so the
    setting applies to the SELECT and ends with it, in one round trip instead of four
    (BEGIN, SET, SELECT, COMMIT). Inside an outer transaction, a ``SET LOCAL ... TO DEFAULT``
    appended to the same message ends it just as soon. With server-side binding (one
    statement per message), it falls back to a transaction of its own (a savepoint inside an
    outer one, where it then lasts until that ends). ``name`` and ``value`` are ours.
    """
    if connection.settings_dict.get("OPTIONS", {}).get("server_side_binding") is True:
        with transaction.atomic():
            _set_local(name, value)
            yield
        return
    before, after = f"SET LOCAL {name} = {value}; ", f"; SET LOCAL {name} TO DEFAULT"
    with connection.execute_wrapper(_around(before, after)):
        yield


def _around(before: str, after: str) -> Callable[..., Any]:
    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict):
        if many:
            return execute(sql, params, many, context)
        result = execute(before + sql + after, params, many, context)
        context["cursor"].cursor.nextset()  # step past the SET's empty result to the rows
        return result

    return wrapper


def nearest(qs: QuerySet, vector: Sequence[float], k: int, *, exact: bool = False) -> list[Any]:
    """Up to ``k`` rows of ``qs`` nearest to ``vector`` (cosine), each with ``.distance``.

    HNSW first (the planner may pick an exact scan itself when filters are selective and it
    can tell). When filters leave fewer than ``k`` rows: if the share of rows that passed says
    a search as wide as pgvector allows (ef_search 1000) will find ``k``, that; if still
    short, an exact scan over the filtered rows when there are at most
    ``EXACT_FALLBACK_MAX_IDS`` of them, else the widest search's rows. ``exact=True`` skips
    the index altogether (the benchmark's reference). ``qs`` must not be sliced/ordered.
    """
    query = list(vector)
    unfiltered, qs = qs, qs.filter(embedding__isnull=False)
    ordered = qs.annotate(distance=CosineDistance("embedding", query)).order_by("distance")
    if exact:
        return _exact(ordered, k)
    ef = min(EF_SEARCH_MAX, max(settings.PROFILE_RECO_EF_SEARCH, 2 * k))
    rows = _hnsw(ordered, k, ef)
    if len(rows) < k and len(rows) * EF_SEARCH_MAX / ef >= k:
        ef = EF_SEARCH_MAX  # a moderate filter: widen the search
        rows = _hnsw(ordered, k, ef)
    if len(rows) >= k:
        return rows
    # Without the IS NOT NULL test, which would need the heap: this read stays index-only.
    ids = list(unfiltered.order_by().values_list("id", flat=True)[: EXACT_FALLBACK_MAX_IDS + 1])
    if len(ids) <= len(rows):
        return rows  # nothing more to find
    if len(ids) > EXACT_FALLBACK_MAX_IDS:  # too many to rank exactly: the widest search
        return rows if ef == EF_SEARCH_MAX else _hnsw(ordered, k, EF_SEARCH_MAX)
    # qs, not a fresh manager: keeps its .only() columns (never the 1.5 kB vectors themselves).
    filtered = qs.filter(pk__in=ids)
    return _exact(filtered.annotate(distance=CosineDistance("embedding", query)), k)


def _hnsw(ordered: QuerySet, k: int, ef: int) -> list[Any]:
    with ef_search(ef):
        rows = list(ordered[:k])
    return sorted(rows, key=lambda r: (r.distance, r.pk))


def _exact(annotated: QuerySet, k: int) -> list[Any]:
    with set_local("enable_indexscan", "off"):  # HNSW is an index scan: force the exact path
        return list(annotated.order_by("distance", "id")[:k])
