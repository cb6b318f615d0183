"""Whoosh writers for a rebuild: one in this process, or one per core, each in its own process.

A large rebuild runs in worker processes (forked, so they share the corpus already read):
each takes documents one at a time from a shared counter, segments them, analyses their
passages into a Whoosh segment of its own, and, once its documents are done, writes that
segment's arrays (``postings``). Every phase but the final commit runs on every core; the
parent only deletes what is gone and commits the workers' segments with its own.

Both kinds of writer write exactly what Whoosh's own writer writes, only faster: Whoosh
looks up a passage's field length on disk for every posting it writes (a sixth of a
rebuild), here read once per field; and its sorted runs are written and read back in
batches rather than one pickle per posting.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex, open_dir
from whoosh.reading import SegmentReader
from whoosh.writing import PostingPool
from whoosh.writing import SegmentWriter as _WhooshWriter

from . import postings

_RUN_BATCH = 8192            # postings per pickle in a sorted run
_POLL_S = 0.2                # how often the parent reports the workers' progress
_STOP = 1 << 62              # set as the next document when a worker failed: the others stop


class _BatchedPool(PostingPool):
    """Whoosh's external sort of postings, its runs pickled in batches (same order, same items)."""

    def _write_run(self, f: Any, items: Iterable) -> None:
        it = iter(items)
        while batch := list(islice(it, _RUN_BATCH)):
            pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path: str) -> Iterator:
        f = self._open_run(path)
        try:
            while True:
                try:
                    batch = pickle.load(f)
                except EOFError:
                    return
                yield from batch
        finally:
            f.close()
            self._remove_run(path)


class _Lengths:
    """A segment's field lengths as Whoosh's per-document reader gives them, read once per field."""

    def __init__(self, reader: Any, doc_count: int) -> None:
        self._reader = reader
        self._n = doc_count
        self._fields: dict[str, list] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> Any:
        got = self._fields.get(fieldname)
        if got is None:
            read = self._reader.doc_field_length
            got = self._fields[fieldname] = [read(d, fieldname, default) for d in range(self._n)]
        return got[docnum]

    def close(self) -> None:
        self._reader.close()


class Writer(_WhooshWriter):
    """Whoosh's segment writer with the two speed-ups of the module's docstring."""

    def __init__(self, ix: FileIndex, limitmb: float = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = _BatchedPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = _Lengths(self.per_document_reader(), self.docnum - self.docbase)
        try:
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
            self.fieldwriter.close()
        finally:
            lengths.close()

    def commit_with(self, segments: list, mergetype: Callable) -> None:
        """Commit, with *segments* written by other writers of this index added to its table."""
        self._check_state()
        try:
            final = self._merge_segments(mergetype, False, True)
            if self._added:
                final.append(self._finalize_segment())
            else:
                self._close_segment()
            self._commit_toc(final + segments)
        finally:
            self._finish()


@dataclass
class Job:
    """What the workers share (inherited through ``fork``, never pickled)."""

    build: Path
    docs: list                                   # (document, source) to analyse, in order
    passages_of: Callable[[Any, Any], list]      # (document, source) -> its passages
    fields_of: Callable[[Any], dict]             # passage -> the Whoosh document
    summary_of: Callable[[list], dict]           # a document's passages -> what the manifest keeps
    limitmb: float = 256


@dataclass
class Written:
    """One worker's segment: its Whoosh segment, the summary of each of its documents, and
    the size and checksum of each array file it wrote."""

    segment: Any
    documents: dict[str, dict]
    files: dict[str, dict]


_job: Job | None = None
_next: Any = None        # the next document to take (a shared counter)
_done: Any = None        # passages analysed, over all workers
_seen: Any = None        # (passages segmented, characters of text segmented), over all workers


def _work() -> Written:
    """In a worker: analyse documents until none is left, then write the segment's arrays."""
    assert _job is not None
    ix = open_dir(str(_job.build))
    writer = Writer(ix, _lk=False, limitmb=_job.limitmb, compound=False)
    documents = {}
    while True:
        with _next.get_lock():
            i = _next.value
            _next.value += 1
        if i >= len(_job.docs):
            break
        doc, src = _job.docs[i]
        ps = _job.passages_of(doc, src)
        with _seen.get_lock():
            _seen[0] += len(ps)
            _seen[1] += len(src.text)
        for p in ps:
            writer.add_document(**_job.fields_of(p))
        with _done.get_lock():
            _done.value += len(ps)
        documents[doc.id] = _job.summary_of(ps)
    if i >= _STOP or not writer._added:      # another worker failed, or nothing was left to take
        writer._close_segment()              # (never ``cancel``: it removes the shared temporary files)
        return Written(None, {}, {})
    segment = writer._finalize_segment()
    reader = SegmentReader(ix.storage, ix.schema, segment)
    try:
        files = postings.export_segment(_job.build, reader, segment.segid)
    finally:
        reader.close()
    return Written(segment, documents, files)


def write_parallel(job: Job, parent: Writer, procs: int, mergetype: Callable,
                   progress: Callable[[int, int, str], None] | None) -> list[Written]:
    """Analyse *job*'s documents in *procs* worker processes, then commit their segments
    through *parent* (which holds the deletions and the merge of old segments)."""
    global _job, _next, _done, _seen
    ctx = multiprocessing.get_context("fork")
    _job, _next, _done, _seen = job, ctx.Value("q", 0), ctx.Value("q", 0), ctx.Array("q", 2)
    text = sum(len(src.text) for _, src in job.docs)
    try:
        with ProcessPoolExecutor(procs, mp_context=ctx) as pool:
            futures = [pool.submit(_work) for _ in range(procs)]
            failed = False
            while not failed:
                finished, pending = wait(futures, timeout=_POLL_S, return_when=FIRST_EXCEPTION)
                if progress:
                    progress(*_estimate(text), job.docs[min(max(_next.value, 1), len(job.docs)) - 1][0].id)
                failed = any(f.exception() for f in finished)
                if failed:                  # the others stop at their next document
                    with _next.get_lock():
                        _next.value = _STOP
                elif not pending:
                    break
            written = [f.result() for f in futures]
    finally:
        _job = _next = _done = _seen = None
    parent.commit_with([w.segment for w in written if w.segment is not None], mergetype)
    return written


def _estimate(text: int) -> tuple[int, int]:
    """(passages analysed, passages in all): exact once every document is segmented; before,
    the text not yet segmented counts at the passages per character seen so far."""
    done, (seen, chars) = _done.value, _seen[:]
    total = seen + round((text - chars) * seen / chars) if chars else 0
    return done, max(total, done)

