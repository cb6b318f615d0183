"""Which words the index holds: document frequencies, prefixes and near spellings.

Answers the three questions the query side asks of a Whoosh reader (``doc_frequency``,
``expand_prefix``, ``terms_within``) from the postings arrays instead: a look-up is a
binary search in memory-mapped arrays, and near spellings are found by rapidfuzz's
C implementation of the distance Whoosh uses (optimal string alignment), over the terms
that share the first letter, as Whoosh's ``terms_within(prefix=1)`` does.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Protocol

from rapidfuzz import process
from rapidfuzz.distance import OSA

from index.postings import Postings

# The one edit distance of typo tolerance, here and in the glossary: optimal string
# alignment, where swapping two neighbouring letters (Khojlay for Khojaly) is one edit.
DISTANCE = OSA


class TermReader(Protocol):
    """What the query side asks of the index's terms: a ``Lexicon``, or a Whoosh reader
    (whose terms may come as bytes)."""

    def doc_frequency(self, fname: str, text: str) -> int: ...

    def expand_prefix(self, fname: str, prefix: str) -> Iterable[str | bytes]: ...

    def terms_within(self, fname: str, text: str, maxdist: int, prefix: int = 1) -> Iterable[str | bytes]: ...


class Lexicon:
    """The terms of one build, duck-typed as the parts of a Whoosh reader the query side uses."""

    def __init__(self, postings: Postings) -> None:
        self.p = postings
        self._by_initial: dict[tuple[str, str], list[str]] = {}
        self._lock = threading.Lock()

    def doc_frequency(self, fname: str, text: str) -> int:
        """Live passages holding *text* in *fname*."""
        f = self.p.fields.get(fname)
        return f.doc_frequency(text) if f is not None else 0

    def expand_prefix(self, fname: str, prefix: str) -> Iterator[str]:
        """Terms of *fname* starting with *prefix* that some live passage holds, sorted."""
        f = self.p.fields.get(fname)
        if f is not None:
            yield from f.with_prefix(prefix)

    def terms_within(self, fname: str, text: str, maxdist: int, prefix: int = 1) -> list[str]:
        """Terms within *maxdist* edits of *text* that share its first *prefix* letters."""
        choices = self._sharing(fname, text[:prefix])
        found = process.extract(text, choices, scorer=DISTANCE.distance, score_cutoff=maxdist, limit=None)
        return [term for term, _, _ in found]

    def _sharing(self, fname: str, start: str) -> list[str]:
        key = (fname, start)
        terms = self._by_initial.get(key)
        if terms is None:
            terms = list(self.expand_prefix(fname, start))
            with self._lock:
                self._by_initial[key] = terms
        return terms


__all__ = ["DISTANCE", "Lexicon", "TermReader"]
