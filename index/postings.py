"""The index's postings as flat arrays, written beside each build for vectorised scoring.

Whoosh keeps postings in pickled blocks and scores them one posting at a time in Python;
on 100,000 passages a common word costs a Python call per passage. After every build the
postings of each text field are exported once into ``postings/`` in the build directory:

    meta.json       passages, per-field total length, language and document names, and
                    where each array below lies in arrays.bin (offset, dtype, length)
    arrays.bin      the arrays, one after another:
      lang, doc                  language and document code of every passage (by docnum)
      <field>.terms              the field's terms, UTF-8, sorted, fixed width (one byte spare)
      <field>.df                 each term's document frequency as Whoosh counts it
      <field>.post_at            where each term's postings start (one more entry: the end)
      <field>.docs               docnum of every posting (sorted within a term)
      <field>.weights            Whoosh's weight of every posting (term frequency x boost)
      <field>.pos_at             where each posting's positions start (one more entry)
      <field>.pos                token positions
      <field>.lengths            the field's (Whoosh-quantised) length in every passage

One file, memory-mapped when read: every server process shares one copy in the page
cache, through one file descriptor. Deleted passages (left by an incremental build) have no postings here.
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
import uuid
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from pickle import loads
from typing import Any, BinaryIO

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.index import open_dir
from whoosh.reading import IndexReader

from .schema import text_fields

DIRNAME = "postings"
ARRAYS = "arrays.bin"
FORMAT = 2
_POS_HEADER = 4     # Whoosh's positions value: uint count, then pickled position deltas


def export(build: Path) -> None:
    """Write the arrays of the Whoosh index in *build* into ``build/postings``.

    Written to a temporary directory and renamed into place, so a reader sees all the
    arrays or none; when another process got there first, its arrays are kept.
    """
    out = build / DIRNAME
    tmp = build / f"{DIRNAME}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    tmp.mkdir()
    try:
        _write_all(build, tmp)
        try:
            os.rename(tmp, out)
        except OSError:
            if not (out / "meta.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _write_all(build: Path, out: Path) -> None:
    with open_dir(str(build)).reader() as reader, open(out / ARRAYS, "wb") as f:
        pack = _Pack(f)
        n = reader.doc_count_all()
        live = np.ones(n, dtype=bool)
        for d in range(n):
            if reader.is_deleted(d):
                live[d] = False
        langs = list(reader.column_reader("lang", translate=True))
        doc_ids = list(reader.column_reader("doc_id", translate=True))
        lang_names = sorted(set(langs))
        doc_names = sorted(set(doc_ids))
        lang_code = {x: i for i, x in enumerate(lang_names)}
        doc_code = {x: i for i, x in enumerate(doc_names)}
        pack.add("lang", np.array([lang_code[x] for x in langs], dtype=np.uint8))
        pack.add("doc", np.array([doc_code[x] for x in doc_ids], dtype=np.int32))
        fields = {fname: {"length": reader.field_length(fname)} for fname, _, _ in text_fields()}
        for fname in fields:
            for name, a in _export_field(reader, fname, live).items():
                pack.add(f"{fname}.{name}", a)
        meta = {"format": FORMAT, "doc_count_all": n, "doc_count": reader.doc_count(),
                "langs": lang_names, "docs": doc_names, "fields": fields, "arrays": pack.where}
    (out / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


class _Pack:
    """Arrays appended to one file, each at an 8-byte boundary, their places remembered."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.where: dict[str, list] = {}

    def add(self, name: str, a: np.ndarray) -> None:
        at = self.f.tell()
        pad = -at % 8
        self.f.write(b"\0" * pad)
        a = np.ascontiguousarray(a)
        self.where[name] = [at + pad, a.dtype.str, len(a)]
        self.f.write(a.tobytes())


