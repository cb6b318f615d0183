"""What surrounds a page of results: facet counts, and a corrected query when few match.

Facets are counted from the match arrays already computed for the page, never by searching
again; the suggestion's count runs the corrected query's prepared form directly.
"""

from __future__ import annotations

import numpy as np

from .builds import Build
from .engine import Engine
from .expansion import Expanded, suggest
from .prepare import Prepared
from .ranking import allowed, run_any
from .syntax import QueryError, parse

Counts = dict[str, dict[str, int]]


def facets(engine: Engine, docs: np.ndarray) -> Counts:
    """The matching passages *docs* (docnums) per language and per document: one count of
    the (language, document) pairs gives both."""
    p = engine.p
    pairs = np.bincount(p.lang_doc[docs], minlength=len(p.lang_names) * len(p.doc_names))
    pairs = pairs.reshape(len(p.lang_names), len(p.doc_names))
    return {"lang": _named(pairs.sum(axis=1), p.lang_names), "doc": _named(pairs.sum(axis=0), p.doc_names)}


def filtered_facets(engine: Engine, docs: np.ndarray, lang: str | None, doc: str | None,
                    unfiltered: Counts | None = None) -> Counts:
    """Per language within the document filter, per document within the language filter:
    what each facet link would find, so a count never promises hits its link does not show.
    *unfiltered* (``facets`` of the same *docs*) is reused where a filter is not set."""
    p = engine.p
    if doc is None and unfiltered is not None:
        by_lang = dict(unfiltered["lang"])      # a copy: the body holds both
    else:
        by_lang = _counts(p.lang[docs if doc is None else docs[allowed(engine, None, doc)(docs)]], p.lang_names)
    if lang is None and unfiltered is not None:
        by_doc = dict(unfiltered["doc"])
    else:
        by_doc = _counts(p.doc[docs if lang is None else docs[allowed(engine, lang, None)(docs)]], p.doc_names)
    return {"lang": by_lang, "doc": by_doc}


def _counts(codes: np.ndarray, names: list[str]) -> dict[str, int]:
    """How many passages have each code, by name, in code order (codes with none left out)."""
    return _named(np.bincount(codes, minlength=len(names)), names)


def _named(counts: np.ndarray, names: list[str]) -> dict[str, int]:
    """*counts* (one per code) by name, in code order, codes with none left out."""
    return {name: c for name, c in zip(names, counts.tolist(), strict=True) if c}


def suggestion(build: Build, prep: Prepared, total: int, limit: int) -> dict[str, object] | None:
    """A corrected query and its hit count, when words were corrected or hits are few."""
    expanded: Expanded = prep.expanded
    corrected = any(e["type"] == "typo" for e in expanded.expansions)
    if not corrected and total > max(2, limit // 5):
        return None

    def count(q: str) -> int:
        """How many passages *q* finds over the whole index, as the user would see it."""
        try:
            found = build.queries.prepare(parse(q), True)
        except QueryError:
            return 0
        return len(run_any(build.engine, found).docs)

    return suggest(expanded.parsed, build.lexicon, count, build.glossary)
