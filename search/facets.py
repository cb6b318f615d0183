"""How many passages match, per language and per document, without scoring them.

Counting used to be a Whoosh search that scored and sorted every matching passage only to
count them: on 100,000 passages a common word took a third of a second. Here the query
tree is walked once: ``Or``/``BestOf`` unite, ``And`` intersects, ``AndNot`` subtracts and
``AndMaybe`` keeps its required side, exactly as Whoosh matches them; each leaf (a term, a
phrase) gives its document numbers through Whoosh's unscored matcher. The language and
document of every passage are read once per index, not once per search.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

from whoosh.query import And, AndMaybe, AndNot, DisjunctionMax, NullQuery, Or, Query


@dataclass
class Counts:
    """Passages matching a query: *total* within the filter, facets over the whole index."""

    total: int
    lang: dict[str, int]
    doc: dict[str, int]


class Columns:
    """Language and document id of every passage, by document number, read on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cols: tuple[list, list] | None = None

    def get(self, reader) -> tuple[list, list]:
        if self._cols is None:
            with self._lock:
                if self._cols is None:
                    self._cols = (list(reader.column_reader("lang", translate=True)),
                                  list(reader.column_reader("doc_id", translate=True)))
        return self._cols


def matching(q: Query, searcher) -> set[int]:
    """Document numbers *q* matches (deleted documents excluded, as in a search)."""
    if q is NullQuery:
        return set()
    if isinstance(q, (Or, DisjunctionMax)) and not getattr(q, "minmatch", 0):
        out: set[int] = set()
        for sub in q.subqueries:
            out |= matching(sub, searcher)
        return out
    if isinstance(q, And):
        subs = q.subqueries
        if not subs:
            return set()
        out = matching(subs[0], searcher)
        for sub in subs[1:]:
            if not out:
                break
            out &= matching(sub, searcher)
        return out
    if isinstance(q, AndNot):
        out = matching(q.a, searcher)
        return out - matching(q.b, searcher) if out else out
    if isinstance(q, AndMaybe):
        return matching(q.a, searcher)
    return set(q.docs(searcher))


def count(searcher, q: Query, columns: Columns, lang: str | None = None, doc: str | None = None) -> Counts:
    """Counts for *q*: facets over every passage it matches, total within *lang*/*doc*."""
    docs = matching(q, searcher)
    langs, doc_ids = columns.get(searcher.reader())
    by_lang = Counter(langs[d] for d in docs)
    by_doc = Counter(doc_ids[d] for d in docs)
    if lang is None and doc is None:
        total = len(docs)
    elif doc is None:
        total = by_lang.get(lang, 0)
    else:
        total = sum(1 for d in docs if doc_ids[d] == doc and (lang is None or langs[d] == lang))
    return Counts(total, dict(sorted(by_lang.items())), dict(sorted(by_doc.items())))