def _export_field(reader: IndexReader, fname: str, live: np.ndarray) -> dict[str, np.ndarray]:
    by_term: dict[bytes, list[tuple]] = {}
    df_of: dict[bytes, int] = {}
    for seg, base in reader.leaf_readers():
        if fname not in seg.schema:
            continue
        fmt = seg.schema[fname].format
        for btext, info in seg.iter_field(fname):
            by_term.setdefault(btext, []).append(_read_postings(seg, fmt, info, base))
            df_of[btext] = df_of.get(btext, 0) + info.doc_frequency()
    terms = sorted(by_term)
    width = max((len(t) for t in terms), default=0) + 1   # room for a prefix's 0xFF bound
    df = np.array([df_of[t] for t in terms], dtype=np.int32)
    docs, weights, counts, deltas = array("q"), array("d"), array("q"), array("q")
    post_at = np.zeros(len(terms) + 1, dtype=np.int64)
    for i, t in enumerate(terms):
        for ids, ws, cs, ds in by_term.pop(t):
            docs.extend(ids)
            weights.extend(ws)
            counts.extend(cs)
            deltas.extend(ds)
        post_at[i + 1] = len(docs)
    docs_a = np.frombuffer(docs, dtype=np.int64)
    weights_a = np.frombuffer(weights, dtype=np.float64)
    counts_a = np.frombuffer(counts, dtype=np.int64)
    pos_at = np.zeros(len(counts_a) + 1, dtype=np.int64)
    np.cumsum(counts_a, out=pos_at[1:])
    # Positions are stored as deltas within each posting: a running sum, restarted per posting.
    running = np.cumsum(np.frombuffer(deltas, dtype=np.int64))
    before = np.concatenate(([0], running))[pos_at[:-1]]
    pos = running - np.repeat(before, counts_a)
    keep = live[docs_a]
    if not keep.all():
        docs_a, weights_a, counts_a, pos, post_at, pos_at = _drop(keep, docs_a, weights_a, counts_a, pos,
                                                                 post_at)
    lengths = np.zeros(len(live), dtype=np.float32)
    for d in np.unique(docs_a).tolist():
        lengths[d] = reader.doc_field_length(d, fname, 1)
    arrays = {"terms": np.array(terms, dtype=f"S{width}"), "df": df,
              "post_at": post_at, "docs": docs_a.astype(np.int32), "weights": weights_a.astype(np.float32),
              "pos_at": pos_at, "pos": pos.astype(np.int32), "lengths": lengths}
    return arrays


def _read_postings(seg: Any, fmt: Any, info: Any, base: int) -> tuple[list[int], list[float], list[int], list[int]]:
    """(docnums, weights, position counts, position deltas) of one term in one segment.

    Reads Whoosh's posting blocks whole, in file order, without looking each term up
    again (its matcher API decodes them posting by posting). Deleted documents are kept
    here and dropped with the live mask afterwards.
    """
    blocks: Iterable[tuple[Any, Any, Any]]
    if info.is_inlined():
        blocks = [info.inlined_postings()]
    else:
        blocks = _blocks(W3LeafMatcher(seg._terms._postfile, *info.extent(), fmt))
    ids: list[int] = []
    weights: list[float] = []
    counts: list[int] = []
    deltas: list[int] = []
    for bids, bweights, bvalues in blocks:
        ids.extend(bids)
        weights.extend(bweights)
        for v in bvalues:
            ds = loads(v[_POS_HEADER:])
            counts.append(len(ds))
            deltas.extend(ds)
    if base:
        ids = [d + base for d in ids]
    return ids, weights, counts, deltas


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


def _drop(keep: np.ndarray, docs: np.ndarray, weights: np.ndarray, counts: np.ndarray, pos: np.ndarray,
          post_at: np.ndarray) -> tuple[np.ndarray, ...]:
    """Remove the postings of deleted passages, keeping every offset array consistent."""
    pos_keep = np.repeat(keep, counts)
    kept_before = np.concatenate(([0], np.cumsum(keep)))
    post_at = kept_before[post_at]
    counts = counts[keep]
    new_pos_at = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=new_pos_at[1:])
    return docs[keep], weights[keep], counts, pos[pos_keep], post_at, new_pos_at


