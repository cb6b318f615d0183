"""Bring your own documents: PDF (text layer or OCR), DOCX, HTML and plain text in; one text
with its pages (printed labels) and the metadata found in the file out.

``extract`` reads a file judged by its content; ``read_source`` gives the builder a
catalogued document's text and page labels, cached by content hash; ``add`` is ``sanad add``.
"""

from __future__ import annotations

from pathlib import Path

from . import docx, html, pdf, text
from .errors import IngestError
from .model import Extracted, Found, Page
from .sniff import MEDIA_TYPES, sniff

EXTRACTOR_VERSION = 1        # bump when extraction changes, so cached texts are made again


def extract(data: bytes, path: Path, lang: str | None = None) -> Extracted:
    """The text, pages and metadata of a file's *data* (*path* names it in errors)."""
    kind = sniff(data, str(path))
    if kind == "pdf":
        return pdf.extract(data, path, lang)
    if kind == "docx":
        return docx.extract(data, path)
    if kind == "html":
        return html.extract(data, path)
    return text.extract(data, path)


__all__ = ["EXTRACTOR_VERSION", "MEDIA_TYPES", "Extracted", "Found", "IngestError", "Page", "extract", "sniff"]
