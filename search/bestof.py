"""A corrected best-of-several query (Whoosh's DisjunctionMax is wrong in 2.7.4).

Whoosh 2.7.4's ``DisjunctionMaxMatcher.score`` returns the larger score of its two
sub-matchers even when they sit on different documents, so a document matched by one
field is scored with another document's score; its ``replace`` also drops a whole
branch when one side is exhausted; and its weighted matcher tree never passes
``tiebreak`` on. ``BestOf`` scores each document by the best sub-query *that matches
it*, plus ``tiebreak`` times the others.
"""

from __future__ import annotations

from typing import Any

from whoosh.matching import Matcher, NullMatcher, WrappingMatcher
from whoosh.matching.binary import DisjunctionMaxMatcher
from whoosh.query import DisjunctionMax, Query
from whoosh.util import make_binary_tree


class BestOfMatcher(DisjunctionMaxMatcher):
    """Union of two matchers; score = best on the current document (+ tiebreak × the other)."""

    def copy(self) -> BestOfMatcher:
        return self.__class__(self.a.copy(), self.b.copy(), tiebreak=self.tiebreak)

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        qa, qb = self.a.max_quality(), self.b.max_quality()
        return max(qa, qb) + self.tiebreak * min(qa, qb)

    def replace(self, minquality: float = 0) -> Matcher:
        a_on, b_on = self.a.is_active(), self.b.is_active()
        if not (a_on or b_on):
            return NullMatcher()
        if not a_on:
            return self.b.replace()
        if not b_on:
            return self.a.replace()
        a, b = self.a.replace(), self.b.replace()
        if a is not self.a or b is not self.b:
            return self.__class__(a, b, tiebreak=self.tiebreak)
        return self

    def score(self) -> float:
        a, b = self.a, self.b
        a_on, b_on = a.is_active(), b.is_active()
        if a_on and b_on:
            ida, idb = a.id(), b.id()
            if ida == idb:
                sa, sb = a.score(), b.score()
                return max(sa, sb) + self.tiebreak * min(sa, sb)
            return a.score() if ida < idb else b.score()
        return a.score() if a_on else b.score()


class BestOf(DisjunctionMax):
    """Matches any sub-query; scores a document by the best one that matches it."""

    def _matcher(self, subs: list[Query], searcher: Any, context: Any) -> Matcher:
        matchers = [q.matcher(searcher, context) for q in subs]
        m = matchers[0] if len(matchers) == 1 else make_binary_tree(BestOfMatcher, matchers,
                                                                     tiebreak=self.tiebreak)
        return WrappingMatcher(m, self.boost) if self.boost != 1.0 else m
