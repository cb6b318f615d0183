"""Is a build still what was written? Sizes and checksums against its manifest.

Every file of a build is memory-mapped while it is served, and a mapped file that is cut
short kills the process that touches the missing pages (SIGBUS). So a served build is
watched (:class:`Watch`): before the files are read, each one's size is compared with
the manifest's (one ``stat`` per file, microseconds), and a file written since it was
opened (its modification time moved) has its checksum computed again, once. A damaged
file is then reported by name and never read.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.index import open_dir

from . import postings, store
from .schema import field_name


@dataclass(frozen=True)
class CheckReport:
    """What ``sanad check`` found: every file verified, or the damaged ones named."""

    build: Path
    files: int
    bytes: int
    seconds: float
    problems: list[str]

    def summary(self, rebuild: str = "sanad index") -> str:
        """One line for the terminal; *rebuild* is the command that repairs this index."""
        if self.problems:
            return (f"The index at {self.build} is damaged: " + "; ".join(self.problems)
                    + f". Rebuild it with: {rebuild}")
        return (f"OK: {self.files} files ({self.bytes / 2**20:.1f} MiB) of {self.build.name} match their "
                f"checksums ({self.seconds:.2f} s).")


def verify(build: Path, manifest: dict) -> list[str]:
    """What is wrong with the passages of *build*, read through the arrays the server maps
    (the engine's reader, not Whoosh's copy): every document must have the passages its
    manifest promises, and each language's canary word must find its passage."""
    ix = open_dir(str(build))
    arrays = postings.Postings(build, postings.segments_of(ix))
    by_doc = arrays.passages_by_doc()
    docnum = _live_docnums(arrays)
    for doc_id, info in manifest["documents"].items():
        found = by_doc.get(doc_id, 0)
        if found != info["passages"]:
            return [f"{doc_id} has {found} passages in the index, expected {info['passages']}"]
        for lang, (term, pid) in info.get("canaries", {}).items():
            where = docnum(doc_id, int(pid.rsplit(":", 1)[1]))
            got = arrays.fields[field_name(lang, "stem")].postings(term)
            if where is None or got is None or where not in got[0]:
                return [f"canary '{term}' ({lang}) did not find {pid}"]
    whoosh_count = ix.doc_count()
    if arrays.doc_count != manifest["passages"] or whoosh_count != manifest["passages"]:
        return [f"the index holds {arrays.doc_count} passages ({whoosh_count} in Whoosh), "
                f"expected {manifest['passages']}"]
    return []


def _live_docnums(arrays: postings.Postings) -> Callable[[str, int], int | None]:
    """The live docnum of (document, passage number), or None: one sort of every passage
    (a scan of them all per canary would cost a build's passages times its documents)."""
    live = np.flatnonzero(arrays.live)
    keys = arrays.doc[live].astype(np.int64) << 32 | arrays.number[live].astype(np.int64)
    order = np.argsort(keys, kind="stable")
    keys, live = keys[order], live[order]
    code = {name: i for i, name in enumerate(arrays.doc_names)}

    def find(doc_id: str, number: int) -> int | None:
        if doc_id not in code:
            return None
        key = code[doc_id] << 32 | number
        i = int(np.searchsorted(keys, key))
        return int(live[i]) if i < len(keys) and keys[i] == key else None
    return find


def check(build: Path) -> CheckReport:
    """Verify the size and checksum of every file the manifest of *build* records, then
    read it back as :func:`verify` does before a build goes live."""
    t0 = time.perf_counter()
    try:
        manifest = store.read_manifest(build)
    except (OSError, ValueError) as e:
        return CheckReport(build, 0, 0, time.perf_counter() - t0, [f"{store.MANIFEST} cannot be read ({e})"])
    reason = store.outdated(manifest)
    if reason:
        return CheckReport(build, 0, 0, time.perf_counter() - t0, [reason])
    records = store.recorded_files(manifest)
    problems = [str(d) for d in store.damaged_files(build, manifest, checksums=True)]
    if not records:
        problems.append(f"{store.MANIFEST} records no files (built before checksums: rebuild with sanad index)")
    if not problems:                # every byte is as written: reading it back must work
        problems = verify(build, manifest)
    size = sum(r["size"] for r in records.values())
    return CheckReport(build, len(records), size, time.perf_counter() - t0, problems)


class Watch:
    """The files of one served build, checked before each use (see the module's docstring)."""

    def __init__(self, build: Path, manifest: dict) -> None:
        self.build = build
        self.records = store.recorded_files(manifest)
        self._lock = threading.Lock()
        self._damage: store.Damage | None = None
        # (name, path as a string, size when built, modification time when opened): built
        # once, as this runs before every request (a Path join costs more than the stat).
        self._files: list[tuple[str, str, int, int]] = []
        for name, rec in self.records.items():
            path = str(build / name)
            self._files.append((name, path, rec["size"], os.stat(path).st_mtime_ns))

    def damage(self) -> store.Damage | None:
        """The first damaged file and what is wrong with it, or None when every file is intact."""
        if self._damage is not None:
            return self._damage
        for i, (name, path, size, mtime) in enumerate(self._files):
            try:
                st = os.stat(path)
            except OSError:
                return self._found(store.Damage(name, "is missing"))
            if st.st_size != size:
                return self._found(store.Damage(name, f"has {st.st_size} bytes, {size} when built"))
            if st.st_mtime_ns != mtime:                     # written since: hash it again
                with self._lock:
                    found = store.file_damage(self.build, name, self.records[name], checksums=True)
                    if found is not None:
                        return self._found(found)
                    self._files[i] = (name, path, size, st.st_mtime_ns)
        return None

    def _found(self, damage: store.Damage) -> store.Damage:
        self._damage = damage           # a damaged build stays damaged: only a rebuild replaces it
        return damage


__all__ = ["CheckReport", "Watch", "check"]
