"""The one entry point for searching: used by the CLI and the web app alike.

A ``Searcher`` is opened once per process and follows the live build (``builds.py``).
Each method answers in one call what a page or command shows; the work is done by
the modules beside it: ``prepare`` (query cache), ``ranking``, ``rendering``, ``facets``
(and suggestions) and ``lookups`` (documents, passages, health).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from . import lookups
from .builds import DAMAGE, Build, LiveBuild, damaged
from .complete import complete as complete_query
from .facets import facets, filtered_facets, suggestion
from .lookups import NotFound
from .ranking import allowed, rank
from .rendering import render
from .request import SearchRequest
from .syntax import QueryError, parse


class Searcher:
    """Search, read and describe the live index under *index_root*."""

    def __init__(self, index_root: Path | str) -> None:
        self.root = Path(index_root)
        self._live = LiveBuild(self.root)

    def _current(self) -> Build:
        return self._live.current()

    # -- search ---------------------------------------------------------------------
    def search(self, query: str, *, lang: str | None = None, doc: str | None = None, limit: int = 10,
               offset: int = 0, expand: bool = True, explain: bool = False, suggest: bool = True,
               sort: str = "relevance") -> dict[str, Any]:
        """Ranked, highlighted, cited passages for *query* (the API's JSON body).

        *suggest* looks for a corrected query when words were unknown or hits are few.
        """
        t0 = time.perf_counter()
        request = SearchRequest.read(query, lang=lang, doc=doc, limit=limit, offset=offset, expand=expand,
                                     explain=explain, suggest=suggest, sort=sort)
        return self.run(request, t0)

    def run(self, request: SearchRequest, started: float | None = None) -> dict[str, Any]:
        """The answer to a checked *request*; *started* is when the caller began timing it."""
        t0 = time.perf_counter() if started is None else started
        build = self._checked(request.doc)
        try:
            return self._answer(build, request, t0)
        except DAMAGE as e:
            raise damaged(self.root, e) from None

    def _checked(self, doc: str | None) -> Build:
        build = self._current()
        if doc is not None and doc not in build.manifest["documents"]:
            raise QueryError(f"Unknown document '{doc}': see /api/docs for the ids.", param="doc",
                             key="unknown_doc", doc=doc)
        return build

    def _answer(self, build: Build, req: SearchRequest, t0: float) -> dict[str, Any]:
        prep = build.queries.prepare(req.parsed, req.expand)
        engine = build.engine
        years = _years(build) if req.sort == "date" else None
        page = rank(engine, prep, allowed(engine, req.lang, req.doc), req.offset, req.limit, years)
        body: dict[str, Any] = {
            "query": req.query, "parsed": prep.expanded.parsed.display(), "total": page.total,
            "limit": req.limit, "offset": req.offset, "took_ms": 0.0,
            "results": [render(build, d, sc, partial, prep, req.explain) for d, sc, partial in page.hits],
            "expansions": prep.expanded.expansions,
            "ignored": prep.compiled.dropped,
            "facets": facets(engine, page.any_hit),
            "filtered_facets": filtered_facets(engine, page.any_hit, req.lang, req.doc),
            "suggestion": suggestion(build, prep, page.total, req.limit) if req.suggest else None,
        }
        body["took_ms"] = round((time.perf_counter() - t0) * 1000, 2)
        return body

    def matches(self, doc_id: str, query: str, limit: int, expand: bool = True) -> dict[int, dict[str, Any]]:
        """The passages of *doc_id* that *query* matches, by passage number: the best
        *limit* of them, as search results (the reader marks them)."""
        build = self._checked(doc_id)
        parsed = parse(query)
        try:
            prep = build.queries.prepare(parsed, expand)
            page = rank(build.engine, prep, allowed(build.engine, None, doc_id), 0, limit)
            found = [render(build, d, sc, partial, prep, False) for d, sc, partial in page.hits]
        except DAMAGE as e:
            raise damaged(self.root, e) from None
        return {r["passage"]: r for r in sorted(found, key=lambda r: r["passage"])}

    def complete(self, text: str, limit: int = 8) -> list[dict[str, str]]:
        """Completed queries for *text* as it is typed: glossary names and indexed words."""
        build = self._current()
        return complete_query(text, build.lexicon, build.glossary, limit)

    # -- documents and passages -----------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        """Every indexed document with its record and passage counts, in catalogue order."""
        return list(self._current().documents)

    def document(self, doc_id: str) -> dict[str, Any]:
        """A document's record and all its passages in order."""
        return lookups.document(self._current(), doc_id)

    def passage(self, pid: str) -> dict[str, Any]:
        """One passage by id (``doc:14``) or by permalink (``doc@<fingerprint>``).

        A fingerprint still finds its passage after a rebuild renumbered it.
        """
        return lookups.passage(self._current(), pid)

    # -- state ----------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        """Whether an index is live and readable, and what it holds."""
        return lookups.health(self._live)

    def stats(self) -> dict[str, Any]:
        """Counts per language, kind and document, and the index's size on disk."""
        return lookups.stats(self._current())

    def close(self) -> None:
        """Release the open build; the next call opens the live one again."""
        self._live.close()


UNDATED = 1 << 30


def _years(build: Build) -> np.ndarray:
    """Each document's year by the index's document code; undated documents sort last."""
    docs = build.manifest["documents"]
    return np.array([_year(docs.get(name, {}).get("meta", {}).get("year")) for name in build.engine.p.doc_names],
                    dtype=np.int64)


def _year(value: object) -> int:
    try:
        return int(str(value)[:4])
    except ValueError:
        return UNDATED


__all__ = ["NotFound", "SearchRequest", "Searcher"]

