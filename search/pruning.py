"""Drop the parts of a query that cannot match before Whoosh builds matchers for them.

A query word is searched in every field of every language, and glossary alternatives
multiply that: most (field, term) pairs are absent from the index. Whoosh looks each one
up again for every search a request runs (counting, ranking, partial matches), only to
return an empty matcher. Here a term or phrase with an absent word becomes ``NullQuery``,
which is what Whoosh would have made of it, so the matcher tree, the scores and the
results are the same; which terms exist is remembered per index.
"""

from __future__ import annotations

import copy

from whoosh.query import BinaryQuery, CompoundQuery, NullQuery, Phrase, Query, Term

MAX_REMEMBERED = 200_000


class Vocabulary:
    """Whether a (field, term) pair is in one index, remembered after the first look-up."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], bool] = {}

    def has(self, reader, fieldname: str, text: str) -> bool:
        key = (fieldname, text)
        found = self._known.get(key)
        if found is None:
            if len(self._known) >= MAX_REMEMBERED:
                self._known.clear()
            found = self._known[key] = key in reader
        return found


def prune(q: Query, reader, vocabulary: Vocabulary) -> Query:
    """*q* with every term or phrase that cannot match replaced by ``NullQuery``."""
    if isinstance(q, Term):
        return q if vocabulary.has(reader, q.fieldname, q.text) else NullQuery
    if isinstance(q, Phrase):
        return q if all(vocabulary.has(reader, q.fieldname, w) for w in q.words) else NullQuery
    if isinstance(q, BinaryQuery):
        a, b = prune(q.a, reader, vocabulary), prune(q.b, reader, vocabulary)
        if a is q.a and b is q.b:
            return q
        out = copy.copy(q)
        out.a, out.b = a, b
        out.subqueries = (a, b)
        return out
    if isinstance(q, CompoundQuery):
        subs = [prune(s, reader, vocabulary) for s in q.subqueries]
        if all(s is t for s, t in zip(subs, q.subqueries)):
            return q
        out = copy.copy(q)
        out.subqueries = subs
        return out
    return q
