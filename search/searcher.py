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
from .builds import Build, LiveBuild
from .complete import complete as complete_query
from .facets import facets, filtered_facets, suggestion
from .highlight import Wanted
from .lookups import NotFound
from .ranking import allowed, rank
from .rendering import render
from .request import FACET_DOCS, SearchRequest
from .results import CiteAs
from .styles import check_style
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
               style: str | None = None, ui: str = "en", sort: str = "relevance",
               facet_docs: int = FACET_DOCS) -> dict[str, Any]:
        """Ranked, highlighted, cited passages for *query* (the API's JSON body).

        *suggest* looks for a corrected query when words were unknown or hits are few;
        citations are in *style* with the words of interface language *ui*; the document
        facets list the *facet_docs* documents with most hits and count the others.
        """
        t0 = time.perf_counter()
        request = SearchRequest.read(query, lang=lang, doc=doc, limit=limit, offset=offset, expand=expand,
                                     explain=explain, suggest=suggest, style=style, ui=ui, sort=sort,
                                     facet_docs=facet_docs)
        return self.run(request, t0)

    def run(self, request: SearchRequest, started: float | None = None) -> dict[str, Any]:
        """The answer to a checked *request*; *started* is when the caller began timing it."""
        t0 = time.perf_counter() if started is None else started
        return self._answer(self._checked(request.doc), request, t0)

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
        wanted: dict[str, Wanted] = {}
        page = rank(engine, prep, allowed(engine, req.lang, req.doc), req.offset, req.limit, years)
        counts = facets(engine, page.any_docs)
        by_filter = filtered_facets(engine, page.any_docs, req.lang, req.doc, counts)
        # Bounded after both are counted; without a language filter both count the same passages.
        counts["doc"], left_out = _list_docs(counts["doc"], req.facet_docs, req.doc)
        by_filter["doc"], left_out_filtered = ((dict(counts["doc"]), dict(left_out)) if req.lang is None else
                                               _list_docs(by_filter["doc"], req.facet_docs, req.doc))
        more = {"facets": left_out, "filtered_facets": left_out_filtered}
        body: dict[str, Any] = {
            "query": req.query, "parsed": prep.expanded.parsed.display(), "total": page.total,
            "limit": req.limit, "offset": req.offset, "took_ms": 0.0,
            "results": [render(build, d, sc, missing, prep, req.explain, req.cite_as, wanted)
                        for d, sc, missing in page.hits],
            "expansions": prep.expanded.expansions,
            "ignored": prep.compiled.dropped,
            "facets": counts,
            "filtered_facets": by_filter,
            "more_docs": more,
            "suggestion": suggestion(build, prep, page.total, req.limit) if req.suggest else None,
        }
        body["took_ms"] = round((time.perf_counter() - t0) * 1000, 2)
        return body

    def matches(self, doc_id: str, query: str, limit: int, expand: bool = True) -> dict[int, dict[str, Any]]:
        """The passages of *doc_id* that *query* matches, by passage number: the best
        *limit* of them, as search results (the reader marks them)."""
        build = self._checked(doc_id)
        parsed = parse(query)
        prep = build.queries.prepare(parsed, expand)
        page = rank(build.engine, prep, allowed(build.engine, None, doc_id), 0, limit)
        wanted: dict[str, Wanted] = {}
        found = [render(build, d, sc, missing, prep, False, wanted=wanted) for d, sc, missing in page.hits]
        return {r["passage"]: r for r in sorted(found, key=lambda r: r["passage"])}

    def complete(self, text: str, limit: int = 8) -> list[dict[str, str]]:
        """Completed queries for *text* as it is typed: glossary names and indexed words."""
        build = self._current()
        return complete_query(text, build.lexicon, build.glossary, limit)

    # -- documents and passages -----------------------------------------------------
    def documents(self, style: str | None = None, ui: str = "en") -> list[dict[str, Any]]:
        """Every indexed document with its record and passage counts, in catalogue order,
        cited in *style* with the words of interface language *ui*."""
        return list(self._current().summaries(_cite_as(style, ui)))

    def document(self, doc_id: str, style: str | None = None, ui: str = "en") -> dict[str, Any]:
        """A document's record and all its passages in order, cited as ``documents`` says."""
        return lookups.document(self._current(), doc_id, _cite_as(style, ui))

    def passage(self, pid: str, style: str | None = None, ui: str = "en") -> dict[str, Any]:
        """One passage by id (``doc:14``) or by permalink (``doc@<fingerprint>``).

        A fingerprint still finds its passage after a rebuild renumbered it.
        """
        return lookups.passage(self._current(), pid, _cite_as(style, ui))

    def cite(self, doc_id: str, passage: int | None = None, style: str | None = None,
             ui: str = "en") -> dict[str, Any]:
        """A document's citation in *style* and its CSL-JSON, or with *passage* (its number)
        the passage's citation with its page or paragraph."""
        return lookups.cite(self._current(), doc_id, passage, _cite_as(style, ui))

    def records(self, doc_ids: list[str], param: str = "docs") -> list[dict[str, Any]]:
        """The CSL-JSON records of *doc_ids* (for an export of several documents)."""
        return lookups.records(self._current(), doc_ids, param)

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


def _list_docs(docs: dict[str, int], limit: int, keep: str | None) -> tuple[dict[str, int], dict[str, int]]:
    """The *limit* documents of *docs* with most hits, most first (index order among equals),
    *keep* (the filtered document) among them when it has hits; and what is left out: how many
    documents and how many passages they hold."""
    names = list(docs)
    counts = np.fromiter(docs.values(), dtype=np.int64, count=len(names))
    top = np.argsort(-counts, kind="stable")[:limit].tolist()
    listed = {names[i]: docs[names[i]] for i in top}
    if keep in docs and limit and keep not in listed:
        listed.pop(names[top[-1]])
        listed[keep] = docs[keep]
    return listed, {"documents": len(names) - len(listed), "passages": int(counts.sum()) - sum(listed.values())}


def _cite_as(style: str | None, ui: str) -> CiteAs:
    """How to cite, the style checked (``UnknownStyle`` names the choices)."""
    return CiteAs(check_style(style).key, ui)


__all__ = ["NotFound", "SearchRequest", "Searcher"]

