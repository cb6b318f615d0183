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


def facets(engine: Engine, hit: np.ndarray) -> Counts:
    """Matching passages per language and per document."""
    p = engine.p
    docs = np.flatnonzero(hit)
    out = {}
    for key, names, codes in (("lang", p.lang_names, p.lang), ("doc", p.doc_names, p.doc)):
        counts = np.bincount(codes[docs], minlength=len(names))
        out[key] = {names[i]: int(c) for i, c in enumerate(counts) if c}
    return out


def filtered_facets(engine: Engine, hit: np.ndarray, lang: str | None, doc: str | None) -> Counts:
    """Per language within the document filter, per document within the language filter:
    what each facet link would find, so a count never promises hits its link does not show."""
    return {"lang": facets(engine, hit & allowed(engine, None, doc))["lang"],
            "doc": facets(engine, hit & allowed(engine, lang, None))["doc"]}


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
        return int(np.count_nonzero(run_any(build.engine, found).hit))

    return suggest(expanded.parsed, build.lexicon, count, build.glossary)
