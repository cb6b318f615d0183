"""The postings of every Whoosh segment as flat arrays, written once with the segment.

Whoosh keeps postings in pickled blocks and scores them one posting at a time in Python;
on 100,000 passages a common word costs a Python call per passage. So each segment's
postings are also written as arrays, once, right after Whoosh writes the segment, and
never again: segments are immutable, and an incremental build links the arrays of the
segments it keeps (as Lucene's codecs write doc values and norms with each segment).
A reader combines the segments of a build (:class:`Postings`), as Lucene's readers do:
docnums are offset by segment, deletions (kept by Whoosh in the build's TOC) are applied
at read time, and every statistic counts live passages only.

``postings/<segment id>.bin`` holds one segment's arrays, one after another;
``postings/<segment id>.json`` says where each lies (offset, dtype, length):

    lang, doc, number          language and document code, passage number (by docnum)
    (then for each text field and each heading field, ``schema.indexed_fields``:)
    <field>.terms              the field's terms, UTF-8, sorted, fixed width (one byte spare)
    <field>.post_at            where each term's postings start (one more entry: the end)
    <field>.docs               docnum of every posting (sorted within a term)
    <field>.weights            Whoosh's weight of every posting (term frequency x boost)
    <field>.pos_at             where each posting's positions start (one more entry)
    <field>.pos                token positions
    <field>.lengths            the field's exact length (token count) in every passage

The files are memory-mapped when read: every server process shares one copy in the page
cache. Bounds are checked against the file's size before any array is made, so a short
file is reported as damage, never read past its end.
"""

from __future__ import annotations

import json
import mmap
import os
import uuid
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from pickle import loads
from typing import IO, Any

import numpy as np
import xxhash
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.util.numeric import byte_to_length

from .schema import indexed_fields

DIRNAME = "postings"
FORMAT = 3
_POS_HEADER = 4     # Whoosh's positions value: uint count, then pickled position deltas
_REMEMBERED_TERMS = 200_000     # per field: where each searched term lies in each segment
_SEARCH_SHARE = 32              # positions of more than a 32nd of a segment's passages: mapped, not searched
_FIELD_ARRAYS = ("terms", "post_at", "docs", "weights", "pos_at", "pos", "lengths")
# Whoosh stores a field's length in a passage as one byte; scoring uses the length it
# decodes back (``length_to_byte`` is a bisection of this table, capped at 255).
_QUANTISED = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


@dataclass(frozen=True)
class SegmentInfo:
    """What a reader needs of a Whoosh segment: its id, size and deleted docnums."""

    segid: str
    doc_count_all: int
    deleted: frozenset[int]


def segments_of(ix: Any) -> list[SegmentInfo]:
    """The segments of a Whoosh index in docnum order (the order its readers combine them)."""
    with ix.reader() as reader:
        return [SegmentInfo(seg.segment().segid, seg.doc_count_all(), frozenset(seg.segment().deleted_docs()))
                for seg, _ in reader.leaf_readers()]


def paths(segid: str) -> tuple[str, str]:
    """The files of one segment's arrays, relative to the build."""
    return f"{DIRNAME}/{segid}.bin", f"{DIRNAME}/{segid}.json"


def export_missing(build: Path, ix: Any, prune: bool = False) -> dict[str, dict]:
    """Write the arrays of every segment of *ix* that has none yet; with *prune*, drop the
    arrays of segments that are gone (only a build in progress may be pruned).

    Returns the size and XXH3-128 checksum of each file written (by path relative to
    *build*), the checksum computed from the bytes as they are written.
    """
    out = build / DIRNAME
    out.mkdir(exist_ok=True)
    sums: dict[str, dict] = {}
    with ix.reader() as reader:
        wanted = set()
        for seg, _ in reader.leaf_readers():
            segid = seg.segment().segid
            wanted.add(segid)
            if not (out / f"{segid}.json").is_file():
                sums.update(export_segment(build, seg, segid))
    for f in out.iterdir() if prune else ():
        if f.name.split(".")[0] not in wanted:
            f.unlink()
    return sums


