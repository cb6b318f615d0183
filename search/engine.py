"""Score a compiled Whoosh query over the exported postings arrays, all passages at once.

The query trees the compiler makes (terms, phrases, ``And``, ``Or``, ``BestOf``,
``AndNot``, ``AndMaybe``) are evaluated the way Whoosh's matchers would score them —
BM25F with Whoosh's statistics, its field-length quantisation, its sums and its quirks
(a compound query with one sub-query drops its own boost) — but as numpy operations on
one score array per sub-query instead of one Python call per posting. Whoosh stays the
index: it writes the postings, stores the passages and answers lexicon look-ups;
``tests/test_engine.py`` checks that both give the same hits and scores.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh.query import And, AndMaybe, AndNot, DisjunctionMax, NullQuery, Or, Phrase, Query, Term

from index.postings import Postings

B, K1 = 0.75, 1.2            # Whoosh's BM25F defaults, which Sanad uses
TERM_CACHE_BYTES = 64 << 20  # scored postings kept for terms searched again


@dataclass
class Scored:
    """A query's matches: a score for every passage, and which passages match."""

    score: np.ndarray        # float64, 0 where not matched
    hit: np.ndarray          # bool


class Engine:
    """Evaluates queries over one build's postings; shared by all threads of a process."""

    def __init__(self, postings: Postings) -> None:
        self.p = postings
        self.n = postings.doc_count_all
        self._cache: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cache_bytes = 0
        self._lock = threading.Lock()

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
        i = f.find(text) if f is not None else -1
        if i < 0:
            return None
        docs, weights = f.postings(i)
        docs = np.asarray(docs, dtype=np.intp)
        tf = weights.astype(np.float64)
        idf = np.log(self.n / (int(f.df[i]) + 1)) + 1
        avgfl = (f.total_length / (self.p.doc_count or 1)) or 1
        fl = f.lengths[docs].astype(np.float64)
        scores = idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))
        out = (docs, scores)
        with self._lock:
            self._cache[key] = out
            self._cache_bytes += docs.nbytes + scores.nbytes
            while self._cache_bytes > TERM_CACHE_BYTES and len(self._cache) > 1:
                _, (d, s) = self._cache.popitem(last=False)
                self._cache_bytes -= d.nbytes + s.nbytes
        return out

    def _empty(self) -> Scored:
        return Scored(np.zeros(self.n), np.zeros(self.n, dtype=bool))

    def _dense(self, docs: np.ndarray, scores: np.ndarray, boost: float = 1.0) -> Scored:
        out = self._empty()
        out.score[docs] = scores * boost if boost != 1.0 else scores
        out.hit[docs] = True
        return out

    # -- the tree -------------------------------------------------------------------
    def run(self, q: Query, memo: dict[int, Scored] | None = None) -> Scored:
        """Scores and matches of *q*; *memo* shares the results of sub-queries met twice."""
        memo = {} if memo is None else memo
        got = memo.get(id(q))
        if got is None:
            got = memo[id(q)] = self._run(q, memo)
        return got

    def _run(self, q: Query, memo: dict) -> Scored:
        if q is NullQuery:
            return self._empty()
        if isinstance(q, Term):
            t = self.term(q.fieldname, q.text)
            return self._empty() if t is None else self._dense(*t, boost=q.boost)
        if isinstance(q, Phrase):
            return self._phrase(q)
        if isinstance(q, AndNot):
            a = self.run(q.a, memo)
            hit = a.hit & ~self.run(q.b, memo).hit
            return Scored(np.where(hit, a.score, 0.0), hit)
        if isinstance(q, AndMaybe):
            a, b = self.run(q.a, memo), self.run(q.b, memo)
            return Scored(np.where(a.hit, a.score + np.where(b.hit, b.score, 0.0), 0.0), a.hit)
        if isinstance(q, (And, Or, DisjunctionMax)):
            subs = q.subqueries
            if not subs:
                return self._empty()
            if len(subs) == 1:                  # Whoosh drops the compound's boost here
                return self.run(subs[0], memo)
            parts = [self.run(s, memo) for s in subs]
            if isinstance(q, DisjunctionMax):
                out = _best_of(parts, q.tiebreak)
            elif isinstance(q, And):
                out = Scored(np.sum([p.score for p in parts], axis=0), np.logical_and.reduce([p.hit for p in parts]))
                out.score[~out.hit] = 0.0
            else:
                out = Scored(np.sum([p.score for p in parts], axis=0), np.logical_or.reduce([p.hit for p in parts]))
            if q.boost != 1.0:
                out = Scored(out.score * q.boost, out.hit)
            return out
        raise TypeError(f"the engine cannot evaluate {type(q).__name__} queries")

    def _phrase(self, q: Phrase) -> Scored:
        """Passages where the words follow each other in order, each within *slop* of the last.

        Scored as Whoosh scores a phrase: the sum of its words' term scores.
        """
        f = self.p.fields.get(q.fieldname)
        if f is None or not q.words:
            return self._empty()
        ids = [f.find(w) for w in q.words]
        if min(ids) < 0:
            return self._empty()
        terms = [self.term(q.fieldname, w) for w in q.words]
        cand = np.ones(self.n, dtype=bool)
        for docs, _ in terms:
            mask = np.zeros(self.n, dtype=bool)
            mask[docs] = True
            cand &= mask
        if not cand.any():
            return self._empty()
        ends = None
        for i in ids:
            docs, pos = f.positions(i)
            keep = cand[docs]
            keys = (docs[keep].astype(np.int64) << 32) | pos[keep].astype(np.int64)
            if ends is None:
                ends = keys
                continue
            # A span grows by the next word standing 1..slop positions after its end.
            found = [ends + d for d in range(1, max(1, q.slop) + 1)]
            nxt = np.concatenate(found)
            at = np.searchsorted(keys, nxt)
            ok = (at < len(keys)) & (keys[np.minimum(at, len(keys) - 1)] == nxt)
            ends = np.unique(nxt[ok])
            if not len(ends):
                return self._empty()
        matched = np.unique(ends >> 32)
        out = self._empty()
        for docs, scores in terms:
            sel = np.isin(docs, matched, assume_unique=True)
            out.score[docs[sel]] += scores[sel]
        out.hit[matched] = True
        if q.boost != 1.0:
            out.score *= q.boost
        return out


def _best_of(parts: list[Scored], tiebreak: float) -> Scored:
    """Whoosh's binary tree of best-of matchers (``make_binary_tree``), pair by pair."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    a, b = _best_of(parts[:half], tiebreak), _best_of(parts[half:], tiebreak)
    both = a.hit & b.hit
    score = np.where(both, np.maximum(a.score, b.score) + tiebreak * np.minimum(a.score, b.score),
                     a.score + b.score)
    return Scored(score, a.hit | b.hit)


def top(score: np.ndarray, allowed: np.ndarray, k: int) -> np.ndarray:
    """Docnums of the *k* best allowed passages: score descending, then docnum (as Whoosh)."""
    idx = np.flatnonzero(allowed)
    if len(idx) > k:
        s = score[idx]
        kth = np.partition(s, len(s) - k)[len(s) - k]
        idx = idx[s >= kth]
    order = np.lexsort((idx, -score[idx]))
    return idx[order[:k]]


__all__ = ["Engine", "Scored", "top"]
