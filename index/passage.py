"""The search unit: one passage (normally a paragraph) of a document, with its metadata."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass

KINDS = ("title", "front", "abstract", "keywords", "heading", "body", "back")


@dataclass(frozen=True)
class Passage:
    """A passage: plain de-hyphenated text plus where it came from.

    ``start``/``end`` are character offsets into the source text (the decoded file, or the
    text extracted from a PDF, DOCX or HTML original), so the reader can point back at it.
    """

    doc_id: str
    number: int          # 1-based position within the document
    lang: str            # az | ru | en
    kind: str            # one of KINDS
    text: str
    start: int
    end: int
    section: str = ""
    page_first: str = ""   # printed page label where the passage starts; '' when unknown
    page_last: str = ""    # ... and where it ends (== page_first on one page)
    ocr: bool = False      # the text was read by OCR

    @property
    def id(self) -> str:
        """Readable id, e.g. ``mammadzade-2022:14`` (changes when passages are renumbered)."""
        return f"{self.doc_id}:{self.number}"

    @property
    def fingerprint(self) -> str:
        """Content fingerprint: survives renumbering, changes when the text changes."""
        return fingerprint(self.text)

    @property
    def anchor(self) -> str:
        """HTML anchor of the passage in the document view."""
        return f"p{self.number}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(id=self.id, fingerprint=self.fingerprint, anchor=self.anchor)
        return d


def fingerprint(text: str) -> str:
    """12 hex digits of SHA-1 over the case- and space-normalised text."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:12]
