"""The live build: which one it is, opened once, and swapped in when a rebuild goes live.

Every call asks which build is live (one ``readlink``) and opens a new one only when it
changed, so a rebuilt index is searched without a restart. Scoring runs on the build's
postings arrays, shared by all threads; the one Whoosh searcher that reads stored passages
is shared too, one thread at a time (its files have one read position).
"""

from __future__ import annotations

import pickle
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from whoosh.index import EmptyIndexError, FileIndex
from whoosh.searching import Searcher as WhooshSearcher

from index import integrity, postings, store
from index.errors import IndexDamaged, IndexMissing

from .citation import bibtex, render
from .csl import to_csl, told_apart
from .engine import Engine
from .glossary import Glossary, load_glossary
from .lexicon import Lexicon
from .prepare import QueryCache
from .results import DEFAULT_CITE_AS, CiteAs

# What a damaged index raises from inside Whoosh (a scrambled segment fails to unpickle),
# caught only where Whoosh's files are read: opening a build and reading stored passages.
DAMAGE = (OSError, EOFError, EmptyIndexError, struct.error, zlib.error, ValueError, KeyError, IndexError,
          pickle.UnpicklingError)


def damaged(root: Path, e: BaseException) -> IndexDamaged:
    """*e*, raised while reading the index under *root*, as the error the user sees."""
    return IndexDamaged(root, f"{type(e).__name__}: {e}")


@dataclass
class Build:
    """One opened build: its manifest, scoring engine, lexicon, glossary and stored passages."""

    root: Path                      # the index folder (named in errors)
    path: Path
    ix: FileIndex
    manifest: dict[str, Any]
    glossary: Glossary
    engine: Engine
    lexicon: Lexicon
    reader: WhooshSearcher          # stored passages and id look-ups
    watch: integrity.Watch          # its files' sizes, checked before each use
    queries: QueryCache = field(init=False)
    reader_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.queries = QueryCache(self.lexicon, self.glossary)

    @contextmanager
    def reading(self) -> Iterator[WhooshSearcher]:
        """The Whoosh searcher, one thread at a time; damage surfaces as ``IndexDamaged``."""
        with self.reader_lock:
            try:
                yield self.reader
            except DAMAGE as e:
                raise damaged(self.root, e) from None

    def meta(self, doc_id: str) -> dict[str, Any]:
        """A document's bibliographic record (a bare one for an id the manifest lacks)."""
        return self.records.get(doc_id) or {"id": doc_id, "display_title": doc_id}

    @cached_property
    def records(self) -> dict[str, dict[str, Any]]:
        """Every document's record, with what tells it apart from the others in a citation."""
        return told_apart({d: info["meta"] for d, info in self.manifest["documents"].items() if "meta" in info})

    def summary(self, doc_id: str, cite_as: CiteAs = DEFAULT_CITE_AS) -> dict[str, Any]:
        """A document's record with its passage counts, citation (as *cite_as* says), its
        CSL-JSON and address."""
        info = self.manifest["documents"][doc_id]
        meta = self.meta(doc_id)
        cited = render(to_csl(meta), cite_as.style, cite_as.ui)
        return {**meta, "id": doc_id, "passages": info["passages"], "by_lang": info["by_lang"],
                "citation": cited.reference, "citation_html": cited.reference_html, "bibtex": bibtex(meta),
                "csl": to_csl(meta), "url": f"/doc/{doc_id}"}

    def summaries(self, cite_as: CiteAs) -> tuple[dict[str, Any], ...]:
        """Every document's summary cited as *cite_as* says (the default ones are kept)."""
        if cite_as == DEFAULT_CITE_AS:
            return self.documents
        return tuple(self.summary(d["id"], cite_as) for d in self.documents)

    @cached_property
    def documents(self) -> tuple[dict[str, Any], ...]:
        """Every document's summary in catalogue order, worked out once per build."""
        docs = self.manifest["documents"]
        order = self.manifest.get("order") or list(docs)
        return tuple(self.summary(d) for d in order if d in docs)

    def close(self) -> None:
        with self.reader_lock:
            self.reader.close()


class LiveBuild:
    """The build live under *root*, reopened when a rebuild swaps in a new one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._build: Build | None = None

    def current(self) -> Build:
        live = store.live_build(self.root)
        if live is None:
            raise IndexMissing(self.root)
        build = self._build
        if build is None or build.path != live:
            with self._lock:
                if self._build is None or self._build.path != live:
                    self._build = self._open(live)
                build = self._build
        # Before any mapped page is touched: a file cut short under a running server would
        # kill the process that reads past its new end (SIGBUS).
        damage = build.watch.damage()
        if damage is not None:
            raise IndexDamaged(self.root, str(damage), file=damage.file)
        return build

    def _open(self, live: Path) -> Build:
        try:
            manifest = store.read_manifest(live)
            reason = store.outdated(manifest)
            if reason:
                raise IndexDamaged(self.root, reason)
            # Every server start and every new build: each file against its checksum.
            broken = store.damaged_files(live, manifest, checksums=True)
            if broken:
                raise IndexDamaged(self.root, "; ".join(map(str, broken[:3])), file=broken[0].file)
            ix = store.open_build(live)
            segments = postings.segments_of(ix)
            if not postings.Postings.exists(live, segments):     # built before the arrays existed
                postings.export_missing(live, ix)
            arrays = postings.Postings(live, segments)
            return Build(self.root, live, ix, manifest, load_glossary(live / store.GLOSSARY),
                         Engine(arrays), Lexicon(arrays), ix.searcher(), integrity.Watch(live, manifest))
        except postings.ArraysDamaged as e:
            raise IndexDamaged(self.root, str(e), file=e.name) from None
        except DAMAGE as e:
            raise damaged(self.root, e) from None

    def close(self) -> None:
        """Release the open build; the next call opens the live one again."""
        with self._lock:
            build, self._build = self._build, None
        if build is not None:
            build.close()
