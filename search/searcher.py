"""The one entry point for searching: used by the CLI and the web app alike.

A ``Searcher`` is opened once per process. Every call checks which build is live (one
``readlink``) and switches to a rebuilt index without a restart; each thread keeps its
own Whoosh searcher, so concurrent requests never share file positions.
"""

from __future__ import annotations

import pickle
import re
import struct
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh.index import EmptyIndexError
from whoosh.query import And, AndNot, Query, Term

from index import postings, store
from index.analysis import LANGS
from index.errors import IndexDamaged, IndexMissing, SanadError

from .citation import bibtex, cite
from .compiler import Compiled, compile_query
from .engine import Engine, Memo, top
from .expansion import Expanded, suggest
from .expansion import expand as expand_query
from .glossary import Glossary, load_glossary
from .highlight import explain as explain_spans
from .highlight import groups_matched, matched_spans, to_html
from .lexicon import Lexicon
from .results import passage_record
from .syntax import QueryError, parse

MAX_LIMIT = 100
MAX_OFFSET = 10_000
WEAK_COVERAGE = 0.5
RERANK_WINDOW = 50
PREPARED_QUERIES = 2048      # compiled queries remembered per build
DOC_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_PASSAGE_RE = re.compile(r"^([a-z0-9][a-z0-9-]{0,62})(?::(\d{1,7})|@([0-9a-f]{12}))$")
# What a damaged index raises from inside Whoosh (a scrambled segment fails to unpickle).
_DAMAGE = (OSError, EOFError, EmptyIndexError, struct.error, zlib.error, ValueError, KeyError, IndexError,
           pickle.UnpicklingError)


class NotFound(SanadError):
    """No document or passage has that id."""


@dataclass
class _Build:
    path: Path
    ix: object
    manifest: dict
    glossary: Glossary
    engine: Engine
    lexicon: Lexicon
    reader: object                  # one Whoosh searcher: stored passages and id look-ups
    prepared: OrderedDict = field(default_factory=OrderedDict)   # (query, expand) -> _Prepared
    lock: threading.Lock = field(default_factory=threading.Lock)
    reader_lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True)
class _Prepared:
    """A query analysed, expanded and compiled against one build: reused when asked again."""

    expanded: Expanded
    compiled: Compiled
    all_q: Query
    any_q: Query