@dataclass
class FieldPostings:
    """One text field's arrays."""

    name: str
    total_length: float
    terms: np.ndarray        # fixed-width bytes, sorted
    df: np.ndarray
    post_at: np.ndarray
    docs: np.ndarray
    weights: np.ndarray
    pos_at: np.ndarray
    pos: np.ndarray
    lengths: np.ndarray

    def prefix_range(self, prefix: str) -> tuple[int, int]:
        """Ordinals [lo, hi) of the terms starting with *prefix* (UTF-8 never holds 0xFF)."""
        key = prefix.encode("utf-8")
        if len(key) >= self.terms.itemsize:
            return 0, 0
        return int(self.terms.searchsorted(key)), int(self.terms.searchsorted(key + b"\xff"))

    def find(self, text: str) -> int:
        """The term's ordinal, or -1 when the field never has it."""
        key = text.encode("utf-8")
        if len(key) >= self.terms.itemsize or not len(self.terms):
            return -1
        i = int(self.terms.searchsorted(key))
        return i if i < len(self.terms) and self.terms[i] == key else -1

    def postings(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, weights) of term *i*, docnums ascending."""
        a, b = self.post_at[i], self.post_at[i + 1]
        return self.docs[a:b], self.weights[a:b]

    def position_keys(self, i: int, docs: np.ndarray) -> np.ndarray:
        """Sorted ``docnum << 32 | position`` of term *i*'s occurrences in the passages *docs*
        (sorted, each holding the term)."""
        at = self.post_at[i] + np.searchsorted(self.docs[self.post_at[i]:self.post_at[i + 1]], docs)
        starts, counts = self.pos_at[at], self.pos_at[at + 1] - self.pos_at[at]
        first = np.cumsum(counts) - counts
        flat = np.arange(int(counts.sum())) + np.repeat(starts - first, counts)
        return (np.repeat(docs.astype(np.int64), counts) << 32) | self.pos[flat].astype(np.int64)


class Postings:
    """The exported arrays of one build, memory-mapped."""

    def __init__(self, build: Path) -> None:
        d = build / DIRNAME
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"postings format {meta.get('format')}, expected {FORMAT}")
        self.doc_count_all: int = meta["doc_count_all"]
        self.doc_count: int = meta["doc_count"]
        self.lang_names: list[str] = meta["langs"]
        self.doc_names: list[str] = meta["docs"]
        with open(d / ARRAYS, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        arrays = {name: _view(self._map, size, *where) for name, where in meta["arrays"].items()}
        self.lang = arrays["lang"]
        self.doc = arrays["doc"]
        self.fields: dict[str, FieldPostings] = {}
        for fname, info in meta["fields"].items():
            a = {k: arrays[f"{fname}.{k}"]
                 for k in ("terms", "df", "post_at", "docs", "weights", "pos_at", "pos", "lengths")}
            self.fields[fname] = FieldPostings(fname, info["length"], a["terms"], a["df"], a["post_at"],
                                               a["docs"], a["weights"], a["pos_at"], a["pos"], a["lengths"])

    @staticmethod
    def exists(build: Path) -> bool:
        return (build / DIRNAME / "meta.json").is_file()


def _view(buf: mmap.mmap | bytes, size: int, offset: int, dtype: str, length: int) -> np.ndarray:
    """A read-only array over *buf*; a short file is damage, not a shorter array."""
    dt = np.dtype(dtype)
    if offset + dt.itemsize * length > size:
        raise ValueError(f"{ARRAYS} ends at byte {size}, an array needs {offset + dt.itemsize * length}")
    if not length:
        return np.zeros(0, dtype=dt)
    return np.frombuffer(buf, dtype=dt, count=length, offset=offset)


__all__ = ["export", "Postings", "FieldPostings", "DIRNAME"]
