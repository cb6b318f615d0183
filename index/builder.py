"""Rebuild the index from the corpus: build beside the live index, check, swap.

A failed or interrupted rebuild never touches the live index: everything happens in a
``.partial`` directory that is only made live after its checks pass. An incremental
rebuild links the live build's files, writes a Whoosh segment for what changed and the
arrays of the new segments only (``postings``), and purges deleted passages from small
segments; with nothing changed it keeps the live build.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from whoosh.index import create_in, open_dir
from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL, IndexWriter

from . import integrity, postings, store, writers
from .analysis import analyze, fields_for
from .catalog import Document, load_catalog
from .errors import BuildFailed, CorpusError
from .glossary import load_entries, load_lexicon
from .ingest.source import Source, prune_cache, read_source
from .passage import Passage
from .schema import HEADED_KINDS, HEADING_VARIANTS, SCHEMA_VERSION, build_schema, field_name, heading_field
from .segment import segment

Progress = Callable[[int, int, str], None]
PARALLEL_MIN_CHARS = 1_000_000  # of text to analyse (about 2,000 passages): below this, one process is faster
MAX_PROCS = 4
PROCS = min(os.cpu_count() or 1, MAX_PROCS)     # worker processes of a large rebuild
EXTRACTED = "extracted"        # under the index root: text extracted from PDF, DOCX, HTML originals


@dataclass
class BuildReport:
    """What a rebuild did, for the one-line summary and the health endpoint."""

    documents: int = 0
    passages: int = 0
    by_lang: dict[str, int] = field(default_factory=dict)
    reanalysed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    build: Path | None = None
    current: bool = False           # nothing changed: the live build was kept


    def summary(self) -> str:
        langs = ", ".join(f"{n} {lang}" for lang, n in sorted(self.by_lang.items()))
        parts = [f"Indexed {self.documents} documents, {self.passages} passages ({langs}) "
                 f"in {self.seconds:.1f} s"]
        if self.reused:
            parts.append(f"{len(self.reused)} unchanged reused")
        if self.current:
            parts.append("nothing changed, the live index is current")
        if self.skipped:
            parts.append(f"skipped {len(self.skipped)} bad: {', '.join(self.skipped)}")
        return "; ".join(parts) + "."


# Short apparatus passages (keyword lists, affiliations, dates) win BM25 on length alone;
# damp them so substantive paragraphs come first for the same words.
KIND_BOOST = {"keywords": 0.6, "front": 0.6, "back": 0.6}


def passage_fields(p: Passage) -> dict:
    """The Whoosh document for one passage."""
    doc = {"_boost": KIND_BOOST.get(p.kind, 1.0), "id": p.id, "doc_id": p.doc_id, "number": p.number,
           "lang": p.lang, "kind": p.kind, "fingerprint": p.fingerprint, "section": p.section, "text": p.text,
           "start": p.start, "end": p.end, "page_first": p.page_first, "page_last": p.page_last, "ocr": p.ocr}
    for variant in fields_for(p.lang):
        doc[field_name(p.lang, variant)] = p.text
    if p.kind in HEADED_KINDS and p.section:
        for variant in HEADING_VARIANTS[p.lang]:
            doc[heading_field(p.lang, variant)] = p.section
    return doc


def load_documents(corpus_dir: Path, skip_bad: bool = False, warn: Callable[[str], None] = lambda m: None,
                   cache_dir: Path | None = None) -> tuple[list[tuple[Document, Source]], list[str]]:
    """Catalogue plus each document's source text; a bad file stops the build, or is skipped
    with *skip_bad*. Text extracted from originals is cached in *cache_dir*."""
    docs, skipped = [], []
    for doc in load_catalog(corpus_dir):
        try:
            docs.append((doc, read_source(doc, cache_dir)))
        except CorpusError as e:
            if not skip_bad:
                raise
            warn(f"skipping {doc.id}: {e}")
            skipped.append(doc.id)
    return docs, skipped


def build(corpus_dir: Path, index_root: Path, *, full: bool = False, skip_bad: bool = False,
          progress: Progress | None = None, warn: Callable[[str], None] = lambda m: None,
          locked: bool = False) -> BuildReport:
    """Rebuild the index at *index_root* from *corpus_dir* and make it live.

    Unchanged documents (same content hash, same schema) are linked from the live index
    instead of re-analysed unless *full*. Raises CorpusError, BuildFailed or
    RebuildInProgress; the live index is untouched in every failure. *locked*: the caller
    holds ``store.rebuild_lock`` already (the admin API takes it before it answers).
    """
    t0 = time.perf_counter()
    report = BuildReport()
    with contextlib.nullcontext() if locked else store.rebuild_lock(index_root):
        store.prune(index_root)
        docs, report.skipped = load_documents(corpus_dir, skip_bad, warn, index_root / EXTRACTED)
        if not docs:
            raise BuildFailed("No document could be read from the corpus; nothing to index.")
        segmented = {doc.id: (doc, src, src.hash) for doc, src in docs}
        live = store.live_build(index_root)
        old = _reusable_manifest(live) if (live and not full) else None
        if live is not None and old is not None and not _readable(live, old):
            warn(f"the live index at {live} cannot be read back; re-analysing every document")
            old = None
        if live is not None and old is not None and _unchanged(corpus_dir, live, old, segmented):
            _report_current(report, live, old, t0)
            return report
        partial = store.new_partial(index_root)
        try:
            try:
                manifest, known = _write(partial, live if old else None, old, segmented, report, progress)
                _check(partial, manifest)
            except Exception as e:
                if old is None:
                    raise
                # Damage the quick check missed surfaces while the linked segments are read
                # or merged: never build on it, start again from the corpus alone.
                warn(f"reusing the live index failed ({type(e).__name__}: {e}); re-analysing every document")
                shutil.rmtree(partial, ignore_errors=True)
                partial = store.new_partial(index_root)
                manifest, known = _write(partial, None, None, segmented, report, progress)
                _check(partial, manifest)
            _copy_glossary(corpus_dir, partial)
            manifest["files"] = store.describe_files(partial, known)
            report.seconds = time.perf_counter() - t0
            manifest["seconds"] = round(report.seconds, 3)
            store.write_manifest(partial, manifest)
            report.build = store.publish(index_root, partial)
            if not report.skipped:       # a skipped file's cached text may be wanted again once it is fixed
                prune_cache(index_root / EXTRACTED, [src for _, src in docs])
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        store.prune(index_root)
    return report


def _unchanged(corpus_dir: Path, live: Path, old: dict, segmented: dict) -> bool:
    """True when the live build already is what a rebuild would make: same documents, texts,
    records, order, glossary and lexicon. Then a rebuild costs only reading the corpus."""
    docs = old.get("documents", {})
    if list(segmented) != old.get("order") or set(segmented) != set(docs):
        return False
    if any(docs[d].get("hash") != h or docs[d].get("meta") != record(doc, src)
           for d, (doc, src, h) in segmented.items()):
        return False
    for name in (store.GLOSSARY, store.LEXICON):
        src, shipped = corpus_dir / name, live / name
        if src.is_file() != shipped.is_file() or (src.is_file() and src.read_bytes() != shipped.read_bytes()):
            return False
    return True


def _report_current(report: BuildReport, live: Path, old: dict, t0: float) -> None:
    report.documents = len(old["documents"])
    report.passages = old["passages"]
    report.by_lang = dict(old["by_lang"])
    report.reused = list(old["order"])
    report.current = True
    report.build = live
    report.seconds = time.perf_counter() - t0


def _reusable_manifest(live: Path) -> dict | None:
    try:
        manifest = store.read_manifest(live)
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("schema_version") == SCHEMA_VERSION else None


def _readable(live: Path, manifest: dict) -> bool:
    """True when the live build opens and holds the passages its manifest promises.

    Any failure at all means "do not copy it": a damaged segment would poison the new build.
    """
    if store.damaged_files(live, manifest, checksums=True):
        return False
    try:
        ix = open_dir(str(live))
        with ix.reader() as r:
            n = r.doc_count()
            if n != manifest.get("passages") or n == 0:
                return False
            r.stored_fields(0)
            r.stored_fields(r.doc_count_all() - 1)
        return True
    except Exception:
        return False


def _parallel(texts: list[str]) -> int:
    """How many worker processes should analyse *texts*: ``PROCS`` (one per core, up to
    ``MAX_PROCS``) when there is enough text to share, else 0 (this process writes).

    Analysis is most of a rebuild's time and runs in pure Python, so a large rebuild is
    split across cores (:mod:`index.writers`); starting workers costs more than it saves
    on a few documents.
    """
    return PROCS if PROCS >= 2 and sum(map(len, texts)) >= PARALLEL_MIN_CHARS else 0


def _write(partial: Path, live: Path | None, old: dict | None, segmented: dict,
           report: BuildReport, progress: Progress | None) -> tuple[dict, dict[str, dict]]:
    """Write the Whoosh index and the arrays of its new segments into *partial*.

    With a *live* build, its files are linked in and only what changed is written: the
    passages of new and changed documents go into new segments, those of changed and
    removed ones are deleted. Returns the manifest and the file records already known
    (linked files, and arrays hashed while written).
    """
    old_docs = (old or {}).get("documents", {})
    known: dict[str, dict] = {}
    if live is not None:
        store.link_build(live, partial)
        ix = open_dir(str(partial))
        known = store.recorded_files(old or {})
    else:
        ix = create_in(str(partial), build_schema())
    todo = [d for d, (_, _, h) in segmented.items() if old_docs.get(d, {}).get("hash") != h]
    gone = [d for d in old_docs if d not in segmented or d in todo]
    report.reused = [d for d in segmented if d not in todo]
    report.reanalysed = todo
    summaries: dict[str, dict] = {}
    if todo or gone:
        # Segments are left as separate files: a reader of a compound segment file copies
        # the whole file into memory (300 MB per reader at 100,000 passages).
        writer = writers.Writer(ix, limitmb=256, compound=False)
        try:
            with _children_die_with_us():
                for d in gone:
                    writer.delete_by_term("doc_id", d)
                procs = _parallel([segmented[d][1].text for d in todo])
                if procs:
                    job = writers.Job(partial, [segmented[d][:2] for d in todo], source_passages,
                                      passage_fields, _summary)
                    for w in writers.write_parallel(job, writer, procs, _purge_deleted, progress):
                        summaries.update(w.documents)
                        known.update(w.files)
                else:
                    _fill(writer, todo, segmented, summaries, progress)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
    known.update(postings.export_missing(partial, ix, prune=True))
    documents = {}
    for d, (doc, src, h) in segmented.items():
        if d in todo:
            documents[d] = {"hash": h, **summaries[d], "meta": record(doc, src)}
        else:
            documents[d] = {**old_docs[d], "meta": record(doc, src)}
    by_lang: Counter[str] = Counter()
    for info in documents.values():
        by_lang.update(info["by_lang"])
    report.documents = len(documents)
    report.passages = sum(info["passages"] for info in documents.values())
    report.by_lang = dict(by_lang)
    manifest = {"schema_version": SCHEMA_VERSION,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "documents": documents, "passages": report.passages, "by_lang": report.by_lang,
                "order": list(segmented)}
    return manifest, known


def _summary(passages: list[Passage]) -> dict:
    """What the manifest keeps of a document's passages: their count, languages and canaries."""
    return {"passages": len(passages), "by_lang": dict(Counter(p.lang for p in passages)),
            "canaries": _canaries(passages)}


