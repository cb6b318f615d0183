"""Rank a prepared query over one build: passages with every query concept first, then
those lacking some, by the rarity-weighted share of the query they cover, the user's own words
above equivalents (``tiers``).

Only the passages the query matches are looked at (docnums, ascending, as the engine
returns them): the cost follows the matches, not the size of the index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.query import Query

from .engine import Engine, Memo, Scored, top_at
from .prepare import Prepared
from .tiers import Tiers, partial_order_key, tiers

TIER_POOL = 4        # the passages keyed exactly for a top k: the k x TIER_POOL best scores (and ties)


@dataclass(frozen=True)
class Page:
    """One page of ranked passages, and what the whole query matched."""

    hits: list[tuple[int, float, list[int]]]   # (passage number in the index, score, concepts missing:
    #                                            indexes into the compiled query's live groups)
    total: int                            # passages matching some word, within the filters
    any_docs: np.ndarray                  # passages matching some word, anywhere (docnums, ascending)


@dataclass(frozen=True)
class Allowed:
    """The language and document filters: ``allowed(docs)`` says which of *docs* pass."""

    codes: tuple[tuple[np.ndarray, int | None], ...]   # (code by docnum, the code wanted; None: no such name)

    def __call__(self, docs: np.ndarray) -> np.ndarray:
        keep = np.ones(len(docs), dtype=bool)
        for by_doc, code in self.codes:
            keep &= (by_doc[docs] == code) if code is not None else False
        return keep


def allowed(engine: Engine, lang: str | None, doc: str | None) -> Allowed:
    """Which passages the language and document filters let through."""
    p = engine.p
    return Allowed(tuple((codes, names.index(value) if value in names else None)
                         for value, names, codes in ((lang, p.lang_names, p.lang), (doc, p.doc_names, p.doc))
                         if value is not None))


def run_any(engine: Engine, prep: Prepared) -> Scored:
    """The passages with some of the query's words, scored."""
    return engine.run(prep.any_q, _memo(prep))


@dataclass(frozen=True)
class _Groups:
    """The passages each query concept matches, all routes and the user's own words only."""

    engine: Engine
    memo: Memo
    hits: list[np.ndarray]
    own: list[Query | None]     # asked only of the passages being ranked (``Engine.holds``)
    kinds: list[str]            # each concept's kind (number, name, word)

    def tiers(self, docs: np.ndarray, score: np.ndarray) -> Tiers:
        """The tiers of the passages *docs*, whose scores are *score*."""
        return tiers(score, [self.engine.contains(g, docs) for g in self.hits],
                     [None if o is None else self.engine.holds(o, docs, self.memo) for o in self.own])

    def partial_key(self, docs: np.ndarray, score: np.ndarray, parts: list[np.ndarray | None]) -> np.ndarray:
        """The order of the passages *docs*, which lack some concept (``partial_order_key``);
        *parts* are the passages matching some single word of each concept's name."""
        return partial_order_key(self.tiers(docs, score), [self.engine.contains(g, docs) for g in self.hits],
                                 [len(g) for g in self.hits], self.engine.n,
                                 [None if p is None else self.engine.contains(p, docs) for p in parts],
                                 self.kinds)

    def missing(self, docs: np.ndarray) -> list[list[int]]:
        """For each of the passages *docs*, the concepts (indexes into the live groups) it does
        not match."""
        held = [self.engine.contains(g, docs).tolist() for g in self.hits]
        return [[i for i, h in enumerate(held) if not h[n]] for n in range(len(docs))]


