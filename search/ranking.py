"""Rank a prepared query over one build: passages with every query concept first, then
those lacking some, by the rarity-weighted share of the query they cover, the user's own words
above equivalents (``tiers``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .engine import Engine, Memo, Scored, top
from .prepare import Prepared
from .tiers import partial_order_key, tiers


@dataclass(frozen=True)
class Page:
    """One page of ranked passages, and what the whole query matched."""

    hits: list[tuple[int, float, list[int]]]   # (passage number in the index, score, concepts missing:
    #                                            indexes into the compiled query's live groups)
    total: int                            # passages matching some word, within the filters
    any_hit: np.ndarray                   # passages matching some word, anywhere


def allowed(engine: Engine, lang: str | None, doc: str | None) -> np.ndarray:
    """Which passages the language and document filters let through."""
    p = engine.p
    mask = np.ones(engine.n, dtype=bool)
    for value, names, codes in ((lang, p.lang_names, p.lang), (doc, p.doc_names, p.doc)):
        if value is not None:
            mask &= (codes == names.index(value)) if value in names else False
    return mask


def run_any(engine: Engine, prep: Prepared) -> Scored:
    """The passages with some of the query's words, scored."""
    return engine.run(prep.any_q, _memo(prep))


def rank(engine: Engine, prep: Prepared, mask: np.ndarray, offset: int, limit: int,
         years: np.ndarray | None = None) -> Page:
    """Passages *offset* to *offset* + *limit* among those *mask* lets through, best first;
    with *years* (each document's year, by document code), documents oldest first instead."""
    memo = _memo(prep)
    any_r, all_r = engine.run(prep.any_q, memo), engine.run(prep.all_q, memo)
    groups = [engine.run(g, memo).hit for g in prep.compiled.group_queries]
    own = [None if q is None else engine.run(q, memo).hit for q in prep.compiled.own_queries]
    if years is not None:
        return _by_date(engine, any_r, all_r, mask, offset, limit, years, groups, own)
    firsts = all_r.hit & mask
    n_all = int(np.count_nonzero(firsts))
    total = int(np.count_nonzero(any_r.hit & mask))
    need = offset + limit
    docs = top(tiers(all_r.score, groups, own).key, firsts, need, engine.p.rank)[offset:].tolist()
    if need > n_all and total > n_all:
        rest = any_r.hit & mask & ~all_r.hit
        parts = [None if q is None else engine.run(q, memo).hit for q in prep.compiled.part_queries]
        key = partial_order_key(tiers(any_r.score, groups, own), groups, parts, rest)
        docs += top(key, rest, need - n_all, engine.p.rank)[max(0, offset - n_all):].tolist()
    full = tiers(np.where(all_r.hit, all_r.score, any_r.score), groups, own)
    hits = [(d, float(full.key[d]), [i for i, g in enumerate(groups) if not g[d]]) for d in docs]
    return Page(hits, total, any_r.hit)


def _by_date(engine: Engine, any_r: Scored, all_r: Scored, mask: np.ndarray, offset: int, limit: int,
             years: np.ndarray, groups: list[np.ndarray], own: list[np.ndarray | None]) -> Page:
    """Matching passages by their document's year (undated last), then document, then the
    score that orders them by relevance."""
    found = np.flatnonzero(any_r.hit & mask)
    doc = engine.p.doc[found]
    key = tiers(np.where(all_r.hit, all_r.score, any_r.score), groups, own).key
    order = np.lexsort((found, -key[found], doc, years[doc]))
    page = found[order[offset:offset + limit]].tolist()
    hits = [(d, float(key[d]), [i for i, g in enumerate(groups) if not g[d]]) for d in page]
    return Page(hits, len(found), any_r.hit)


def _memo(prep: Prepared) -> Memo:
    # The group queries (their user's-words parts, their names' single words) are met by both
    # runs and by the tiers.
    c = prep.compiled
    return Memo(frozenset(id(q) for q in [*c.group_queries, *c.own_queries, *c.part_queries] if q is not None))
