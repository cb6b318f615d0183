"""Where indexes live on disk, and the atomic swap of a new build for the live one.

Layout of an index root (``instance/index`` unless ``SANAD_INDEX_DIR`` says otherwise)::

    current -> builds/20261122T101500-1a2b   symlink to the live build
    builds/<stamp>/                          finished builds (the live one and its predecessor)
    builds/<stamp>.partial/                  a build in progress (removed if abandoned)
    rebuild.lock                             held (flock) while a rebuild runs

A rebuild writes a new ``.partial`` directory, checks it, renames it, then replaces the
``current`` symlink with ``os.replace`` — atomic on POSIX — so readers see either the old
or the new index, never a half-written one. A build's files are never rewritten, so an
incremental build starts as hard links to the live one's; its manifest records the size
and XXH3 checksum of every file.
"""

from __future__ import annotations

import fcntl
import io
import json
import mmap
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xxhash
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import FileIndex

from .errors import RebuildInProgress
from .schema import SCHEMA_VERSION

ENV_INDEX_DIR = "SANAD_INDEX_DIR"
ENV_CORPUS_DIR = "SANAD_CORPUS_DIR"
MANIFEST = "manifest.json"
GLOSSARY = "glossary.toml"
LEXICON = "lexicon.toml"
_KEEP_BUILDS = 2
_LOCK_GRACE = 0.5       # seconds a rebuild waits out a status probe holding the lock


def resolve_index_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The index root: an explicit path, else ``$SANAD_INDEX_DIR``, else ``./instance/index``."""
    value = explicit or os.environ.get(ENV_INDEX_DIR) or "instance/index"
    return Path(value).expanduser().absolute()


def resolve_corpus_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The corpus folder: an explicit path, else ``$SANAD_CORPUS_DIR``, else ``./corpus``."""
    value = explicit or os.environ.get(ENV_CORPUS_DIR) or "corpus"
    return Path(value).expanduser().absolute()


def live_build(root: Path) -> Path | None:
    """The live build directory, or None when no index has been built."""
    link = root / "current"
    try:
        target = os.readlink(link)
    except (FileNotFoundError, OSError):
        return None
    path = (root / target) if not os.path.isabs(target) else Path(target)
    return path if path.is_dir() else None


def read_manifest(build: Path) -> dict:
    """The manifest written beside a build (documents, counts, build time)."""
    with open(build / MANIFEST, encoding="utf-8") as f:
        return json.load(f)


def outdated(manifest: dict) -> str | None:
    """Why a build written by another version of Sanad cannot be read by this one, or None.

    Its schema pickles this version's analyzers, so opening an older build fails deep inside
    Whoosh; the manifest says so first."""
    version = manifest.get("schema_version")
    if version == SCHEMA_VERSION:
        return None
    return f"it was built by another version of Sanad: index format {version}, this version reads {SCHEMA_VERSION}"


def write_manifest(build: Path, manifest: dict) -> None:
    tmp = build / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, build / MANIFEST)


def new_partial(root: Path) -> Path:
    """A fresh, empty directory for a build in progress."""
    builds = root / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    now = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now / 1e9)) + f".{now % 10**9:09d}-{uuid.uuid4().hex[:4]}"
    path = builds / f"{stamp}.partial"
    path.mkdir()
    return path


def publish(root: Path, partial: Path) -> Path:
    """Make a checked partial build live: rename it, then swap the symlink atomically."""
    final = partial.with_name(partial.name.removesuffix(".partial"))
    os.replace(partial, final)
    _fsync_dir(final.parent)
    tmp_link = root / f"current.{uuid.uuid4().hex[:6]}.tmp"
    os.symlink(os.path.relpath(final, root), tmp_link)
    os.replace(tmp_link, root / "current")
    _fsync_dir(root)
    return final


def prune(root: Path) -> None:
    """Remove abandoned partial builds and all but the newest finished builds.

    Call only while holding the rebuild lock, so no build in progress is removed.
    """
    builds = root / "builds"
    if not builds.is_dir():
        return
    live = live_build(root)
    for p in builds.glob("*.partial"):
        shutil.rmtree(p, ignore_errors=True)
    for p in root.glob("current.*.tmp"):
        p.unlink(missing_ok=True)
    finished = sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.endswith(".partial")),
                      key=lambda p: p.name, reverse=True)
    keep = set(finished[:_KEEP_BUILDS])
    if live is not None:
        keep.add(live.resolve())
    for p in finished:
        if p.resolve() not in {k.resolve() for k in keep}:
            shutil.rmtree(p, ignore_errors=True)