def rank(engine: Engine, prep: Prepared, allow: Allowed, offset: int, limit: int,
         years: np.ndarray | None = None) -> Page:
    """Passages *offset* to *offset* + *limit* among those *allow* lets through, best first;
    with *years* (each document's year, by document code), documents oldest first instead."""
    memo = _memo(prep)
    any_r, all_r = engine.run(prep.any_q, memo), engine.run(prep.all_q, memo)
    groups = _Groups(engine, memo, [engine.run(g, memo).docs for g in prep.compiled.group_queries],
                     prep.compiled.own_queries, prep.compiled.kinds)
    if years is not None:
        return _by_date(engine, any_r, all_r, allow, offset, limit, years, groups)
    in_any = allow(any_r.docs)
    total = int(np.count_nonzero(in_any))
    firsts, first_scores = all_r.docs, all_r.score
    if allow.codes:                 # a filter is set
        in_all = allow(all_r.docs)
        firsts, first_scores = firsts[in_all], first_scores[in_all]
    n_all = len(firsts)
    need = offset + limit
    docs, keys = _top_tiered(groups, firsts, first_scores, need, engine.p.rank)
    docs, keys = docs[offset:], keys[offset:]
    if need > n_all and total > n_all:
        rest = in_any & ~engine.contains(all_r.docs, any_r.docs)
        rest_docs, rest_scores = any_r.docs[rest], any_r.score[rest]
        parts = [None if q is None else engine.run(q, memo).docs for q in prep.compiled.part_queries]
        key = groups.partial_key(rest_docs, rest_scores, parts)
        at = top_at(key, rest_docs, need - n_all, engine.p.rank)[max(0, offset - n_all):]
        docs = np.concatenate([docs, rest_docs[at]])
        keys = np.concatenate([keys, groups.tiers(rest_docs[at], rest_scores[at]).key])
    hits = list(zip(docs.tolist(), keys.tolist(), groups.missing(docs), strict=True))
    return Page(hits, total, any_r.docs)


def _top_tiered(groups: _Groups, docs: np.ndarray, score: np.ndarray, k: int, order: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """The *k* best of *docs* (all matching every concept) by their tiers key, as ``top`` of
    every key would give them, and their keys; keys are made only for the passages that can
    be among them.

    A key is the score times a factor of at most 1, so a passage whose score is below the
    *k*-th best key of some passages cannot be in the top *k*: the keys of the best
    TIER_POOL × *k* scores give that bound, and only passages scoring at least that are keyed.
    """
    pool = k * TIER_POOL
    if len(docs) <= pool:
        key = groups.tiers(docs, score).key
        at = top_at(key, docs, k, order)
        return docs[at], key[at]
    least = np.partition(score, len(score) - pool)[len(score) - pool]
    cand = np.flatnonzero(score >= least)
    key = groups.tiers(docs[cand], score[cand]).key
    bound = np.partition(key, len(key) - k)[len(key) - k]
    if bound < least:               # keys well below their scores: passages below the pool may rank
        cand = np.flatnonzero(score >= bound)
        key = groups.tiers(docs[cand], score[cand]).key
    at = top_at(key, docs[cand], k, order)
    return docs[cand[at]], key[at]


def _best_score(engine: Engine, all_r: Scored, any_r: Scored, docs: np.ndarray) -> np.ndarray:
    """Each of *docs*' score: as a match of every concept where it is one, else as a partial match."""
    out = np.zeros(len(docs))
    for r in (any_r, all_r):                # the all-words score wins where there is one
        found = engine.contains(r.docs, docs)
        out[found] = r.score[engine.index_of(r.docs, docs[found])]
    return out


def _by_date(engine: Engine, any_r: Scored, all_r: Scored, allow: Allowed, offset: int, limit: int,
             years: np.ndarray, groups: _Groups) -> Page:
    """Matching passages by their document's year (undated last), then document, then the
    score that orders them by relevance."""
    found = any_r.docs[allow(any_r.docs)]
    doc = engine.p.doc[found]
    key = groups.tiers(found, _best_score(engine, all_r, any_r, found)).key
    order = np.lexsort((engine.p.rank[found], -key, doc, years[doc]))[offset:offset + limit]
    shown = found[order]
    hits = list(zip(shown.tolist(), key[order].tolist(), groups.missing(shown), strict=True))
    return Page(hits, len(found), any_r.docs)


def _memo(prep: Prepared) -> Memo:
    # The group queries (and their names' single words) are met by both runs and by the tiers.
    c = prep.compiled
    return Memo(frozenset(id(q) for q in [*c.group_queries, *c.part_queries] if q is not None))
