"""Score a compiled Whoosh query over the exported postings arrays, all passages at once.

The query trees the compiler makes (terms, phrases, pooled synonym sets, ``And``, ``Or``,
``BestOf``, ``AndNot``, ``AndMaybe``) are evaluated the way Whoosh's matchers would score them —
BM25F with Whoosh's formulas over the statistics of live passages, its field-length
quantisation, its sums and its quirks
(a compound query with one sub-query drops its own boost) — but as numpy operations on
one score array per sub-query instead of one Python call per posting. Whoosh stays the
index: it writes the postings, stores the passages and answers lexicon look-ups;
``tests/test_engine.py`` checks that both give the same hits and scores.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from whoosh.query import And, AndMaybe, AndNot, DisjunctionMax, NullQuery, Or, Phrase, Query, Term

from index.postings import Postings

from .pooled import Pooled, evaluate

B, K1 = 0.75, 1.2            # Whoosh's BM25F defaults, which Sanad uses
TERM_CACHE_BYTES = 64 << 20  # scored postings kept for terms searched again


@dataclass
class Scored:
    """A query's matches: a score for every passage, and which passages match.

    Results are shared between the parts of a query tree: never modify one in place.
    """

    score: np.ndarray        # float64, 0 where not matched
    hit: np.ndarray          # bool
    empty: bool = False      # matches nothing (combinations skip it)


@dataclass
class Memo:
    """Results kept for sub-queries that one search meets more than once.

    Only the queries in *keep* are kept: every result holds two arrays as long as the
    index, and a query with glossary expansion has hundreds of parts.
    """

    keep: frozenset[int] = frozenset()
    results: dict[int, Scored] = field(default_factory=dict)


class Engine:
    """Evaluates queries over one build's postings; shared by all threads of a process."""

    def __init__(self, postings: Postings) -> None:
        self.p = postings
        self.n = postings.doc_count_all
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cache_bytes = 0
        self._lock = threading.Lock()
        self.nothing = Scored(np.zeros(self.n), np.zeros(self.n, dtype=bool), empty=True)
        self.nothing.score.flags.writeable = self.nothing.hit.flags.writeable = False

    # -- leaves ---------------------------------------------------------------------
    def term(self, fname: str, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(docnums, BM25F scores) of one term, or None when the field never has it."""
        key = (fname, text)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        f = self.p.fields.get(fname)
        got = f.postings(text) if f is not None else None
        if f is None or got is None:
            return None
        docs, weights = got
        tf = weights.astype(np.float64)
        # Statistics of live passages only: the same corpus scores the same whatever its
        # rebuild history (Whoosh would count deleted passages until a merge).
        idf = np.log(self.p.doc_count / (len(docs) + 1)) + 1
        avgfl = (f.total_length / (self.p.doc_count or 1)) or 1
        fl = f.lengths[docs].astype(np.float64)
        scores = idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))
        out = (docs, scores)
        with self._lock:
            if key in self._cache:              # another thread missed it too, and stored it first
                self._cache.move_to_end(key)
                return self._cache[key]
            self._cache[key] = out
            self._cache_bytes += docs.nbytes + scores.nbytes
            while self._cache_bytes > TERM_CACHE_BYTES and len(self._cache) > 1:
                _, (d, s) = self._cache.popitem(last=False)
                self._cache_bytes -= d.nbytes + s.nbytes
        return out

    def _sum(self, subs: Sequence[Query], memo: Memo, boost: float, every: bool = False,
             within: np.ndarray | None = None) -> Scored:
        """Scores of *subs* added up, where any of them matches (or, with *every*, all do).

        Sub-queries are evaluated one at a time, so only one of their results is alive.
        """
        score, hit = np.zeros(self.n), None
        for sub in subs:
            p = self._bonus(sub, within, memo) if within is not None else self.run(sub, memo)
            if p.empty:
                if every:
                    return self.nothing
                continue
            score += p.score
            hit = p.hit.copy() if hit is None else (hit & p.hit if every else hit | p.hit)
        if hit is None or not hit.any():
            return self.nothing
        if every:
            score[~hit] = 0.0
        if boost != 1.0:
            score *= boost
        return Scored(score, hit)

    def _dense(self, docs: np.ndarray, scores: np.ndarray, boost: float = 1.0) -> Scored:
        out = Scored(np.zeros(self.n), np.zeros(self.n, dtype=bool))
        out.score[docs] = scores * boost if boost != 1.0 else scores
        out.hit[docs] = True
        return out

    # -- the tree -------------------------------------------------------------------
    def run(self, q: Query, memo: Memo | None = None) -> Scored:
        """Scores and matches of *q*; *memo* keeps the results of chosen sub-queries."""
        memo = Memo() if memo is None else memo
        got = memo.results.get(id(q))
        if got is None:
            got = self._run(q, memo)
            if id(q) in memo.keep:
                memo.results[id(q)] = got
        return got

    def _run(self, q: Query, memo: Memo) -> Scored:
        if q is NullQuery:
            return self.nothing
        if isinstance(q, Term):
            t = self.term(q.fieldname, q.text)
            return self.nothing if t is None else self._dense(*t, boost=q.boost)
        if isinstance(q, Phrase):
            return self._phrase(q)
        if isinstance(q, Pooled):
            got = evaluate(self.p, q)
            return self.nothing if got is None else Scored(*got)
        if isinstance(q, AndNot):
            a, b = self.run(q.a, memo), self.run(q.b, memo)
            if a.empty or b.empty:
                return a
            hit = a.hit & ~b.hit
            return Scored(np.where(hit, a.score, 0.0), hit, empty=not hit.any())
        if isinstance(q, AndMaybe):
            a = self.run(q.a, memo)
            b = self.nothing if a.empty else self._bonus(q.b, a.hit, memo)
            if a.empty or b.empty:
                return a
            return Scored(a.score + np.where(a.hit, b.score, 0.0), a.hit)
        if isinstance(q, (And, Or, DisjunctionMax)):
            subs = q.subqueries
            if not subs:
                return self.nothing
            if len(subs) == 1:                  # Whoosh drops the compound's boost here
                return self.run(subs[0], memo)
            if isinstance(q, DisjunctionMax):
                out = self._best_of(subs, q.tiebreak, memo)
                return Scored(out.score * q.boost, out.hit) if q.boost != 1.0 and not out.empty else out
            return self._sum(subs, memo, q.boost, every=isinstance(q, And))
        raise TypeError(f"the engine cannot evaluate {type(q).__name__} queries")

    def _best_of(self, subs: Sequence[Query], tiebreak: float, memo: Memo) -> Scored:
        """Whoosh's binary tree of best-of matchers (``make_binary_tree``), pair by pair."""
        if len(subs) == 1:
            return self.run(subs[0], memo)
        half = len(subs) // 2
        a, b = self._best_of(subs[:half], tiebreak, memo), self._best_of(subs[half:], tiebreak, memo)
        if a.empty or b.empty:
            return b if a.empty else a
        score = a.score + b.score
        both = np.flatnonzero(a.hit & b.hit)
        if len(both):
            sa, sb = a.score[both], b.score[both]
            score[both] = np.maximum(sa, sb) + tiebreak * np.minimum(sa, sb)
        return Scored(score, a.hit | b.hit)

    def _phrase(self, q: Phrase, within: np.ndarray | None = None) -> Scored:
        """Passages where the words follow each other in order, each within *slop* of the last.

        Scored as Whoosh scores a phrase: the sum of its words' term scores. Only passages
        in *within* are looked at, when given (a bonus phrase only matters where the
        required part matched).
        """
        f = self.p.fields.get(q.fieldname)
        if f is None or not q.words:
            return self.nothing
        found = [self.term(q.fieldname, w) for w in q.words]
        terms = [t for t in found if t is not None]
        if len(terms) < len(found):
            return self.nothing
        cand = min((docs for docs, _ in terms), key=len)
        if within is not None:
            cand = cand[within[cand]]
        for docs, _ in terms:
            cand = cand[_contains(docs, cand)]
        ends = None
        for w in q.words:
            keys = f.position_keys(w, cand)
            if ends is None:
                ends = keys
                continue
            # A span grows by the next word standing 1..slop positions after its end.
            nxt = np.concatenate([ends + d for d in range(1, max(1, q.slop) + 1)])
            ends = nxt[_contains(keys, nxt)]
            if not len(ends):
                return self.nothing
        if ends is None or not len(ends):
            return self.nothing
        hit = np.zeros(self.n, dtype=bool)
        hit[ends >> 32] = True
        score = np.zeros(self.n)
        for docs, scores in terms:
            sel = hit[docs]
            score[docs[sel]] += scores[sel]
        if q.boost != 1.0:
            score *= q.boost
        return Scored(score, hit)

    def _bonus(self, q: Query, within: np.ndarray, memo: Memo) -> Scored:
        """*q* evaluated only where it can add to a match: phrases (and ORs of them) in *within*."""
        if isinstance(q, Phrase):
            return self._phrase(q, within)
        if type(q) is Or and len(q.subqueries) > 1:
            return self._sum(q.subqueries, memo, q.boost, within=within)
        return self.run(q, memo)


def _contains(sorted_values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """For each of *wanted*, whether it is in *sorted_values*."""
    if not len(sorted_values):
        return np.zeros(len(wanted), dtype=bool)
    at = np.searchsorted(sorted_values, wanted)
    return sorted_values[np.minimum(at, len(sorted_values) - 1)] == wanted


def top(score: np.ndarray, allowed: np.ndarray, k: int, rank: np.ndarray | None = None) -> np.ndarray:
    """Docnums of the *k* best allowed passages: score descending, then *rank* (passage
    order, :attr:`Postings.rank`), else docnum (as Whoosh)."""
    idx = np.flatnonzero(allowed)
    if len(idx) > k:
        s = score[idx]
        kth = np.partition(s, len(s) - k)[len(s) - k]
        idx = idx[s >= kth]
    order = np.lexsort((idx if rank is None else rank[idx], -score[idx]))
    return idx[order[:k]]


__all__ = ["Engine", "Memo", "Scored", "top"]