def export_segment(build: Path, seg: Any, segid: str) -> dict[str, dict]:
    """Write the arrays of one segment (a Whoosh segment reader) into *build*; returns the
    size and checksum of each file written, as :func:`export_missing` does."""
    bin_name, meta_name = paths(segid)
    (build / DIRNAME).mkdir(exist_ok=True)
    # Unique names, renamed into place, the layout last: a server process exporting the
    # arrays of an old build (see the searcher) may race another doing the same.
    tmp = build / f"{bin_name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    with open(tmp, "wb") as f:
        pack = _Pack(f)
        n = seg.doc_count_all()
        langs = list(seg.column_reader("lang", translate=True)) if n else []
        doc_ids = list(seg.column_reader("doc_id", translate=True)) if n else []
        numbers = list(seg.column_reader("number", translate=True)) if n else []
        lang_names, doc_names = sorted(set(langs)), sorted(set(doc_ids))
        lang_code = {x: i for i, x in enumerate(lang_names)}
        doc_code = {x: i for i, x in enumerate(doc_names)}
        pack.add("lang", np.array([lang_code[x] for x in langs], dtype=np.uint8))
        pack.add("doc", np.array([doc_code[x] for x in doc_ids], dtype=np.int32))
        pack.add("number", np.array(numbers, dtype=np.int32))
        for fname, _, _ in indexed_fields():
            for name, a in _export_field(seg, fname, n).items():
                pack.add(f"{fname}.{name}", a)
    os.replace(tmp, build / bin_name)
    meta = json.dumps({"format": FORMAT, "doc_count_all": n, "langs": lang_names, "docs": doc_names,
                       "arrays": pack.where}).encode("utf-8")
    tmp_meta = tmp.with_name(tmp.name + ".json")
    tmp_meta.write_bytes(meta)
    os.replace(tmp_meta, build / meta_name)
    return {bin_name: {"size": pack.at, "xxh3": pack.digest.hexdigest()},
            meta_name: {"size": len(meta), "xxh3": xxhash.xxh3_128_hexdigest(meta)}}


class _Pack:
    """Arrays appended to one file, each at an 8-byte boundary, their places remembered
    and their bytes hashed as they are written."""

    def __init__(self, f: IO[bytes]) -> None:
        self.f = f
        self.at = 0
        self.where: dict[str, list] = {}
        self.digest = xxhash.xxh3_128()

    def add(self, name: str, a: np.ndarray) -> None:
        pad = b"\0" * (-self.at % 8)
        data = np.ascontiguousarray(a).tobytes()
        self.where[name] = [self.at + len(pad), a.dtype.str, len(a)]
        for chunk in (pad, data):
            self.f.write(chunk)
            self.digest.update(chunk)
        self.at += len(pad) + len(data)


def _export_field(seg: Any, fname: str, n: int) -> dict[str, np.ndarray]:
    terms: list[bytes] = []
    docs, weights, counts, deltas = array("q"), array("d"), array("q"), array("q")
    post_at = [0]
    if fname in seg.schema:
        fmt = seg.schema[fname].format
        for btext, info in seg.iter_field(fname):       # sorted, as the arrays must be
            terms.append(btext)
            _read_postings(seg, fmt, info, docs, weights, counts, deltas)
            post_at.append(len(docs))
    width = max((len(t) for t in terms), default=0) + 1   # room for a prefix's 0xFF bound
    docs_a = np.frombuffer(docs, dtype=np.int64)
    counts_a = np.frombuffer(counts, dtype=np.int64)
    pos_at = np.zeros(len(counts_a) + 1, dtype=np.int64)
    np.cumsum(counts_a, out=pos_at[1:])
    # Positions are stored as deltas within each posting: a running sum, restarted per posting.
    running = np.cumsum(np.frombuffer(deltas, dtype=np.int64))
    before = np.concatenate(([0], running))[pos_at[:-1]]
    pos = running - np.repeat(before, counts_a)
    # A field's length in a passage is its token count, the sum of its terms' frequencies.
    lengths = np.bincount(docs_a, weights=counts_a, minlength=n).astype(np.int32)
    return {"terms": np.array(terms, dtype=f"S{width}"), "post_at": np.array(post_at, dtype=np.int64),
            "docs": docs_a.astype(np.int32), "weights": np.frombuffer(weights, dtype=np.float64).astype(np.float32),
            "pos_at": pos_at, "pos": pos.astype(np.int32), "lengths": lengths}


