"""The corpus catalogue (``corpus/catalog.toml``): what each text is and where it lives."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analysis import LANGS
from .errors import CorpusError
from .safefile import read_regular
from .tomlfile import key_line, line_of, read_toml, table_lines

ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,62}"      # a document id; passage ids and URLs build on it
ID_RE = re.compile(rf"^{ID_PATTERN}$")
_KNOWN_KEYS = {
    "id", "file", "kind", "language", "summary_languages", "title", "title_en", "title_supplied",
    "authors", "affiliation", "container", "container_en", "year", "issue", "special_issue",
    "pages", "udc", "received", "accepted", "source", "headings", "url", "first_page", "doi",
}


@dataclass(frozen=True)
class Document:
    """One catalogued text and its bibliographic record (only what is known)."""

    id: str
    path: Path
    language: str
    title: str
    title_supplied: bool = False
    kind: str = "text"
    summary_languages: tuple[str, ...] = ()
    title_en: str | None = None
    authors: tuple[str, ...] = ()
    affiliation: str | None = None
    container: str | None = None
    container_en: str | None = None
    year: int | None = None
    issue: str | None = None
    special_issue: str | None = None
    pages: str | None = None
    udc: str | None = None
    received: str | None = None
    accepted: str | None = None
    source: str | None = None
    url: str | None = None
    headings: tuple[str, ...] = ()
    first_page: int | None = None      # printed number of the file's first page, when it has no labels
    doi: str | None = None
    extra: dict = field(default_factory=dict, compare=False)
    root: Path | None = field(default=None, compare=False)    # the corpus folder the file must lie in

    @property
    def display_title(self) -> str:
        """The title as shown: a catalogue-supplied title goes in square brackets."""
        return f"[{self.title}]" if self.title_supplied else self.title

    def read_bytes(self) -> bytes:
        """The file's bytes; a missing file, a symlink, FIFO, device or directory raises CorpusError."""
        return read_regular(self.path, self.root, f"file listed for document '{self.id}'")

    def read_text(self) -> str:
        """The text, decoded strictly as UTF-8; a bad byte raises CorpusError naming it."""
        return decode_text(self.read_bytes(), self.path)

    def to_dict(self) -> dict:
        """JSON-ready record (paths relative to nothing: only the file name)."""
        d = {k: v for k, v in self.__dict__.items() if k not in ("path", "extra", "root") and v not in (None, (), "")}
        d["file"] = self.path.name
        d["display_title"] = self.display_title
        for k in ("authors", "summary_languages", "headings"):
            if k in d:
                d[k] = list(d[k])
        return d


def decode_text(raw: bytes, path: Path) -> str:
    """Decode a corpus file; refuse binary, empty and invalid UTF-8 with a precise message."""
    if not raw.strip():
        raise CorpusError(path, "file is empty; add its text or remove it from corpus/catalog.toml")
    if b"\x00" in raw[:8192]:
        raise CorpusError(path, "file looks binary (contains NUL bytes); corpus texts must be UTF-8 plain text",
                          offset=raw.index(b"\x00"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise CorpusError(path, f"invalid UTF-8 at byte {e.start} (line {line}); re-save the file as UTF-8",
                          line=line) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def content_hash(text: str) -> str:
    """Short, stable hash of a document's text, used to skip unchanged documents on rebuild."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_catalog(corpus_dir: Path) -> list[Document]:
    """Read ``catalog.toml`` in *corpus_dir*; every problem names the file and line."""
    path = Path(corpus_dir) / "catalog.toml"
    if not path.is_file():
        raise CorpusError(path, "catalogue not found; create it (see corpus/README.md)")
    source, data = read_toml(path)
    return parse_catalog(path, source, data)


def parse_catalog(path: Path, source: str, data: dict) -> list[Document]:
    """The documents of a catalogue's parsed *data* (*source* is its text, for line numbers)."""
    entries = data.get("document")
    if not isinstance(entries, list) or not entries:
        raise CorpusError(path, "no [[document]] entries; add one per text (see corpus/README.md)")
    docs: list[Document] = []
    seen: set[str] = set()
    tables = table_lines(source, "document")
    for i, entry in enumerate(entries):
        table = tables[i] if len(tables) == len(entries) else None     # None: written as an inline array
        docs.append(_document(entry, path, source, table, seen))
    return docs


def _document(entry: dict, path: Path, source: str, table: range | None, seen: set[str]) -> Document:
    doc_id = entry.get("id")

    def fail(problem: str, key: str | None = None) -> CorpusError:
        """The problem, at the line of the faulty *key* in this entry (else the entry's first line)."""
        if table is None:
            line = line_of(source, f'"{doc_id}"') if isinstance(doc_id, str) else None
        else:
            line = (key_line(source, table, key) if key else None) or table.start
        return CorpusError(path, problem, line=line)

    if not isinstance(doc_id, str) or not ID_RE.match(doc_id):
        raise fail(f"document id {doc_id!r} must be lower-case letters, digits and hyphens", "id")
    if doc_id in seen:
        raise fail(f"duplicate document id '{doc_id}'; ids must be unique", "id")
    seen.add(doc_id)
    for key in ("file", "title", "language"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise fail(f"document '{doc_id}' needs a '{key}'", key)
    unknown = sorted(set(entry) - _KNOWN_KEYS)
    if unknown:
        raise fail(f"document '{doc_id}' has unknown keys: {', '.join(unknown)}", unknown[0])
    if entry["language"] not in LANGS:
        raise fail(f"document '{doc_id}': language must be one of {', '.join(LANGS)}", "language")
    rel = Path(entry["file"])
    if rel.is_absolute() or ".." in rel.parts:
        raise fail(f"document '{doc_id}': 'file' must be a path inside the corpus folder", "file")
    for key in ("year", "first_page"):
        if entry.get(key) is not None and not isinstance(entry[key], int):
            raise fail(f"document '{doc_id}': {key} must be a whole number", key)
    kw: dict[str, Any] = {k: str(entry[k]) for k in (
        "kind", "title_en", "affiliation", "container", "container_en", "issue", "special_issue", "pages", "udc",
        "received", "accepted", "source", "url", "doi") if k in entry}
    return Document(
        id=doc_id, path=path.parent / rel, language=entry["language"], title=entry["title"].strip(),
        title_supplied=bool(entry.get("title_supplied", False)), year=entry.get("year"),
        first_page=entry.get("first_page"), root=path.parent,
        summary_languages=tuple(entry.get("summary_languages", ())),
        authors=tuple(entry.get("authors", ())), headings=tuple(entry.get("headings", ())),
        **kw,
    )
