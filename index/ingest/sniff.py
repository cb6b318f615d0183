"""The type of a file judged by its content (magic bytes), never by its name."""

from __future__ import annotations

import io
import re
import zipfile

from .errors import IngestError

FORMATS = ("pdf", "docx", "html", "text")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b",
                         re.IGNORECASE | re.DOTALL)


def sniff(data: bytes, name: str) -> str:
    """``pdf``, ``docx``, ``html`` or ``text``; anything else raises IngestError naming *name*."""
    if data.startswith(b"%PDF-") or data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if _is_docx(data):
            return "docx"
        raise IngestError(name, "is a ZIP archive but not a Word document (no word/document.xml); "
                                "save it as .docx, PDF, HTML or UTF-8 text")
    if _HTML_START.match(data[:4096]):
        return "html"
    if b"\x00" not in data[:8192]:
        return "text"             # bad UTF-8 is reported by the text reader, with its byte
    raise IngestError(name, "is not a supported type (judged by its content: not PDF, DOCX, HTML or UTF-8 text); "
                            "convert it to one of those and add it again")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


__all__ = ["FORMATS", "MEDIA_TYPES", "sniff"]