def _read_postings(seg: Any, fmt: Any, info: Any, ids: array, weights: array, counts: array,
                   deltas: array) -> None:
    """Append one term's postings in one segment: docnums, weights, position counts and deltas.

    Reads Whoosh's posting blocks whole, in file order, without looking each term up
    again (its matcher API decodes them posting by posting).
    """
    blocks: Iterable[tuple[Any, Any, Any]]
    if info.is_inlined():
        blocks = [info.inlined_postings()]
    else:
        blocks = _blocks(W3LeafMatcher(seg._terms._postfile, *info.extent(), fmt))
    for bids, bweights, bvalues in blocks:
        ids.fromlist(list(bids))          # Whoosh's blocks hold arrays of other types, or lists
        weights.fromlist(list(bweights))
        for v in bvalues:
            ds = loads(v[_POS_HEADER:])
            counts.append(len(ds))
            deltas.extend(ds)


def _blocks(m: W3LeafMatcher) -> Iterator[tuple[Any, Any, Any]]:
    """(ids, weights, values) of each posting block of a Whoosh leaf matcher."""
    while True:
        m._read_ids()
        m._read_weights()
        m._read_values()
        yield m._ids, m._weights, m._values
        if m._lastblock:
            return
        m._goto(m._nextoffset)


class ArraysDamaged(ValueError):
    """A file of the arrays is missing, short or not what was written; names the file."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        super().__init__(f"{name} {problem}")


class _SegmentArrays:
    """One segment's arrays, memory-mapped, every bound checked before it is mapped."""

    def __init__(self, build: Path, info: SegmentInfo, base: int) -> None:
        bin_name, meta_name = paths(info.segid)
        try:
            meta = json.loads((build / meta_name).read_bytes())
        except (OSError, ValueError) as e:
            raise ArraysDamaged(meta_name, f"cannot be read ({type(e).__name__}: {e})") from None
        if meta.get("format") != FORMAT or meta.get("doc_count_all") != info.doc_count_all:
            raise ArraysDamaged(meta_name, f"does not describe segment {info.segid} in format {FORMAT}")
        self.base, self.n = base, info.doc_count_all
        self.langs: list[str] = meta["langs"]
        self.docs: list[str] = meta["docs"]
        try:
            with open(build / bin_name, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        except OSError as e:
            raise ArraysDamaged(bin_name, f"cannot be read ({e.strerror})") from None
        self.arrays = {name: _view(self._map, size, bin_name, *where) for name, where in meta["arrays"].items()}
        self.live = np.ones(self.n, dtype=bool)
        if info.deleted:
            self.live[np.fromiter(info.deleted, dtype=np.int64)] = False
        self.has_deletions = bool(info.deleted)


def _view(buf: mmap.mmap | bytes, size: int, name: str, offset: int, dtype: str, length: int) -> np.ndarray:
    """A read-only array over *buf*; a short file is damage, not a shorter array."""
    dt = np.dtype(dtype)
    if offset + dt.itemsize * length > size:
        raise ArraysDamaged(name, f"ends at byte {size}, an array needs {offset + dt.itemsize * length}")
    if not length:
        return np.zeros(0, dtype=dt)
    return np.frombuffer(buf, dtype=dt, count=length, offset=offset)


class _FieldPart:
    """One text field in one segment: its term dictionary and postings."""

    def __init__(self, seg: _SegmentArrays, fname: str) -> None:
        a = {k: seg.arrays[f"{fname}.{k}"] for k in _FIELD_ARRAYS}
        self.seg = seg
        self.terms, self.post_at, self.docs, self.weights = a["terms"], a["post_at"], a["docs"], a["weights"]
        self.pos_at, self.pos, self.lengths = a["pos_at"], a["pos"], a["lengths"]
        # Live postings per term: a term whose passages are all deleted is not in the index.
        self.live_df = (np.diff(self.post_at) if not seg.has_deletions or not len(self.terms)
                        else np.add.reduceat(seg.live[self.docs].astype(np.int64), self.post_at[:-1]))

    def find(self, key: bytes) -> int:
        if len(key) >= self.terms.itemsize or not len(self.terms):
            return -1
        i = int(self.terms.searchsorted(key))
        return i if i < len(self.terms) and self.terms[i] == key and self.live_df[i] else -1

    def postings(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Live (docnums within the whole build, weights) of term *i*."""
        a, b = self.post_at[i], self.post_at[i + 1]
        docs, weights = self.docs[a:b], self.weights[a:b]
        if self.seg.has_deletions:
            keep = self.seg.live[docs]
            docs, weights = docs[keep], weights[keep]
        return docs.astype(np.intp) + self.seg.base, weights

    def position_keys(self, i: int, docs: np.ndarray) -> np.ndarray:
        """Sorted ``docnum << 32 | position`` of term *i* in the passages *docs* (build docnums,
        sorted, in this segment, each holding the term)."""
        local = docs - self.seg.base
        lo, hi = int(self.post_at[i]), int(self.post_at[i + 1])
        if len(local) * _SEARCH_SHARE < self.seg.n:
            at = lo + np.searchsorted(self.docs[lo:hi], local)
        else:                       # many passages: a map from docnum to posting, not a search each
            where = np.empty(self.seg.n, dtype=np.intp)
            where[self.docs[lo:hi]] = np.arange(lo, hi)
            at = where[local]
        starts, counts = self.pos_at[at], self.pos_at[at + 1] - self.pos_at[at]
        first = np.cumsum(counts) - counts
        flat = np.arange(int(counts.sum())) + np.repeat(starts - first, counts)
        return (np.repeat(docs.astype(np.int64), counts) << 32) | self.pos[flat].astype(np.int64)

    def with_prefix(self, key: bytes) -> list[bytes]:
        if len(key) >= self.terms.itemsize:
            return []
        lo, hi = int(self.terms.searchsorted(key)), int(self.terms.searchsorted(key + b"\xff"))
        return [self.terms[i] for i in range(lo, hi) if self.live_df[i]]


class FieldPostings:
    """One text field across the segments of a build; statistics of live passages only."""

    def __init__(self, name: str, parts: list[_FieldPart], n: int) -> None:
        self.name = name
        self.parts = parts
        self._found: dict[str, list[tuple[_FieldPart, int]]] = {}
        exact = np.zeros(n, dtype=np.int64)
        for part in parts:
            seg = part.seg
            exact[seg.base:seg.base + seg.n] = np.where(seg.live, part.lengths, 0)
        self.total_length = float(exact.sum())
        # The length Whoosh scores with: its one-byte quantisation, decoded.
        self.lengths = _QUANTISED[np.minimum(np.searchsorted(_QUANTISED, exact), 255)].astype(np.float32)

    def _where(self, text: str) -> list[tuple[_FieldPart, int]]:
        """The segments holding *text* and its ordinal in each: a binary search per segment,
        remembered (words are searched again and again; the vocabulary bounds the dict)."""
        found = self._found.get(text)
        if found is None:
            key = text.encode("utf-8")
            found = [(part, i) for part in self.parts if (i := part.find(key)) >= 0]
            if len(self._found) >= _REMEMBERED_TERMS:
                self._found.clear()
            self._found[text] = found
        return found

    def postings(self, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Live (docnums, weights) of *text*, docnums ascending; None when no live passage has it."""
        found = self._where(text)
        if not found:
            return None
        if len(found) == 1:
            return found[0][0].postings(found[0][1])
        got = [part.postings(i) for part, i in found]
        return np.concatenate([d for d, _ in got]), np.concatenate([w for _, w in got])

    def doc_frequency(self, text: str) -> int:
        return sum(int(part.live_df[i]) for part, i in self._where(text))

    def position_keys(self, text: str, docs: np.ndarray) -> np.ndarray:
        """Sorted ``docnum << 32 | position`` of *text* in the passages *docs* (sorted, each holding it)."""
        found = self._where(text)
        if len(found) == 1:
            return found[0][0].position_keys(found[0][1], docs)
        out = []
        for part, i in found:
            lo, hi = np.searchsorted(docs, [part.seg.base, part.seg.base + part.seg.n])
            if hi > lo:
                out.append(part.position_keys(i, docs[lo:hi]))
        return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)

    def with_prefix(self, prefix: str) -> list[str]:
        """Live terms starting with *prefix*, sorted (UTF-8 never holds 0xFF)."""
        key = prefix.encode("utf-8")
        found = {t for part in self.parts for t in part.with_prefix(key)}
        return [t.decode("utf-8") for t in sorted(found)]


class Postings:
    """The arrays of one build's segments, combined; docnums are Whoosh's."""

    def __init__(self, build: Path, segments: list[SegmentInfo]) -> None:
        self.segments: list[_SegmentArrays] = []
        base = 0
        for info in segments:
            self.segments.append(_SegmentArrays(build, info, base))
            base += info.doc_count_all
        self.doc_count_all = base
        self.live = np.concatenate([s.live for s in self.segments]) if self.segments else np.zeros(0, bool)
        self.doc_count = int(np.count_nonzero(self.live))
        self.lang_names, self.lang = self._codes("lang", lambda s: s.langs)
        self.doc_names, self.doc = self._codes("doc", lambda s: s.docs)
        # Language and document as one code (language x documents + document): one count of
        # a set of passages gives both facets.
        self.lang_doc = self.lang.astype(np.intp) * len(self.doc_names) + self.doc
        self.number = (np.concatenate([s.arrays["number"] for s in self.segments]) if self.segments
                       else np.zeros(0, np.int32))
        # Ties in score are broken by passage id (document, then number), never by docnum:
        # docnums depend on the order segments were written in, passage ids do not.
        self.rank = np.empty(self.doc_count_all, dtype=np.int64)
        self.rank[np.lexsort((self.number, self.doc))] = np.arange(self.doc_count_all)
        self.fields = {fname: FieldPostings(fname, [_FieldPart(s, fname) for s in self.segments],
                                            self.doc_count_all)
                       for fname, _, _ in indexed_fields()}

    def _codes(self, key: str, names_of: Callable[[_SegmentArrays], list[str]]) -> tuple[list[str], np.ndarray]:
        """Sorted names over all segments, and every passage's code into them."""
        names = sorted({x for s in self.segments for x in names_of(s)})
        code = {x: i for i, x in enumerate(names)}
        parts = [np.array([code[x] for x in names_of(s)], dtype=np.int32)[s.arrays[key]] if s.n else
                 np.zeros(0, np.int32) for s in self.segments]
        return names, (np.concatenate(parts) if parts else np.zeros(0, np.int32))

    def docnum(self, doc_id: str, number: int) -> int | None:
        """The live passage *number* of *doc_id*, or None."""
        if doc_id not in self.doc_names:
            return None
        found = np.flatnonzero((self.doc == self.doc_names.index(doc_id)) & (self.number == number) & self.live)
        return int(found[0]) if len(found) else None

    def passages_by_doc(self) -> dict[str, int]:
        """Live passages per document."""
        counts = np.bincount(self.doc[self.live], minlength=len(self.doc_names))
        return {name: int(c) for name, c in zip(self.doc_names, counts, strict=True) if c}

    @staticmethod
    def exists(build: Path, segments: list[SegmentInfo]) -> bool:
        return all((build / paths(s.segid)[1]).is_file() for s in segments)


__all__ = [
    "DIRNAME",
    "ArraysDamaged",
    "FieldPostings",
    "Postings",
    "SegmentInfo",
    "export_missing",
    "export_segment",
    "segments_of",
]