def record(doc: Document, src: Source) -> dict:
    """What the manifest keeps of a document: its catalogue record, its format and page labels."""
    return {**doc.to_dict(), **src.meta()}


def source_passages(doc: Document, src: Source) -> list[Passage]:
    """The passages of a document's source text, each with the pages it lies on."""
    return src.paginate(segment(doc, src.text))


def _fill(writer: writers.Writer, todo: list[str], segmented: dict, summaries: dict[str, dict],
          progress: Progress | None) -> None:
    """Segment and analyse the documents *todo* in this process, then commit."""
    passages = {d: source_passages(*segmented[d][:2]) for d in todo}
    total = sum(len(v) for v in passages.values())
    done = 0
    for d in todo:
        for p in passages[d]:
            writer.add_document(**passage_fields(p))
            done += 1
            if progress:
                progress(done, total, d)
        summaries[d] = _summary(passages[d])
    writer.commit(mergetype=_purge_deleted)


# A segment with deleted passages is rewritten without them (they are gone from storage)
# when that is cheap, or when they are a tenth of it; scores never depend on it, since
# statistics count live passages only.
PURGE_ALWAYS_BELOW = 20_000
PURGE_SHARE = 0.1


def _purge_deleted(writer: IndexWriter, segments: list) -> list:
    """Merge policy: drop empty segments, purge deletions as above, then Whoosh's merging
    of small segments."""
    keep = []
    for seg in segments:
        n, deleted = seg.doc_count_all(), seg.deleted_count()
        if deleted == n:                # empty, or every passage deleted: nothing to keep
            continue
        if deleted and (n < PURGE_ALWAYS_BELOW or deleted >= PURGE_SHARE * n):
            reader = SegmentReader(writer.storage, writer.schema, seg)
            writer.add_reader(reader)
            reader.close()
        else:
            keep.append(seg)
    return MERGE_SMALL(writer, keep)


