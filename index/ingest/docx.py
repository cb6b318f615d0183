"""Word documents: python-docx for paragraphs, headings and core properties; the footnotes
(``word/footnotes.xml``, which python-docx does not read) follow the body, each apart."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

from ..analysis import LANGS
from .errors import IngestError
from .metadata import doi_in, merge, split_authors
from .model import Extracted, Found
from .pages import clean

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


MAX_UNPACKED = 512 * 1024 * 1024     # a Word file that unpacks to more is refused (a "zip bomb")


def extract(data: bytes, path: Path) -> Extracted:
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        unpacked = sum(i.file_size for i in z.infolist())
    if unpacked > MAX_UNPACKED:
        raise IngestError(path, f"unpacks to {unpacked:,} bytes, more than a Word document should "
                                f"({MAX_UNPACKED:,}); save it again, or as PDF")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors on damaged files
        raise IngestError(path, f"is a damaged Word document ({type(e).__name__}); open and save it again") from None
    paragraphs = [" ".join(p.text.split()) for p in document.paragraphs]
    body = [p for p in paragraphs if p]
    text = clean("\n\n".join(body + footnotes(data)))
    if not text.strip():
        raise IngestError(path, "has no text; check that it is the right file")
    return Extracted("docx", text, meta=merge(_core(document), doi_in(text)))


def footnotes(data: bytes) -> list[str]:
    """The text of each real footnote (separators left out), in order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = ET.fromstring(z.read("word/footnotes.xml"))
    except (KeyError, ET.ParseError, zipfile.BadZipFile):
        return []
    out = []
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join("".join(t.text or "" for t in note.iter(f"{_W}t")).split())
        if text:
            out.append(text)
    return out


def _core(document: Any) -> dict[str, Found]:
    props = document.core_properties
    out: dict[str, Found] = {}
    if props.title and props.title.strip():
        out["title"] = Found(props.title.strip(), "the Word document's properties (title)")
    if props.author and props.author.strip():
        out["authors"] = Found(split_authors(props.author), "the Word document's properties (author)")
    lang = (props.language or "").strip().lower()[:2]
    if lang in LANGS:
        out["language"] = Found(lang, "the Word document's properties (language)")
    return out
