"""What the builder reads for a catalogued document: its text and its page labels.

The catalogue points at the original (``.txt``, PDF, DOCX, HTML). Plain text is read as it
always was; anything else is extracted once and cached under the index root by the
original's content hash (and the extractor's version), so a changed original, or a better
extractor, is extracted again while an unchanged one costs a file read.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ..catalog import Document, content_hash, decode_text
from ..passage import Passage
from . import EXTRACTOR_VERSION, extract, sniff
from .errors import IngestError
from .model import Extracted, Page
from .pages import decide_labels, page_span


@dataclass(frozen=True)
class Source:
    """A document's text as segmented, and where each page (with its label) starts in it."""

    format: str
    text: str
    starts: tuple[int, ...] = ()
    labels: tuple[str, ...] = ()
    ocr: tuple[bool, ...] = ()
    labels_from: str = ""
    cache_key: str = ""              # its file in the extraction cache ('' for plain text)

    @property
    def hash(self) -> str:
        """Changes with the text or the pages (a text without pages hashes as it always did)."""
        pages = json.dumps([self.starts, self.labels, self.ocr]) if self.starts else ""
        return content_hash(self.text + pages)

    def meta(self) -> dict:
        """What the manifest records beside the catalogue entry: the format and page labels."""
        return {"format": self.format, **({"page_labels": list(self.labels)} if self.labels else {})}

    def paginate(self, passages: list[Passage]) -> list[Passage]:
        """*passages* with the pages they lie on (unchanged when the source has none)."""
        if not self.starts:
            return passages
        out = []
        for p in passages:
            i, j = page_span(list(self.starts), p.start, p.end)
            out.append(replace(p, page_first=self.labels[i], page_last=self.labels[j], ocr=any(self.ocr[i:j + 1])))
        return out


def to_source(extracted: Extracted, first_page: int | None, cache_key: str = "") -> Source:
    labels, where = decide_labels(extracted.pages, first_page)
    return Source(extracted.format, extracted.text, tuple(p.start for p in extracted.pages), tuple(labels),
                  tuple(p.ocr for p in extracted.pages), where, cache_key)


def read_source(doc: Document, cache_dir: Path | None = None) -> Source:
    """The text and pages of *doc*'s file; raises CorpusError naming the file and the fix."""
    data = doc.read_bytes()
    try:
        kind = sniff(data, str(doc.path))
    except IngestError:
        kind = "text"                     # then refused as a text is: "looks binary", with the byte
    if kind == "text":
        return Source("text", decode_text(data, doc.path))
    key = f"{hashlib.sha256(data).hexdigest()[:32]}-v{EXTRACTOR_VERSION}-{doc.language}.json"
    return to_source(_cached_extract(data, doc, cache_dir, key), doc.first_page, key)


def prune_cache(cache_dir: Path, sources: list[Source]) -> None:
    """Remove cached extractions that none of *sources* uses (replaced or removed originals)."""
    keep = {s.cache_key for s in sources}
    if cache_dir.is_dir():
        for f in cache_dir.iterdir():
            if f.name not in keep:
                f.unlink(missing_ok=True)


def _cached_extract(data: bytes, doc: Document, cache_dir: Path | None, key: str) -> Extracted:
    cached = cache_dir / key if cache_dir else None
    if cached and cached.is_file():
        try:
            d = json.loads(cached.read_text(encoding="utf-8"))
            return Extracted(d["format"], d["text"], [Page(**p) for p in d["pages"]])
        except (OSError, ValueError, KeyError, TypeError):
            pass                           # a damaged cache entry is made again
    extracted = extract(data, doc.path, doc.language)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f"{key}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"format": extracted.format, "text": extracted.text,
                                   "pages": [asdict(p) for p in extracted.pages]}, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, cached)
    return extracted