_ARMED = threading.Event()
_PR_SET_PDEATHSIG = 1


def _kill_me_with_parent() -> None:
    """In a child forked while armed: ask Linux to SIGKILL it when its parent dies."""
    if _ARMED.is_set():
        # Not Linux: a killed rebuild may leave its workers running.
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_kill_me_with_parent)


@contextmanager
def _children_die_with_us() -> Iterator[None]:
    """While writing, worker processes (:mod:`index.writers`) die with the rebuild: a ``kill -9``
    of ``sanad index`` must not leave them analysing on."""
    _ARMED.set()
    try:
        yield
    finally:
        _ARMED.clear()


def _canaries(passages: list[Passage]) -> dict[str, list]:
    """Per language, one (term, passage id) that a working index must find."""
    out: dict[str, list] = {}
    for p in sorted(passages, key=lambda p: p.kind != "body"):
        if p.lang in out:
            continue
        terms = [t["term"] for t in analyze(p.text, p.lang, "stem")]
        if terms:
            out[p.lang] = [max(terms, key=len), p.id]
    return out


def _check(partial: Path, manifest: dict) -> None:
    """The new build must pass :func:`integrity.verify` before it goes live."""
    problems = integrity.verify(partial, manifest)
    if problems:
        raise BuildFailed(f"check failed: {problems[0]}; the previous index is still live.")


def _copy_glossary(corpus_dir: Path, partial: Path) -> None:
    """Ship the glossary and lexicon with the build they were checked against (validated first)."""
    for name, check in ((store.GLOSSARY, load_entries), (store.LEXICON, load_lexicon)):
        src = corpus_dir / name
        if src.is_file():
            check(src)
            shutil.copy2(src, partial / name)


def terminal_progress(stream: TextIO = sys.stderr) -> Progress | None:
    """A progress bar on a terminal; None when output is not a terminal."""
    if not stream.isatty():
        return None
    last = [0.0]

    def show(done: int, total: int, doc_id: str) -> None:
        now = time.perf_counter()
        if done != total and now - last[0] < 0.1:
            return
        last[0] = now
        width = 30
        filled = int(width * done / max(total, 1))
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} passages  {doc_id[:30]:<30}")
        if done == total:
            stream.write("\nWriting the search arrays...\n")
        stream.flush()

    return show