@contextmanager
def rebuild_lock(root: Path) -> Iterator[None]:
    """Hold the rebuild lock; a second rebuild is refused within ``_LOCK_GRACE`` seconds.

    Status probes (:func:`is_rebuilding`) hold the lock for microseconds, so a holder that
    outlasts the grace period is a rebuild. ``flock`` is released by the kernel when the
    holder dies, so a crashed or killed rebuild never leaves the lock stuck.
    """
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / "rebuild.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + _LOCK_GRACE
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RebuildInProgress(
                        "Another rebuild is running on this index; wait for it to finish and try again."
                    ) from None
                time.sleep(0.01)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)


def tidy(root: Path) -> bool:
    """Prune what an interrupted rebuild left behind, but only if no rebuild runs now.

    For start-up (the server calls it): a ``.partial`` directory may belong to a rebuild
    running in another process, so it is removed only while this process holds the lock.
    True when it pruned; False when a rebuild runs, or the index root cannot be locked.
    """
    if not (root / "builds").is_dir():
        return False
    try:
        with rebuild_lock(root):
            prune(root)
    except (RebuildInProgress, OSError):
        return False
    return True


def is_rebuilding(root: Path) -> bool:
    """True while some process holds the rebuild lock.

    The probe takes a shared lock, so concurrent probes never see each other as a rebuild.
    """
    try:
        fd = os.open(root / "rebuild.lock", os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


class _MappedStorage(FileStorage):
    """Whoosh's file storage, reading each file through a read-only memory map.

    Readers then share the page cache instead of holding file handles, and a reader that
    is dropped without being closed leaves nothing open.
    """

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        with open(self._fpath(name), "rb") as f:
            if os.fstat(f.fileno()).st_size == 0:
                return StructFile(io.BytesIO(b""), name=name, **kwargs)
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return StructFile(mapped, name=name, **kwargs)


def open_build(build: Path) -> FileIndex:
    """The Whoosh index of a finished build, opened for reading only."""
    return _MappedStorage(str(build), readonly=True).open_index()


def checksum(path: Path) -> str:
    """XXH3-128 of a file's bytes, read in blocks."""
    h = xxhash.xxh3_128()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def _build_files(build: Path) -> list[Path]:
    return [f for f in sorted(build.rglob("*"))
            if f.is_file() and f.name != MANIFEST and "LOCK" not in f.name]


def describe_files(build: Path, known: dict[str, dict]) -> dict[str, dict]:
    """Size and checksum of every file of a build (but the manifest), by relative path.

    *known* holds the records of files whose checksum is already known: those linked
    from the previous build, and those hashed while they were written.
    """
    out = {}
    for f in _build_files(build):
        name = str(f.relative_to(build))
        size = f.stat().st_size
        rec = known.get(name)
        out[name] = rec if rec is not None and rec["size"] == size else {"size": size, "xxh3": checksum(f)}
    return out


def recorded_files(manifest: dict) -> dict[str, dict]:
    """The manifest's file records; a build from before checksums recorded sizes only."""
    return {name: rec if isinstance(rec, dict) else {"size": rec} for name, rec in manifest.get("files", {}).items()}


@dataclass(frozen=True)
class Damage:
    """A file of a build that is not as it was written."""

    file: str            # relative to the build
    problem: str

    def __str__(self) -> str:
        return f"{self.file} {self.problem}"


def file_damage(build: Path, name: str, rec: dict, checksums: bool = False) -> Damage | None:
    """What is wrong with file *name* of *build* against its manifest record *rec*, if anything."""
    try:
        size = (build / name).stat().st_size
    except OSError:
        return Damage(name, "is missing")
    if size != rec["size"]:
        return Damage(name, f"has {size} bytes, {rec['size']} when built")
    if checksums and "xxh3" in rec and checksum(build / name) != rec["xxh3"]:
        return Damage(name, "has changed since it was built (checksum)")
    return None


def damaged_files(build: Path, manifest: dict, checksums: bool = False) -> list[Damage]:
    """Files of *build* that are missing or changed size since it was built; with *checksums*,
    also those whose bytes changed."""
    found = (file_damage(build, name, rec, checksums) for name, rec in recorded_files(manifest).items())
    return [d for d in found if d is not None]


def link_build(src: Path, dst: Path) -> None:
    """Give an empty partial directory the files of a finished build, as hard links.

    Whoosh never rewrites a segment file and the arrays are written once per segment,
    so a link costs nothing and shares the page cache; across file systems, a copy.
    """
    for f in _build_files(src):
        if f.name == GLOSSARY:          # shipped afresh by every build: never write through a link
            continue
        target = dst / f.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(f, target)
        except OSError:
            shutil.copy2(f, target)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
