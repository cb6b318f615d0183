"""A query text as a field's analyzer sees it: its terms, each word's keys, a phrase's gaps.

Shared by the compiler (the text fields) and the heading fields, which analyse query text the
same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache

from whoosh.analysis import Analyzer

from index.analysis import analyzer


@lru_cache(maxsize=64)
def field_analyzer(lang: str, variant: str) -> Analyzer:
    """The analyzer of *lang*'s *variant* fields, made once."""
    return analyzer(lang, variant)


@lru_cache(maxsize=20_000)
def query_tokens(text: str, lang: str, variant: str) -> tuple[tuple[str, int], ...]:
    """(term, position) pairs a field's analyzer makes of *text* in query mode."""
    return tuple((t.text, t.pos) for t in field_analyzer(lang, variant)(text, mode="query", positions=True))


def query_terms(text: str, lang: str, variant: str) -> tuple[str, ...]:
    """The terms a field's analyzer makes of *text* in query mode, the first key of each
    word (an ambiguous Azerbaijani word also has other keys at the same position)."""
    out: list[str] = []
    last = None
    for t, pos in query_tokens(text, lang, variant):
        if pos != last:
            out.append(t)
        last = pos
    return tuple(out)


def word_readings(pairs: tuple[tuple[str, int], ...]) -> list[tuple[int, list[str]]]:
    """The keys of each query word: (position, [first key, other readings])."""
    out: list[tuple[int, list[str]]] = []
    for t, pos in pairs:
        if out and out[-1][0] == pos:
            out[-1][1].append(t)
        else:
            out.append((pos, [t]))
    return out


def gap_slop(words: Sequence[tuple[int, Sequence[str]]]) -> int:
    """The slop a phrase of *words* (``word_readings``) needs for the gaps stop words leave."""
    return max(1, max(b[0] - a[0] for a, b in itertools.pairwise(words)))


__all__ = ["field_analyzer", "gap_slop", "query_terms", "query_tokens", "word_readings"]
