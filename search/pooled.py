"""A structured query (Pirkola 1998): several terms searched as ONE term.

The translations of one query word are a synonym set: a passage's term frequency is the sum
over the set's terms in a field, and the set's document frequency is that of the union of
their postings. So a word with many translations, or a common one, weighs as one concept,
instead of adding up (OR) or letting its rarest translation set the score (best of).

Whoosh has no such query. ``Pooled.matcher`` scores it for Whoosh from the reader's own
postings and statistics (the reference ``tests/test_engine.py`` checks the engine against);
``evaluate`` scores it over the postings arrays, as the engine does every other query.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import numpy as np
from whoosh.matching import ListMatcher, Matcher, NullMatcher
from whoosh.query import Query

from index.postings import Postings

from .docsets import grouped

B, K1 = 0.75, 1.2            # Whoosh's BM25F defaults, as in search.engine


Num = TypeVar("Num", float, np.ndarray)


def bm25(idf: float, tf: Num, fl: Num, avgfl: float) -> Num:
    """Whoosh's BM25F term score (works on numbers and numpy arrays alike)."""
    return idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))


class Pooled(Query):
    """Matches a passage holding any of *terms* ``(field, text)``; scores the set as one term."""

    def __init__(self, terms: Iterable[tuple[str, str]], boost: float = 1.0) -> None:
        self.pool = tuple(sorted(set(terms)))
        self.boost = boost

    def __repr__(self) -> str:
        return f"Pooled({list(self.pool)!r}, boost={self.boost})"

    def __eq__(self, other: object) -> bool:
        return type(other) is Pooled and other.pool == self.pool and other.boost == self.boost

    def __hash__(self) -> int:
        return hash((Pooled, self.pool, self.boost))

    def is_leaf(self) -> bool:
        return True

    def terms(self, phrases: bool = False) -> Iterator[tuple[str, str]]:
        yield from self.pool

    def estimate_size(self, ixreader: Any) -> int:
        return sum(ixreader.doc_frequency(f, t) for f, t in self.pool)

    def matcher(self, searcher: Any, context: Any = None) -> Matcher:
        """Whoosh's side: the pooled BM25F of every matching passage, read from the reader."""
        reader = searcher.reader()
        tf: dict[int, dict[str, float]] = {}
        for fname, text in self.pool:
            if (fname, text) not in reader:
                continue
            m = reader.postings(fname, text)
            while m.is_active():
                per_field = tf.setdefault(m.id(), {})
                per_field[fname] = per_field.get(fname, 0.0) + m.weight()
                m.next()
        if not tf:
            return NullMatcher()
        idf = math.log(reader.doc_count() / (len(tf) + 1)) + 1
        ids = sorted(tf)
        scores = [self.boost * sum(bm25(idf, w, reader.doc_field_length(d, f, 1),
                                        searcher.avg_field_length(f) or 1)
                                   for f, w in tf[d].items()) for d in ids]
        return ListMatcher(ids, weights=scores)


def evaluate(p: Postings, q: Pooled) -> tuple[np.ndarray, np.ndarray] | None:
    """(docnums ascending, their scores) of *q* over postings arrays *p*; None when nothing matches."""
    by_field: dict[str, tuple[list[np.ndarray], list[np.ndarray]]] = {}
    for fname, text in q.pool:
        f = p.fields.get(fname)
        got = f.postings(text) if f is not None else None
        if got is None:
            continue
        field_docs, field_weights = by_field.setdefault(fname, ([], []))
        field_docs.append(got[0])
        field_weights.append(got[1].astype(np.float64))
    if not by_field:
        return None
    tf: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for fname, (each_docs, each_weights) in by_field.items():
        # A passage's frequency in a field: its terms' weights added in the pool's order.
        held, at = grouped(np.concatenate(each_docs))
        acc = np.bincount(at, weights=np.concatenate(each_weights), minlength=len(held))
        tf[fname] = held[acc > 0], acc[acc > 0]
    hit = grouped(np.concatenate([docs for docs, _ in tf.values()]))[0]
    # Statistics of live passages, as the engine's terms (search.engine).
    idf = math.log(p.doc_count / (len(hit) + 1)) + 1
    score = np.zeros(len(hit))
    for fname, (docs, acc) in tf.items():
        f = p.fields[fname]
        avgfl = (f.total_length / (p.doc_count or 1)) or 1
        score[np.searchsorted(hit, docs)] += bm25(idf, acc, f.lengths[docs].astype(np.float64), avgfl)
    if q.boost != 1.0:
        score *= q.boost
    return hit, score


__all__ = ["Pooled", "bm25", "evaluate"]
