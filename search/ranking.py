"""Rank a prepared query over one build: passages with every word first, then the rest.

Passages with only some of the words are ordered by BM25 scaled by the share of query
groups they match (coordination), so three of four words beat one frequent word.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .engine import Engine, Memo, Scored, top
from .prepare import Prepared

RERANK_WINDOW = 50


@dataclass(frozen=True)
class Page:
    """One page of ranked passages, and what the whole query matched."""

    hits: list[tuple[int, float, bool]]   # (passage number in the index, score, partial match)
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
    if years is not None:
        return _by_date(engine, any_r, all_r, mask, offset, limit, years)
    firsts = all_r.hit & mask
    n_all = int(np.count_nonzero(firsts))
    total = int(np.count_nonzero(any_r.hit & mask))
    need = offset + limit
    hits = [(int(d), float(all_r.score[d]), False) for d in top(all_r.score, firsts, need, engine.p.rank)[offset:]]
    if need > n_all and total > n_all:
        rest = _partial(engine, any_r.score, any_r.hit & mask & ~all_r.hit, need - n_all,
                        [engine.run(g, memo).hit for g in prep.compiled.group_queries])
        hits += [(d, sc, True) for d, sc in rest[max(0, offset - n_all):need - n_all]]
    return Page(hits, total, any_r.hit)


def _by_date(engine: Engine, any_r: Scored, all_r: Scored, mask: np.ndarray, offset: int, limit: int,
             years: np.ndarray) -> Page:
    """Matching passages by their document's year (undated last), then document, then score."""
    found = np.flatnonzero(any_r.hit & mask)
    doc = engine.p.doc[found]
    order = np.lexsort((found, -any_r.score[found], doc, years[doc]))
    page = found[order[offset:offset + limit]]
    hits = [(int(d), float(any_r.score[d]), not bool(all_r.hit[d])) for d in page]
    return Page(hits, len(found), any_r.hit)


def _memo(prep: Prepared) -> Memo:
    # The group queries are met by both runs and by coordination: keep their results.
    return Memo(frozenset(id(g) for g in prep.compiled.group_queries))


def _partial(engine: Engine, score: np.ndarray, candidates: np.ndarray, need: int,
             group_hits: list[np.ndarray]) -> list[tuple[int, float]]:
    """Passages with only some of the words, best first (coordination within a window)."""
    window = -(-need // RERANK_WINDOW) * RERANK_WINDOW
    docs = top(score, candidates, window, engine.p.rank)
    coord = np.sum([g[docs] for g in group_hits], axis=0) / len(group_hits)
    ranked = sorted(zip(docs.tolist(), score[docs].tolist(), coord.tolist(), strict=True),
                    key=lambda x: -x[1] * x[2])
    return [(d, sc) for d, sc, _ in ranked]
