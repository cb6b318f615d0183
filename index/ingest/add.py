"""``sanad add``: a document into the corpus in one step, or nothing at all.

Every check runs before anything is written: the file's type (by content), its size, that it
can be extracted (OCR included), that its content and its id are new. Only then is the original
copied to ``originals/`` and its entry appended to ``catalog.toml``. Metadata comes from the
options first, then from the file (each value with where it came from); nothing is guessed:
what is not known is left out and reported as missing.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import ID_RE, LANGS, Document, load_catalog
from ..errors import CorpusError
from ..langid import detect
from ..passage import Passage
from ..safefile import read_regular
from ..segment import segment
from . import extract
from .catalogue import append_entries
from .errors import IngestError
from .model import Extracted, Found
from .source import Source, to_source

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
ORIGINALS = "originals"
SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "text": ".txt"}
_FLAGS = {"title": "--title", "authors": "--author", "container": "--container", "language": "--lang",
          "pages": "--pages", "year": "--year", "first_page": "--first-page"}
_FORMAT_NAMES = {"pdf": "PDF", "docx": "Word document", "html": "web page", "text": "plain text"}
_FOLD = str.maketrans({"ə": "e", "Ə": "e", "ı": "i", "İ": "i"})


@dataclass(frozen=True)
class Options:
    """What the user said; each given value wins over what the file says."""

    id: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    lang: str | None = None
    container: str | None = None
    pages: str | None = None
    first_page: int | None = None


@dataclass
class Plan:
    """One document ready to be added: its entry, where each value came from, what is missing."""

    original: Path
    data: bytes = field(repr=False)
    target: Path
    entry: dict
    found: dict[str, Found]
    missing: list[str]
    extracted: Extracted = field(repr=False)
    source: Source = field(repr=False)
    passages: list[Passage] = field(repr=False)

    @property
    def by_lang(self) -> dict[str, int]:
        return dict(Counter(p.lang for p in self.passages))

    def to_dict(self) -> dict:
        """JSON-ready: the entry, the sources of its values, what is missing, pages and passages."""
        return {"id": self.entry["id"], "file": self.entry["file"], "format": self.extracted.format,
                "entry": self.entry,
                "found": {k: {"value": f.value, "source": f.source} for k, f in self.found.items()},
                "missing": self.missing, "pages": len(self.source.labels),
                "page_labels": _range(self.source.labels), "labels_from": self.source.labels_from,
                "ocr_pages": sum(self.source.ocr), "passages": len(self.passages), "by_lang": self.by_lang}


def slug(text: str) -> str:
    """An id from a file name: ASCII letters and digits, hyphens between words."""
    ascii_ = unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:63].strip("-") or "document"


def plan(corpus_dir: Path, paths: list[Path], options: Options = Options(),
         max_bytes: int = DEFAULT_MAX_BYTES) -> list[Plan]:
    """Check and extract every file; raise IngestError (or CorpusError) naming the first bad one."""
    if len(paths) > 1 and any((options.id, options.title, options.pages, options.first_page)):
        raise IngestError(paths[0], "--id, --title, --pages and --first-page describe one document; "
                                    "add the files one at a time to give them")
    catalogue = load_catalog(corpus_dir)
    taken = {d.id for d in catalogue}
    hashes = _hashes(catalogue)
    plans: list[Plan] = []
    for path in paths:
        p = _plan_one(corpus_dir, Path(path), options, max_bytes, taken, hashes)
        taken.add(p.entry["id"])
        hashes[hashlib.sha256(p.data).hexdigest()] = p.entry["id"]
        plans.append(p)
    return plans


def add(corpus_dir: Path, paths: list[Path], options: Options = Options(), max_bytes: int = DEFAULT_MAX_BYTES,
        dry_run: bool = False) -> list[Plan]:
    """Plan, then (unless *dry_run*) commit, holding the corpus's add lock: two adds at once,
    from the CLI and the web or from two server workers, never lose an entry."""
    with _add_lock(corpus_dir):
        plans = plan(corpus_dir, paths, options, max_bytes)
        if not dry_run:
            commit(corpus_dir, plans)
    return plans


@contextmanager
def _add_lock(corpus_dir: Path) -> Iterator[None]:
    # In the temporary folder, not the corpus: a refused add must leave the corpus as it was.
    key = hashlib.sha256(str(corpus_dir.resolve()).encode()).hexdigest()[:16]
    fd = os.open(Path(tempfile.gettempdir()) / f"sanad-add-{key}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def commit(corpus_dir: Path, plans: list[Plan]) -> None:
    """Copy the originals into the corpus and append their entries; on failure, undo the copies."""
    written: list[Path] = []
    made_folder = not (corpus_dir / ORIGINALS).exists()
    try:
        for p in plans:
            p.target.parent.mkdir(exist_ok=True)
            fd = os.open(p.target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            written.append(p.target)
            with os.fdopen(fd, "wb") as f:
                f.write(p.data)
        append_entries(corpus_dir / "catalog.toml", [p.entry for p in plans])
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        if made_folder:
            shutil.rmtree(corpus_dir / ORIGINALS, ignore_errors=True)
        raise


def _hashes(catalogue: list[Document]) -> dict[str, str]:
    out = {}
    for doc in catalogue:
        try:
            out[hashlib.sha256(doc.read_bytes()).hexdigest()] = doc.id
        except CorpusError:
            continue                    # a missing or bad file is the rebuild's to report
    return out


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise IngestError(path, "does not exist; check the path") from None
    if size > max_bytes:
        raise IngestError(path, f"is {size:,} bytes, over the limit of {max_bytes:,}; split it, or raise the "
                                "limit (SANAD_MAX_DOCUMENT_BYTES, sanad add --max-bytes)")
    # The user's own path may be a symlink (unlike a corpus file): read what it points at.
    return read_regular(path.resolve(), None, "the file to add")


def _plan_one(corpus_dir: Path, path: Path, options: Options, max_bytes: int, taken: set[str],
              hashes: dict[str, str]) -> Plan:
    data = _read(path, max_bytes)
    same = hashes.get(hashlib.sha256(data).hexdigest())
    if same:
        raise IngestError(path, f"has the same content as document '{same}', already in the catalogue; "
                                "nothing to add")
    doc_id = options.id or slug(path.stem)
    if not ID_RE.match(doc_id):
        raise IngestError(path, f"id {doc_id!r} must be lower-case letters, digits and hyphens; give another with --id")
    if doc_id in taken:
        raise IngestError(path, f"the id '{doc_id}' is taken by another document in the catalogue; "
                                "choose another with --id")
    extracted = extract(data, path, options.lang)
    target = corpus_dir / ORIGINALS / f"{doc_id}{SUFFIX[extracted.format]}"
    if target.exists() or target.is_symlink():
        raise IngestError(path, f"{target} already exists but is not catalogued; remove it or choose another --id")
    found = _found(extracted, options, path)
    entry, missing = _entry(doc_id, target.relative_to(corpus_dir).as_posix(), found)
    source = to_source(extracted, options.first_page)
    if extracted.pages and not options.first_page and source.labels_from.startswith("the page's place"):
        missing.append("printed page numbers (give --first-page N: the number printed on the first page)")
    elif extracted.pages and not options.pages:
        entry["pages"] = _range(source.labels)
        found["pages"] = Found(entry["pages"], source.labels_from)
    entry["source"] = (f"{path.name}, added with sanad add ({_FORMAT_NAMES[extracted.format]}"
                       f"{', OCR' if extracted.ocr else ''}).")
    doc = Document(id=doc_id, path=target, language=entry["language"], title=entry["title"],
                   authors=tuple(entry.get("authors", ())), container=entry.get("container"), year=entry.get("year"))
    return Plan(path, data, target, entry, found, missing, extracted, source,
                source.paginate(segment(doc, source.text)))


def _found(extracted: Extracted, options: Options, path: Path) -> dict[str, Found]:
    given = {"title": options.title, "authors": list(options.authors) or None, "container": options.container,
             "language": options.lang, "pages": options.pages,
             "year": str(options.year) if options.year else None,
             "first_page": str(options.first_page) if options.first_page else None}
    found = {k: Found(v, _FLAGS[k]) for k, v in given.items() if v}
    for key, value in extracted.meta.items():
        found.setdefault(key, value)
    if "language" not in found:
        found["language"] = Found(detect(extracted.text[:20000], default="en"), "detected from the text")
    if found["language"].value not in LANGS:
        raise IngestError(path, f"language {found['language'].value!r} is not one of az, ru, en; give --lang")
    return found


def _entry(doc_id: str, file: str, found: dict[str, Found]) -> tuple[dict, list[str]]:
    """The catalogue entry in the catalogue's own key order, and the keys nobody knows."""
    entry: dict = {"id": doc_id, "file": file, "language": found["language"].value}
    missing = []
    if "title" in found:
        entry["title"] = found["title"].value
    else:
        entry["title"], entry["title_supplied"] = Path(file).stem, True
        missing.append("title (the id stands in, shown in square brackets; give --title)")
    for key in ("authors", "container", "year", "pages", "first_page", "doi"):
        if key in found:
            value = found[key].value
            entry[key] = int(str(value)) if key in ("year", "first_page") else value
        elif key in ("authors", "year"):
            missing.append(key)
    return entry, missing


def _range(labels: tuple[str, ...]) -> str:
    if not labels:
        return ""
    return labels[0] if len(labels) == 1 else f"{labels[0]}–{labels[-1]}"