class Searcher:
    """Search, read and describe the live index under *index_root*."""

    def __init__(self, index_root: Path | str) -> None:
        self.root = Path(index_root)
        self._lock = threading.Lock()
        self._build: _Build | None = None

    # -- the live build -------------------------------------------------------------
    def _current(self) -> _Build:
        live = store.live_build(self.root)
        if live is None:
            raise IndexMissing(self.root)
        build = self._build
        if build is None or build.path != live:
            with self._lock:
                if self._build is None or self._build.path != live:
                    self._build = self._open(live)
                build = self._build
        return build

    def _open(self, live: Path) -> _Build:
        try:
            manifest = store.read_manifest(live)
            damaged = store.damaged_files(live, manifest)
            if damaged:
                raise IndexDamaged(self.root, "; ".join(map(str, damaged[:3])))
            ix = store.open_build(live)
            segments = postings.segments_of(ix)
            if not postings.Postings.exists(live, segments):     # built before the arrays existed
                postings.export_missing(live, ix)
            arrays = postings.Postings(live, segments)
            return _Build(live, ix, manifest, load_glossary(live / store.GLOSSARY),
                          Engine(arrays), Lexicon(arrays), ix.searcher())
        except _DAMAGE as e:
            raise IndexDamaged(self.root, f"{type(e).__name__}: {e}") from None

    @contextmanager
    def _reading(self, build: _Build) -> Iterator:
        """The build's Whoosh searcher, one thread at a time (its files have one read position).

        Scoring does not need it: only stored passages and id look-ups, a few per request.
        """
        with build.reader_lock:
            try:
                yield build.reader
            except _DAMAGE as e:
                raise IndexDamaged(self.root, f"{type(e).__name__}: {e}") from None

    def _meta(self, build: _Build, doc_id: str) -> dict:
        return build.manifest["documents"].get(doc_id, {}).get("meta", {"id": doc_id, "display_title": doc_id})

    # -- search ---------------------------------------------------------------------
    def search(self, query: str, *, lang: str | None = None, doc: str | None = None, limit: int = 10,
               offset: int = 0, expand: bool = True, explain: bool = False, suggest: bool = True) -> dict:
        """Ranked, highlighted, cited passages for *query* (the API's JSON body).

        *suggest* looks for a corrected query when words were unknown or hits are few.
        """
        t0 = time.perf_counter()
        limit, offset = _check_page(limit, offset)
        if lang is not None and lang not in LANGS:
            raise QueryError(f"Unknown language '{lang}': use one of {', '.join(LANGS)}.")
        parsed = parse(query)
        build = self._current()
        if doc is not None and doc not in build.manifest["documents"]:
            raise QueryError(f"Unknown document '{doc}': see /api/docs for the ids.")
        try:
            return self._search(build, query, parsed, lang, doc, limit, offset, expand and suggest,
                                explain, t0, expand)
        except _DAMAGE as e:
            raise IndexDamaged(self.root, f"{type(e).__name__}: {e}") from None

    def _search(self, build, query, parsed, lang, doc, limit, offset, want_suggestion, explain, t0,
                expand) -> dict:
        prep = self._prepare(build, parsed, expand)
        expanded, compiled, all_q, any_q = prep.expanded, prep.compiled, prep.all_q, prep.any_q
        parsed = expanded.parsed
        engine = build.engine
        memo = Memo(frozenset(id(g) for g in compiled.group_queries))   # shared by both, and coordination
        any_r, all_r = engine.run(any_q, memo), engine.run(all_q, memo)
        allowed = _allowed(engine, lang, doc)
        firsts = all_r.hit & allowed
        n_all = int(np.count_nonzero(firsts))
        total = int(np.count_nonzero(any_r.hit & allowed))
        need = offset + limit
        page = [(int(d), float(all_r.score[d]), False) for d in top(all_r.score, firsts, need, engine.p.rank)[offset:]]
        if need > n_all and total > n_all:
            rest = self._partial(engine, any_r.score, any_r.hit & allowed & ~all_r.hit, need - n_all,
                                 [engine.run(g, memo).hit for g in compiled.group_queries])
            page += [(d, sc, True) for d, sc in rest[max(0, offset - n_all):need - n_all]]
        results = [self._result(build, d, sc, partial, compiled, explain, expanded.absent)
                   for d, sc, partial in page]
        body = {
            "query": query, "parsed": parsed.display(), "total": total, "limit": limit, "offset": offset,
            "took_ms": round((time.perf_counter() - t0) * 1000, 2),
            "results": results,
            "expansions": expanded.expansions,
            "ignored": compiled.dropped,
            "facets": _facets(engine, any_r.hit),
            "suggestion": None,
        }
        corrected = any(e["type"] == "typo" for e in expanded.expansions)
        if want_suggestion and (corrected or total <= max(2, limit // 5)):
            body["suggestion"] = suggest(parsed, build.lexicon, self._hit_count(), build.glossary)
        body["took_ms"] = round((time.perf_counter() - t0) * 1000, 2)
        return body

    @staticmethod
    def _prepare(build: _Build, parsed, expand: bool) -> _Prepared:
        """Expand and compile *parsed*, or reuse what an earlier search of it made."""
        key = (parsed.display(), expand)
        with build.lock:
            got = build.prepared.get(key)
            if got is not None:
                build.prepared.move_to_end(key)
                return got
        lexicon = build.lexicon
        expanded = expand_query(parsed, lexicon, build.glossary, use_glossary=expand, use_typos=expand)
        compiled = compile_query(expanded.parsed, lexicon, expanded.alternatives)
        if not compiled.live_groups:
            raise QueryError(f"Nothing searchable is left in '{expanded.parsed.display()}': single letters, "
                             "symbols and very common words (such as 'the', 'və', 'и') are not indexed; "
                             "add a word that carries meaning.")
        all_q, any_q = compiled.all_words, compiled.any_word
        if compiled.excluded is not None:
            all_q, any_q = AndNot(all_q, compiled.excluded), AndNot(any_q, compiled.excluded)
        got = _Prepared(expanded, compiled, all_q, any_q)
        with build.lock:
            build.prepared[key] = got
            while len(build.prepared) > PREPARED_QUERIES:
                build.prepared.popitem(last=False)
        return got

    @staticmethod
    def _partial(engine: Engine, score, candidates, need: int, group_hits: list) -> list[tuple[int, float]]:
        """Passages with only some of the words, best first.

        Within a window of candidates, BM25 is scaled by the share of query groups a
        passage matches (coordination), so three of four words beat one frequent word.
        """
        window = -(-need // RERANK_WINDOW) * RERANK_WINDOW
        docs = top(score, candidates, window, engine.p.rank)
        coord = np.sum([g[docs] for g in group_hits], axis=0) / len(group_hits)
        ranked = sorted(zip(docs.tolist(), score[docs].tolist(), coord.tolist()), key=lambda x: -x[1] * x[2])
        return [(d, sc) for d, sc, _ in ranked]

    def _hit_count(self):
        """How many passages a corrected query finds, as the user would see it."""
        def count(q: str) -> int:
            try:
                return self.search(q, limit=1, suggest=False)["total"]
            except QueryError:
                return 0
        return count

    def _result(self, build: _Build, docnum: int, score: float, partial: bool, compiled, explain: bool,
                absent: set[int]) -> dict:
        with self._reading(build) as s:
            fields = s.stored_fields(docnum)
        rec = passage_record(fields, self._meta(build, fields["doc_id"]))
        spans = matched_spans(fields["text"], fields["lang"], compiled.terms)
        matched = groups_matched(spans) & set(compiled.live_groups)
        coverage = len(matched) / len(compiled.live_groups)
        rec.update(highlight=to_html(fields["text"], spans), score=round(score, 4),
                   coverage=round(coverage, 3),
                   weak=partial and (coverage < WEAK_COVERAGE or bool(absent & set(compiled.live_groups))))
        if explain:
            rec["explain"] = explain_spans(fields["text"], spans)
        return rec

    # -- documents and passages -----------------------------------------------------
    def documents(self) -> list[dict]:
        """Every indexed document with its record and passage counts, in catalogue order."""
        build = self._current()
        docs = build.manifest["documents"]
        order = build.manifest.get("order") or list(docs)
        return [self._doc_summary(d, docs[d]) for d in order if d in docs]

    def _doc_summary(self, doc_id: str, info: dict) -> dict:
        meta = info["meta"]
        return {**meta, "id": doc_id, "passages": info["passages"], "by_lang": info["by_lang"],
                "citation": cite(meta), "bibtex": bibtex(meta), "url": f"/doc/{doc_id}"}

    def document(self, doc_id: str) -> dict:
        """A document's record and all its passages in order."""
        if not isinstance(doc_id, str) or not DOC_ID_RE.match(doc_id):
            raise NotFound(f"No document '{doc_id}'.")
        build = self._current()
        info = build.manifest["documents"].get(doc_id)
        if info is None:
            raise NotFound(f"No document '{doc_id}': see /api/docs for the ids.")
        with self._reading(build) as s:
            stored = [hit.fields() for hit in s.search(Term("doc_id", doc_id), limit=None, sortedby="number")]
        meta = info["meta"]
        return {**self._doc_summary(doc_id, info), "passages": [passage_record(f, meta) for f in stored]}

    def passage(self, pid: str) -> dict:
        """One passage by id (``doc:14``) or by permalink (``doc@<fingerprint>``).

        A fingerprint still finds its passage after a rebuild renumbered it.
        """
        m = _PASSAGE_RE.match(pid or "")
        if not m:
            raise NotFound(f"'{pid}' is not a passage id; ids look like 'mammadzade-2022:14'.")
        doc_id, number, fp = m.groups()
        build = self._current()
        if doc_id not in build.manifest["documents"]:
            raise NotFound(f"No document '{doc_id}'.")
        q = Term("id", f"{doc_id}:{int(number)}") if number else And([Term("doc_id", doc_id),
                                                                       Term("fingerprint", fp)])
        with self._reading(build) as s:
            hits = s.search(q, limit=1)
            fields = hits[0].fields() if hits else None
        if fields is None:
            raise NotFound(f"No passage '{pid}' (the document may have changed; open /doc/{doc_id}).")
        return passage_record(fields, self._meta(build, doc_id))

    # -- state ----------------------------------------------------------------------
    def health(self) -> dict:
        """Whether an index is live and readable, and what it holds."""
        rebuilding = store.is_rebuilding(self.root)
        try:
            build = self._current()
            with self._reading(build) as s:
                count = s.doc_count()
                s.stored_fields(0)                      # stored passages are readable, first to last
                s.stored_fields(s.doc_count_all() - 1)
        except IndexMissing as e:
            return {"status": "missing", "index": False, "rebuilding": rebuilding, "error": str(e)}
        except IndexDamaged as e:
            return {"status": "damaged", "index": False, "rebuilding": rebuilding, "error": str(e)}
        except _DAMAGE as e:
            return {"status": "damaged", "index": False, "rebuilding": rebuilding,
                    "error": str(IndexDamaged(self.root, f"{type(e).__name__}: {e}"))}
        m = build.manifest
        return {"status": "ok", "index": True, "rebuilding": rebuilding, "passages": count,
                "documents": len(m["documents"]), "built_at": m.get("built_at")}

    def stats(self) -> dict:
        """Counts per language, kind and document, and the index's size on disk."""
        build = self._current()
        m = build.manifest
        size = sum(p.stat().st_size for p in build.path.iterdir() if p.is_file())
        return {"passages": m["passages"], "documents": len(m["documents"]), "by_lang": m["by_lang"],
                "by_document": {d: i["passages"] for d, i in m["documents"].items()},
                "built_at": m.get("built_at"), "build_seconds": m.get("seconds"), "index_bytes": size}

    def close(self) -> None:
        """Release the open build; the next call opens the live one again."""
        with self._lock:
            build, self._build = self._build, None
        if build is not None:
            with build.reader_lock:
                build.reader.close()


def _check_page(limit, offset) -> tuple[int, int]:
    try:
        limit, offset = int(limit), int(offset)
    except (TypeError, ValueError):
        raise QueryError("limit and offset must be whole numbers.") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}.")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset must be between 0 and {MAX_OFFSET}.")
    return limit, offset


def _allowed(engine: Engine, lang: str | None, doc: str | None):
    """Which passages the language and document filters let through."""
    p = engine.p
    allowed = np.ones(engine.n, dtype=bool)
    for value, names, codes in ((lang, p.lang_names, p.lang), (doc, p.doc_names, p.doc)):
        if value is not None:
            allowed &= (codes == names.index(value)) if value in names else False
    return allowed


def _facets(engine: Engine, hit) -> dict[str, dict[str, int]]:
    """Matching passages per language and per document, over the whole index."""
    p = engine.p
    docs = np.flatnonzero(hit)
    out = {}
    for key, names, codes in (("lang", p.lang_names, p.lang), ("doc", p.doc_names, p.doc)):
        counts = np.bincount(codes[docs], minlength=len(names))
        out[key] = {names[i]: int(c) for i, c in enumerate(counts) if c}
    return out


__all__ = ["Searcher", "NotFound"]
