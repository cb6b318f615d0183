"""Score a compiled Whoosh query over the exported postings arrays, over the passages it matches.

The query trees the compiler makes (terms, phrases, pooled synonym sets, ``And``, ``Or``,
``BestOf``, ``AndNot``, ``AndMaybe``) are evaluated the way Whoosh's matchers would score them —
BM25F with Whoosh's formulas over the statistics of live passages, its field-length
quantisation, its sums and its quirks
(a compound query with one sub-query drops its own boost) — but as numpy operations on
each sub-query's matches (sorted docnums and their scores) instead of one Python call per
posting, so a sub-query costs in proportion to its postings, not to the index. Whoosh stays
the index: it writes the postings, stores the passages and answers lexicon look-ups;
``tests/test_engine.py`` checks that both give the same hits and scores.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from whoosh.query import And, AndMaybe, AndNot, DisjunctionMax, NullQuery, Or, Phrase, Query, Term
from whoosh.scoring import BM25F

from index.postings import Postings
from index.schema import heading_fields

from .docsets import grouped, positions, union
from .pooled import Pooled, evaluate

B, K1 = 0.75, 1.2            # Whoosh's BM25F defaults, which Sanad uses
# BM25F's per-field length normalisation of the heading fields: a section heading labels every
# passage under it, so its length says nothing of how much of a passage is about a word.
HEADING_B = 0.0
FIELD_B = {fname: HEADING_B for fname, _, _ in heading_fields()}
TERM_CACHE_BYTES = 64 << 20  # scored postings kept for terms searched again
PHRASE_CACHE_BYTES = 64 << 20  # phrases searched again (the bench set's: 2.7 MiB at 100k passages)
# Below these shares of the index, results are combined sparsely (sorting docnums, binary
# searches); above them through arrays as long as the index (measured: bench/engine_speed.py).
DENSE_SHARE = 4              # a union of more than a quarter of the index's passages
SEARCH_SHARE = 32            # membership of more than a 32nd of them
MARK_SHARE = 10              # the passages of a best-of's leaves: more than a tenth of the index


@dataclass(frozen=True)
class Scored:
    """A query's matches: the passages it matches (docnums ascending) and each one's score.

    Results are shared between the parts of a query tree: never modify one in place.
    """

    docs: np.ndarray         # intp, ascending, each once
    score: np.ndarray        # float64, one per passage in *docs*

    @property
    def empty(self) -> bool:
        """Matches nothing (combinations skip it)."""
        return not len(self.docs)


NOTHING = Scored(np.zeros(0, dtype=np.intp), np.zeros(0))


@dataclass
class Memo:
    """Results kept for sub-queries that one search meets more than once: those in *keep*
    (the query groups, met by both runs and by the tiers), and by value every phrase, synonym
    set and word (a best-of of terms: one word in every field), which an expanded query holds
    in several places (its loose form, its all-words form, the names of its concepts); and
    the bonus parts of both runs by identity, with the passages they were evaluated within."""

    keep: frozenset[int] = frozenset()
    results: dict[int, Scored] = field(default_factory=dict)
    leaves: dict[Hashable, Scored] = field(default_factory=dict)   # by ``_value_key``
    bonus: dict[int, tuple[np.ndarray, Scored]] = field(default_factory=dict)   # by id: (within, result)


class Engine:
    """Evaluates queries over one build's postings; shared by all threads of a process."""

    def __init__(self, postings: Postings) -> None:
        self.p = postings
        self.n = postings.doc_count_all
        self._terms = _Kept(TERM_CACHE_BYTES)
        # A glossary name's phrases come with every query naming its concept: deciding which
        # passages hold them is most of such a query's cost, and the same for every search.
        self._phrases = _Kept(PHRASE_CACHE_BYTES)
        self._norms: dict[str, np.ndarray] = {}

    # -- leaves ---------------------------------------------------------------------
    def term(self, fname: str, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(docnums, BM25F scores) of one term, or None when the field never has it."""
        key = (fname, text)
        hit = self._terms.get(key)
        if hit is not None:
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
        scores = idf * (tf * (K1 + 1)) / (tf + self._length_norm(fname)[docs])
        return self._terms.put(key, (docs, scores))

    def _length_norm(self, fname: str) -> np.ndarray:
        """BM25's length part of the denominator, ``K1 * (1 - B + B * length / average)``, for
        every passage of field *fname*: made once per build, so that a term's scores cost a
        look-up per posting instead of four operations (the same arithmetic, the same bits)."""
        got = self._norms.get(fname)
        if got is None:
            f = self.p.fields[fname]
            avgfl = (f.total_length / (self.p.doc_count or 1)) or 1
            b = FIELD_B.get(fname, B)
            got = self._norms[fname] = K1 * ((1 - b) + b * f.lengths.astype(np.float64) / avgfl)
        return got

    # -- the tree -------------------------------------------------------------------
    def run(self, q: Query, memo: Memo | None = None) -> Scored:
        """Matches and scores of *q*; *memo* keeps the results of chosen sub-queries."""
        memo = Memo() if memo is None else memo
        key = _value_key(q)
        if key is not None:
            # The same phrase, synonym set or word stands in several places of an expanded
            # query (a name under several concepts, in the loose form): evaluated once per search.
            got = memo.leaves.get(key)
            if got is None:
                got = memo.leaves[key] = self._run(q, memo)
            return got
        got = memo.results.get(id(q))
        if got is None:
            got = self._run(q, memo)
            if id(q) in memo.keep:
                memo.results[id(q)] = got
        return got

    def _run(self, q: Query, memo: Memo) -> Scored:
        if q is NullQuery:
            return NOTHING
        if isinstance(q, Term):
            t = self.term(q.fieldname, q.text)
            return NOTHING if t is None else Scored(t[0], t[1] * q.boost if q.boost != 1.0 else t[1])
        if isinstance(q, Phrase):
            return self._phrase(q)
        if isinstance(q, Pooled):
            got = evaluate(self.p, q)
            return NOTHING if got is None else Scored(*got)
        if isinstance(q, AndNot):
            a, b = self.run(q.a, memo), self.run(q.b, memo)
            if a.empty or b.empty:
                return a
            keep = ~self.contains(b.docs, a.docs)
            return Scored(a.docs[keep], a.score[keep])
        if isinstance(q, AndMaybe):
            a = self.run(q.a, memo)
            b = NOTHING if a.empty else self._bonus(q.b, a.docs, memo)
            if b.empty:
                return a
            at, found = positions(a.docs, b.docs)
            score = a.score.copy()
            score[at[found]] += b.score[found]
            return Scored(a.docs, score)
        if isinstance(q, (And, Or, DisjunctionMax)):
            subs = q.subqueries
            if not subs:
                return NOTHING
            if len(subs) == 1:                  # Whoosh drops the compound's boost here
                return self.run(subs[0], memo)
            if isinstance(q, DisjunctionMax):
                return _boosted(self._best_of(subs, q.tiebreak, memo), q.boost)
            if isinstance(q, And):
                return self._all(subs, memo, q.boost)
            return _boosted(self._union([self.run(sub, memo) for sub in subs]), q.boost)
        raise TypeError(f"the engine cannot evaluate {type(q).__name__} queries")

    # -- combining results ----------------------------------------------------------
    def _union(self, parts: Sequence[Scored]) -> Scored:
        """Every passage some of *parts* matches, its scores added up in the order of *parts*
        (as Whoosh's sums, to the last bit)."""
        parts = [r for r in parts if not r.empty]
        if len(parts) <= 1:
            return parts[0] if parts else NOTHING
        if sum(len(r.docs) for r in parts) * DENSE_SHARE > self.n:
            # Most of the index: adding into one array as long as it is cheaper than sorting.
            acc, hit = np.zeros(self.n), np.zeros(self.n, dtype=bool)
            for r in parts:
                acc[r.docs] += r.score
                hit[r.docs] = True
            docs = np.flatnonzero(hit)
            return Scored(docs, acc[docs])
        docs, at = grouped(np.concatenate([r.docs for r in parts]))
        # bincount adds in input order, so each passage's scores are summed in the parts' order.
        return Scored(docs, np.bincount(at, weights=np.concatenate([r.score for r in parts]),
                                        minlength=len(docs)))

    def _all(self, subs: Sequence[Query], memo: Memo, boost: float) -> Scored:
        """Passages every one of *subs* matches, their scores added up (in the subs' order)."""
        parts = []
        for sub in subs:                      # one that matches nothing ends it
            r = self.run(sub, memo)
            if r.empty:
                return NOTHING
            parts.append(r)
        docs = min((r.docs for r in parts), key=len)
        for r in parts:
            docs = docs[self.contains(r.docs, docs)]
        if not len(docs):
            return NOTHING
        score = np.zeros(len(docs))
        for r in parts:
            score += r.score[self.index_of(r.docs, docs)]
        return _boosted(Scored(docs, score), boost)

    def _best_of(self, subs: Sequence[Query], tiebreak: float, memo: Memo, within: np.ndarray | None = None
                 ) -> Scored:
        """Whoosh's binary tree of best-of matchers (``make_binary_tree``), pair by pair: where
        only one side matches its score stands; where both do, the better one counts in full and
        the other by *tiebreak*.

        Best-ofs nested in it (a word's fields inside its concept) are one tree with it; the
        tree's leaves (terms, phrases, ...) are evaluated as usual, and the pairs are combined
        over the union of the leaves' passages, in arrays as long as that union: a leaf's
        passages are folded into the other side's array where they stand, two arrays combine
        element by element. A passage a side does not match holds 0 there, and scores are
        positive, so ``max(s, 0) + tiebreak * min(s, 0)`` is ``s`` to the bit, as Whoosh's
        "only one side matches". With *within* (docnums, ascending), only those passages are
        combined (a passage's score depends on its leaves only).
        """
        leaves: list[Scored] = []
        tree = self._best_tree(subs, tiebreak, memo, leaves)
        if tree is None:
            return NOTHING
        if within is not None:
            held = self._member(within)
            leaves = [_at(r, held(r.docs)) for r in leaves]
        if isinstance(tree, int):
            return leaves[tree]
        docs, places = self._universe([r.docs for r in leaves])
        return Scored(docs, _combine(tree, leaves, places, len(docs)))

    def _best_tree(self, subs: Sequence[Query], tiebreak: float, memo: Memo, leaves: list[Scored]) -> _Tree | None:
        """The pairs of ``make_binary_tree`` over *subs*, sides that match nothing left out;
        leaves' results appended to *leaves* (a leaf is its index there)."""
        if len(subs) == 1:
            return self._best_leaf(subs[0], memo, leaves)
        half = len(subs) // 2
        a = self._best_tree(subs[:half], tiebreak, memo, leaves)
        b = self._best_tree(subs[half:], tiebreak, memo, leaves)
        if a is None or b is None:
            return b if a is None else a
        return (tiebreak, a, b)

    def _best_leaf(self, q: Query, memo: Memo, leaves: list[Scored]) -> _Tree | None:
        if isinstance(q, DisjunctionMax) and q.subqueries and id(q) not in memo.keep and \
                _value_key(q) not in memo.leaves:
            if len(q.subqueries) == 1:          # Whoosh drops the compound's boost here
                return self._best_leaf(q.subqueries[0], memo, leaves)
            inner = self._best_tree(q.subqueries, q.tiebreak, memo, leaves)
            return inner if inner is None or q.boost == 1.0 else (q.boost, inner)
        r = self.run(q, memo)
        if r.empty:
            return None
        leaves.append(r)
        return len(leaves) - 1

    def _universe(self, parts: Sequence[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
        """The passages in some of *parts* (docnums, ascending) and where each part's passages
        stand among them: merged by sorting for a few, by a mark per passage for many."""
        if sum(len(d) for d in parts) * MARK_SHARE <= self.n:
            docs, at = grouped(np.concatenate(parts))
            ends = np.cumsum([len(d) for d in parts])
            return docs, np.split(at, ends[:-1])
        return union(parts, self.n)

    def _phrase(self, q: Phrase, within: np.ndarray | None = None) -> Scored:
        """Passages where the words follow each other in order, each within *slop* of the last.

        Scored as Whoosh scores a phrase: the sum of its words' term scores. Only passages
        in *within* (docnums, ascending) count, when given (a bonus phrase only matters where
        the required part matched). A phrase's hits over the whole index are kept for the
        searches after (its score does not depend on where it is met).
        """
        key = (q.fieldname, tuple(q.words), max(1, q.slop))
        got = self._phrases.get(key)
        if got is None:
            # Within most of the index, or within more passages than its rarest word is in, the
            # whole index costs about the same, and is kept.
            whole = within is None or len(within) * DENSE_SHARE > self.n or \
                self._rarest(q.fieldname, q.words) <= len(within)
            got = self._phrase_hits(*key, None if whole else within)
            if whole:
                self._phrases.put(key, got)
        hit, score = got
        if within is not None and len(hit):
            held = self.contains(within, hit)
            hit, score = hit[held], score[held]
        return _boosted(Scored(hit, score), q.boost) if len(hit) else NOTHING

    def _rarest(self, fname: str, words: Sequence[str]) -> int:
        """How many passages hold the rarest of *words* in field *fname* (0: one is absent)."""
        return min((0 if (t := self.term(fname, w)) is None else len(t[0]) for w in words), default=0)

    def _phrase_hits(self, fname: str, words: tuple[str, ...], slop: int,
                     within: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, unboosted scores) of a phrase's passages, in *within* when given."""
        f = self.p.fields.get(fname)
        found = [self.term(fname, w) for w in words]
        terms = [t for t in found if t is not None]
        if f is None or not words or len(terms) < len(found):
            return NOTHING.docs, NOTHING.score
        rarest = min((docs for docs, _ in terms), key=len)
        cand = rarest if within is None else rarest[self.contains(within, rarest)]
        for docs, _ in terms:
            if docs is not rarest:
                cand = cand[self.contains(docs, cand)]
        ends = f.position_keys(words[0], cand)
        for n, w in enumerate(words[1:]):
            if n:
                cand = _docs_of(ends)           # only passages where the span so far stands
            if not len(cand):
                return NOTHING.docs, NOTHING.score
            # A span grows by the next word standing 1..slop positions after its end: keep
            # each position of the word whose nearest span end before it is close enough.
            # (Both are sorted ``docnum << 32 | position`` keys, so the result is sorted too.)
            keys = f.position_keys(w, cand)
            before = np.searchsorted(ends, keys - 1, side="right")
            ends = keys[(before > 0) & (ends[np.maximum(before - 1, 0)] >= keys - slop)]
        hit = _docs_of(ends)
        score = np.zeros(len(hit))
        for docs, scores in terms:
            score += scores[self.index_of(docs, hit)]
        return hit, score

    def _bonus(self, q: Query, within: np.ndarray, memo: Memo) -> Scored:
        """*q* evaluated only where it can add to a match, the passages *within*: phrases, and
        best-ofs combined over their leaves' passages there (ORs of them part by part)."""
        if isinstance(q, Phrase):
            return self._phrase(q, within)
        if type(q) is Or and len(q.subqueries) > 1:
            return _boosted(self._union([self._bonus(sub, within, memo) for sub in q.subqueries]), q.boost)
        # Both runs of a search (any word, all words) have the same bonus parts: a part is
        # evaluated once, within the first run's passages, when they hold the second's.
        kept = memo.bonus.get(id(q))
        if kept is not None and (kept[0] is within or bool(self.contains(kept[0], within).all())):
            return kept[1]
        if isinstance(q, DisjunctionMax) and len(q.subqueries) > 1 and id(q) not in memo.keep:
            got = _boosted(self._best_of(q.subqueries, q.tiebreak, memo, within), q.boost)
        else:
            got = self.run(q, memo)
        memo.bonus[id(q)] = (within, got)
        return got

    def holds(self, q: Query, docs: np.ndarray, memo: Memo) -> np.ndarray:
        """For each of *docs* (docnums, ascending), whether *q* matches it: from *q*'s result
        when this search has it or *docs* are many (then kept in *memo*), else from its leaves,
        so that a part only the ranking asks about is evaluated only where it is asked."""
        got = self._holds(q, docs, memo)
        return np.zeros(len(docs), dtype=bool) if got is None else got

    def _holds(self, q: Query, docs: np.ndarray, memo: Memo) -> np.ndarray | None:
        """``holds``, None where *q* matches none of *docs* for certain (a term not indexed)."""
        key = _value_key(q)
        got = memo.leaves.get(key) if key is not None else memo.results.get(id(q))
        if got is None and len(docs) * SEARCH_SHARE >= self.n:
            got = memo.results[id(q)] = self.run(q, memo)
        if got is not None:
            return self.contains(got.docs, docs)
        if isinstance(q, Term):
            t = self.term(q.fieldname, q.text)
            return None if t is None else self.contains(t[0], docs)
        if isinstance(q, (Or, DisjunctionMax)) and q.subqueries:
            some = [h for h in (self._holds(sub, docs, memo) for sub in q.subqueries) if h is not None]
            return np.logical_or.reduce(some) if some else None
        if isinstance(q, And) and q.subqueries:
            each = [self._holds(sub, docs, memo) for sub in q.subqueries]
            held = [h for h in each if h is not None]
            return np.logical_and.reduce(held) if len(held) == len(each) else None
        if isinstance(q, AndNot):
            a, b = self._holds(q.a, docs, memo), self._holds(q.b, docs, memo)
            return a if a is None or b is None else a & ~b
        if isinstance(q, AndMaybe):
            return self._holds(q.a, docs, memo)
        return self.contains(self.run(q, memo).docs, docs)   # phrases, synonym sets: kept per search

    def contains(self, sorted_values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
        """For each of *wanted* (docnums), whether it is in *sorted_values*: a binary search
        for a few, a mark per passage for many."""
        if len(wanted) * SEARCH_SHARE < self.n:
            return positions(sorted_values, wanted)[1]
        mark = np.zeros(self.n, dtype=bool)
        mark[sorted_values] = True
        return mark[wanted]

    def _member(self, sorted_values: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        """``contains`` of *sorted_values* for several arrays: the mark per passage made once."""
        if len(sorted_values) * SEARCH_SHARE < self.n:
            return lambda wanted: self.contains(sorted_values, wanted)
        mark = np.zeros(self.n, dtype=bool)
        mark[sorted_values] = True
        return lambda wanted: mark[wanted]

    def index_of(self, sorted_values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
        """Where each of *wanted* (docnums, all of them in *sorted_values*) stands in
        *sorted_values*: a binary search for a few, a map over the passages for many."""
        if len(wanted) * SEARCH_SHARE < self.n:
            return np.searchsorted(sorted_values, wanted)
        where = np.empty(self.n, dtype=np.intp)
        where[sorted_values] = np.arange(len(sorted_values))
        return where[wanted]


def weighting() -> BM25F:
    """Whoosh's own scoring with the engine's parameters (its per-field B), to check the engine by."""
    return BM25F(B=B, K1=K1, **{f"{fname}_B": b for fname, b in FIELD_B.items()})


class _Kept:
    """Arrays kept by key up to a number of bytes, the least recently used dropped first;
    shared by the threads of a process."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._kept: OrderedDict[Hashable, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[np.ndarray, np.ndarray] | None:
        with self._lock:
            got = self._kept.get(key)
            if got is not None:
                self._kept.move_to_end(key)
            return got

    def put(self, key: Hashable, value: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Keep *value* (made read-only: every search shares it); returns what is kept under
        *key* (another thread's, if it came first)."""
        for a in value:
            a.flags.writeable = False
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
            self._kept[key] = value
            self._bytes += value[0].nbytes + value[1].nbytes
            while self._bytes > self.budget and len(self._kept) > 1:
                _, (a, b) = self._kept.popitem(last=False)
                self._bytes -= a.nbytes + b.nbytes
        return value


def _value_key(q: Query) -> Hashable | None:
    """What a sub-query met several times in one search is kept by: a phrase or synonym set
    itself, a best-of of terms, phrases and sets by its parts, tiebreak and boost (Whoosh's
    equality of best-ofs leaves the tiebreak out); None for the rest (kept by identity)."""
    if isinstance(q, (Phrase, Pooled)):
        return q
    if isinstance(q, DisjunctionMax) and all(isinstance(sub, (Term, Phrase, Pooled)) for sub in q.subqueries):
        return (q.tiebreak, q.boost, *q.subqueries)
    return None


# A best-of tree: a leaf (its index), (tiebreak, a, b) for a pair, (boost, tree) for a boosted one.
_Tree = int | tuple[float, "_Tree", "_Tree"] | tuple[float, "_Tree"]


def _combine(tree: _Tree, leaves: Sequence[Scored], places: Sequence[np.ndarray], size: int) -> np.ndarray:
    """The scores of best-of *tree* over *size* passages (a new array); leaf *i*'s passages
    stand at ``places[i]`` among them."""
    if isinstance(tree, int):
        out = np.zeros(size)
        out[places[tree]] = leaves[tree].score
        return out
    if len(tree) == 2:
        out = _combine(tree[1], leaves, places, size)
        out *= tree[0]
        return out
    tiebreak, a, b = tree
    if isinstance(a, int):
        a, b = b, a                     # the pair's score is symmetric: fold a leaf into the other side
    out = _combine(a, leaves, places, size)
    if isinstance(b, int):
        at = places[b]
        out[at] = _pair(out[at], leaves[b].score, tiebreak)
        return out
    return _pair(out, _combine(b, leaves, places, size), tiebreak)


def _pair(a: np.ndarray, b: np.ndarray, tiebreak: float) -> np.ndarray:
    """``max(a, b) + tiebreak * min(a, b)``, element by element (*a* is overwritten)."""
    best = np.maximum(a, b)
    if tiebreak:
        np.minimum(a, b, out=a)
        a *= tiebreak
        best += a
    return best


def _docs_of(keys: np.ndarray) -> np.ndarray:
    """The docnums of sorted ``docnum << 32 | position`` keys, each once."""
    docs = (keys >> 32).astype(np.intp)
    return docs[np.flatnonzero(np.diff(docs, prepend=-1))]


def _at(r: Scored, keep: np.ndarray) -> Scored:
    """The passages of *r* where *keep* is true."""
    return r if keep.all() else Scored(r.docs[keep], r.score[keep])


def _boosted(r: Scored, boost: float) -> Scored:
    return Scored(r.docs, r.score * boost) if boost != 1.0 and not r.empty else r


def top(key: np.ndarray, docs: np.ndarray, k: int, rank: np.ndarray | None = None) -> np.ndarray:
    """The *k* best of *docs* (docnums, with *key* for each): key descending, then *rank*
    (passage order, :attr:`Postings.rank`), else docnum (as Whoosh)."""
    return docs[top_at(key, docs, k, rank)]


def top_at(key: np.ndarray, docs: np.ndarray, k: int, rank: np.ndarray | None = None) -> np.ndarray:
    """Where the *k* best of *docs* (``top``) stand in *docs*, best first."""
    at = np.flatnonzero(key >= np.partition(key, len(key) - k)[len(key) - k]) if len(docs) > k \
        else np.arange(len(docs))
    chosen = docs[at]
    return at[np.lexsort((chosen if rank is None else rank[chosen], -key[at]))[:k]]


__all__ = ["FIELD_B", "NOTHING", "Engine", "Memo", "Scored", "top", "top_at", "weighting"]
